//! The pipelines module: boards in order, moves that write one card, the stage history
//! whoever writes, won and lost, forecast maths, rot, and replicas that converge when a
//! stage is deleted on one while a card moves into it on another.

use aio_core::modules::pipelines::board::{board, Board};
use aio_core::modules::pipelines::forecast::{self, Change};
use aio_core::modules::pipelines::history::journey;
use aio_core::modules::pipelines::moves::{add_card, move_card, reopen, CardMove};
use aio_core::modules::pipelines::setup::{
    create_from_template, delete_stage, reorder_stages, PipelineTemplate,
};
use aio_core::records::{self, Row};
use aio_core::tables::{PIPELINE_CARDS, PIPELINE_STAGES};
use aio_core::{Actor, Error};
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{json, Value};
use uuid::Uuid;

use super::sync::{full_rows, replicas};
use super::{count, fresh, obj, Fixture};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .expect("t0")
}

fn id(row: &Row) -> Uuid {
    Uuid::parse_str(row["id"].as_str().expect("id")).expect("uuid")
}

/// A sales pipeline from the template: its id and its stages in order.
fn sales(conn: &mut rusqlite::Connection, actor: &Actor) -> (Uuid, Vec<Uuid>) {
    let p = create_from_template(conn, actor, "Sales", PipelineTemplate::Sales).expect("pipeline");
    let b = board(conn, actor, id(&p)).expect("board");
    (
        id(&p),
        b.stages
            .iter()
            .map(|s| Uuid::parse_str(&s.id).expect("uuid"))
            .collect(),
    )
}

fn card(
    f: &mut Fixture,
    at: DateTime<Utc>,
    pipeline: Uuid,
    stage: Uuid,
    title: &str,
    value: &str,
) -> Uuid {
    let actor = f.actor.at(at);
    let row = add_card(
        &mut f.conn,
        &actor,
        obj(json!({"pipeline_id": pipeline, "stage_id": stage, "title": title, "value": value, "due_date": "2026-12-20"})),
    )
    .expect("card");
    id(&row)
}

/// Titles per stage, in board order.
fn titles(b: &Board) -> Vec<Vec<String>> {
    b.stages
        .iter()
        .map(|s| s.cards.iter().map(|c| c.title.clone()).collect())
        .collect()
}

fn mv(
    f: &mut Fixture,
    at: DateTime<Utc>,
    card: Uuid,
    stage: Uuid,
    before: Option<Uuid>,
    after: Option<Uuid>,
) -> Result<Row, Error> {
    let actor = f.actor.at(at);
    move_card(
        &mut f.conn,
        &actor,
        &CardMove {
            card_id: card,
            stage_id: stage,
            before,
            after,
            lost_reason: None,
        },
    )
}

#[test]
fn a_template_makes_ordered_stages_with_outcomes_and_probabilities() {
    let mut f = fresh();
    let actor = f.actor.at(t0());
    let (pipeline, _) = sales(&mut f.conn, &actor);
    let b = board(&f.conn, &actor, pipeline).expect("board");
    let names: Vec<&str> = b.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Lead",
            "Qualified",
            "Proposal",
            "Negotiation",
            "Won",
            "Lost"
        ]
    );
    assert_eq!(b.stages[4].outcome.as_deref(), Some("won"));
    assert_eq!(b.stages[5].outcome.as_deref(), Some("lost"));
    assert_eq!(b.stages[2].probability, Some(50));
    assert!(
        create_from_template(&mut f.conn, &actor, "  ", PipelineTemplate::Hiring).is_err(),
        "a name is required"
    );
}

