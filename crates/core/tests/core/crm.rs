//! The CRM module: tags and their counts, custom-field filters and sorts, bulk actions,
//! undo, duplicates and merge, CSV import and export.

use aio_core::batch;
use aio_core::bulk::{self, BulkAction, BulkTarget};
use aio_core::crm::duplicates::{self, DuplicateReason};
use aio_core::crm::transfer::{self, ImportOptions, OnDuplicate, Progress};
use aio_core::crm::{search, tags};
use aio_core::deferred;
use uuid::Uuid;

use super::*;

fn add(f: &mut Fixture, table: &aio_core::schema::TableDef, v: Value) -> Row {
    records::create(&mut f.conn, &f.actor, table, obj(v)).expect("create")
}

fn id_of(row: &Row) -> Uuid {
    row["id"]
        .as_str()
        .and_then(|s| Uuid::parse_str(s).ok())
        .expect("id")
}

fn usage(f: &Fixture, name: &str) -> i64 {
    count(
        &f.conn,
        &format!("SELECT usage_count FROM tags WHERE name = '{name}' AND deleted_at IS NULL"),
    )
}

/// What a tag's usage count must be: live contacts and companies carrying it.
fn true_usage(f: &Fixture, name: &str) -> i64 {
    count(
        &f.conn,
        &format!(
            "SELECT (SELECT count(*) FROM contacts c, json_each(c.tags) t WHERE c.deleted_at IS NULL AND t.value = '{name}' COLLATE NOCASE)"
        ),
    )
}

#[test]
fn tag_usage_counts_stay_true_through_every_kind_of_write() {
    let mut f = fresh();
    let a = add(
        &mut f,
        &CONTACTS,
        json!({ "first_name": "A", "last_name": "A", "email": "a@x.io", "tags": ["VIP", "Lead magnet"] }),
    );
    // Saving a contact with a new tag name creates the tag, coloured and counted.
    assert_eq!(usage(&f, "VIP"), 1);
    let colour: String = f
        .conn
        .query_row("SELECT color FROM tags WHERE name = 'VIP'", [], |r| {
            r.get(0)
        })
        .expect("tag");
    assert!(colour.starts_with('#'));
    let b = add(
        &mut f,
        &CONTACTS,
        json!({ "first_name": "B", "last_name": "B", "email": "b@x.io", "tags": ["vip"] }),
    );
    assert_eq!(usage(&f, "VIP"), 2, "tags match ignoring case");
    records::update(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        id_of(&a),
        obj(json!({ "tags": ["Lead magnet"] })),
    )
    .expect("untag");
    assert_eq!(usage(&f, "VIP"), 1);
    records::delete(&mut f.conn, &f.actor, &CONTACTS, id_of(&b)).expect("delete");
    assert_eq!(usage(&f, "VIP"), 0, "a contact in the trash does not count");
    records::restore(&mut f.conn, &f.actor, &CONTACTS, id_of(&b)).expect("restore");
    assert_eq!(usage(&f, "VIP"), 1);

    // usage_count is the database's to keep.
    let vip: String = f
        .conn
        .query_row("SELECT id FROM tags WHERE name = 'VIP'", [], |r| r.get(0))
        .expect("id");
    let vip = Uuid::parse_str(&vip).expect("uuid");
    let err = records::update(
        &mut f.conn,
        &f.actor,
        &TAGS,
        vip,
        obj(json!({ "usage_count": 99 })),
    )
    .unwrap_err();
    assert!(err.to_string().contains("usage_count"), "{err}");

    // Rename rewrites every record; undo brings the old name back everywhere.
    let renamed = tags::rename(&mut f.conn, &f.actor, vip, "Key account").expect("rename");
    assert_eq!(renamed.changed, 1);
    let b_now = records::get(&f.conn, &f.actor, &CONTACTS, id_of(&b)).expect("get");
    assert_eq!(b_now["tags"], json!(["Key account"]));
    assert_eq!(usage(&f, "Key account"), 1);
    batch::undo(&mut f.conn, &f.actor, renamed.batch_id).expect("undo rename");
    let b_now = records::get(&f.conn, &f.actor, &CONTACTS, id_of(&b)).expect("get");
    assert_eq!(b_now["tags"], json!(["vip"]));
    assert_eq!(usage(&f, "VIP"), 1);

    // Remove takes it off every record and trashes the tag, as one undoable batch.
    let removed = tags::remove(&mut f.conn, &f.actor, vip).expect("remove");
    let b_now = records::get(&f.conn, &f.actor, &CONTACTS, id_of(&b)).expect("get");
    assert_eq!(b_now["tags"], json!([]));
    batch::undo(&mut f.conn, &f.actor, removed.batch_id).expect("undo remove");
    assert_eq!(usage(&f, "VIP"), 1);
    assert_eq!(usage(&f, "Lead magnet"), true_usage(&f, "Lead magnet"));
}

#[test]
fn demo_tag_counts_are_true() {
    let f = with_demo(300);
    let names: Vec<String> = f
        .conn
        .prepare("SELECT name FROM tags WHERE type IN ('contact', 'general')")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names");
    assert!(names.len() >= 5);
    for name in names {
        assert_eq!(usage(&f, &name), true_usage(&f, &name), "tag {name}");
        assert!(usage(&f, &name) > 0, "demo uses tag {name}");
    }
}

