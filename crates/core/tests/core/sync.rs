//! Replicas of one organisation exchanging row-document updates directly (no server):
//! every order and duplication of updates gives the same rows, concurrent edits merge,
//! and what a CRDT cannot hold is repaired the same way everywhere.

use aio_core::db::{self, OpenMode};
use aio_core::records::{self, Row};
use aio_core::schema::TableDef;
use aio_core::sync::{self, RemoteUpdate};
use aio_core::tables::{COMPANIES, CONTACTS, CONTACT_NOTES};
use aio_core::team::profile;
use aio_core::Actor;
use rusqlite::Connection;
use serde_json::{json, Value};
use tempfile::TempDir;
use uuid::Uuid;

use super::obj;

pub(super) struct Replica {
    pub(super) conn: Connection,
    pub(super) actor: Actor,
}

/// `n` replicas of one profile: the first is created, the others are copies of its file
/// made before any sync state exists, so each picks its own client id.
pub(super) fn replicas(n: usize) -> (TempDir, Vec<Replica>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = dir.path().join("r0.sqlite3");
    {
        let (mut conn, _) = db::open(&first, OpenMode::CreateIfMissing).expect("open");
        profile::ensure(&mut conn).expect("profile");
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .expect("checkpoint");
    }
    let mut out = Vec::new();
    for i in 0..n {
        let path = dir.path().join(format!("r{i}.sqlite3"));
        if i > 0 {
            std::fs::copy(&first, &path).expect("copy");
        }
        let (mut conn, _) = db::open(&path, OpenMode::Existing).expect("open copy");
        let actor = profile::ensure(&mut conn).expect("profile");
        let mut replica = Replica { conn, actor };
        // The profile's own rows are in every copy already.
        replica.take();
        out.push(replica);
    }
    (dir, out)
}

impl Replica {
    /// Flushes local writes and takes everything in the outbox.
    pub(super) fn take(&mut self) -> Vec<RemoteUpdate> {
        let tx = self.conn.transaction().expect("tx");
        sync::flush(&tx).expect("flush");
        tx.commit().expect("commit");
        let entries = sync::outbox(&self.conn, 100_000).expect("outbox");
        if let Some(last) = entries.last() {
            sync::acknowledge(&self.conn, last.seq).expect("ack");
        }
        entries
            .into_iter()
            .map(|e| RemoteUpdate {
                table: e.table,
                row_id: e.row_id,
                data: e.data,
            })
            .collect()
    }

    pub(super) fn apply(&mut self, updates: &[RemoteUpdate]) -> sync::Applied {
        let tx = self.conn.transaction().expect("tx");
        let applied = sync::apply_remote(&tx, updates).expect("apply");
        tx.commit().expect("commit");
        applied
    }

    fn create(&mut self, table: &TableDef, input: Value) -> Uuid {
        let row = records::create(&mut self.conn, &self.actor, table, obj(input)).expect("create");
        Uuid::parse_str(row["id"].as_str().expect("id")).expect("uuid")
    }

    fn update(&mut self, table: &TableDef, id: Uuid, patch: Value) {
        records::update(&mut self.conn, &self.actor, table, id, obj(patch)).expect("update");
    }

    fn contact(&self, id: Uuid) -> Row {
        records::get(&self.conn, &self.actor, &CONTACTS, id).expect("contact")
    }
}

pub(super) fn full_rows(conn: &Connection, table: &str) -> Vec<String> {
    let columns: Vec<String> = conn
        .prepare(&format!(
            "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
        ))
        .expect("columns")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names");
    let object = columns
        .iter()
        .map(|c| format!("'{c}', {c}"))
        .collect::<Vec<_>>()
        .join(", ");
    conn.prepare(&format!(
        "SELECT json_object({object}) FROM {table} ORDER BY id"
    ))
    .expect("select")
    .query_map([], |r| r.get(0))
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}

fn assert_same(a: &Replica, b: &Replica) {
    for table in ["contacts", "contact_notes", "companies"] {
        assert_eq!(
            full_rows(&a.conn, table),
            full_rows(&b.conn, table),
            "{table} differ"
        );
    }
}

fn create_contact(r: &mut Replica, first: &str, email: &str) -> Uuid {
    r.create(
        &CONTACTS,
        json!({"first_name": first, "last_name": "Test", "email": email}),
    )
}

