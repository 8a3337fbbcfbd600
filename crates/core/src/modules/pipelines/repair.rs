//! After a merge: a live card whose stage was deleted meanwhile (one device emptied and
//! deleted a stage while another moved a card into it), or whose stage belongs to another
//! pipeline (its pipeline and stage changed on two devices), goes to the nearest live
//! stage of its pipeline before the old one (else the first). A pipeline with no live
//! stage left gets the card's stage back. Each decision reads only synced rows, so every
//! replica makes the same one; the history entry it writes has an id made from the
//! decision, so the replicas' entries are one row.

use rusqlite::{params, OptionalExtension, Transaction};
use uuid::Uuid;

use super::history;
use crate::error::Result;

/// Puts every live card that sits in a stage it may not be in into one it may.
pub(crate) fn cards_in_stages(tx: &Transaction<'_>) -> Result<()> {
    type Stray = (String, String, String, Option<i64>, Option<String>, Option<String>, String);
    let stray: Vec<Stray> = tx
        .prepare_cached(
            "SELECT c.id, c.pipeline_id, c.stage_id, s.position, s.pipeline_id, s.deleted_at, c.updated_at
             FROM pipeline_cards c LEFT JOIN pipeline_stages s ON s.id = c.stage_id
             WHERE c.deleted_at IS NULL
               AND (s.id IS NULL OR s.deleted_at IS NOT NULL OR s.pipeline_id <> c.pipeline_id)
             ORDER BY c.id",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (card, pipeline, stage, position, stage_pipeline, deleted_at, updated_at) in stray {
        let same_pipeline = stage_pipeline.as_deref() == Some(pipeline.as_str());
        // The nearest live stage before the old one in (position, id) order, else the first.
        let before: Option<String> = if same_pipeline {
            tx.prepare_cached(
                "SELECT id FROM pipeline_stages WHERE pipeline_id = ?1 AND deleted_at IS NULL
                   AND (position < ?2 OR (position = ?2 AND id < ?3))
                 ORDER BY position DESC, id DESC LIMIT 1",
            )?
            .query_row(params![pipeline, position, stage], |r| r.get(0))
            .optional()?
        } else {
            None
        };
        let target: Option<String> = match before {
            Some(id) => Some(id),
            None => tx
                .prepare_cached(
                    "SELECT id FROM pipeline_stages WHERE pipeline_id = ?1 AND deleted_at IS NULL
                     ORDER BY position, id LIMIT 1",
                )?
                .query_row([&pipeline], |r| r.get(0))
                .optional()?,
        };
        match target {
            Some(target) => {
                // Recorded writes: this replica's edit, sent like any other.
                tx.prepare_cached("UPDATE pipeline_cards SET stage_id = ?1 WHERE id = ?2")?
                    .execute([&target, &card])?;
                // When the stage went, or when the card last changed: synced, so the same
                // everywhere.
                let at = deleted_at.clone().unwrap_or(updated_at);
                let key = format!("{card} {stage} {target} {at}");
                let id = Uuid::new_v5(&Uuid::NAMESPACE_OID, key.as_bytes()).to_string();
                let from = stage_pipeline.is_some().then_some(stage.as_str());
                history::insert(tx, &id, &pipeline, &card, from, &target, None, &at)?;
            }
            None if same_pipeline => {
                // The pipeline's last stage was deleted while a card moved into it.
                tx.prepare_cached("UPDATE pipeline_stages SET deleted_at = NULL WHERE id = ?1")?
                    .execute([&stage])?;
            }
            None => {}
        }
    }
    Ok(())
}
