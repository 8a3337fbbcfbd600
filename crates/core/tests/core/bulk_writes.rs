//! Bulk writes (demo data, imports, a new device's first sync) stay linear: what they put
//! off never turns a per-row statement into a scan of the table being filled.

use aio_core::crm::search;
use aio_core::deferred;

use super::*;

/// Every `FROM <table> WHERE <column> = …` / `IN (…` lookup in the schema's triggers: the
/// statements SQLite runs once per written row.
fn trigger_lookups(conn: &Connection) -> Vec<(String, String, String)> {
    let triggers: Vec<(String, String)> = conn
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        .expect("triggers")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let mut lookups = Vec::new();
    for (name, sql) in triggers {
        let words: Vec<&str> = sql.split_whitespace().collect();
        for w in words.windows(5) {
            if w[0].eq_ignore_ascii_case("FROM")
                && w[2].eq_ignore_ascii_case("WHERE")
                && (w[4] == "=" || w[4].eq_ignore_ascii_case("IN"))
            {
                lookups.push((name.clone(), w[1].to_string(), w[3].to_string()));
            }
        }
    }
    lookups
}

fn plan(conn: &Connection, sql: &str) -> String {
    conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("explain")
        .query_map([], |r| r.get::<_, String>(3))
        .expect("query")
        .collect::<Result<Vec<_>, _>>()
        .expect("plan")
        .join("; ")
}

#[test]
fn a_bulk_write_keeps_every_index_a_trigger_looks_rows_up_by() {
    let mut f = fresh();
    let lookups = trigger_lookups(&f.conn);
    assert!(
        lookups
            .iter()
            .any(|(_, table, column)| table == "contact_notes" && column == "contact_id"),
        "the search triggers read a contact's notes: {lookups:?}"
    );
    for table in TABLES.iter() {
        // As an import or a new device's first sync leaves the table until it finishes.
        let tx = f.conn.transaction().expect("tx");
        deferred::drop_indexes(&tx, table).expect("drop indexes");
        for (trigger, _, column) in lookups.iter().filter(|(_, t, _)| t == table.name) {
            let sql = format!("SELECT 1 FROM {} WHERE {column} = 'x'", table.name);
            let plan = plan(&tx, &sql);
            assert!(
                !plan.starts_with("SCAN"),
                "{trigger} looks up {}.{column} once per row; with the bulk write's indexes \
                 dropped that is a scan of the table being filled (quadratic): {plan}",
                table.name
            );
        }
        tx.rollback().expect("rollback");
    }
}

#[test]
fn a_batch_of_one_table_leaves_the_callers_search_deferral_in_place() {
    let mut f = fresh();
    // A bulk writer of several tables (the demo) defers search once for all of them.
    search::defer_contacts(&f.conn).expect("defer");
    let contacts: Vec<Row> = (0..3)
        .map(|i| contact(&format!("deferred{i}@example.com")))
        .collect();
    records::create_many(&mut f.conn, &f.actor, &CONTACTS, contacts, "test").expect("contacts");
    assert!(
        search::has_pending_contacts(&f.conn).expect("pending"),
        "the contacts' batch ended the caller's deferral"
    );
    let first: String = f
        .conn
        .query_row("SELECT id FROM contacts ORDER BY rowid LIMIT 1", [], |r| {
            r.get(0)
        })
        .expect("a contact");
    let notes = vec![obj(
        json!({ "contact_id": first, "content": "zeppelin workshop" }),
    )];
    records::create_many(&mut f.conn, &f.actor, &CONTACT_NOTES, notes, "test").expect("notes");
    assert!(search::has_pending_contacts(&f.conn).expect("pending"));
    assert_eq!(
        count(&f.conn, "SELECT count(*) FROM contact_search"),
        0,
        "nothing indexed row by row while deferred"
    );
    // One pass at the end indexes every contact with its notes.
    assert_eq!(search::index_pending_contacts(&f.conn).expect("index"), 3);
    let hits = search::search(&f.conn, &f.actor, "zeppel", 5).expect("search");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id.to_string(), first);
}