#[test]
fn lists_filter_and_sort_on_custom_fields_and_sort_text_ignoring_case() {
    let mut f = fresh();
    for (first, budget, score) in [("bea", 300, "x"), ("Al", 1200, "y"), ("Cy", 50, "x")] {
        add(
            &mut f,
            &CONTACTS,
            json!({
                "first_name": first, "last_name": "Z", "email": format!("{first}@x.io"),
                "custom_fields": { "budget": budget, "segment": score, "channels": ["email", "sms"] }
            }),
        );
    }
    let names = |f: &Fixture, query: &ListQuery| -> Vec<String> {
        records::list(&f.conn, &f.actor, &CONTACTS, query)
            .expect("list")
            .items
            .iter()
            .map(|r| r["first_name"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let sorted = ListQuery {
        sort: Some(Sort {
            field: "first_name".into(),
            desc: false,
        }),
        ..ListQuery::default()
    };
    assert_eq!(names(&f, &sorted), ["Al", "bea", "Cy"]);
    let by_budget = ListQuery {
        sort: Some(Sort {
            field: "custom_fields.budget".into(),
            desc: true,
        }),
        limit: Some(2),
        ..ListQuery::default()
    };
    let first_page = records::list(&f.conn, &f.actor, &CONTACTS, &by_budget).expect("page");
    assert_eq!(first_page.items.len(), 2);
    assert_eq!(first_page.items[0]["first_name"], "Al");
    let next = ListQuery {
        cursor: first_page.next_cursor,
        ..by_budget
    };
    assert_eq!(
        names(&f, &next),
        ["Cy"],
        "the cursor continues a custom-field sort"
    );
    let filtered = ListQuery {
        filters: vec![
            Filter {
                field: "custom_fields.budget".into(),
                op: FilterOp::Gte,
                value: Some(json!(300)),
            },
            Filter {
                field: "custom_fields.segment".into(),
                op: FilterOp::Eq,
                value: Some(json!("X")),
            },
        ],
        ..ListQuery::default()
    };
    assert_eq!(names(&f, &filtered), ["bea"]);
    let has = ListQuery {
        filters: vec![Filter {
            field: "custom_fields.channels".into(),
            op: FilterOp::Has,
            value: Some(json!("sms")),
        }],
        ..ListQuery::default()
    };
    assert_eq!(names(&f, &has).len(), 3);
    let bad = ListQuery {
        filters: vec![Filter {
            field: "custom_fields.x'--".into(),
            op: FilterOp::Eq,
            value: Some(json!(1)),
        }],
        ..ListQuery::default()
    };
    let err = records::list(&f.conn, &f.actor, &CONTACTS, &bad).unwrap_err();
    assert!(err.to_string().contains("custom field key"), "{err}");
}

#[test]
fn bulk_actions_on_a_selection_and_on_a_whole_filter_undo_as_one() {
    let mut f = fresh();
    let mut ids = Vec::new();
    for i in 0..30 {
        let status = if i % 3 == 0 { "lead" } else { "customer" };
        let row = add(
            &mut f,
            &CONTACTS,
            json!({ "first_name": format!("P{i}"), "last_name": "Q", "email": format!("p{i}@x.io"), "status": status }),
        );
        ids.push(id_of(&row));
    }
    let leads = ListQuery {
        filters: vec![Filter {
            field: "status".into(),
            op: FilterOp::Eq,
            value: Some(json!("lead")),
        }],
        ..ListQuery::default()
    };
    let tagged = bulk::apply(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        &BulkTarget::Query {
            query: leads.clone(),
        },
        &BulkAction::AddTags {
            tags: vec!["Spring promo".into()],
        },
    )
    .expect("bulk tag");
    assert_eq!((tagged.changed, tagged.unchanged), (10, 0));
    assert_eq!(usage(&f, "Spring promo"), 10);
    let again = bulk::apply(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        &BulkTarget::Ids {
            ids: ids[..6].to_vec(),
        },
        &BulkAction::AddTags {
            tags: vec!["spring PROMO".into()],
        },
    )
    .expect("bulk tag again");
    assert_eq!(
        (again.changed, again.unchanged),
        (4, 2),
        "two of the six had it already"
    );

    let status = bulk::apply(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        &BulkTarget::Ids {
            ids: ids[..5].to_vec(),
        },
        &BulkAction::Set {
            fields: obj(json!({ "status": "inactive" })),
        },
    )
    .expect("bulk status");
    assert_eq!(status.changed, 5);
    // Someone edits one of them afterwards: undo keeps that edit.
    records::update(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        ids[1],
        obj(json!({ "status": "contact" })),
    )
    .expect("edit");
    let undone = batch::undo(&mut f.conn, &f.actor, status.batch_id).expect("undo");
    assert_eq!((undone.reverted, undone.kept), (4, 1));
    let first = records::get(&f.conn, &f.actor, &CONTACTS, ids[0]).expect("get");
    assert_eq!(first["status"], "lead");
    let edited = records::get(&f.conn, &f.actor, &CONTACTS, ids[1]).expect("get");
    assert_eq!(edited["status"], "contact");
    let err = batch::undo(&mut f.conn, &f.actor, status.batch_id).unwrap_err();
    assert!(err.to_string().contains("already undone"), "{err}");

    // Delete everything a filter matches, then undo brings it all back.
    let deleted = bulk::apply(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        &BulkTarget::Query {
            query: leads.clone(),
        },
        &BulkAction::Delete,
    )
    .expect("bulk delete");
    assert_eq!(
        records::count(&f.conn, &f.actor, &CONTACTS, &leads).expect("count"),
        0
    );
    assert_eq!(
        usage(&f, "Spring promo"),
        4,
        "only the live customers that got the tag by hand"
    );
    batch::undo(&mut f.conn, &f.actor, deleted.batch_id).expect("undo delete");
    assert_eq!(
        records::count(&f.conn, &f.actor, &CONTACTS, &leads).expect("count"),
        deleted.changed as i64
    );
    assert_eq!(usage(&f, "Spring promo"), true_usage(&f, "Spring promo"));

    // A failing record stops the whole action: nothing half done.
    let before: i64 = count(&f.conn, "SELECT count(*) FROM audit_logs");
    let err = bulk::apply(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        &BulkTarget::Ids { ids: ids.clone() },
        &BulkAction::Set {
            fields: obj(json!({ "lead_score": 500 })),
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("lead_score"), "{err}");
    assert_eq!(count(&f.conn, "SELECT count(*) FROM audit_logs"), before);
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM contacts WHERE lead_score IS NOT NULL"
        ),
        0
    );
}

#[test]
fn a_deleted_contact_comes_back_with_its_notes_and_activities() {
    let mut f = fresh();
    let c = add(
        &mut f,
        &CONTACTS,
        json!({ "first_name": "Nora", "last_name": "Voss", "email": "nora@x.io" }),
    );
    add(
        &mut f,
        &CONTACT_NOTES,
        json!({ "contact_id": c["id"], "content": "Prefers mornings", "is_pinned": true }),
    );
    add(
        &mut f,
        &CONTACT_ACTIVITIES,
        json!({ "contact_id": c["id"], "activity_type": "call", "title": "Intro call" }),
    );
    let notes_of = |f: &Fixture| {
        let q = ListQuery {
            filters: vec![Filter {
                field: "contact_id".into(),
                op: FilterOp::Eq,
                value: Some(c["id"].clone()),
            }],
            ..ListQuery::default()
        };
        (
            records::count(&f.conn, &f.actor, &CONTACT_NOTES, &q).expect("notes"),
            records::count(&f.conn, &f.actor, &CONTACT_ACTIVITIES, &q).expect("activities"),
        )
    };
    records::delete(&mut f.conn, &f.actor, &CONTACTS, id_of(&c)).expect("delete");
    assert_eq!(
        notes_of(&f),
        (0, 0),
        "attached records leave with the contact"
    );
    let trash = ListQuery {
        deleted: Deleted::Only,
        ..ListQuery::default()
    };
    assert_eq!(
        records::count(&f.conn, &f.actor, &CONTACTS, &trash).expect("trash"),
        1
    );
    records::restore(&mut f.conn, &f.actor, &CONTACTS, id_of(&c)).expect("restore");
    assert_eq!(notes_of(&f), (1, 1));
}

#[test]
fn duplicates_are_found_and_a_merge_keeps_everything_and_undoes() {
    let mut f = fresh();
    let keep = add(
        &mut f,
        &CONTACTS,
        json!({
            "first_name": "Jonathan", "last_name": "Smith", "email": "jon.smith@gmail.com", "company": "Acme Inc",
            "tags": ["VIP"], "lead_score": 40, "opt_in_sms": true, "custom_fields": { "budget": "high" }
        }),
    );
    let other = add(
        &mut f,
        &CONTACTS,
        json!({
            "first_name": "Jon", "last_name": "Smith", "email": "jonsmith+work@gmail.com", "phone": "+1 (555) 010-2030",
            "company": "ACME, inc.", "title": "CTO", "tags": ["Webinar"], "lead_score": 70, "opt_in_sms": false,
            "custom_fields": { "budget": "low", "channel": "sms" }, "address": { "city": "Lisbon" }
        }),
    );
    let third = add(
        &mut f,
        &CONTACTS,
        json!({ "first_name": "Mia", "last_name": "Ray", "email": "mia@ray.io", "phone": "555.010.2030" }),
    );
    add(
        &mut f,
        &CONTACTS,
        json!({ "first_name": "Unrelated", "last_name": "Person", "email": "u@p.io", "phone": "+44 20 7946 0000" }),
    );
    let note = add(
        &mut f,
        &CONTACT_NOTES,
        json!({ "contact_id": other["id"], "content": "Met at the webinar" }),
    );
    add(
        &mut f,
        &CONTACT_ACTIVITIES,
        json!({ "contact_id": other["id"], "activity_type": "email", "title": "Sent deck" }),
    );

    // The warning on create.
    let draft = obj(
        json!({ "first_name": "J", "last_name": "S", "email": "JON.SMITH+x@gmail.com", "phone": "(555) 010-2030" }),
    );
    let matches = duplicates::check(&f.conn, &f.actor, &draft, None).expect("check");
    let reasons: Vec<(DuplicateReason, String)> = matches
        .iter()
        .map(|m| {
            (
                m.reason,
                m.contact["first_name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    assert!(
        reasons.contains(&(DuplicateReason::SameEmail, "Jonathan".into())),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&(DuplicateReason::SameEmail, "Jon".into())),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&(DuplicateReason::SamePhone, "Mia".into())),
        "{reasons:?}"
    );
    let lone = obj(json!({ "first_name": "Zed", "last_name": "Zulu", "email": "zed@zulu.io" }));
    assert!(duplicates::check(&f.conn, &f.actor, &lone, None)
        .expect("check")
        .is_empty());

    // The finder: one group of Jonathan, Jon (email, name) and Mia (phone).
    let groups = duplicates::find(&f.conn, &f.actor, 10).expect("find");
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(groups[0].contacts.len(), 3);
    assert_eq!(
        groups[0].reasons,
        [
            DuplicateReason::SameEmail,
            DuplicateReason::SamePhone,
            DuplicateReason::SimilarName
        ]
    );

    let merged =
        duplicates::merge(&mut f.conn, &f.actor, id_of(&keep), id_of(&other)).expect("merge");
    let kept = records::get(&f.conn, &f.actor, &CONTACTS, id_of(&keep)).expect("kept");
    assert_eq!(kept["first_name"], "Jonathan");
    assert_eq!(kept["email"], "jon.smith@gmail.com");
    assert_eq!(
        kept["phone"], "+1 (555) 010-2030",
        "empty fields are filled"
    );
    assert_eq!(kept["title"], "CTO");
    assert_eq!(kept["tags"], json!(["VIP", "Webinar"]));
    assert_eq!(kept["lead_score"], 70);
    assert_eq!(kept["opt_in_sms"], false, "an opt-out stands");
    assert_eq!(
        kept["custom_fields"],
        json!({ "budget": "high", "channel": "sms" })
    );
    assert_eq!(kept["address"], json!({ "city": "Lisbon" }));
    let gone = records::get(&f.conn, &f.actor, &CONTACTS, id_of(&other)).expect("other");
    assert!(!gone["deleted_at"].is_null());
    let moved = records::get(&f.conn, &f.actor, &CONTACT_NOTES, id_of(&note)).expect("note");
    assert_eq!(moved["contact_id"], keep["id"]);
    let on_keep = |f: &Fixture, table| {
        let q = ListQuery {
            filters: vec![Filter {
                field: "contact_id".into(),
                op: FilterOp::Eq,
                value: Some(keep["id"].clone()),
            }],
            ..ListQuery::default()
        };
        records::count(&f.conn, &f.actor, table, &q).expect("count")
    };
    assert_eq!(
        on_keep(&f, &CONTACT_ACTIVITIES),
        2,
        "the email and the merge entry"
    );
    assert_eq!(on_keep(&f, &CONTACT_NOTES), 1);
    let hits = search::search(&f.conn, &f.actor, "webinar", 10).expect("search");
    assert_eq!(
        hits.len(),
        1,
        "the moved note is searchable on the kept contact"
    );
    assert_eq!(hits[0].id, id_of(&keep));

    let undone = batch::undo(&mut f.conn, &f.actor, merged.batch_id).expect("undo merge");
    assert!(undone.reverted >= 4);
    let back = records::get(&f.conn, &f.actor, &CONTACTS, id_of(&other)).expect("other");
    assert!(back["deleted_at"].is_null());
    let kept = records::get(&f.conn, &f.actor, &CONTACTS, id_of(&keep)).expect("kept");
    assert_eq!(kept["tags"], json!(["VIP"]));
    assert_eq!(kept["phone"], Value::Null);
    assert_eq!(kept["opt_in_sms"], true);
    let note_back = records::get(&f.conn, &f.actor, &CONTACT_NOTES, id_of(&note)).expect("note");
    assert_eq!(note_back["contact_id"], other["id"]);
    assert_eq!(on_keep(&f, &CONTACT_ACTIVITIES), 0);
    assert_eq!(usage(&f, "Webinar"), 1);
    let _ = third;
}

const MESSY_CSV: &str = "\u{feff}First Name;Last Name;E-mail;Phone;Company;Tags;Lead score;Notes\r\n\
Ana;Lima;ana@lima.pt;+351 912 345 678;\"Lima; Filhos\";\"VIP; Newsletter\";80;\"Met at the fair,\r\nwants a quote\"\r\n\
Bob;Ray;bob@;;;;;\r\n\
Cleo;Diaz;cleo@diaz.io;;;;high;\r\n\
;;;;;;;\r\n\
Dan;Ode;ANA@lima.pt;;;Referral;;\r\n";

fn options(f: &Fixture, file: &transfer::CsvFile, on_duplicate: OnDuplicate) -> ImportOptions {
    let described = transfer::describe(&f.conn, &f.actor, file).expect("describe");
    ImportOptions {
        mapping: described.mapping,
        on_duplicate,
    }
}

#[test]
fn import_reads_real_world_csv_and_reports_every_rejected_row() {
    let mut f = fresh();
    let file = transfer::read_csv("export.csv", MESSY_CSV.as_bytes()).expect("read");
    assert_eq!(file.encoding, "utf-8 (BOM)");
    assert_eq!(file.delimiter, ';');
    assert_eq!(file.rows.len(), 5);
    let described = transfer::describe(&f.conn, &f.actor, &file).expect("describe");
    assert_eq!(
        described.mapping,
        [
            Some("first_name"),
            Some("last_name"),
            Some("email"),
            Some("phone"),
            Some("company"),
            Some("tags"),
            Some("lead_score"),
            Some("note")
        ]
        .map(|m| m.map(str::to_string))
    );
    let opts = options(&f, &file, OnDuplicate::Merge);
    let preview = transfer::preview(&mut f.conn, &f.actor, &file, &opts, 20).expect("preview");
    assert_eq!((preview.create, preview.merge, preview.reject), (1, 1, 3));
    assert_eq!(
        count(&f.conn, "SELECT count(*) FROM contacts"),
        0,
        "a preview writes nothing"
    );

    let report = transfer::import(&mut f.conn, &f.actor, &file, &opts, &Progress::default())
        .expect("import");
    assert_eq!((report.imported, report.merged), (1, 1));
    let rejected: Vec<(u64, &str)> = report
        .rejected
        .iter()
        .map(|r| (r.line, r.reason.as_str()))
        .collect();
    // Line numbers are lines of the file: Ana's quoted note spans lines 2-3.
    assert_eq!(rejected.len(), 3, "{rejected:?}");
    assert_eq!(rejected[0].0, 4);
    assert!(
        rejected[0].1.contains("email") && rejected[0].1.contains("bob@"),
        "{rejected:?}"
    );
    assert_eq!(rejected[1].0, 5);
    assert!(
        rejected[1].1.contains("Lead score") && rejected[1].1.contains("high"),
        "{rejected:?}"
    );
    assert_eq!(rejected[2].0, 6);
    assert!(rejected[2].1.contains("empty"), "{rejected:?}");
    let ana = records::list(&f.conn, &f.actor, &CONTACTS, &ListQuery::default())
        .expect("list")
        .items;
    assert_eq!(ana.len(), 1);
    assert_eq!(ana[0]["company"], "Lima; Filhos");
    assert_eq!(
        ana[0]["tags"],
        json!(["VIP", "Newsletter", "Referral"]),
        "Dan's row merged by email"
    );
    assert_eq!(
        ana[0]["first_name"], "Dan",
        "a merge takes the row's values"
    );
    assert_eq!(usage(&f, "Referral"), 1);
    let note: String = f
        .conn
        .query_row("SELECT content FROM contact_notes", [], |r| r.get(0))
        .expect("note");
    assert_eq!(note, "Met at the fair,\r\nwants a quote");
    assert_eq!(
        search::search(&f.conn, &f.actor, "fair", 5)
            .expect("search")
            .len(),
        1,
        "imported rows are searchable"
    );
    assert_eq!(
        search::search(&f.conn, &f.actor, "912 345", 5)
            .expect("search")
            .len(),
        1
    );

    let mut out = Vec::new();
    transfer::report_csv(&file, &report, &mut out).expect("report");
    let out = String::from_utf8(out).expect("utf8");
    assert!(out.starts_with("Line,Reason,First Name"), "{out}");
    assert!(out.contains("4,") && out.contains("bob@"), "{out}");

    // The import is one batch: undo removes the new contact and reverts the merge.
    let undone = batch::undo(&mut f.conn, &f.actor, report.batch_id.expect("batch")).expect("undo");
    assert!(undone.reverted >= 2, "{undone:?}");
    assert_eq!(
        records::count(&f.conn, &f.actor, &CONTACTS, &ListQuery::default()).expect("count"),
        0
    );
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM tags WHERE deleted_at IS NULL"
        ),
        0,
        "tags the import created go too"
    );
    assert!(search::search(&f.conn, &f.actor, "fair", 5)
        .expect("search")
        .is_empty());
}

#[test]
fn import_can_skip_existing_emails_and_reads_other_encodings() {
    let mut f = fresh();
    add(
        &mut f,
        &CONTACTS,
        json!({ "first_name": "Ana", "last_name": "Lima", "email": "ana@lima.pt" }),
    );
    let file = transfer::read_csv(
        "x.csv",
        b"email,first name,last name\nana@lima.pt,Ana B,Lima\nzoe@z.io,Zo\xeb,Kay\nli@x.io,Li,\n",
    )
    .expect("read");
    assert_eq!(file.encoding, "windows-1252");
    let opts = options(&f, &file, OnDuplicate::Skip);
    let report = transfer::import(&mut f.conn, &f.actor, &file, &opts, &Progress::default())
        .expect("import");
    assert_eq!(report.imported, 1);
    assert_eq!(report.rejected.len(), 2);
    assert!(
        report.rejected[0].reason.contains("skipped"),
        "{:?}",
        report.rejected
    );
    assert!(
        report.rejected[1]
            .reason
            .starts_with("last_name: is required"),
        "{:?}",
        report.rejected
    );
    let zoe = records::list(
        &f.conn,
        &f.actor,
        &CONTACTS,
        &ListQuery {
            filters: vec![records::parse_filter(&CONTACTS, "email=zoe@z.io").expect("filter")],
            ..ListQuery::default()
        },
    )
    .expect("list");
    assert_eq!(zoe.items[0]["first_name"], "Zoë");

    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Email\tFirst name\r\nli@x.io\tLí\r\n".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let file = transfer::read_csv("x.txt", &utf16).expect("read utf-16");
    assert_eq!((file.encoding.as_str(), file.delimiter), ("utf-16le", '\t'));
    assert_eq!(file.rows[0].fields, ["li@x.io", "Lí"]);

    let err = transfer::read_csv("empty.csv", b"").unwrap_err();
    assert!(err.to_string().starts_with("file:"), "{err}");
    let unmapped = ImportOptions {
        mapping: vec![None, Some("first_name".into())],
        on_duplicate: OnDuplicate::Merge,
    };
    let err = transfer::import(
        &mut f.conn,
        &f.actor,
        &file,
        &unmapped,
        &Progress::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("Email"), "{err}");
}

#[test]
fn export_imports_back_unchanged_into_the_same_and_a_new_database() {
    let mut f = with_demo(200);
    let mut first = Vec::new();
    let exported =
        transfer::export(&f.conn, &f.actor, &ListQuery::default(), &mut first).expect("export");
    assert_eq!(exported, 200);
    let file = transfer::read_csv("contacts.csv", &first).expect("read");
    let opts = options(&f, &file, OnDuplicate::Merge);
    let report = transfer::import(&mut f.conn, &f.actor, &file, &opts, &Progress::default())
        .expect("import");
    assert_eq!(
        (
            report.imported,
            report.merged,
            report.unchanged,
            report.rejected.len()
        ),
        (0, 0, 200, 0)
    );
    assert_eq!(report.batch_id, None, "nothing changed, nothing to undo");
    let mut second = Vec::new();
    transfer::export(&f.conn, &f.actor, &ListQuery::default(), &mut second).expect("export again");
    assert_eq!(
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second)
    );

    // Into a database with the same team and fields, the export reproduces itself.
    let mut g = fresh();
    for table in [&USERS, &ORGANIZATION_MEMBERS, &CUSTOM_FIELD_DEFINITIONS] {
        let rows = records::list(
            &f.conn,
            &f.actor,
            table,
            &ListQuery {
                limit: Some(1000),
                ..ListQuery::default()
            },
        )
        .expect("list")
        .items;
        for mut row in rows {
            if table.name == "users" && row["id"] == json!(f.actor.user_id.to_string()) {
                continue;
            }
            if table.name == "organization_members"
                && row["user_id"] == json!(f.actor.user_id.to_string())
            {
                continue;
            }
            for system in ["id", "organization_id", "updated_at", "deleted_at"] {
                if !(table.name == "users" && system == "id") {
                    row.remove(system);
                }
            }
            records::create(&mut g.conn, &g.actor, table, row).expect("copy");
        }
    }
    // The exporting user's own contacts are owned by the importing user in the copy.
    let me: String = g
        .conn
        .query_row(
            "SELECT email FROM users WHERE id = ?",
            [g.actor.user_id.to_string()],
            |r| r.get(0),
        )
        .expect("me");
    let them: String = f
        .conn
        .query_row(
            "SELECT email FROM users WHERE id = ?",
            [f.actor.user_id.to_string()],
            |r| r.get(0),
        )
        .expect("them");
    let text = String::from_utf8(first.clone())
        .expect("utf8")
        .replace(&them, &me);
    let file = transfer::read_csv("contacts.csv", text.as_bytes()).expect("read");
    let opts = options(&g, &file, OnDuplicate::Merge);
    let report = transfer::import(&mut g.conn, &g.actor, &file, &opts, &Progress::default())
        .expect("import");
    assert_eq!(
        (report.imported, report.rejected.len()),
        (200, 0),
        "{:?}",
        report.rejected.first()
    );
    let mut copy = Vec::new();
    transfer::export(&g.conn, &g.actor, &ListQuery::default(), &mut copy).expect("export copy");
    assert_eq!(String::from_utf8_lossy(&copy), text);
}

