//! Integration tests of the core on real SQLite files.

use std::path::{Path, PathBuf};

use aio_core::db::{self, OpenMode};
use aio_core::records::{self, Deleted, Filter, FilterOp, ListQuery, Row, Sort};
use aio_core::tables::*;
use aio_core::team::profile;
use aio_core::{demo, doctor, Actor, Error};
use rusqlite::Connection;
use serde_json::{json, Value};
use tempfile::TempDir;

fn obj(v: Value) -> Row {
    v.as_object().cloned().expect("test input is an object")
}

struct Fixture {
    _dir: TempDir,
    path: PathBuf,
    conn: Connection,
    actor: Actor,
}

fn fresh() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("crm.sqlite3");
    let (mut conn, opened) = db::open(&path, OpenMode::CreateIfMissing).expect("open");
    assert!(opened.created);
    let actor = profile::ensure(&mut conn).expect("profile");
    Fixture {
        _dir: dir,
        path,
        conn,
        actor,
    }
}

fn with_demo(contacts: usize) -> Fixture {
    let mut f = fresh();
    let anchor = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    demo::generate(&mut f.conn, &f.actor, &demo::Options::new(contacts, anchor)).expect("demo");
    f
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).expect("count query")
}

fn contact(email: &str) -> Row {
    obj(json!({ "first_name": "Ana", "last_name": "Lima", "email": email }))
}

// --- migrations and opening ----------------------------------------------------------

#[test]
fn a_new_database_has_every_table_and_column_of_the_spec() {
    let f = fresh();
    // The spec's 39 tables and the app's own six (invoice_items among them), each declared by exactly one module.
    let mut names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
    assert_eq!(names.len(), 45, "{names:?}");
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), 45, "a table is declared twice");
    let crm = aio_core::modules::MODULES
        .iter()
        .find(|m| m.name == "crm")
        .expect("the crm module");
    for own in ["custom_field_definitions", "saved_views"] {
        assert!(crm.tables.iter().any(|t| t.name == own), "{own} is crm's");
    }
    for table in TABLES.iter() {
        let mut stmt = f
            .conn
            .prepare(&format!(
                "SELECT name, \"notnull\", dflt_value FROM pragma_table_info('{}')",
                table.name
            ))
            .expect("table info");
        let columns: Vec<(String, bool, Option<String>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        assert!(!columns.is_empty(), "table {} exists", table.name);
        let declared: Vec<&str> = table.columns.iter().map(|c| c.name).collect();
        let stored: Vec<&str> = columns
            .iter()
            .map(|c| c.0.as_str())
            .filter(|n| !table.hidden.contains(n))
            .collect();
        assert_eq!(
            stored, declared,
            "columns of {} match its record type",
            table.name
        );
        for column in table.columns {
            let (_, notnull, default) =
                columns.iter().find(|c| c.0 == column.name).expect("column");
            assert_eq!(
                !notnull, column.nullable,
                "{}.{} nullability",
                table.name, column.name
            );
            if !column.nullable {
                assert_eq!(
                    default.is_some(),
                    column.has_default,
                    "{}.{} default",
                    table.name,
                    column.name
                );
            }
        }
        let mut fks = f
            .conn
            .prepare(&format!(
                "SELECT \"from\", \"table\" FROM pragma_foreign_key_list('{}')",
                table.name
            ))
            .expect("fk list");
        let fks: Vec<(String, String)> = fks
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        for column in table.columns {
            let stored = fks
                .iter()
                .find(|(from, _)| from == column.name)
                .map(|(_, t)| t.as_str());
            assert_eq!(
                stored, column.references,
                "{}.{} foreign key",
                table.name, column.name
            );
        }
    }
    assert_eq!(
        db::schema_version(&f.conn).expect("version"),
        db::latest_version()
    );
    let fk: i64 = f
        .conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .expect("pragma");
    assert_eq!(fk, 1, "foreign keys are enforced");
    let mode: String = f
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("pragma");
    assert_eq!(mode, "wal");
}

