//! `aio-crm pipelines` and `aio-crm cards`: a pipeline from a template, its board in order
//! as text and JSON, and cards moved before and after others, lost with a reason, reopened.

use serde_json::Value;

use super::{aio, create_record, migrated};

fn board(db: &str) -> Value {
    let run = aio(&[
        "pipelines",
        "board",
        "--db",
        db,
        "--pipeline",
        "deals",
        "--json",
    ]);
    assert!(run.ok, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("the board as JSON")
}

/// Titles per stage name, in order.
fn columns(board: &Value) -> Vec<(String, Vec<String>)> {
    board["stages"]
        .as_array()
        .expect("stages")
        .iter()
        .map(|s| {
            let cards = s["cards"]
                .as_array()
                .expect("cards")
                .iter()
                .map(|c| c["title"].as_str().unwrap_or_default().to_string())
                .collect();
            (s["name"].as_str().unwrap_or_default().to_string(), cards)
        })
        .collect()
}

#[test]
fn cards_move_on_a_board_printed_in_order() {
    let (_dir, db) = migrated();
    let created = aio(&[
        "pipelines",
        "create",
        "--db",
        &db,
        "--name",
        "Deals",
        "--template",
        "sales",
    ]);
    assert!(created.ok, "{}", created.stderr);
    let pipeline = created.stdout.trim().to_string();
    let b = board(&db);
    let lead = b["stages"][0]["id"].as_str().expect("Lead").to_string();
    let mut ids = Vec::new();
    for (title, value) in [("Alpha", "100.10"), ("Beta", "200.20"), ("Gamma", "300.30")] {
        ids.push(create_record(
            &db,
            "pipeline_cards",
            &format!(r#"{{"pipeline_id": "{pipeline}", "stage_id": "{lead}", "title": "{title}", "value": "{value}"}}"#),
        ));
    }
    let list = aio(&["pipelines", "list", "--db", &db]);
    assert!(
        list.stdout
            .contains(&format!("{pipeline}\tsales\t3 cards\tDeals")),
        "{}",
        list.stdout
    );
    assert_eq!(columns(&board(&db))[0].1, ["Alpha", "Beta", "Gamma"]);

    let moved = aio(&[
        "cards", "move", "--db", &db, "--id", &ids[2], "--stage", "lead", "--before", &ids[0],
    ]);
    assert!(moved.ok, "{}", moved.stderr);
    let moved = aio(&[
        "cards",
        "move",
        "--db",
        &db,
        "--id",
        &ids[1],
        "--stage",
        "Qualified",
    ]);
    assert!(moved.ok, "{}", moved.stderr);
    let moved = aio(&[
        "cards",
        "move",
        "--db",
        &db,
        "--id",
        &ids[0],
        "--stage",
        "Qualified",
        "--before",
        &ids[1],
    ]);
    assert!(moved.ok, "{}", moved.stderr);
    let cols = columns(&board(&db));
    assert_eq!(cols[0], ("Lead".to_string(), vec!["Gamma".to_string()]));
    assert_eq!(
        cols[1],
        (
            "Qualified".to_string(),
            vec!["Alpha".to_string(), "Beta".to_string()]
        )
    );
    assert_eq!(
        board(&db)["stages"][1]["total_value"],
        "300.30",
        "exact money"
    );

    // The text board: stages in order, cards in order, with totals.
    let text = aio(&["pipelines", "board", "--db", &db, "--pipeline", &pipeline]);
    assert!(text.ok, "{}", text.stderr);
    let alpha = text.stdout.find("Alpha").expect("Alpha shown");
    let beta = text.stdout.find("Beta").expect("Beta shown");
    let qualified = text
        .stdout
        .find("== Qualified (2 cards, 300.30) ==")
        .expect("the Qualified header");
    assert!(qualified < alpha && alpha < beta, "{}", text.stdout);

    // A lost stage asks for a reason; the error names the flag's field.
    let refused = aio(&[
        "cards", "move", "--db", &db, "--id", &ids[1], "--stage", "Lost",
    ]);
    assert!(!refused.ok);
    assert!(
        refused.stderr.contains("lost_reason: is required"),
        "{}",
        refused.stderr
    );
    let lost = aio(&[
        "cards",
        "move",
        "--db",
        &db,
        "--id",
        &ids[1],
        "--stage",
        "Lost",
        "--lost-reason",
        "Budget cut",
    ]);
    assert!(lost.ok, "{}", lost.stderr);
    assert_eq!(
        board(&db)["stages"][5]["cards"][0]["lost_reason"],
        "Budget cut"
    );
    let reopened = aio(&["cards", "reopen", "--db", &db, "--id", &ids[1]]);
    assert!(reopened.ok, "{}", reopened.stderr);
    assert_eq!(
        columns(&board(&db))[1].1,
        ["Alpha", "Beta"],
        "back in Qualified, at the end"
    );

    // Unknown stage and a stage of no such name are clear errors.
    let unknown = aio(&[
        "cards", "move", "--db", &db, "--id", &ids[0], "--stage", "Nowhere",
    ]);
    assert!(
        !unknown.ok && unknown.stderr.contains("stage: no stage \"Nowhere\""),
        "{}",
        unknown.stderr
    );
    let show = aio(&["pipelines", "show", "--db", &db, "--pipeline", "Deals"]);
    assert!(show.ok, "{}", show.stderr);
    let shown: Value = serde_json::from_str(&show.stdout).expect("JSON");
    assert_eq!(shown["stages"].as_array().map(Vec::len), Some(6));
    assert_eq!(
        shown["dashboard"]["funnel"][0]["reached"], 3,
        "all three entered Lead"
    );
}
