//! Snapshots: a template workspace's setup copied into a new client workspace.

use std::collections::HashSet;

use aio_core::team::snapshot;
use aio_core::Error;

use super::*;

fn live(conn: &Connection, table: &str, org: &str) -> i64 {
    conn.query_row(
        &format!("SELECT count(*) FROM {table} WHERE organization_id = ?1 AND deleted_at IS NULL"),
        [org],
        |r| r.get(0),
    )
    .expect("count")
}

fn ids(conn: &Connection, sql: &str, org: &str) -> HashSet<String> {
    conn.prepare(sql)
        .expect("query")
        .query_map([org], |r| r.get(0))
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("ids")
}

#[test]
fn a_snapshot_copies_the_setup_with_references_remapped_and_no_data() {
    let mut f = with_demo(40);
    let template = f.actor.organization_id.to_string();
    // An automation naming a form, a pipeline and its stage: the copy names their copies.
    let (pipeline, stage): (String, String) = f
        .conn
        .query_row(
            "SELECT p.id, s.id FROM pipelines p JOIN pipeline_stages s ON s.pipeline_id = p.id
             WHERE p.organization_id = ?1 AND s.deleted_at IS NULL LIMIT 1",
            [&template],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("a demo pipeline stage");
    let form: String = f
        .conn
        .query_row(
            "SELECT id FROM forms WHERE organization_id = ?1 LIMIT 1",
            [&template],
            |r| r.get(0),
        )
        .expect("a demo form");
    let actor = f.actor;
    records::create(
        &mut f.conn,
        &actor,
        &AUTOMATIONS,
        obj(json!({
            "name": "Enquiry to deal", "trigger_type": "form_submit", "is_active": true,
            "trigger_config": { "form_id": form },
            "actions": [{ "type": "create_card", "pipeline_id": pipeline, "stage_id": stage, "title": "Deal" }],
        })),
    )
    .expect("an automation");
    let client = profile::create_organization(
        &mut f.conn,
        &f.actor,
        &profile::NewOrganization {
            name: "Client A".into(),
            slug: Some("client-a".into()),
            parent: None,
        },
    )
    .expect("org");
    let to = client.id.to_string();

    let result =
        snapshot::snapshot(&mut f.conn, &f.actor, &template, "client-a").expect("snapshot");
    assert_eq!(result.organization_id, client.id);
    let copied: Vec<(&str, u64)> = result
        .copied
        .iter()
        .map(|c| (c.table.as_str(), c.rows))
        .collect();

    let stages = "SELECT s.id FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id
                  WHERE p.organization_id = ?1 AND s.deleted_at IS NULL";
    let expected = [
        ("pipelines", live(&f.conn, "pipelines", &template) as u64),
        (
            "pipeline_stages",
            ids(&f.conn, stages, &template).len() as u64,
        ),
        ("forms", live(&f.conn, "forms", &template) as u64),
        ("templates", live(&f.conn, "templates", &template) as u64),
        (
            "automations",
            live(&f.conn, "automations", &template) as u64,
        ),
    ];
    for (table, rows) in expected {
        assert!(rows > 0, "the demo has {table} to copy");
        assert!(
            copied.contains(&(table, rows)),
            "{rows} {table} copied: {copied:?}"
        );
    }
    assert_eq!(live(&f.conn, "pipelines", &to) as u64, expected[0].1);
    assert_eq!(ids(&f.conn, stages, &to).len() as u64, expected[1].1);
    assert_eq!(live(&f.conn, "forms", &to) as u64, expected[2].1);

    // Data stays where it is.
    for table in ["contacts", "invoices", "orders", "companies"] {
        assert!(live(&f.conn, table, &template) > 0, "the demo has {table}");
        assert_eq!(live(&f.conn, table, &to), 0, "no {table} copied");
    }
    let cards = count(
        &f.conn,
        &format!("SELECT count(*) FROM pipeline_cards c JOIN pipelines p ON p.id = c.pipeline_id WHERE p.organization_id = '{to}'"),
    );
    assert_eq!(cards, 0, "no cards copied");
    let submissions = count(
        &f.conn,
        &format!("SELECT count(*) FROM form_submissions s JOIN forms x ON x.id = s.form_id WHERE x.organization_id = '{to}'"),
    );
    assert_eq!(submissions, 0, "no submissions copied");

    // Every reference points into the new workspace, none back into the template.
    let old: HashSet<String> = [
        "SELECT id FROM pipelines WHERE organization_id = ?1",
        stages,
        "SELECT id FROM forms WHERE organization_id = ?1",
        "SELECT id FROM templates WHERE organization_id = ?1",
    ]
    .iter()
    .flat_map(|sql| ids(&f.conn, sql, &template))
    .collect();
    let strays = count(
        &f.conn,
        &format!("SELECT count(*) FROM pipeline_stages s WHERE s.pipeline_id IN (SELECT id FROM pipelines WHERE organization_id = '{to}') AND s.pipeline_id IN (SELECT id FROM pipelines WHERE organization_id = '{template}')"),
    );
    assert_eq!(strays, 0);
    let automations: Vec<(String, String, bool)> = f
        .conn
        .prepare(
            "SELECT trigger_config, actions, is_active FROM automations WHERE organization_id = ?1",
        )
        .expect("query")
        .query_map([&to], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("rows")
        .collect::<rusqlite::Result<_>>()
        .expect("automations");
    let mut remapped = 0;
    for (config, actions, active) in &automations {
        assert!(!active, "a copied automation is switched off");
        for id in &old {
            assert!(
                !config.contains(id.as_str()) && !actions.contains(id.as_str()),
                "a copied automation names the template's row {id}: {config} {actions}"
            );
        }
        let new = ids(&f.conn, "SELECT id FROM pipeline_stages WHERE pipeline_id IN (SELECT id FROM pipelines WHERE organization_id = ?1) UNION SELECT id FROM forms WHERE organization_id = ?1 UNION SELECT id FROM templates WHERE organization_id = ?1 UNION SELECT id FROM pipelines WHERE organization_id = ?1", &to);
        remapped += new
            .iter()
            .filter(|id| config.contains(id.as_str()) || actions.contains(id.as_str()))
            .count();
    }
    assert!(
        remapped >= 3,
        "the automation names the copied form, pipeline and stage: {automations:?}"
    );

    // One batch, an audit entry per copied row.
    let total: u64 = result.copied.iter().map(|c| c.rows).sum();
    let audited = count(
        &f.conn,
        &format!("SELECT count(*) FROM audit_logs WHERE action = 'create' AND json_extract(changes, '$.batch') = '{}'", result.batch_id),
    );
    assert_eq!(
        audited as u64, total,
        "each copied row audited in the batch"
    );

    // A second snapshot into it is refused, naming what it already has.
    let again = snapshot::snapshot(&mut f.conn, &f.actor, &template, &to).expect_err("twice");
    assert!(
        matches!(&again, Error::Conflict { field, reason } if field == "to" && reason.contains("already has its own setup")),
        "{again}"
    );
    assert_eq!(
        live(&f.conn, "pipelines", &to) as u64,
        expected[0].1,
        "nothing copied twice"
    );
}

#[test]
fn a_snapshot_names_what_is_wrong_with_its_workspaces() {
    let mut f = fresh();
    let here = f.actor.organization_id.to_string();
    let missing = snapshot::snapshot(&mut f.conn, &f.actor, "no-such-workspace", &here)
        .expect_err("an unknown template");
    assert!(
        missing.to_string().starts_with("from: no organization"),
        "{missing}"
    );
    let itself = snapshot::snapshot(&mut f.conn, &f.actor, &here, &here).expect_err("itself");
    assert!(
        itself
            .to_string()
            .starts_with("to: is the template workspace itself"),
        "{itself}"
    );
}
