//! Boards that stay right when people move cards offline: three to eight devices of one
//! organisation move cards within and between stages (before or after other cards),
//! reorder stages, delete stages (moving their cards first, as the app makes them) and
//! add cards, while their lines drop and lose answers. Once everyone is back and has
//! synced, every device must show the same board: the same stages in the same order,
//! each card exactly once, in the same place, with nothing waiting or unsent.
//!
//! `PIPELINE_SEED=N` replays one run; `PIPELINE_SEEDS=N` runs N seeds from there.

use aio_core::modules::pipelines::board::board;
use aio_core::modules::pipelines::moves::{add_card, move_card, CardMove};
use aio_core::modules::pipelines::setup::{
    create_from_template, delete_stage, reorder_stages, PipelineTemplate,
};
use aio_core::records::{self, Actor};
use aio_core::sync::MAX_CLIENT_ID;
use aio_core::tables::PIPELINE_STAGES;
use chrono::{Duration, TimeZone, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;
use uuid::Uuid;

use crate::device::{differences, team, Device};
use crate::hub::{Fault, Hub};

const STEPS: usize = 250;

/// What a run did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Run {
    pub devices: usize,
    pub moves: usize,
    pub reorders: usize,
    pub stage_deletes: usize,
    pub cards_added: usize,
    pub syncs: usize,
    /// Cards a merge found in a deleted stage and moved (the repair's history entries).
    pub repaired: usize,
}

/// A board as people see it: stages in order, each with its card ids in order.
type Shape = Vec<(String, Vec<String>)>;

fn shape(d: &Device, actor: &Actor, pipeline: Uuid) -> Result<Shape, String> {
    let b = board(&d.conn, actor, pipeline).map_err(|e| format!("{}'s board: {e}", d.name))?;
    Ok(b.stages
        .into_iter()
        .map(|s| (s.id, s.cards.into_iter().map(|c| c.id).collect()))
        .collect())
}

fn uuid(text: &str) -> Uuid {
    Uuid::parse_str(text).expect("a uuid")
}