#[test]
fn a_contact_created_on_one_replica_appears_on_the_other() {
    let (_dir, mut r) = replicas(2);
    let id = create_contact(&mut r[0], "Ada", "ada@example.com");
    let updates = r[0].take();
    assert!(updates.iter().any(|u| u.row_id == id.to_string()));
    let applied = r[1].apply(&updates);
    assert!(applied.rejected.is_empty(), "{:?}", applied.rejected);
    assert_eq!(r[1].contact(id)["first_name"], "Ada");
    assert_same(&r[0], &r[1]);
    // Applying the same updates again changes nothing and sends nothing back.
    r[1].apply(&updates);
    assert!(
        r[1].take().is_empty(),
        "materialising remote rows is not a local edit"
    );
}

#[test]
fn concurrent_edits_merge_fields_and_converge_in_any_order() {
    let (_dir, mut r) = replicas(3);
    let id = create_contact(&mut r[0], "Ada", "ada@example.com");
    let created = r[0].take();
    r[1].apply(&created);
    r[2].apply(&created);
    // Different fields on two replicas, the same field on all three.
    r[0].update(
        &CONTACTS,
        id,
        json!({"phone": "+44 20 1234 5678", "title": "CEO"}),
    );
    r[1].update(&CONTACTS, id, json!({"company": "Acme", "title": "CTO"}));
    r[2].update(&CONTACTS, id, json!({"title": "CFO", "lead_score": 70}));
    let u: Vec<Vec<RemoteUpdate>> = r.iter_mut().map(Replica::take).collect();
    // Each replica gets the others' updates in a different order, some twice.
    r[0].apply(&[u[2].clone(), u[1].clone(), u[2].clone()].concat());
    r[1].apply(&[u[0].clone(), u[2].clone()].concat());
    r[2].apply(&[u[1].clone(), u[0].clone(), u[1].clone()].concat());
    assert_same(&r[0], &r[1]);
    assert_same(&r[1], &r[2]);
    let c = r[0].contact(id);
    assert_eq!(c["phone"], "+44 20 1234 5678");
    assert_eq!(c["company"], "Acme");
    assert_eq!(c["lead_score"], 70);
    assert!(["CEO", "CTO", "CFO"].contains(&c["title"].as_str().expect("title")));
}

#[test]
fn concurrent_edits_of_one_note_keep_both_changes() {
    let (_dir, mut r) = replicas(2);
    let contact = create_contact(&mut r[0], "Ada", "ada@example.com");
    let note_id = r[0].create(
        &CONTACT_NOTES,
        json!({"contact_id": contact.to_string(), "content": "Call on Monday."}),
    );
    let first = r[0].take();
    r[1].apply(&first);
    r[0].update(
        &CONTACT_NOTES,
        note_id,
        json!({"content": "Urgent: Call on Monday."}),
    );
    r[1].update(
        &CONTACT_NOTES,
        note_id,
        json!({"content": "Call on Monday. Ask about the invoice."}),
    );
    let (a, b) = (r[0].take(), r[1].take());
    r[0].apply(&b);
    r[1].apply(&a);
    assert_same(&r[0], &r[1]);
    let merged = records::get(&r[1].conn, &r[1].actor, &CONTACT_NOTES, note_id).expect("note");
    assert_eq!(
        merged["content"],
        "Urgent: Call on Monday. Ask about the invoice."
    );
}

#[test]
fn an_edit_and_a_delete_both_survive() {
    let (_dir, mut r) = replicas(2);
    let id = create_contact(&mut r[0], "Ada", "ada@example.com");
    let created = r[0].take();
    r[1].apply(&created);
    let actor = r[0].actor;
    records::delete(&mut r[0].conn, &actor, &CONTACTS, id).expect("delete");
    r[1].update(&CONTACTS, id, json!({"phone": "555 0100"}));
    let (a, b) = (r[0].take(), r[1].take());
    r[0].apply(&b);
    r[1].apply(&a);
    assert_same(&r[0], &r[1]);
    let c = r[1].contact(id);
    assert!(c["deleted_at"].is_string(), "the delete holds");
    assert_eq!(c["phone"], "555 0100", "the edit is kept for a restore");
}

#[test]
fn two_contacts_with_one_email_are_kept_and_the_newer_is_marked_a_duplicate() {
    let (_dir, mut r) = replicas(2);
    let older = create_contact(&mut r[0], "Ada", "same@example.com");
    std::thread::sleep(std::time::Duration::from_millis(5));
    let newer = create_contact(&mut r[1], "Adeline", "SAME@example.com");
    let (a, b) = (r[0].take(), r[1].take());
    r[0].apply(&b);
    r[1].apply(&a);
    assert_same(&r[0], &r[1]);
    for replica in &r {
        assert_eq!(replica.contact(older)["duplicate_of"], Value::Null);
        assert_eq!(replica.contact(newer)["duplicate_of"], older.to_string());
    }
    // Giving the duplicate its own email clears the mark everywhere.
    r[1].update(&CONTACTS, newer, json!({"email": "adeline@example.com"}));
    let fix = r[1].take();
    r[0].apply(&fix);
    for replica in &r {
        assert_eq!(replica.contact(newer)["duplicate_of"], Value::Null);
    }
    assert_same(&r[0], &r[1]);
}