fn contact_index_sql(conn: &Connection) -> Vec<String> {
    conn.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contacts' AND sql IS NOT NULL ORDER BY name")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("indexes")
}

/// A CSV of `BULK_ROWS + 5` new contacts, all tagged "Bulk": enough for the import to
/// drop and rebuild the indexes of the (small) contacts table.
fn bulk_csv() -> transfer::CsvFile {
    let mut csv = String::from("First name,Last name,Email,Company,Lead score,Tags\n");
    for i in 0..aio_core::records::BULK_ROWS + 5 {
        csv.push_str(&format!(
            "P{i},Q{},p{i}@bulk.example,Co {},{},Bulk\n",
            i % 97,
            i % 13,
            i % 101
        ));
    }
    transfer::read_csv("bulk.csv", csv.as_bytes()).expect("read")
}

/// Imports `bulk_csv`, which leaves indexing for later.
fn big_import(f: &mut Fixture) -> transfer::ImportReport {
    let file = bulk_csv();
    let opts = options(f, &file, OnDuplicate::Merge);
    let report = transfer::import(&mut f.conn, &f.actor, &file, &opts, &Progress::default())
        .expect("import");
    assert_eq!(report.imported as usize, aio_core::records::BULK_ROWS + 5);
    assert!(report.indexing, "a big import leaves indexing for later");
    report
}