#[test]
fn moves_put_a_card_before_or_after_another_and_write_only_that_card() {
    let mut f = fresh();
    let actor = f.actor.at(t0());
    let (pipeline, stages) = sales(&mut f.conn, &actor);
    let a = card(&mut f, t0(), pipeline, stages[0], "A", "100");
    let b = card(&mut f, t0(), pipeline, stages[0], "B", "200");
    let c = card(&mut f, t0(), pipeline, stages[0], "C", "300");
    let later = t0() + Duration::hours(1);
    assert_eq!(
        titles(&board(&f.conn, &actor, pipeline).unwrap())[0],
        ["A", "B", "C"]
    );
    let audits_before = count(&f.conn, "SELECT count(*) FROM audit_logs");
    mv(&mut f, later, c, stages[0], Some(a), None).expect("C before A");
    assert_eq!(
        titles(&board(&f.conn, &actor, pipeline).unwrap())[0],
        ["C", "A", "B"]
    );
    // One audit entry, naming only the stage and the rank (and the change stamp).
    assert_eq!(
        count(&f.conn, "SELECT count(*) FROM audit_logs"),
        audits_before + 1
    );
    let changed: String = f
        .conn
        .query_row(
            "SELECT json_extract(changes, '$.after') FROM audit_logs ORDER BY rowid DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("the move's audit entry");
    let keys: Value = serde_json::from_str(&changed).expect("json");
    let mut keys: Vec<&str> = keys
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        ["rank"],
        "the move within a stage wrote its rank only"
    );
    mv(&mut f, later, a, stages[1], None, None).expect("A to Qualified");
    mv(&mut f, later, b, stages[1], None, Some(a)).expect("B after A");
    mv(&mut f, later, c, stages[1], Some(b), None).expect("C between A and B");
    let board_now = board(&f.conn, &actor, pipeline).unwrap();
    assert_eq!(titles(&board_now)[1], ["A", "C", "B"]);
    assert_eq!(board_now.stages[1].count, 3);
    assert_eq!(board_now.stages[1].total_value, "600.00");
    // Anchors must be in the target stage, and not the card itself.
    assert!(
        matches!(mv(&mut f, later, a, stages[2], Some(b), None), Err(Error::Invalid { ref field, .. }) if field == "before")
    );
    assert!(mv(&mut f, later, a, stages[1], Some(a), None).is_err());
}

#[test]
fn every_stage_change_is_in_the_history_whoever_writes_it() {
    let mut f = fresh();
    let (pipeline, stages) = sales(&mut f.conn, &f.actor.at(t0()));
    let a = card(&mut f, t0(), pipeline, stages[0], "A", "100");
    mv(&mut f, t0() + Duration::days(2), a, stages[1], None, None).expect("move");
    // The generic record path (the record screens, the CLI's records commands) too.
    let actor = f.actor.at(t0() + Duration::days(5));
    records::update(
        &mut f.conn,
        &actor,
        &PIPELINE_CARDS,
        a,
        obj(json!({"stage_id": stages[2]})),
    )
    .expect("update");
    // An edit that leaves the stage alone adds nothing.
    records::update(
        &mut f.conn,
        &actor,
        &PIPELINE_CARDS,
        a,
        obj(json!({"title": "A2"})),
    )
    .expect("rename");
    let steps = journey(&f.conn, &f.actor.at(t0() + Duration::days(6)), a).expect("journey");
    let path: Vec<(Option<&str>, &str, i64)> = steps
        .iter()
        .map(|s| {
            (
                s.from_stage.as_deref(),
                s.to_stage.as_str(),
                s.seconds / 86_400,
            )
        })
        .collect();
    assert_eq!(
        path,
        [
            (None, "Lead", 2),
            (Some("Lead"), "Qualified", 3),
            (Some("Qualified"), "Proposal", 1)
        ]
    );
    assert!(steps
        .iter()
        .all(|s| s.changed_by.as_deref() == Some(f.actor.user_id.to_string().as_str())));
    // A stage of another pipeline is refused, naming the field.
    let (_, other) = sales(&mut f.conn, &actor);
    let err = records::update(
        &mut f.conn,
        &actor,
        &PIPELINE_CARDS,
        a,
        obj(json!({"stage_id": other[0]})),
    )
    .unwrap_err();
    assert!(
        matches!(err, Error::Invalid { ref field, .. } if field == "stage_id"),
        "{err}"
    );
    assert_eq!(
        count(&f.conn, "SELECT count(*) FROM pipeline_stage_history"),
        3,
        "the refused write left no history"
    );
}

#[test]
fn a_lost_stage_asks_for_a_reason_and_reopening_clears_it() {
    let mut f = fresh();
    let (pipeline, stages) = sales(&mut f.conn, &f.actor.at(t0()));
    let a = card(&mut f, t0(), pipeline, stages[0], "A", "100");
    mv(&mut f, t0(), a, stages[2], None, None).expect("to Proposal");
    let err = mv(&mut f, t0(), a, stages[5], None, None).unwrap_err();
    assert!(
        matches!(err, Error::Invalid { ref field, .. } if field == "lost_reason"),
        "{err}"
    );
    let actor = f.actor.at(t0() + Duration::days(1));
    let lost = move_card(
        &mut f.conn,
        &actor,
        &CardMove {
            card_id: a,
            stage_id: stages[5],
            lost_reason: Some("Price too high".into()),
            ..CardMove::default()
        },
    )
    .expect("lost");
    assert_eq!(lost["lost_reason"], "Price too high");
    let back = reopen(&mut f.conn, &actor, a).expect("reopen");
    assert_eq!(
        back["stage_id"],
        stages[2].to_string(),
        "back in the stage it was lost from"
    );
    assert_eq!(back["lost_reason"], Value::Null);
}

