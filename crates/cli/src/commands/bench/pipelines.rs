//! `aio-crm bench pipelines`: a board of 5,000 cards (in a temporary database): the board
//! query the app paints from, and a card move's round trip through the core (neighbours'
//! ranks, checks, the write, the stage history and the audit entry, one transaction),
//! each beside the plain SQLite statement doing the bare work. `--keep PATH` leaves the
//! database there, so the app's first paint of the same board can be measured (the
//! pipelines e2e does).

use std::path::Path;

use aio_core::db;
use aio_core::modules::pipelines::board::board;
use aio_core::modules::pipelines::moves::{move_card, CardMove};
use aio_core::modules::pipelines::rank;
use aio_core::modules::pipelines::setup::{create_from_template, PipelineTemplate};
use aio_core::records;
use aio_core::tables::{COMPANIES, PIPELINE_CARDS, PIPELINE_STAGE_HISTORY};
use aio_core::team::profile;
use anyhow::Result;
use serde_json::json;
use uuid::Uuid;

use super::suites::{count_rows, report, time};

/// A small seeded generator (xorshift), so the figures come from the same board each run.
struct Dice(u64);

impl Dice {
    fn gen_range(&mut self, range: std::ops::Range<usize>) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        range.start + (self.0 % (range.end - range.start) as u64) as usize
    }
}

pub fn run(cards: usize, runs: usize, keep: Option<&Path>) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let path = match keep {
        Some(path) if path.exists() => anyhow::bail!("--keep: {} exists already", path.display()),
        Some(path) => path.to_path_buf(),
        None => dir.path().join("pipelines.sqlite3"),
    };
    let (mut conn, _) = db::open(&path, db::OpenMode::CreateIfMissing)?;
    let actor = profile::ensure(&mut conn)?;
    let pipeline = create_from_template(&mut conn, &actor, "Bench", PipelineTemplate::Sales)?;
    let pipeline = Uuid::parse_str(pipeline["id"].as_str().unwrap_or_default())?;
    let stages: Vec<String> = board(&conn, &actor, pipeline)?
        .stages
        .into_iter()
        .map(|s| s.id)
        .collect();
    let companies: Vec<serde_json::Map<String, serde_json::Value>> = (0..200)
        .map(|i| {
            json!({"id": Uuid::now_v7().to_string(), "name": format!("Company {i}")})
                .as_object()
                .cloned()
                .unwrap_or_default()
        })
        .collect();
    let company_ids: Vec<String> = companies
        .iter()
        .map(|c| c["id"].as_str().unwrap_or_default().to_string())
        .collect();
    records::create_many(&mut conn, &actor, &COMPANIES, companies, "bench")?;
    let mut rng = Dice(16);
    let mut last: Vec<Option<String>> = vec![None; stages.len()];
    let rows = (0..cards).map(|i| {
        // Most cards in the open stages, a few won and lost.
        let s = if i % 10 == 9 { 4 + i % 2 } else { i % 4 };
        let key = rank::between(last[s].as_deref(), None);
        last[s] = Some(key.clone());
        json!({"pipeline_id": pipeline, "stage_id": stages[s], "title": format!("Deal {i}"),
               "id": Uuid::now_v7().to_string(), "value": format!("{}.{:02}", rng.gen_range(100..50_000), rng.gen_range(0..100)),
               "company_id": company_ids[i % company_ids.len()], "rank": key,
               "due_date": format!("2027-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
               "lost_reason": if s == 5 { Some("Price") } else { None }})
        .as_object()
        .cloned()
        .unwrap_or_default()
    });
    let rows: Vec<_> = rows.collect();
    // Two stage changes per card, as the history of a lived-in board holds.
    let mut history = Vec::new();
    for card in &rows {
        let steps = [
            (None, stages[0].as_str(), "2026-10-01T09:00:00.000Z"),
            (
                Some(stages[0].as_str()),
                card["stage_id"].as_str().unwrap_or_default(),
                "2026-11-01T09:00:00.000Z",
            ),
        ];
        for (from, to, at) in steps {
            let step = json!({"pipeline_id": pipeline, "card_id": card["id"], "from_stage_id": from,
                              "to_stage_id": to, "changed_at": at});
            history.push(step.as_object().cloned().unwrap_or_default());
        }
    }
    records::create_many(&mut conn, &actor, &PIPELINE_CARDS, rows, "bench")?;
    records::create_many(&mut conn, &actor, &PIPELINE_STAGE_HISTORY, history, "bench")?;
    aio_core::deferred::finish(&mut conn)?;
    println!("pipelines: one board of {cards} cards in 6 stages, 200 companies, two history entries a card; {runs} runs\n");

    let b = board(&conn, &actor, pipeline)?;
    let json_bytes = serde_json::to_vec(&b)?.len();
    let core = time(runs, || {
        Ok(board(&conn, &actor, pipeline)?
            .stages
            .iter()
            .map(|s| s.cards.len())
            .sum())
    })?;
    let plain = time(runs, || {
        count_rows(
            &conn,
            "SELECT c.*, co.name FROM pipeline_cards c LEFT JOIN companies co ON co.id = c.company_id
             WHERE c.pipeline_id = ?1 AND c.deleted_at IS NULL
             ORDER BY c.stage_id, coalesce(c.rank, printf('%019d', c.position) || 'V'), c.id",
            &[&pipeline.to_string()],
        )
    })?;
    report("board query (target < 20 ms)", &core, &plain);
    let serialised = time(runs, || Ok(serde_json::to_vec(&b)?.len()))?;
    report(
        &format!("board as JSON for the app ({} KB)", json_bytes / 1024),
        &serialised,
        &plain,
    );

    // Each card's stage as the moves go (an anchor must be in the stage moved to).
    let mut ids: Vec<(String, String)> = b
        .stages
        .iter()
        .flat_map(|s| s.cards.iter().map(|c| (c.id.clone(), s.id.clone())))
        .collect();
    let open: Vec<&String> = stages[..4].iter().collect();
    let core = time(runs, || {
        let moved = rng.gen_range(0..ids.len());
        let card = ids[moved].0.clone();
        let (anchor, anchor_stage) = ids[rng.gen_range(0..ids.len())].clone();
        let (stage, before) = if anchor == card || !open.contains(&&anchor_stage) {
            (open[rng.gen_range(0..open.len())].clone(), None)
        } else {
            (anchor_stage, Some(Uuid::parse_str(&anchor)?))
        };
        let m = CardMove {
            card_id: Uuid::parse_str(&card)?,
            stage_id: Uuid::parse_str(&stage)?,
            before,
            ..CardMove::default()
        };
        move_card(&mut conn, &actor, &m)?;
        ids[moved].1 = stage;
        Ok(1)
    })?;
    let plain = time(runs, || {
        let (card, _) = &ids[rng.gen_range(0..ids.len())];
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE pipeline_cards SET stage_id = ?1, rank = ?2 WHERE id = ?3",
            [
                &stages[rng.gen_range(0..4)],
                &format!("V{}", rng.gen_range(1..9)),
                card,
            ],
        )?;
        tx.commit()?;
        Ok(1)
    })?;
    report(
        "move a card (round trip through the core; < 2 ms)",
        &core,
        &plain,
    );
    Ok(())
}