#[test]
fn a_big_import_commits_its_rows_then_rebuilds_indexes_and_search() {
    let mut f = fresh();
    let before = contact_index_sql(&f.conn);
    let report = big_import(&mut f);
    assert!(deferred::pending(&f.conn).expect("pending"));
    let dropped = before.len() - contact_index_sql(&f.conn).len();
    assert!(dropped > 0);
    // The rows are in and listed before any index is back; search catches up later.
    let by_name = ListQuery {
        sort: Some(Sort {
            field: "last_name".into(),
            desc: true,
        }),
        limit: Some(3),
        ..ListQuery::default()
    };
    let page = records::list(&f.conn, &f.actor, &CONTACTS, &by_name).expect("list");
    assert_eq!(page.items[0]["last_name"], "Q96");
    assert!(search::search(&f.conn, &f.actor, "p10004", 5)
        .expect("search")
        .is_empty());
    assert_eq!(usage(&f, "Bulk"), report.imported as i64);

    let finished = deferred::finish(&mut f.conn).expect("finish");
    assert_eq!(finished.contacts_indexed, aio_core::records::BULK_ROWS + 5);
    assert_eq!(finished.indexes, dropped);
    assert!(!deferred::pending(&f.conn).expect("pending"));
    assert_eq!(
        contact_index_sql(&f.conn),
        before,
        "every index is back as it was"
    );
    let integrity: String = f
        .conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(integrity, "ok");
    assert_eq!(
        records::list(&f.conn, &f.actor, &CONTACTS, &by_name)
            .expect("list")
            .items,
        page.items
    );
    assert_eq!(
        search::search(&f.conn, &f.actor, "p10004", 5)
            .expect("search")
            .len(),
        1
    );
    // A second finish has nothing left to do.
    assert_eq!(
        deferred::finish(&mut f.conn).expect("finish"),
        Default::default()
    );
}