#[test]
fn a_stage_with_cards_is_deleted_only_after_its_cards_move() {
    let mut f = fresh();
    let actor = f.actor.at(t0());
    let (pipeline, stages) = sales(&mut f.conn, &actor);
    for t in ["A", "B"] {
        card(&mut f, t0(), pipeline, stages[1], t, "1");
    }
    card(&mut f, t0(), pipeline, stages[0], "Z", "1");
    let err = records::delete(&mut f.conn, &actor, &PIPELINE_STAGES, stages[1]).unwrap_err();
    assert!(err.to_string().contains("still holds 2 cards"), "{err}");
    delete_stage(&mut f.conn, &actor, stages[1], Some(stages[0])).expect("delete with move");
    let b = board(&f.conn, &actor, pipeline).unwrap();
    assert_eq!(titles(&b)[0], ["Z", "A", "B"]);
    assert_eq!(b.stages.len(), 5);
    // Reorder: every live stage once.
    let mut order: Vec<Uuid> = b
        .stages
        .iter()
        .map(|s| Uuid::parse_str(&s.id).unwrap())
        .collect();
    order.reverse();
    reorder_stages(&mut f.conn, &actor, pipeline, &order).expect("reorder");
    assert_eq!(
        board(&f.conn, &actor, pipeline).unwrap().stages[0].name,
        "Lost"
    );
    assert!(
        reorder_stages(&mut f.conn, &actor, pipeline, &order[1..]).is_err(),
        "a stage left out is refused"
    );
}

#[test]
fn forecast_weights_open_values_by_probability_and_month() {
    let mut f = fresh();
    let actor = f.actor.at(t0());
    let (pipeline, stages) = sales(&mut f.conn, &actor);
    card(&mut f, t0(), pipeline, stages[0], "A", "1000.10"); // 10%
    let b = card(&mut f, t0(), pipeline, stages[2], "B", "333.33"); // 50%
    let c = card(&mut f, t0(), pipeline, stages[2], "C", "200"); // overridden to 5%
    let won = card(&mut f, t0(), pipeline, stages[0], "W", "5000");
    records::update(
        &mut f.conn,
        &actor,
        &PIPELINE_CARDS,
        c,
        obj(json!({"probability": 5, "due_date": "2027-01-03"})),
    )
    .unwrap();
    mv(&mut f, t0() + Duration::days(3), won, stages[4], None, None).unwrap();
    records::update(
        &mut f.conn,
        &actor,
        &PIPELINE_CARDS,
        b,
        obj(json!({"due_date": null})),
    )
    .unwrap();
    let board_now = board(&f.conn, &actor, pipeline).unwrap();
    assert_eq!(board_now.open_value, "1533.43");
    // 100.01 + 166.665 + 10 = 276.675, kept exact then rounded half to even.
    assert_eq!(board_now.weighted_value, "276.68");
    let months = forecast::by_month(&board_now);
    let m: Vec<(&str, usize, &str, &str)> = months
        .iter()
        .map(|m| {
            (
                m.month.as_str(),
                m.count,
                m.value.as_str(),
                m.weighted.as_str(),
            )
        })
        .collect();
    assert_eq!(
        m,
        [
            ("", 1, "333.33", "166.66"),
            ("2026-12", 1, "1000.10", "100.01"),
            ("2027-01", 1, "200.00", "10.00")
        ]
    );
    let dash =
        forecast::dashboard(&f.conn, &f.actor.at(t0() + Duration::days(10)), pipeline).unwrap();
    assert_eq!(dash.outcomes.len(), 1);
    assert_eq!(
        (
            dash.outcomes[0].month.as_str(),
            dash.outcomes[0].won,
            dash.outcomes[0].won_value.as_str()
        ),
        ("2026-12", 1, "5000.00")
    );
}