#[test]
fn a_batch_of_posts_indexes_its_new_contacts_once_at_the_end_and_ends_its_deferral() {
    let mut f = fresh();
    let tx = f.conn.transaction().expect("tx");
    let indexing = search::BatchIndexing::begin(&tx).expect("begin");
    let mut ids = Vec::new();
    for i in 0..3 {
        // Each post under its own savepoint, as the server's form batch runs them.
        tx.execute_batch("SAVEPOINT one_post").expect("savepoint");
        let row = records::create_in(
            &tx,
            &f.actor,
            &CONTACTS,
            contact(&format!("posted{i}@example.com")),
            None,
        )
        .expect("contact");
        if i == 1 {
            // A refused post: its contact never was.
            tx.execute_batch("ROLLBACK TO one_post; RELEASE one_post")
                .expect("rollback");
        } else {
            tx.execute_batch("RELEASE one_post").expect("release");
            ids.push(uuid::Uuid::parse_str(row["id"].as_str().expect("id")).expect("uuid"));
        }
    }
    assert_eq!(
        count(&tx, "SELECT count(*) FROM contact_search"),
        0,
        "nothing indexed post by post"
    );
    assert_eq!(indexing.finish(&tx, &ids).expect("finish"), 2);
    assert!(!search::has_pending_contacts(&tx).expect("pending"));
    tx.commit().expect("commit");
    assert_eq!(
        search::search(&f.conn, &f.actor, "posted0", 5)
            .expect("search")
            .len(),
        1
    );
    // Contacts created after the batch are indexed row by row again.
    records::create(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        contact("after@example.com"),
    )
    .expect("after");
    assert_eq!(
        search::search(&f.conn, &f.actor, "after", 5)
            .expect("search")
            .len(),
        1
    );
}

#[test]
fn a_batch_inside_an_open_bulk_deferral_leaves_it_to_the_bulk_writer() {
    let mut f = fresh();
    search::defer_contacts(&f.conn).expect("defer");
    let tx = f.conn.transaction().expect("tx");
    let indexing = search::BatchIndexing::begin(&tx).expect("begin");
    let row = records::create_in(
        &tx,
        &f.actor,
        &CONTACTS,
        contact("inbulk@example.com"),
        None,
    )
    .expect("contact");
    let id = uuid::Uuid::parse_str(row["id"].as_str().expect("id")).expect("uuid");
    assert_eq!(indexing.finish(&tx, &[id]).expect("finish"), 0);
    tx.commit().expect("commit");
    assert!(search::has_pending_contacts(&f.conn).expect("still deferred"));
    assert_eq!(search::index_pending_contacts(&f.conn).expect("index"), 1);
}