#[test]
fn indexing_left_by_a_crash_after_an_import_is_finished_by_the_next_open() {
    let mut f = fresh();
    let before = contact_index_sql(&f.conn);
    big_import(&mut f);
    // The app stops before its background pass.
    drop(std::mem::replace(
        &mut f.conn,
        Connection::open_in_memory().expect("placeholder"),
    ));
    let (conn, _) = db::open(&f.path, OpenMode::Existing).expect("reopen");
    assert!(!deferred::pending(&conn).expect("pending"));
    assert_eq!(contact_index_sql(&conn), before);
    assert_eq!(
        search::search(&conn, &f.actor, "p10004", 5)
            .expect("search")
            .len(),
        1
    );
}

#[test]
fn custom_field_values_are_checked_against_their_definitions() {
    let mut f = fresh();
    for (key, field_type, options) in [
        ("budget", "select", json!(["Small", "Large"])),
        ("channels", "multi_select", json!(["email", "sms"])),
        ("seats", "number", json!([])),
        ("renewal", "date", json!([])),
        ("portal", "url", json!([])),
        ("vip", "checkbox", json!([])),
    ] {
        add(
            &mut f,
            &CUSTOM_FIELD_DEFINITIONS,
            json!({ "entity": "contacts", "key": key, "label": key, "field_type": field_type, "options": options }),
        );
    }
    let good = json!({ "budget": "Large", "channels": ["sms"], "seats": 12, "renewal": "2027-01-31",
                       "portal": "https://acme.example", "vip": true, "legacy_id": "A-1" });
    let c = add(
        &mut f,
        &CONTACTS,
        json!({ "first_name": "Ana", "last_name": "Lima", "email": "ana@x.io", "custom_fields": good }),
    );
    for (bad, field, reason) in [
        (
            json!({ "budget": "Huge" }),
            "custom_fields.budget",
            "\"Huge\" is not one of Small, Large",
        ),
        (
            json!({ "channels": ["fax"] }),
            "custom_fields.channels",
            "\"fax\" is not one of email, sms",
        ),
        (
            json!({ "seats": "twelve" }),
            "custom_fields.seats",
            "must be a number",
        ),
        (
            json!({ "renewal": "31/01/2027" }),
            "custom_fields.renewal",
            "is not a date",
        ),
        (
            json!({ "portal": "acme.example" }),
            "custom_fields.portal",
            "is not a web address",
        ),
        (
            json!({ "vip": "yes" }),
            "custom_fields.vip",
            "must be true or false",
        ),
    ] {
        let err = records::update(
            &mut f.conn,
            &f.actor,
            &CONTACTS,
            id_of(&c),
            obj(json!({ "custom_fields": bad })),
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with(field) && text.contains(reason), "{text}");
    }
    let stored = records::get(&f.conn, &f.actor, &CONTACTS, id_of(&c)).expect("get");
    assert_eq!(
        stored["custom_fields"], good,
        "a refused change leaves the record as it was"
    );
}