#[test]
fn funnel_and_time_in_stage_come_from_the_history() {
    let mut f = fresh();
    let actor = f.actor.at(t0());
    let (pipeline, stages) = sales(&mut f.conn, &actor);
    let b = board(&f.conn, &actor, pipeline).unwrap();
    let s = |i: usize| stages[i].to_string();
    let at = |d: i64| aio_core::values::timestamp_text(t0() + Duration::days(d));
    let change = |card: &str, to: String, day: i64| Change {
        card: card.into(),
        to,
        at: at(day),
    };
    // Four cards entered Lead; three reached Qualified (one created there); one Proposal.
    let history = vec![
        change("a", s(0), 0),
        change("a", s(1), 2),
        change("a", s(2), 6),
        change("b", s(0), 0),
        change("b", s(1), 4),
        change("c", s(1), 0),
        change("d", s(0), 0),
        change("d", s(5), 1),
    ];
    let funnel = forecast::funnel(&b, &history);
    let reached: Vec<usize> = funnel.iter().map(|f| f.reached).collect();
    assert_eq!(
        reached,
        [4, 3, 1, 0, 0],
        "lost stages are not a funnel step"
    );
    assert_eq!(funnel[1].conversion, Some(75.0));
    let times = forecast::time_in_stage(&b, &history, &at(10));
    // Lead: a 2 days, b 4 days, d 1 day; Qualified: a 4, b 6 (still there), c 10.
    assert_eq!((times[0].stays, times[0].average_days), (3, 7.0 / 3.0));
    assert_eq!((times[1].stays, times[1].average_days), (3, 20.0 / 3.0));
}

#[test]
fn a_card_idle_past_its_stage_limit_is_rotting() {
    let mut f = fresh();
    let (pipeline, stages) = sales(&mut f.conn, &f.actor.at(t0()));
    card(&mut f, t0(), pipeline, stages[3], "Idle", "1"); // Negotiation: 7 days
    let fresh_card = card(&mut f, t0(), pipeline, stages[0], "Moved", "1");
    mv(
        &mut f,
        t0() + Duration::days(6),
        fresh_card,
        stages[3],
        None,
        None,
    )
    .unwrap();
    let b = board(&f.conn, &f.actor.at(t0() + Duration::days(8)), pipeline).unwrap();
    let rot: Vec<(&str, bool, i64)> = b.stages[3]
        .cards
        .iter()
        .map(|c| (c.title.as_str(), c.rotting, c.days_in_stage))
        .collect();
    assert_eq!(rot, [("Idle", true, 8), ("Moved", false, 2)]);
}

#[test]
fn a_card_moved_into_a_stage_deleted_elsewhere_lands_in_the_same_stage_on_every_replica() {
    let (_dir, mut r) = replicas(3);
    let actor = r[0].actor.at(t0());
    let (pipeline, stages) = sales(&mut r[0].conn, &actor);
    let rows = |conn: &mut rusqlite::Connection, title: &str, stage: Uuid| {
        id(&add_card(
            conn,
            &actor,
            obj(json!({"pipeline_id": pipeline, "stage_id": stage, "title": title})),
        )
        .unwrap())
    };
    let a = rows(&mut r[0].conn, "A", stages[0]);
    rows(&mut r[0].conn, "B", stages[0]);
    let start = r[0].take();
    r[1].apply(&start);
    r[2].apply(&start);
    // Offline: replica 1 moves A into Proposal (stage 2); replica 2, seeing Proposal
    // empty, deletes it.
    let a1 = r[1].actor.at(t0() + Duration::hours(1));
    move_card(
        &mut r[1].conn,
        &a1,
        &CardMove {
            card_id: a,
            stage_id: stages[2],
            ..CardMove::default()
        },
    )
    .unwrap();
    let a2 = r[2].actor.at(t0() + Duration::hours(2));
    records::delete(&mut r[2].conn, &a2, &PIPELINE_STAGES, stages[2]).expect("empty there");
    let u1 = r[1].take();
    let u2 = r[2].take();
    // Every replica gets the others' updates, in different orders.
    r[0].apply(&u2);
    r[0].apply(&u1);
    r[1].apply(&u2);
    r[2].apply(&u1);
    // The repair is an edit each replica sends; they agree, so sending them changes nothing.
    let fixes: Vec<_> = (0..3).map(|i| r[i].take()).collect();
    for (i, replica) in r.iter_mut().enumerate() {
        for (j, fix) in fixes.iter().enumerate() {
            if i != j {
                replica.apply(fix);
            }
        }
    }
    for i in 0..3 {
        let tx_pending = count(&r[i].conn, "SELECT count(*) FROM sync_pending");
        assert_eq!(tx_pending, 0, "replica {i} stored everything");
        let b_now = board(&r[i].conn, &r[i].actor.at(t0()), pipeline).unwrap();
        assert_eq!(
            titles(&b_now)[..2],
            [vec!["B".to_string()], vec!["A".to_string()]],
            "replica {i}: A went to Qualified, before Proposal"
        );
        for table in [
            "pipeline_cards",
            "pipeline_stages",
            "pipeline_stage_history",
        ] {
            assert_eq!(
                full_rows(&r[i].conn, table),
                full_rows(&r[0].conn, table),
                "{table} on replica {i}"
            );
        }
    }
    // The repair's history entry is one row on every replica.
    assert_eq!(
        count(
            &r[0].conn,
            "SELECT count(*) FROM pipeline_stage_history WHERE changed_by IS NULL"
        ),
        1
    );
}