#[test]
fn a_note_that_arrives_before_its_contact_waits_for_it() {
    let (_dir, mut r) = replicas(2);
    let contact = create_contact(&mut r[0], "Ada", "ada@example.com");
    r[0].create(
        &CONTACT_NOTES,
        json!({"contact_id": contact.to_string(), "content": "First note"}),
    );
    let updates = r[0].take();
    let (notes, contacts): (Vec<_>, Vec<_>) = updates
        .into_iter()
        .partition(|u| u.table == "contact_notes");
    let applied = r[1].apply(&notes);
    assert_eq!(applied.pending, 1, "the note waits for its contact");
    let applied = r[1].apply(&contacts);
    assert_eq!(applied.pending, 0);
    assert_same(&r[0], &r[1]);
}

#[test]
fn a_malformed_or_hostile_update_is_refused_and_changes_nothing() {
    let (_dir, mut r) = replicas(2);
    let id = create_contact(&mut r[0], "Ada", "ada@example.com");
    let good = r[0].take();
    r[1].apply(&good);
    let before = full_rows(&r[1].conn, "contacts");
    let applied = r[1].apply(&[
        RemoteUpdate {
            table: "contacts".into(),
            row_id: id.to_string(),
            data: vec![1, 2, 3, 250],
        },
        RemoteUpdate {
            table: "users".into(),
            row_id: id.to_string(),
            data: good[0].data.clone(),
        },
        RemoteUpdate {
            table: "contacts".into(),
            row_id: "not-a-uuid".into(),
            data: good[0].data.clone(),
        },
    ]);
    assert_eq!(applied.rejected.len(), 3, "{:?}", applied.rejected);
    assert!(
        applied.rejected[0].contains("Yjs"),
        "{}",
        applied.rejected[0]
    );
    assert!(
        applied.rejected[1].contains("not synced"),
        "{}",
        applied.rejected[1]
    );
    assert!(
        applied.rejected[2].contains("row_id"),
        "{}",
        applied.rejected[2]
    );
    assert_eq!(full_rows(&r[1].conn, "contacts"), before);

    // A well-formed update whose value the schema refuses is checked before it is served.
    let err =
        sync::check_update(&CONTACTS, None, &peer_update("status", "vip")).expect_err("refused");
    assert!(err.to_string().contains("status"), "{err}");
    // So is a field the table does not have, next to ones it has.
    let err = sync::check_update(
        &CONTACTS,
        Some(&good[0].data),
        &peer_update("nickname", "Ada"),
    )
    .expect_err("refused");
    assert!(
        err.to_string().contains("no synced field \"nickname\""),
        "{err}"
    );
}

/// A peer's update that sets one key of a row document's map.
fn peer_update(key: &str, value: &str) -> Vec<u8> {
    use yrs::{Doc, Map, ReadTxn, StateVector, Transact};
    let doc = Doc::with_client_id(99);
    let map = doc.get_or_insert_map("row");
    let mut txn = doc.transact_mut();
    map.insert(&mut txn, key, value);
    drop(txn);
    let out = doc
        .transact()
        .encode_state_as_update_v1(&StateVector::default());
    out
}

#[test]
fn a_tag_created_on_two_laptops_offline_is_kept_twice_under_distinct_names() {
    use aio_core::tables::TAGS;
    let (_dir, mut r) = replicas(3);
    let first = r[0].create(&TAGS, json!({"name": "VIP", "type": "contact"}));
    std::thread::sleep(std::time::Duration::from_millis(5));
    let second = r[1].create(&TAGS, json!({"name": "vip", "type": "contact"}));
    let (a, b) = (r[0].take(), r[1].take());
    // The third replica sees the newer one first.
    r[2].apply(&b);
    r[2].apply(&a);
    r[0].apply(&b);
    r[1].apply(&a);
    for replica in &r {
        assert_eq!(
            full_rows(&replica.conn, "tags"),
            full_rows(&r[0].conn, "tags")
        );
        let name = |id: Uuid| -> String {
            replica
                .conn
                .query_row(
                    "SELECT name FROM tags WHERE id = ?1",
                    [id.to_string()],
                    |row| row.get(0),
                )
                .expect("tag")
        };
        assert_eq!(name(first), "VIP", "the oldest keeps the name");
        let id = second.to_string();
        assert_eq!(name(second), format!("vip-{}", &id[id.len() - 8..]));
    }
    // Trashing the winner hands the name to the other one everywhere.
    let actor = r[2].actor;
    records::delete(&mut r[2].conn, &actor, &TAGS, first).expect("delete");
    let gone = r[2].take();
    r[0].apply(&gone);
    r[1].apply(&gone);
    for replica in &r {
        let name: String = replica
            .conn
            .query_row(
                "SELECT name FROM tags WHERE id = ?1",
                [second.to_string()],
                |row| row.get(0),
            )
            .expect("tag");
        assert_eq!(name, "vip");
        assert_eq!(
            full_rows(&replica.conn, "tags"),
            full_rows(&r[0].conn, "tags")
        );
    }
}