fn contact_insert_triggers(conn: &Connection) -> Vec<String> {
    conn.prepare(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'contacts'
         AND sql LIKE '%AFTER INSERT ON%' ORDER BY name",
    )
    .expect("prepare")
    .query_map([], |r| r.get(0))
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}

#[test]
fn an_import_writes_what_the_insert_triggers_would_have_written() {
    let mut f = fresh();
    // Contact insert triggers come off for an import's rows; their work is done for the
    // batch. Tag counts must end as true as row by row, also when a later line of the
    // same file merges new tags (or case variants) into a contact an earlier line created.
    add(
        &mut f,
        &CONTACTS,
        json!({"first_name": "Old", "last_name": "Timer", "email": "old@x.com", "tags": ["VIP"]}),
    );
    let triggers = contact_insert_triggers(&f.conn);
    assert_eq!(
        triggers.len(),
        4,
        "search, tag usage, sync dirty and automations' contact_created triggers"
    );
    f.conn.execute("DELETE FROM sync_dirty", []).expect("clear");
    let csv = "First name,Last name,Email,Tags\n\
               Ada,One,ada@x.com,VIP; Lead\n\
               Bob,Two,bob@x.com,vip; lead; Lead\n\
               Ada,One,ADA@x.com,New; vip\n\
               Cy,Three,cy@x.com,\n\
               Old,Timer,old@x.com,Lead\n";
    let file = transfer::read_csv("tags.csv", csv.as_bytes()).expect("read");
    let opts = options(&f, &file, OnDuplicate::Merge);
    let preview = transfer::preview(&mut f.conn, &f.actor, &file, &opts, 10).expect("preview");
    assert_eq!(
        (preview.create, preview.merge),
        (3, 2),
        "the preview counts: {:?}",
        preview.rows
    );
    assert_eq!(
        contact_insert_triggers(&f.conn),
        triggers,
        "a preview leaves them"
    );
    let report = transfer::import(&mut f.conn, &f.actor, &file, &opts, &Progress::default())
        .expect("import");
    assert_eq!((report.imported, report.merged), (3, 2), "{report:?}");
    assert_eq!(
        contact_insert_triggers(&f.conn),
        triggers,
        "the triggers are back"
    );
    for tag in ["VIP", "Lead", "New"] {
        assert_eq!(usage(&f, tag), true_usage(&f, tag), "usage of {tag}");
    }
    assert_eq!(usage(&f, "VIP"), 3);
    assert_eq!(usage(&f, "Lead"), 3);
    // Every new or changed contact is a local change for sync to push.
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM contacts c JOIN sync_dirty d
             ON d.table_name = 'contacts' AND d.row_id = c.id"
        ),
        4
    );
    // Each new contact raised its contact_created event and a tag_added per tag it was
    // stored with, as the trigger would have (the merges' new tags by the update trigger).
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM trigger_events WHERE kind = 'contact_created'"
        ),
        4,
        "old timer and the three imported"
    );
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM trigger_events e JOIN contacts c ON c.id = e.subject_id
             WHERE e.kind = 'tag_added' AND c.email = 'bob@x.com'"
        ),
        2,
        "bob's vip and lead"
    );
    // And the triggers work again for the next write.
    add(
        &mut f,
        &CONTACTS,
        json!({"first_name": "Di", "last_name": "Four", "email": "di@x.com", "tags": ["New"]}),
    );
    assert_eq!(usage(&f, "New"), 2);
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM sync_dirty WHERE table_name = 'contacts'"
        ),
        5
    );
}