#[test]
fn concurrent_moves_between_the_same_neighbours_keep_every_card_once_in_one_order() {
    let (_dir, mut r) = replicas(2);
    let actor = r[0].actor.at(t0());
    let (pipeline, stages) = sales(&mut r[0].conn, &actor);
    let mut ids = Vec::new();
    for t in ["A", "B", "X", "Y"] {
        ids.push(id(&add_card(
            &mut r[0].conn,
            &actor,
            obj(json!({"pipeline_id": pipeline, "stage_id": stages[0], "title": t})),
        )
        .unwrap()));
    }
    let start = r[0].take();
    r[1].apply(&start);
    // Both drop a card between A and B; both move Y, to different stages.
    move_card(
        &mut r[0].conn,
        &actor,
        &CardMove {
            card_id: ids[2],
            stage_id: stages[0],
            after: Some(ids[0]),
            ..CardMove::default()
        },
    )
    .unwrap();
    move_card(
        &mut r[0].conn,
        &actor,
        &CardMove {
            card_id: ids[3],
            stage_id: stages[1],
            ..CardMove::default()
        },
    )
    .unwrap();
    let a1 = r[1].actor.at(t0());
    move_card(
        &mut r[1].conn,
        &a1,
        &CardMove {
            card_id: ids[3],
            stage_id: stages[0],
            after: Some(ids[0]),
            ..CardMove::default()
        },
    )
    .unwrap();
    let (u0, u1) = (r[0].take(), r[1].take());
    r[0].apply(&u1);
    r[1].apply(&u0);
    let b0 = board(&r[0].conn, &actor, pipeline).unwrap();
    let b1 = board(&r[1].conn, &actor, pipeline).unwrap();
    assert_eq!(titles(&b0), titles(&b1));
    let all: Vec<String> = titles(&b0).concat();
    let mut sorted = all.clone();
    sorted.sort();
    assert_eq!(sorted, ["A", "B", "X", "Y"], "every card once: {all:?}");
    assert_eq!(b0.stages[0].cards[0].title, "A");
}

#[test]
fn a_moved_card_raises_stage_changed_for_automations_once_and_a_new_card_none() {
    let mut f = fresh();
    let (pipeline, stages) = sales(&mut f.conn, &f.actor.at(t0()));
    let a = card(&mut f, t0(), pipeline, stages[0], "A", "100");
    let events = |f: &Fixture| -> Vec<Value> {
        f.conn
            .prepare(
                "SELECT payload FROM trigger_events WHERE kind = 'stage_changed' ORDER BY rowid",
            )
            .expect("events")
            .query_map([], |r| r.get::<_, String>(0))
            .expect("query")
            .map(|p| serde_json::from_str(&p.expect("payload")).expect("json"))
            .collect()
    };
    assert!(events(&f).is_empty(), "a new card is no stage change");
    mv(&mut f, t0() + Duration::days(1), a, stages[1], None, None).expect("move");
    // Reordering within the stage is no stage change either.
    let b = card(&mut f, t0(), pipeline, stages[1], "B", "5");
    mv(
        &mut f,
        t0() + Duration::days(2),
        a,
        stages[1],
        Some(b),
        None,
    )
    .expect("reorder");
    let raised = events(&f);
    assert_eq!(raised.len(), 1, "{raised:?}");
    assert_eq!(raised[0]["stage_id"], json!(stages[1].to_string()));
    assert_eq!(raised[0]["from_stage_id"], json!(stages[0].to_string()));
    assert_eq!(raised[0]["card_id"], json!(a.to_string()));
    assert_eq!(raised[0]["pipeline_id"], json!(pipeline.to_string()));
}