#[test]
fn the_spec_indexes_exist() {
    let f = fresh();
    for index in [
        "idx_users_email",
        "idx_users_organization",
        "idx_contacts_owner",
        "idx_events_calendar",
        "idx_events_user",
        "idx_events_start",
        "idx_events_contact",
        "idx_form_submissions_form",
        "idx_form_submissions_contact",
        "idx_pipeline_cards_stage",
        "idx_pipeline_cards_contact",
        "idx_orders_contact",
        "idx_orders_status",
        "idx_transactions_order",
        "idx_audit_logs_user",
        "idx_audit_logs_entity",
    ] {
        let n = count(
            &f.conn,
            &format!(
                "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '{index}'"
            ),
        );
        assert_eq!(n, 1, "index {index} exists");
    }
}

/// The spec's `idx_contacts_org`, `idx_contacts_email` and `idx_contacts_status` were
/// replaced (migration V6): the queries they would serve use other indexes, never a scan
/// of every contact or a sort of them.
#[test]
fn contact_lookups_by_organisation_email_and_status_use_an_index() {
    let f = fresh();
    for (query, index) in [
        (
            "SELECT count(*) FROM contacts WHERE organization_id = 'o'",
            "organization_id",
        ),
        (
            "SELECT id FROM contacts WHERE organization_id = 'o' AND email = 'a@b.c' COLLATE NOCASE AND deleted_at IS NULL",
            "email",
        ),
        (
            "SELECT id FROM contacts WHERE organization_id = 'o' AND deleted_at IS NULL ORDER BY status, id LIMIT 50",
            "idx_contacts_list_status",
        ),
    ] {
        let plan: Vec<String> = f
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {query}"))
            .expect("plan")
            .query_map([], |r| r.get(3))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("plan rows");
        let plan = plan.join(" / ");
        assert!(
            plan.contains("USING")
                && plan.contains(index)
                && !plan.contains("SCAN contacts")
                && !plan.contains("TEMP B-TREE"),
            "{query}: {plan}"
        );
    }
}

/// Builds a database at schema version 1 the way that release wrote it.
fn database_at_version_1(path: &Path) {
    let mut conn = Connection::open(path).expect("open");
    conn.pragma_update(None, "foreign_keys", "ON").expect("fk");
    db::migrate_to(&mut conn, 1).expect("migrate to 1");
    conn.execute_batch(
        "INSERT INTO users (id, email, first_name, last_name) VALUES ('00000000-0000-4000-8000-000000000001', 'old@example.com', 'Old', 'Timer');
         INSERT INTO organizations (id, name, slug, owner_id, size) VALUES ('00000000-0000-4000-8000-000000000002', 'Old Org', 'old-org', '00000000-0000-4000-8000-000000000001', '1-10');
         INSERT INTO contacts (id, organization_id, first_name, last_name, email, owner_id) VALUES ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000002', 'Kept', 'Contact', 'kept@example.com', '00000000-0000-4000-8000-000000000001');",
    )
    .expect("v1 data");
}

#[test]
fn a_database_at_the_previous_version_is_upgraded_with_its_data() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("v1.sqlite3");
    database_at_version_1(&path);
    let (mut conn, opened) = db::open(&path, OpenMode::Existing).expect("open v1 database");
    assert_eq!(opened.version_before, 1);
    assert_eq!(opened.version, db::latest_version());
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM contacts WHERE email = 'kept@example.com'"
        ),
        1
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH '\"kept\"*'"
        ),
        1,
        "contacts from before the search migration are indexed"
    );
    assert!(!profile::exists(&conn).expect("profile check"));
    profile::ensure(&mut conn).expect("profile after upgrade");
    assert!(doctor::check(&path).expect("doctor").is_healthy());
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read file")
}