/// Two replicas, each with a contact tag "vip" made offline and then exchanged: the
/// first (older) keeps the name, the second is renamed on both. Returns their ids.
fn two_vip_tags(r: &mut [Replica]) -> (Uuid, Uuid) {
    use aio_core::tables::TAGS;
    let first = r[0].create(&TAGS, json!({"name": "vip", "type": "contact"}));
    std::thread::sleep(std::time::Duration::from_millis(5));
    let second = r[1].create(&TAGS, json!({"name": "vip", "type": "contact"}));
    let (a, b) = (r[0].take(), r[1].take());
    r[0].apply(&b);
    r[1].apply(&a);
    (first, second)
}

/// After `from` made a change and `to` received it: the replicas hold the same tags,
/// and the tag `id` is named `name` on both.
fn assert_tags_agree(r: &mut [Replica], from: usize, to: usize, id: Uuid, name: &str) {
    let change = r[from].take();
    r[to].apply(&change);
    assert_eq!(
        full_rows(&r[to].conn, "tags"),
        full_rows(&r[from].conn, "tags"),
        "the tags are the same on both replicas"
    );
    for replica in r.iter() {
        let stored: String = replica
            .conn
            .query_row(
                "SELECT name FROM tags WHERE id = ?1",
                [id.to_string()],
                |row| row.get(0),
            )
            .expect("the tag");
        assert_eq!(stored, name, "tag {id} is named {name}");
    }
}

#[test]
fn a_unique_value_a_remote_edit_gives_up_goes_to_the_next_row_everywhere() {
    use aio_core::tables::TAGS;
    let (_dir, mut r) = replicas(2);
    let (first, second) = two_vip_tags(&mut r);
    // The first tag leaves the name on one laptop; the other laptop only receives that,
    // and there too the second tag takes the name back.
    r[0].update(&TAGS, first, json!({"name": "gold"}));
    assert_tags_agree(&mut r, 0, 1, second, "vip");
}

#[test]
fn a_renamed_row_moved_to_another_scope_takes_its_own_value_there() {
    use aio_core::tables::TAGS;
    let (_dir, mut r) = replicas(2);
    let (_, second) = two_vip_tags(&mut r);
    // The laptop holding the renamed tag moves it where no other tag holds the name:
    // alone in its new group, it has its own name everywhere.
    r[1].update(&TAGS, second, json!({"type": "general"}));
    assert_tags_agree(&mut r, 1, 0, second, "vip");
}

#[test]
fn a_trashed_tag_counts_the_same_where_it_was_used_and_where_it_arrived_trashed() {
    use aio_core::tables::TAGS;
    let (_dir, mut r) = replicas(2);
    let tag = r[0].create(&TAGS, json!({"name": "vip", "type": "contact"}));
    r[0].create(
        &CONTACTS,
        json!({"first_name": "Ada", "last_name": "L", "email": "ada@x.test", "tags": ["vip"]}),
    );
    let actor = r[0].actor;
    records::delete(&mut r[0].conn, &actor, &TAGS, tag).expect("trash the tag");
    // The second replica gets the tag once, already trashed, after its contact.
    let updates = r[0].take();
    r[1].apply(&updates);
    assert_eq!(
        full_rows(&r[1].conn, "tags"),
        full_rows(&r[0].conn, "tags"),
        "the tags are the same on both replicas"
    );
    for (i, replica) in r.iter().enumerate() {
        let count: i64 = replica
            .conn
            .query_row(
                "SELECT usage_count FROM tags WHERE id = ?1",
                [tag.to_string()],
                |row| row.get(0),
            )
            .expect("the tag");
        assert_eq!(count, 0, "replica {i}: a trashed tag counts nothing");
    }
}