#[test]
fn a_cards_assignees_are_people_of_the_organisation_and_its_custom_fields_are_kept() {
    let mut f = super::with_demo(5);
    let (pipeline, stages) = sales(&mut f.conn, &f.actor.at(t0()));
    let a = card(&mut f, t0(), pipeline, stages[0], "A", "100");
    let me = f.actor.user_id.to_string();
    let teammate: String = f
        .conn
        .query_row(
            "SELECT u.id FROM users u JOIN organization_members m ON m.user_id = u.id
             WHERE u.id <> ?1 AND m.deleted_at IS NULL LIMIT 1",
            [&me],
            |r| r.get(0),
        )
        .expect("a teammate from the demo");
    let edit = |f: &mut Fixture, patch: Value| {
        records::update(
            &mut f.conn,
            &f.actor.at(t0()),
            &PIPELINE_CARDS,
            a,
            obj(patch),
        )
    };
    let row = edit(
        &mut f,
        json!({"assignees": [me, teammate], "custom_fields": {"source": "Referral", "seats": 12}}),
    )
    .expect("assignees and custom fields through the record path");
    assert_eq!(row["assignees"], json!([me, teammate]));
    assert_eq!(
        row["custom_fields"],
        json!({"source": "Referral", "seats": 12})
    );
    let shown = board(&f.conn, &f.actor.at(t0()), pipeline).expect("board");
    assert_eq!(
        shown.stages[0].cards[0].assignees,
        [me.clone(), teammate.clone()]
    );

    let stranger = Uuid::now_v7().to_string();
    for (bad, reason) in [
        (json!([stranger]), "no user"),
        (json!(["Ana"]), "is not a user id"),
        (json!([me, me]), "named twice"),
    ] {
        let err = edit(&mut f, json!({"assignees": bad})).unwrap_err();
        assert!(
            matches!(err, Error::Invalid { ref field, reason: ref why } if field == "assignees" && why.contains(reason)),
            "{bad}: {err}"
        );
    }
    let kept = records::get(&f.conn, &f.actor, &PIPELINE_CARDS, a).expect("card");
    assert_eq!(
        kept["assignees"],
        json!([me, teammate]),
        "a refused edit changes nothing"
    );
}

#[test]
fn time_in_stage_is_kept_on_every_replica_from_the_synced_history() {
    let (_dir, mut r) = replicas(2);
    let actor = r[0].actor.at(t0());
    let (pipeline, stages) = sales(&mut r[0].conn, &actor);
    let card = id(&add_card(
        &mut r[0].conn,
        &actor,
        obj(json!({"pipeline_id": pipeline, "stage_id": stages[0], "title": "Travels"})),
    )
    .unwrap());
    // Into Qualified on day 3, back to Lead on day 4: the latest entry counts.
    for (day, stage) in [(3, stages[1]), (4, stages[0])] {
        let at = r[0].actor.at(t0() + Duration::days(day));
        move_card(
            &mut r[0].conn,
            &at,
            &CardMove {
                card_id: card,
                stage_id: stage,
                ..CardMove::default()
            },
        )
        .unwrap();
    }
    let changes = r[0].take();
    r[1].apply(&changes);
    for replica in &r {
        let b = board(
            &replica.conn,
            &replica.actor.at(t0() + Duration::days(10)),
            pipeline,
        )
        .unwrap();
        let days: Vec<(&str, i64)> = b.stages[0]
            .cards
            .iter()
            .map(|c| (c.title.as_str(), c.days_in_stage))
            .collect();
        assert_eq!(days, [("Travels", 6)]);
    }
    // The history's latest entry trashed on the second replica: the card entered Lead when
    // it was made, as far as that replica knows.
    r[1].conn
        .execute(
            "UPDATE pipeline_stage_history SET deleted_at = ?1
             WHERE card_id = ?2 AND changed_at = (SELECT max(changed_at) FROM pipeline_stage_history WHERE card_id = ?2)",
            rusqlite::params![aio_core::values::timestamp_text(t0() + Duration::days(5)), card.to_string()],
        )
        .unwrap();
    let b = board(
        &r[1].conn,
        &r[1].actor.at(t0() + Duration::days(10)),
        pipeline,
    )
    .unwrap();
    assert_eq!(b.stages[0].cards[0].days_in_stage, 10);
}