#[test]
fn a_newer_database_is_refused_and_left_unchanged() {
    let f = fresh();
    f.conn
        .execute("INSERT INTO refinery_schema_history (version, name, applied_on, checksum) VALUES (99, 'future', '2030-01-01', '0')", [])
        .expect("fake newer version");
    f.conn
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpoint");
    let before = bytes(&f.path);
    let err = db::open(&f.path, OpenMode::Existing).expect_err("newer version refused");
    assert!(
        matches!(err, Error::NewerVersion { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer AIO CRM"), "{err}");
    assert_eq!(bytes(&f.path), before, "file unchanged");
}

#[test]
fn a_corrupt_or_foreign_file_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().expect("dir");
    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(
        &garbage,
        b"this is not a database at all, just some text that is long enough",
    )
    .expect("write");
    let before = bytes(&garbage);
    let err = db::open(&garbage, OpenMode::Existing).expect_err("garbage refused");
    assert!(matches!(err, Error::Unusable { .. }), "{err}");
    assert_eq!(bytes(&garbage), before);

    let foreign = dir.path().join("foreign.sqlite3");
    Connection::open(&foreign)
        .expect("open")
        .execute_batch("CREATE TABLE x (a)")
        .expect("create");
    let before = bytes(&foreign);
    let err = db::open(&foreign, OpenMode::Existing).expect_err("foreign db refused");
    assert!(
        err.to_string().contains("no AIO CRM schema history"),
        "{err}"
    );
    assert_eq!(bytes(&foreign), before);

    let missing = dir.path().join("missing.sqlite3");
    assert!(matches!(
        db::open(&missing, OpenMode::Existing),
        Err(Error::Missing(_))
    ));
    assert!(!missing.exists(), "no file created");
}

// --- the generic record path ----------------------------------------------------------

#[test]
fn create_fills_defaults_and_writes_an_audit_entry() {
    let mut f = fresh();
    let row = records::create(&mut f.conn, &f.actor, &CONTACTS, contact("ana@example.com"))
        .expect("create");
    let c: Contact = records::as_record(row).expect("typed contact");
    assert_eq!(c.organization_id, f.actor.organization_id);
    assert_eq!(c.owner_id, f.actor.user_id);
    assert_eq!(c.status, ContactStatus::Lead, "status default");
    assert!(c.opt_in_email && c.tags.is_empty());
    let changes: String = f
        .conn
        .query_row(
            "SELECT changes FROM audit_logs WHERE action = 'create' AND entity_type = 'contacts' AND entity_id = ?",
            [c.id.to_string()],
            |r| r.get(0),
        )
        .expect("audit entry");
    let changes: Value = serde_json::from_str(&changes).expect("json");
    assert_eq!(changes["after"]["email"], "ana@example.com");
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let mut f = fresh();
    let audits = count(&f.conn, "SELECT count(*) FROM audit_logs");
    let cases: Vec<(Row, &str)> = vec![
        (
            obj(json!({ "first_name": "A", "last_name": "B" })),
            "email: is required",
        ),
        (
            contact("not-an-email"),
            "email: \"not-an-email\" is not an email address",
        ),
        (
            obj(
                json!({ "first_name": "A", "last_name": "B", "email": "a@b.co", "status": "friend" }),
            ),
            "status: must be one of lead, contact, customer, inactive",
        ),
        (
            obj(
                json!({ "first_name": "A", "last_name": "B", "email": "a@b.co", "lead_score": 101 }),
            ),
            "lead_score",
        ),
        (
            obj(json!({ "first_name": "A", "last_name": "B", "email": "a@b.co", "tags": "vip" })),
            "tags: must be an array of strings",
        ),
        (
            obj(json!({ "first_name": "A", "last_name": "B", "email": "a@b.co", "nickname": "x" })),
            "nickname: contacts has no such field",
        ),
        (
            obj(
                json!({ "first_name": "A", "last_name": "B", "email": "a@b.co", "owner_id": "00000000-0000-4000-8000-00000000000f" }),
            ),
            "owner_id: no users record",
        ),
        (
            obj(
                json!({ "first_name": "A", "last_name": "B", "email": "a@b.co", "deleted_at": "2026-01-01T00:00:00Z" }),
            ),
            "deleted_at: cannot be set",
        ),
    ];
    for (input, expected) in cases {
        let err = records::create(&mut f.conn, &f.actor, &CONTACTS, input).expect_err(expected);
        assert!(
            err.to_string().starts_with(expected),
            "expected \"{expected}\", got \"{err}\""
        );
    }
    let err = records::create(
        &mut f.conn,
        &f.actor,
        &USERS,
        obj(
            json!({ "email": "x@y.co", "first_name": "X", "last_name": "Y", "password_hash": "x" }),
        ),
    )
    .expect_err("hidden column");
    assert_eq!(err.to_string(), "password_hash: cannot be set");
    assert_eq!(count(&f.conn, "SELECT count(*) FROM contacts"), 0);
    assert_eq!(
        count(&f.conn, "SELECT count(*) FROM audit_logs"),
        audits,
        "no audit entry for failed writes"
    );
}

#[test]
fn email_is_unique_within_an_organization_only() {
    let mut f = fresh();
    records::create(&mut f.conn, &f.actor, &CONTACTS, contact("dup@example.com")).expect("first");
    let err = records::create(&mut f.conn, &f.actor, &CONTACTS, contact("DUP@example.com"))
        .expect_err("duplicate");
    assert!(
        matches!(err, Error::Conflict { ref field, .. } if field == "email"),
        "{err}"
    );
    let org = profile::create_organization(
        &mut f.conn,
        &f.actor,
        &aio_core::team::profile::NewOrganization {
            name: "Second".into(),
            slug: Some("second-org".into()),
            parent: None,
        },
    )
    .expect("org");
    let other = Actor {
        organization_id: org.id,
        ..f.actor
    };
    records::create(&mut f.conn, &other, &CONTACTS, contact("dup@example.com"))
        .expect("same email in another org");
}

#[test]
fn organizations_do_not_see_or_link_each_others_records() {
    let mut f = fresh();
    let a = records::create(&mut f.conn, &f.actor, &CONTACTS, contact("a@example.com"))
        .expect("contact");
    let a_id = a["id"].as_str().expect("id").parse().expect("uuid");
    let org = profile::create_organization(
        &mut f.conn,
        &f.actor,
        &aio_core::team::profile::NewOrganization {
            name: "Other".into(),
            slug: Some("other-org".into()),
            parent: None,
        },
    )
    .expect("org");
    let other = Actor {
        organization_id: org.id,
        ..f.actor
    };
    assert!(matches!(
        records::get(&f.conn, &other, &CONTACTS, a_id),
        Err(Error::NotFound { .. })
    ));
    let page = records::list(&f.conn, &other, &CONTACTS, &ListQuery::default()).expect("list");
    assert!(page.items.is_empty());
    let err = records::create(
        &mut f.conn,
        &other,
        &CONTACT_NOTES,
        obj(json!({ "contact_id": a_id, "content": "sneaky" })),
    )
    .expect_err("cross-org reference");
    assert!(
        err.to_string()
            .starts_with("contact_id: no contacts record"),
        "{err}"
    );
    let err = records::create(&mut f.conn, &other, &CONTACTS, obj(json!({ "first_name": "A", "last_name": "B", "email": "b@x.co", "organization_id": f.actor.organization_id })))
        .expect_err("writing into another org");
    assert!(err.to_string().starts_with("organization_id"), "{err}");
}

#[test]
fn update_delete_and_restore_round_trip_with_audit() {
    let mut f = fresh();
    let row = records::create(&mut f.conn, &f.actor, &CONTACTS, contact("r@example.com"))
        .expect("create");
    let id = row["id"].as_str().expect("id").parse().expect("uuid");
    let updated = records::update(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        id,
        obj(json!({ "lead_score": 70, "tags": ["VIP"] })),
    )
    .expect("update");
    assert_eq!(updated["lead_score"], 70);
    assert_eq!(updated["tags"], json!(["VIP"]));
    let err = records::update(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        id,
        obj(json!({ "created_at": "2020-01-01T00:00:00Z" })),
    )
    .expect_err("immutable");
    assert_eq!(err.to_string(), "created_at: cannot be changed");

    records::delete(&mut f.conn, &f.actor, &CONTACTS, id).expect("delete");
    let live = records::list(&f.conn, &f.actor, &CONTACTS, &ListQuery::default()).expect("list");
    assert!(live.items.is_empty(), "deleted contact leaves the list");
    let trash = records::list(
        &f.conn,
        &f.actor,
        &CONTACTS,
        &ListQuery {
            deleted: Deleted::Only,
            ..Default::default()
        },
    )
    .expect("trash");
    assert_eq!(trash.items.len(), 1);
    assert!(
        records::update(
            &mut f.conn,
            &f.actor,
            &CONTACTS,
            id,
            obj(json!({ "lead_score": 1 }))
        )
        .is_err(),
        "deleted rows are not edited"
    );
    records::restore(&mut f.conn, &f.actor, &CONTACTS, id).expect("restore");
    let back = records::get(&f.conn, &f.actor, &CONTACTS, id).expect("get");
    assert!(back["deleted_at"].is_null());
    let actions: Vec<String> = f
        .conn
        .prepare("SELECT action FROM audit_logs WHERE entity_id = ? ORDER BY rowid")
        .expect("prepare")
        .query_map([id.to_string()], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(actions, ["create", "update", "delete", "restore"]);
    let update_changes: String = f
        .conn
        .query_row(
            "SELECT changes FROM audit_logs WHERE entity_id = ? AND action = 'update'",
            [id.to_string()],
            |r| r.get(0),
        )
        .expect("audit");
    let update_changes: Value = serde_json::from_str(&update_changes).expect("json");
    assert_eq!(update_changes["before"]["lead_score"], Value::Null);
    assert_eq!(update_changes["after"]["lead_score"], 70);
}

#[test]
fn the_audit_log_cannot_be_written_through_the_record_path() {
    let mut f = fresh();
    let err = records::create(
        &mut f.conn,
        &f.actor,
        &AUDIT_LOGS,
        obj(json!({ "action": "x", "entity_type": "y" })),
    )
    .expect_err("read only");
    assert!(matches!(err, Error::Forbidden(_)));
}

#[test]
fn a_failing_row_in_a_batch_writes_none_of_the_batch() {
    let mut f = fresh();
    let rows = vec![
        contact("one@example.com"),
        contact("two@example.com"),
        contact("broken"),
    ];
    let err = records::create_many(&mut f.conn, &f.actor, &CONTACTS, rows, "import")
        .expect_err("bad row");
    assert!(err.to_string().starts_with("row 2: email"), "{err}");
    assert_eq!(count(&f.conn, "SELECT count(*) FROM contacts"), 0);
}

#[test]
fn cursor_pages_visit_every_row_once_in_order() {
    let f = with_demo(300);
    for (field, desc) in [
        ("last_contacted_at", false),
        ("last_contacted_at", true),
        ("lead_score", true),
        ("email", false),
    ] {
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let q = ListQuery {
                sort: Some(Sort {
                    field: field.into(),
                    desc,
                }),
                limit: Some(37),
                cursor: cursor.clone(),
                ..Default::default()
            };
            let page = records::list(&f.conn, &f.actor, &CONTACTS, &q).expect("page");
            seen.extend(
                page.items
                    .iter()
                    .map(|r| (r[field].clone(), r["id"].as_str().expect("id").to_string())),
            );
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(seen.len(), 300, "{field} desc={desc}: every contact once");
        let mut ids: Vec<&String> = seen.iter().map(|(_, id)| id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 300, "{field} desc={desc}: no duplicates");
    }
}

#[test]
fn filters_count_and_select_the_same_rows() {
    let f = with_demo(400);
    let q = ListQuery {
        filters: vec![
            Filter {
                field: "status".into(),
                op: FilterOp::Eq,
                value: Some(json!("customer")),
            },
            Filter {
                field: "lead_score".into(),
                op: FilterOp::Gte,
                value: Some(json!(50)),
            },
            Filter {
                field: "tags".into(),
                op: FilterOp::Has,
                value: Some(json!("vip")),
            },
        ],
        limit: Some(1000),
        ..Default::default()
    };
    let page = records::list(&f.conn, &f.actor, &CONTACTS, &q).expect("list");
    let n = records::count(&f.conn, &f.actor, &CONTACTS, &q).expect("count");
    assert_eq!(page.items.len() as i64, n);
    assert!(n > 0, "demo data has VIP customers with a high score");
    let expected = count(
        &f.conn,
        "SELECT count(*) FROM contacts WHERE status = 'customer' AND lead_score >= 50 AND tags LIKE '%\"VIP\"%' AND deleted_at IS NULL",
    );
    assert_eq!(n, expected);
    for row in &page.items {
        assert_eq!(row["status"], "customer");
        assert!(row["lead_score"].as_i64().expect("score") >= 50);
    }
    let bad = records::parse_filter(&CONTACTS, "lead_score>=lots").expect_err("bad number");
    assert_eq!(
        bad.to_string(),
        "lead_score: \"lots\" is not a whole number"
    );
}

// --- demo data and typed records --------------------------------------------------------

#[test]
fn demo_fills_every_module_and_every_row_reads_as_its_typed_record() {
    let f = with_demo(200);
    assert_eq!(
        count(&f.conn, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    let report = doctor::check(&f.path).expect("doctor");
    assert!(report.is_healthy(), "{:?}", report.problems);
    let empty: Vec<&str> = report
        .tables
        .iter()
        .filter(|(_, n)| *n == 0)
        .map(|(t, _)| t.as_str())
        .collect();
    // Google tokens come only from a real Google sign-in.
    assert_eq!(empty, ["google_calendar_tokens"]);
    assert_eq!(count(&f.conn, "SELECT count(*) FROM contacts"), 200);
    for table in TABLES.iter() {
        let q = ListQuery {
            limit: Some(5),
            deleted: Deleted::Include,
            ..Default::default()
        };
        for row in records::list(&f.conn, &f.actor, table, &q)
            .expect("list")
            .items
        {
            let id = row["id"].as_str().expect("id").parse().expect("uuid");
            assert_eq!(
                records::get(&f.conn, &f.actor, table, id).expect("get"),
                row
            );
        }
    }
    for row in records::list(&f.conn, &f.actor, &ORDERS, &ListQuery::default())
        .expect("orders")
        .items
    {
        let order: Order = records::as_record(row).expect("typed order");
        assert_eq!(
            order.total,
            order.subtotal.clone() + order.tax.clone() + order.shipping.clone()
                - order.discount.clone()
        );
    }
}

#[test]
fn demo_is_deterministic_and_refuses_to_run_twice() {
    let mut a = with_demo(50);
    let b = with_demo(50);
    let emails = |f: &Fixture| -> Vec<String> {
        f.conn
            .prepare("SELECT email FROM contacts ORDER BY email")
            .expect("prepare")
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    assert_eq!(emails(&a), emails(&b));
    let anchor = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    let err = demo::generate(&mut a.conn, &a.actor, &demo::Options::new(10, anchor))
        .expect_err("second run");
    assert!(err.to_string().contains("already has 50 contacts"), "{err}");
}

#[test]
fn switching_organization_changes_what_is_listed() {
    let mut f = fresh();
    records::create(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        contact("home@example.com"),
    )
    .expect("contact");
    profile::create_organization(
        &mut f.conn,
        &f.actor,
        &aio_core::team::profile::NewOrganization {
            name: "Side project".into(),
            slug: Some("side-project".into()),
            parent: None,
        },
    )
    .expect("org");
    let switched = profile::switch_organization(&f.conn, "side-project").expect("switch");
    assert_ne!(switched.organization_id, f.actor.organization_id);
    let now = profile::actor(&f.conn, None).expect("actor");
    assert_eq!(now, switched);
    assert_eq!(
        records::count(&f.conn, &now, &CONTACTS, &ListQuery::default()).expect("count"),
        0
    );
    let loaded = profile::load(&f.conn).expect("profile");
    assert_eq!(loaded.organizations.len(), 2);
    assert!(profile::switch_organization(&f.conn, "not-mine").is_err());
}

// --- search ---------------------------------------------------------------------------------

fn search_ids(f: &Fixture, actor: &Actor, text: &str) -> Vec<String> {
    aio_core::crm::search::search(&f.conn, actor, text, 20)
        .expect("search")
        .into_iter()
        .map(|h| h.id.to_string())
        .collect()
}

#[test]
fn search_finds_contacts_by_prefix_phone_digits_and_notes_in_this_organization_only() {
    let mut f = fresh();
    let grace = records::create(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        obj(json!({ "first_name": "Grace", "last_name": "Müller", "email": "grace@navy.example", "phone": "+1 (444) 559-3223", "company": "Harbor Law" })),
    )
    .expect("grace");
    let grace_id = grace["id"].as_str().expect("id").to_string();
    records::create(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        contact("other@example.com"),
    )
    .expect("other");
    for (text, why) in [
        ("gra", "first-name prefix"),
        ("mull", "diacritics folded"),
        ("GRACE navy", "two words"),
        ("5593223", "phone digits"),
        ("harb", "company"),
        ("grace@navy", "email"),
    ] {
        assert_eq!(
            search_ids(&f, &f.actor, text),
            vec![grace_id.clone()],
            "{why}: {text}"
        );
    }
    assert!(search_ids(&f, &f.actor, "zzz").is_empty());

    let note = records::create(
        &mut f.conn,
        &f.actor,
        &CONTACT_NOTES,
        obj(json!({ "contact_id": grace_id, "content": "Wants a quote for COBOL training" })),
    )
    .expect("note");
    assert_eq!(
        search_ids(&f, &f.actor, "cobol"),
        vec![grace_id.clone()],
        "note text is searchable"
    );
    let note_id = note["id"].as_str().expect("id").parse().expect("uuid");
    records::delete(&mut f.conn, &f.actor, &CONTACT_NOTES, note_id).expect("delete note");
    assert!(
        search_ids(&f, &f.actor, "cobol").is_empty(),
        "a deleted note is not searched"
    );

    records::update(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        grace_id.parse().expect("uuid"),
        obj(json!({ "last_name": "Hopper" })),
    )
    .expect("rename");
    assert!(
        search_ids(&f, &f.actor, "mull").is_empty(),
        "the old name is gone from the index"
    );
    assert_eq!(search_ids(&f, &f.actor, "hop"), vec![grace_id.clone()]);

    records::delete(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        grace_id.parse().expect("uuid"),
    )
    .expect("delete");
    assert!(
        search_ids(&f, &f.actor, "grace").is_empty(),
        "trash is not searched"
    );
    records::restore(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        grace_id.parse().expect("uuid"),
    )
    .expect("restore");
    assert_eq!(search_ids(&f, &f.actor, "grace"), vec![grace_id.clone()]);

    let org = profile::create_organization(
        &mut f.conn,
        &f.actor,
        &aio_core::team::profile::NewOrganization {
            name: "Other".into(),
            slug: Some("other-search".into()),
            parent: None,
        },
    )
    .expect("org");
    let other = Actor {
        organization_id: org.id,
        ..f.actor
    };
    assert!(
        search_ids(&f, &other, "grace").is_empty(),
        "another organization does not see it"
    );
}

#[test]
fn search_covers_demo_data_and_companies() {
    let f = with_demo(200);
    let indexed = count(&f.conn, "SELECT count(*) FROM contact_search");
    assert_eq!(indexed, 200, "every live contact has a search document");
    let (first, last, company): (String, String, String) = f
        .conn
        .query_row(
            "SELECT first_name, last_name, company FROM contacts WHERE company IS NOT NULL LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("a demo contact");
    let hits = aio_core::crm::search::search(&f.conn, &f.actor, &format!("{first} {last}"), 50)
        .expect("search");
    assert!(hits.iter().any(
        |h| h.record["first_name"] == first.as_str() && h.record["last_name"] == last.as_str()
    ));
    let hits = aio_core::crm::search::search(&f.conn, &f.actor, &company, 50).expect("search");
    assert!(hits
        .iter()
        .any(|h| h.kind == aio_core::crm::search::HitKind::Company
            && h.record["name"] == company.as_str()));
}

mod automations;
mod booking;
mod bulk_writes;
mod commerce;
mod crm;
mod forms;
mod fuzz;
mod notices;
mod pipelines;
mod slots;
mod snapshot;
mod sync;
mod timeline;

#[test]
fn a_time_range_may_not_end_before_it_starts_whoever_writes_it() {
    let mut f = fresh();
    let calendar = records::create(
        &mut f.conn,
        &f.actor,
        &CALENDARS,
        obj(json!({"name": "Work", "color": "#2563eb"})),
    )
    .expect("calendar");
    let event = |start: &str, end: &str| {
        obj(json!({"calendar_id": calendar["id"], "title": "Call",
                   "start_time": start, "end_time": end}))
    };
    let err = records::create(
        &mut f.conn,
        &f.actor,
        &EVENTS,
        event("2026-12-01T10:00:00Z", "2026-12-01T09:00:00Z"),
    )
    .expect_err("ends before it starts");
    assert!(
        matches!(&err, Error::Invalid { field, .. } if field == "end_time"),
        "{err}"
    );
    let ok = records::create(
        &mut f.conn,
        &f.actor,
        &EVENTS,
        event("2026-12-01T10:00:00Z", "2026-12-01T11:00:00Z"),
    )
    .expect("a real range");
    let id = uuid::Uuid::parse_str(ok["id"].as_str().expect("id")).expect("uuid");
    let err = records::update(
        &mut f.conn,
        &f.actor,
        &EVENTS,
        id,
        obj(json!({"start_time": "2026-12-01T12:00:00Z"})),
    )
    .expect_err("moved past its end");
    assert!(err.to_string().contains("end_time"), "{err}");
    // Weekly hours: the end comes after the start; 00:00 as the end means midnight.
    let mut rule = |start: &str, end: &str| {
        records::create(
            &mut f.conn,
            &f.actor,
            &AVAILABILITY_RULES,
            obj(json!({"day_of_week": 1, "start_time": start, "end_time": end})),
        )
    };
    assert!(rule("17:00", "09:00").is_err(), "ends before it starts");
    assert!(rule("09:00", "09:00").is_err(), "empty");
    rule("18:00", "00:00").expect("until midnight");
    rule("09:00", "17:00").expect("office hours");
}

#[test]
fn writes_take_their_time_from_the_actors_clock() {
    let mut f = fresh();
    let at: aio_core::schema::Timestamp = "2031-02-03T04:05:06.789Z".parse().expect("instant");
    let actor = f.actor.at(at);
    let row = records::create(&mut f.conn, &actor, &CONTACTS, contact("clock@example.com"))
        .expect("contact");
    assert_eq!(row["created_at"], "2031-02-03T04:05:06.789Z");
    assert_eq!(row["updated_at"], "2031-02-03T04:05:06.789Z");
    let id = row["id"].as_str().expect("id").parse().expect("uuid");
    let later = f.actor.at("2031-02-04T00:00:00Z".parse().expect("instant"));
    let deleted = records::delete(&mut f.conn, &later, &CONTACTS, id).expect("delete");
    assert_eq!(deleted["deleted_at"], "2031-02-04T00:00:00.000Z");
    let audited: String = f
        .conn
        .query_row(
            "SELECT created_at FROM audit_logs WHERE entity_id = ?1 AND action = 'delete'",
            [id.to_string()],
            |r| r.get(0),
        )
        .expect("audit entry");
    assert_eq!(audited, "2031-02-04T00:00:00.000Z");
}