/// One seeded run; `Err` says what diverged.
pub fn run(seed: u64) -> Result<Run, String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let hub = Hub::start(dir.path());
    let members = vec!["member"; rng.gen_range(2..=7)];
    let mut devices = team(dir.path(), &hub, &members, || {
        rng.gen_range(1..=MAX_CLIENT_ID)
    });
    let mut run = Run {
        devices: devices.len(),
        ..Run::default()
    };
    let mut clock = Utc
        .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .ok_or("a start time")?;
    let mut tick = |d: &Device| {
        clock += Duration::seconds(1);
        d.actor.at(clock)
    };
    let actor = tick(&devices[0]);
    let pipeline = create_from_template(
        &mut devices[0].conn,
        &actor,
        "Deals",
        PipelineTemplate::Sales,
    )
    .map_err(|e| e.to_string())?;
    let pipeline = uuid(pipeline["id"].as_str().unwrap_or_default());
    let stages = shape(&devices[0], &actor, pipeline)?;
    for i in 0..rng.gen_range(10..40) {
        let stage = &stages[i % 4].0;
        add_card(
            &mut devices[0].conn,
            &actor,
            json!({"pipeline_id": pipeline, "stage_id": stage, "title": format!("Card {i}")})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        )
        .map_err(|e| e.to_string())?;
    }
    for _ in 0..2 {
        for d in devices.iter_mut() {
            d.sync()
                .map_err(|e| format!("{}'s first sync: {e}", d.name))?;
        }
    }
    for step in 0..STEPS {
        let i = rng.gen_range(0..devices.len());
        let actor = tick(&devices[i]);
        let d = &mut devices[i];
        let here = shape(d, &actor, pipeline)?;
        let cards: Vec<&String> = here.iter().flat_map(|(_, c)| c).collect();
        match rng.gen_range(0..24) {
            0 => d.set(Fault::Partition),
            1 => d.set(Fault::LoseAnswer),
            2 | 3 => d.set(Fault::None),
            4 if step % 100 == 50 => hub.restart(),
            5..=8 => {
                run.syncs += 1;
                let _ = d.sync();
            }
            9..=17 if !cards.is_empty() => {
                let card = uuid(cards[rng.gen_range(0..cards.len())]);
                let (stage, in_stage) = here.choose(&mut rng).cloned().unwrap_or_default();
                let anchor = in_stage
                    .iter()
                    .filter(|c| uuid(c) != card)
                    .collect::<Vec<_>>()
                    .choose(&mut rng)
                    .map(|c| uuid(c));
                let (before, after) = match (anchor, rng.gen_bool(0.5)) {
                    (Some(a), true) => (Some(a), None),
                    (Some(a), false) => (None, Some(a)),
                    (None, _) => (None, None),
                };
                let m = CardMove {
                    card_id: card,
                    stage_id: uuid(&stage),
                    before,
                    after,
                    lost_reason: Some("Lost in the simulation".into()),
                };
                move_card(&mut d.conn, &actor, &m)
                    .map_err(|e| format!("step {step}: {} could not move: {e}", d.name))?;
                run.moves += 1;
            }
            18 | 19 => {
                let mut order: Vec<Uuid> = here.iter().map(|(s, _)| uuid(s)).collect();
                order.shuffle(&mut rng);
                reorder_stages(&mut d.conn, &actor, pipeline, &order)
                    .map_err(|e| format!("step {step}: reorder: {e}"))?;
                run.reorders += 1;
            }
            20 if here.len() > 2 => {
                let k = rng.gen_range(0..here.len());
                let target = (k + rng.gen_range(1..here.len())) % here.len();
                let (stage, held) = &here[k];
                if held.is_empty() && rng.gen_bool(0.5) {
                    records::delete(&mut d.conn, &actor, &PIPELINE_STAGES, uuid(stage))
                        .map_err(|e| e.to_string())?;
                } else {
                    delete_stage(
                        &mut d.conn,
                        &actor,
                        uuid(stage),
                        Some(uuid(&here[target].0)),
                    )
                    .map_err(|e| format!("step {step}: delete stage: {e}"))?;
                }
                run.stage_deletes += 1;
            }
            21 | 22 if !here.is_empty() => {
                let (stage, _) = here.choose(&mut rng).cloned().unwrap_or_default();
                add_card(
                    &mut d.conn,
                    &actor,
                    json!({"pipeline_id": pipeline, "stage_id": stage, "title": format!("Added {step}")})
                        .as_object()
                        .cloned()
                        .unwrap_or_default(),
                )
                .map_err(|e| e.to_string())?;
                run.cards_added += 1;
            }
            _ => {}
        }
    }
    for d in devices.iter() {
        d.set(Fault::None);
    }
    for _ in 0..2 {
        for d in devices.iter_mut() {
            d.sync()
                .map_err(|e| format!("{}'s final sync failed: {e}", d.name))?;
        }
    }
    let mut problems = differences(&devices);
    let actor = tick(&devices[0]);
    let first = shape(&devices[0], &actor, pipeline)?;
    let live: i64 = devices[0]
        .conn
        .query_row(
            "SELECT count(*) FROM pipeline_cards WHERE deleted_at IS NULL",
            [],
            |r| r.get(0),
        )
        .map_err(|e| e.to_string())?;
    let mut shown: Vec<&String> = first.iter().flat_map(|(_, c)| c).collect();
    shown.sort();
    shown.dedup();
    if shown.len() as i64 != live {
        problems.push(format!(
            "{} live cards, {} on the board once",
            live,
            shown.len()
        ));
    }
    for d in &devices {
        let theirs = shape(d, &actor, pipeline)?;
        if theirs != first {
            problems.push(format!(
                "{}'s board differs from d0's:\n{theirs:?}\n{first:?}",
                d.name
            ));
        }
        problems.extend(d.problems());
    }
    run.repaired = devices[0]
        .conn
        .query_row(
            "SELECT count(*) FROM pipeline_stage_history WHERE changed_by IS NULL",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map_err(|e| e.to_string())? as usize;
    if problems.is_empty() {
        Ok(run)
    } else {
        Err(problems.join("\n"))
    }
}