#[test]
fn a_set_of_changes_is_written_whole_or_not_at_all_and_undoes_as_one() {
    use aio_core::bulk::RecordChange;
    let mut f = fresh();
    let rule = |day: i64, start: &str| {
        obj(json!({"day_of_week": day, "start_time": start, "end_time": "17:00"}))
    };
    let monday = add(&mut f, &AVAILABILITY_RULES, Value::Object(rule(1, "09:00")));
    let tuesday = add(&mut f, &AVAILABILITY_RULES, Value::Object(rule(2, "09:00")));
    let live = |f: &Fixture| {
        count(
            &f.conn,
            "SELECT count(*) FROM availability_rules WHERE deleted_at IS NULL",
        )
    };

    // The last change is bad: nothing of the set is written, and the error names the field.
    let bad = [
        RecordChange::Delete { id: id_of(&monday) },
        RecordChange::Create {
            data: rule(3, "10:00"),
        },
        RecordChange::Update {
            id: id_of(&tuesday),
            patch: obj(json!({"day_of_week": 9})),
        },
    ];
    let err = bulk::write_all(&mut f.conn, &f.actor, &AVAILABILITY_RULES, &bad)
        .expect_err("day 9 is refused");
    assert!(err.to_string().contains("day_of_week"), "{err}");
    assert_eq!(live(&f), 2, "the delete and the create were not kept");

    let good = [
        RecordChange::Delete { id: id_of(&monday) },
        RecordChange::Create {
            data: rule(3, "10:00"),
        },
        RecordChange::Update {
            id: id_of(&tuesday),
            patch: obj(json!({"start_time": "08:00"})),
        },
    ];
    let saved = bulk::write_all(&mut f.conn, &f.actor, &AVAILABILITY_RULES, &good).expect("saved");
    assert_eq!(saved.changed, 3);
    assert_eq!(live(&f), 2);
    let stored =
        records::get(&f.conn, &f.actor, &AVAILABILITY_RULES, id_of(&tuesday)).expect("tuesday");
    assert_eq!(stored["start_time"], "08:00:00");

    batch::undo(&mut f.conn, &f.actor, saved.batch_id).expect("undo");
    let stored =
        records::get(&f.conn, &f.actor, &AVAILABILITY_RULES, id_of(&tuesday)).expect("tuesday");
    assert_eq!(stored["start_time"], "09:00:00");
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM availability_rules WHERE deleted_at IS NULL AND day_of_week IN (1, 2)"
        ),
        2,
        "monday is back, wednesday gone"
    );
    assert_eq!(live(&f), 2);
}