#[test]
fn a_database_that_keeps_no_search_index_drops_its_documents_and_writes_none() {
    let mut f = fresh();
    let searched = |f: &Fixture, text: &str| {
        search::search(&f.conn, &f.actor, text, 5)
            .expect("search")
            .len()
    };
    let before = records::create(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        contact("kept@example.com"),
    )
    .expect("contact");
    let mut company = Row::new();
    company.insert("name".into(), json!("Searchable Ltd"));
    records::create(&mut f.conn, &f.actor, &COMPANIES, company).expect("company");
    assert_eq!(searched(&f, "kept"), 1);
    assert_eq!(searched(&f, "Searchable"), 1);

    search::keep_none(&mut f.conn).expect("keep none");
    assert!(!search::kept(&f.conn).expect("kept"));
    assert_eq!(count(&f.conn, "SELECT count(*) FROM contact_search"), 0);
    assert_eq!(count(&f.conn, "SELECT count(*) FROM company_search"), 0);
    search::keep_none(&mut f.conn).expect("a second time changes nothing");

    // Every way a contact gets a document: a plain write, an edit of a searched column,
    // a batch of posts, a bulk write's deferral and its indexing pass.
    let id = uuid::Uuid::parse_str(before["id"].as_str().expect("id")).expect("uuid");
    let mut patch = Row::new();
    patch.insert("first_name".into(), json!("Renamed"));
    records::update(&mut f.conn, &f.actor, &CONTACTS, id, patch).expect("edit");
    records::create(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        contact("plain@example.com"),
    )
    .expect("plain");
    let tx = f.conn.transaction().expect("tx");
    let indexing = search::BatchIndexing::begin(&tx).expect("begin");
    let posted = records::create_in(
        &tx,
        &f.actor,
        &CONTACTS,
        contact("posted@example.com"),
        None,
    )
    .expect("posted");
    let posted = uuid::Uuid::parse_str(posted["id"].as_str().expect("id")).expect("uuid");
    assert_eq!(indexing.finish(&tx, &[posted]).expect("finish"), 0);
    tx.commit().expect("commit");
    search::defer_contacts(&f.conn).expect("defer");
    records::create(
        &mut f.conn,
        &f.actor,
        &CONTACTS,
        contact("bulk@example.com"),
    )
    .expect("bulk");
    assert_eq!(
        deferred::finish(&mut f.conn)
            .expect("finish")
            .contacts_indexed,
        0
    );
    assert!(
        !search::has_pending_contacts(&f.conn).expect("pending"),
        "the deferral still ends"
    );
    let mut company = Row::new();
    company.insert("name".into(), json!("Unsearched Ltd"));
    records::create(&mut f.conn, &f.actor, &COMPANIES, company).expect("company");

    assert_eq!(count(&f.conn, "SELECT count(*) FROM contact_search"), 0);
    assert_eq!(count(&f.conn, "SELECT count(*) FROM company_search"), 0);
    assert_eq!(
        count(
            &f.conn,
            "SELECT count(*) FROM contacts WHERE deleted_at IS NULL"
        ),
        4
    );
}

#[test]
fn a_database_nobody_lists_drops_the_lists_sort_indexes_and_still_lists_in_order() {
    let mut f = with_demo(60);
    let list_indexes = "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx\\_%\\_list\\_%' ESCAPE '\\'";
    let other_indexes = "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'idx\\_%\\_list\\_%' ESCAPE '\\'";
    let kept = count(&f.conn, other_indexes);
    assert!(
        count(&f.conn, list_indexes) >= 7,
        "contacts and companies have list indexes"
    );
    let by_name = ListQuery {
        sort: Some(Sort {
            field: "last_name".into(),
            desc: false,
        }),
        limit: Some(500),
        ..Default::default()
    };
    let names = |f: &Fixture| -> Vec<Value> {
        records::list(&f.conn, &f.actor, &CONTACTS, &by_name)
            .expect("list")
            .items
            .into_iter()
            .map(|row| json!([row["last_name"], row["id"]]))
            .collect()
    };
    let before = names(&f);

    let dropped = records::keep_no_list_indexes(&f.conn).expect("drop");
    assert!(dropped >= 7, "{dropped}");
    assert_eq!(count(&f.conn, list_indexes), 0);
    assert_eq!(count(&f.conn, other_indexes), kept, "only list indexes go");
    assert_eq!(records::keep_no_list_indexes(&f.conn).expect("again"), 0);

    // Writes and lists go on: the same rows in the same order, a new one in its place.
    records::create(&mut f.conn, &f.actor, &CONTACTS, contact("zed@example.com")).expect("create");
    let after = names(&f);
    assert_eq!(after.len(), before.len() + 1);
    let without_new: Vec<&Value> = after.iter().filter(|pair| !before.contains(pair)).collect();
    assert_eq!(without_new.len(), 1);
    assert!(after
        .iter()
        .filter(|p| before.contains(p))
        .eq(before.iter()));
}