#[test]
fn every_unique_index_of_a_synced_table_has_a_declared_repair_and_back() {
    let (_dir, r) = replicas(1);
    let indexes: Vec<(String, String)> = r[0]
        .conn
        .prepare("SELECT tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql LIKE 'CREATE UNIQUE%'")
        .expect("indexes")
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let covers = |sql: &str, rule: &aio_core::schema::Unique| {
        rule.scope
            .iter()
            .chain([&rule.column])
            .all(|c| sql.contains(c))
    };
    let mut checked = 0;
    for (table, sql) in &indexes {
        let Ok(def) = sync::synced_table(table) else {
            continue;
        };
        assert!(
            def.rules.unique.iter().any(|rule| covers(sql, rule)),
            "{table} declares no unique rule (with its sync repair) for {sql}"
        );
        checked += 1;
    }
    // Every declared rule is held by an index of its table, so the check above saw them.
    for table in sync::synced_tables() {
        for rule in table.rules.unique {
            assert!(
                indexes
                    .iter()
                    .any(|(t, sql)| t == table.name && covers(sql, rule)),
                "{}.{} is declared unique but no unique index holds it",
                table.name,
                rule.column
            );
        }
    }
    let declared: usize = sync::synced_tables().map(|t| t.rules.unique.len()).sum();
    assert!(
        checked >= declared && declared > 0,
        "{checked} unique indexes of synced tables checked, {declared} rules declared"
    );
}

#[test]
fn tables_arrive_parents_first_and_tags_before_the_contacts_that_count_them() {
    let order: Vec<&str> = sync::synced_tables().map(|t| t.name).collect();
    let position = |name: &str| order.iter().position(|t| *t == name);
    for table in sync::synced_tables() {
        for parent in table.columns.iter().filter_map(|c| c.references) {
            // Parents that are not synced (users, organisations) come from the accounts.
            if let (Some(p), Some(t)) = (position(parent), position(table.name)) {
                assert!(
                    parent == table.name || p < t,
                    "{parent} comes after {}",
                    table.name
                );
            }
        }
    }
    let tags = position("tags").expect("tags are synced");
    let contacts = position("contacts").expect("contacts are synced");
    assert!(tags < contacts, "tags at {tags}, contacts at {contacts}");
}

/// A new device stores rows read ahead in multi-row statements, as new rows of its empty
/// tables (no probe for a stored document or row): a row whose parent has
/// not arrived waits without holding back the others of its statement, and the result is
/// the same as applying the updates one document at a time.
#[test]
fn rows_read_ahead_are_stored_in_batches_like_rows_applied_one_by_one() {
    let (_dir, mut r) = replicas(4);
    let company = r[0].create(&COMPANIES, json!({"name": "Acme"}));
    let company_update = r[0].take();
    let mut contacts = Vec::new();
    for i in 0..250 {
        let mut input = json!({"first_name": format!("P{i}"), "last_name": "Test",
                               "email": format!("p{i}@example.com")});
        if i == 177 {
            input["company_id"] = json!(company.to_string());
        }
        contacts.push(r[0].create(&CONTACTS, input));
    }
    std::thread::sleep(std::time::Duration::from_millis(5));
    let twin = create_contact(&mut r[1], "Twin", "P5@example.com");
    let updates: Vec<RemoteUpdate> = [r[0].take(), r[1].take()].concat();

    let tx = r[2].conn.transaction().expect("tx");
    let new_tables = sync::tables_without_rows(&tx).expect("empty tables");
    assert!(new_tables.contains("contacts") && new_tables.contains("companies"));
    let read: Vec<sync::Received> = updates.iter().cloned().map(sync::Received::read).collect();
    let applied = sync::apply_received(&tx, &read, &new_tables, None).expect("apply");
    tx.commit().expect("commit");
    assert!(applied.rejected.is_empty(), "{:?}", applied.rejected);
    assert_eq!(
        applied.pending, 1,
        "only the contact of the missing company waits"
    );
    assert!(records::get(&r[2].conn, &r[2].actor, &CONTACTS, contacts[176]).is_ok());
    assert!(records::get(&r[2].conn, &r[2].actor, &CONTACTS, contacts[177]).is_err());
    assert_eq!(r[2].contact(twin)["duplicate_of"], contacts[5].to_string());
    assert_eq!(r[2].contact(contacts[5])["duplicate_of"], Value::Null);

    let applied = r[2].apply(&company_update);
    assert_eq!(applied.pending, 0);
    assert_eq!(
        r[2].contact(contacts[177])["company_id"],
        company.to_string()
    );

    r[3].apply(&[company_update, updates].concat());
    assert_same(&r[2], &r[3]);
    assert!(r[2].take().is_empty(), "stored rows are not local edits");
}
