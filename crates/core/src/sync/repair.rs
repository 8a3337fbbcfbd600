//! Unique rules after a merge (DESIGN.md §3). Two devices can take the same unique value
//! offline; every replica then settles the group the same way, as the table declares
//! ([`OnConflict`]): the oldest row keeps the value and the others are renamed, or all
//! keep it and the younger ones are flagged as duplicates for a person to merge.

use std::collections::BTreeSet;

use rusqlite::{params_from_iter, OptionalExtension, Transaction};
use serde_json::Value;

use super::document::{doc_row, load_doc};
use super::synced_table;
use crate::error::Result;
use crate::records::Row;
use crate::schema::{OnConflict, Ordered, TableDef, Unique, CREATED_AT, DELETED_AT, ID};

/// The groups a merge touched, settled once its rows are written: per table, the scope
/// values followed by the unique value.
#[derive(Default)]
pub(crate) struct Repairs {
    renamed: BTreeSet<(String, Vec<String>)>,
    flagged: BTreeSet<(String, Vec<String>)>,
}

impl Repairs {
    /// Notes the groups `row` (a whole row or a document's fields) belongs to.
    pub(crate) fn note(&mut self, table: &TableDef, row: &Row) {
        for rule in table.rules.unique {
            let Some(key) = group_key(rule, row) else {
                continue;
            };
            let groups = match rule.on_conflict {
                OnConflict::Rename { .. } => &mut self.renamed,
                OnConflict::Flag { .. } => &mut self.flagged,
            };
            groups.insert((table.name.to_string(), key));
        }
    }

    /// Notes the renaming group a row belongs to as stored now, before a remote update
    /// changes it: when the update takes the row out of its group (a new value, another
    /// scope), the next oldest row of the old group takes the value back on this replica
    /// too, as it did on the replica that made the change (whose flush notes both). The
    /// stored value may be this row's renamed one: its own value's group is noted as
    /// well. Noting a group that needs nothing is harmless: settling is idempotent.
    pub(crate) fn note_stored_value(
        &mut self,
        tx: &Transaction<'_>,
        table: &'static TableDef,
        row_id: &str,
    ) -> Result<()> {
        let Some(rule) = renaming_rule(table) else {
            return Ok(());
        };
        let mut columns: Vec<&str> = rule.scope.to_vec();
        columns.push(rule.column);
        let sql = format!(
            "SELECT {} FROM {} WHERE {ID} = ?1",
            columns.join(", "),
            table.name
        );
        let stored: Option<Vec<Option<String>>> = tx
            .prepare_cached(&sql)?
            .query_row([row_id], |r| {
                (0..columns.len())
                    .map(|i| r.get::<_, Option<String>>(i))
                    .collect()
            })
            .optional()?;
        let Some(stored) = stored else {
            return Ok(());
        };
        let mut row: Row = columns
            .iter()
            .zip(stored)
            .map(|(c, v)| (c.to_string(), v.map_or(Value::Null, Value::from)))
            .collect();
        self.note(table, &row);
        let suffix = renamed(table, "", row_id);
        if let Some(own) = row
            .get(rule.column)
            .and_then(Value::as_str)
            .and_then(|v| v.strip_suffix(suffix.as_str()))
            .map(str::to_string)
        {
            row.insert(rule.column.to_string(), Value::from(own));
            self.note(table, &row);
        }
        Ok(())
    }

    /// Notes the flagged groups of a row as it is stored now.
    pub(crate) fn note_stored(
        &mut self,
        tx: &Transaction<'_>,
        table: &'static TableDef,
        row_id: &str,
    ) -> Result<()> {
        if let Some(flagged) = Flagged::of(table) {
            if let Some(key) = flagged.stored_key(tx, row_id)? {
                self.flagged.insert((table.name.to_string(), key));
            }
        }
        Ok(())
    }

    /// Settles every group noted, identically on every replica.
    pub(crate) fn settle(&self, tx: &Transaction<'_>, client: u64) -> Result<()> {
        repair_flagged(tx, &self.flagged)?;
        repair_unique_values(tx, client, &self.renamed)
    }
}

/// The group key of a row under a rule: its scope values, then its value (lower-case
/// where the rule ignores case).
fn group_key(rule: &Unique, row: &Row) -> Option<Vec<String>> {
    let value = row.get(rule.column)?.as_str()?;
    let mut key: Vec<String> = rule
        .scope
        .iter()
        .map(|c| {
            row.get(*c)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    key.push(match (rule.on_conflict, rule.ignore_case) {
        (OnConflict::Flag { .. }, true) => value.to_lowercase(),
        _ => value.to_string(),
    });
    Some(key)
}

/// The table's unique rule settled by renaming, if it has one.
fn renaming_rule(table: &TableDef) -> Option<&'static Unique> {
    table
        .rules
        .unique
        .iter()
        .find(|r| matches!(r.on_conflict, OnConflict::Rename { .. }))
}

/// The column a renaming rule keeps unique.
pub(crate) fn renamed_column(table: &TableDef) -> Option<&'static str> {
    renaming_rule(table).map(|r| r.column)
}

/// The value a row that loses a unique value gets: its own, marked with the end of its
/// id (the random part: time-ordered ids share their first characters).
pub(crate) fn renamed(table: &TableDef, value: &str, row_id: &str) -> String {
    let separator = match renaming_rule(table).map(|r| r.on_conflict) {
        Some(OnConflict::Rename { separator }) => separator,
        _ => '-',
    };
    format!(
        "{value}{separator}{}",
        &row_id[row_id.len().saturating_sub(8)..]
    )
}

/// Whether `current` is `own` as the repair step renamed it in `column`.
pub(crate) fn is_renamed(
    table: &TableDef,
    column: &str,
    own: &str,
    current: &str,
    row_id: &str,
) -> bool {
    renamed_column(table) == Some(column) && current == renamed(table, own, row_id)
}

/// For each (table, scope values + value) touched: among the live rows whose document
/// holds that value, the oldest (then lowest id) gets it and the others their renamed
/// value; rows no longer in the group get their own value back.
fn repair_unique_values(
    tx: &Transaction<'_>,
    client: u64,
    groups: &BTreeSet<(String, Vec<String>)>,
) -> Result<()> {
    for (table_name, key) in groups {
        let table = synced_table(table_name)?;
        let Some(rule) = renaming_rule(table) else {
            continue;
        };
        let (scope, column, nocase) = (rule.scope, rule.column, &rule.ignore_case);
        let Some((value, scope_values)) = key.split_last() else {
            continue;
        };
        let collate = if *nocase { " COLLATE NOCASE" } else { "" };
        // Live rows whose value starts with this one (it, and it renamed), through the
        // unique index: the same scope columns, the same collation, the same WHERE.
        let mut conditions: Vec<String> = scope
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", i + 3))
            .collect();
        conditions.push(format!("{DELETED_AT} IS NULL"));
        conditions.push(format!(
            "{column} >= ?1{collate} AND {column} < ?2{collate}"
        ));
        let sql = format!(
            "SELECT {ID}, {CREATED_AT} FROM {table_name} WHERE {}",
            conditions.join(" AND ")
        );
        let mut params: Vec<String> = vec![value.clone(), format!("{value}\u{10FFFF}")];
        params.extend(scope_values.iter().cloned());
        let candidates: Vec<(String, String)> = tx
            .prepare_cached(&sql)?
            .query_map(params_from_iter(params.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let same = |a: &str, b: &str| {
            if *nocase {
                a.to_lowercase() == b.to_lowercase()
            } else {
                a == b
            }
        };
        let mut members: Vec<(String, String, String)> = Vec::new();
        for (id, created_at) in candidates {
            // What the row's own document says, not what an earlier repair wrote.
            let own = match load_doc(tx, client, table_name, &id)? {
                Some(doc) => doc_row(&doc, table)?
                    .get(column)
                    .and_then(Value::as_str)
                    .map(str::to_string),
                None => None,
            };
            if let Some(own) = own.filter(|own| same(own, value)) {
                members.push((created_at, id, own));
            }
        }
        members.sort();
        // The others step aside first, so the winner never collides on the way. Rows
        // already holding what they should are not written (a tag rename recounts its
        // usage over every contact).
        let set = format!(
            "UPDATE {table_name} SET {column} = ?1 WHERE {ID} = ?2 AND {column} IS NOT ?1 COLLATE BINARY"
        );
        for (_, id, own) in members.iter().skip(1) {
            tx.prepare_cached(&set)?
                .execute([renamed(table, own, id), id.clone()])?;
        }
        if let Some((_, winner, own)) = members.first() {
            tx.prepare_cached(&set)?.execute([own, winner])?;
        }
    }
    Ok(())
}

/// A unique rule settled by flagging duplicates, with what its queries need.
pub(crate) struct Flagged {
    table: &'static TableDef,
    rule: &'static Unique,
    pub(crate) flag: &'static str,
    unique_index: &'static str,
    group_index: &'static str,
}

impl Flagged {
    /// The table's flagging rule, if it has one.
    pub(crate) fn of(table: &'static TableDef) -> Option<Flagged> {
        table
            .rules
            .unique
            .iter()
            .find_map(|rule| match rule.on_conflict {
                OnConflict::Flag {
                    flag,
                    unique_index,
                    group_index,
                } => Some(Flagged {
                    table,
                    rule,
                    flag,
                    unique_index,
                    group_index,
                }),
                OnConflict::Rename { .. } => None,
            })
    }

    fn collate(&self) -> &'static str {
        if self.rule.ignore_case {
            " COLLATE NOCASE"
        } else {
            ""
        }
    }

    /// `scope = ?n AND ... AND column = ?m` from parameter `first` on.
    fn group_condition(&self, first: usize) -> String {
        let mut conditions: Vec<String> = self
            .rule
            .scope
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", first + i))
            .collect();
        conditions.push(format!(
            "{} = ?{}{}",
            self.rule.column,
            first + self.rule.scope.len(),
            self.collate()
        ));
        conditions.join(" AND ")
    }

    /// The group key of the row as stored now, if it is stored.
    fn stored_key(&self, tx: &Transaction<'_>, row_id: &str) -> Result<Option<Vec<String>>> {
        let mut columns: Vec<String> = self.rule.scope.iter().map(|c| c.to_string()).collect();
        columns.push(if self.rule.ignore_case {
            format!("lower({})", self.rule.column)
        } else {
            self.rule.column.to_string()
        });
        let sql = format!(
            "SELECT {} FROM {} WHERE {ID} = ?1",
            columns.join(", "),
            self.table.name
        );
        let width = columns.len();
        Ok(tx
            .prepare_cached(&sql)?
            .query_row([row_id], |r| {
                (0..width)
                    .map(|i| r.get::<_, Option<String>>(i).map(Option::unwrap_or_default))
                    .collect::<rusqlite::Result<Vec<String>>>()
            })
            .optional()?)
    }

    /// What a row about to be stored gets in the flag column, and whether its group must
    /// be settled after it is written. A row stored before is marked as a duplicate of
    /// itself until the repair step decides (so the unique index never blocks the write);
    /// a new one is marked only when an unflagged live row already holds its value.
    pub(crate) fn prepare(
        &self,
        tx: &Transaction<'_>,
        repairs: &mut Repairs,
        row_id: &str,
        row: &Row,
        is_new: bool,
    ) -> Result<(Option<String>, bool)> {
        let old = if is_new {
            None
        } else {
            self.stored_key(tx, row_id)?
        };
        if let Some(old) = old {
            repairs.flagged.insert((self.table.name.to_string(), old));
            return Ok((Some(row_id.to_string()), true));
        }
        let live = row.get(DELETED_AT).is_none_or(Value::is_null);
        let Some(key) = group_key(self.rule, row).filter(|_| live) else {
            return Ok((None, false));
        };
        let sql = format!(
            "SELECT {ID} FROM {} INDEXED BY {} WHERE {} AND {DELETED_AT} IS NULL AND {} IS NULL",
            self.table.name,
            self.unique_index,
            self.group_condition(1),
            self.flag
        );
        let holder: Option<String> = tx
            .prepare_cached(&sql)?
            .query_row(params_from_iter(key.iter()), |r| r.get(0))
            .optional()?;
        let settle = holder.is_some();
        Ok((holder, settle))
    }
}

/// Among live rows of a flagged group, the oldest (then the lowest id) keeps the value
/// unflagged; the others stay, flagged as its duplicates, for a person to merge.
fn repair_flagged(tx: &Transaction<'_>, groups: &BTreeSet<(String, Vec<String>)>) -> Result<()> {
    for (table_name, key) in groups {
        let Some(flagged) = Flagged::of(synced_table(table_name)?) else {
            continue;
        };
        let (table, flag) = (table_name, flagged.flag);
        let sql = format!(
            "SELECT {ID} FROM {table} INDEXED BY {} WHERE {} AND {DELETED_AT} IS NULL
             ORDER BY {CREATED_AT}, {ID}",
            flagged.group_index,
            flagged.group_condition(1)
        );
        let group: Vec<String> = tx
            .prepare_cached(&sql)?
            .query_map(params_from_iter(key.iter()), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let Some(winner) = group.first() else {
            continue;
        };
        let mark = format!("UPDATE {table} SET {flag} = ?1 WHERE {ID} = ?2 AND {flag} IS NOT ?1");
        for loser in &group[1..] {
            tx.prepare_cached(&mark)?.execute([winner, loser])?;
        }
        tx.prepare_cached(&format!(
            "UPDATE {table} SET {flag} = NULL WHERE {ID} = ?1 AND {flag} IS NOT NULL"
        ))?
        .execute([winner])?;
    }
    // A deleted row or one whose value changed keeps no stale mark.
    for table in super::synced_tables() {
        let Some(flagged) = Flagged::of(table) else {
            continue;
        };
        let (t, flag, column) = (table.name, flagged.flag, flagged.rule.column);
        tx.prepare_cached(&format!(
            "UPDATE {t} SET {flag} = NULL WHERE {flag} IS NOT NULL AND ({DELETED_AT} IS NOT NULL
               OR NOT EXISTS (SELECT 1 FROM {t} w WHERE w.{ID} = {t}.{flag}
                              AND w.{column} = {t}.{column}{} AND w.{DELETED_AT} IS NULL))",
            flagged.collate()
        ))?
        .execute([])?;
    }
    Ok(())
}

/// The row with each of its table's ordered pairs put back in order, if a merge left one
/// out of order: the earlier value starts; an end equal to its start under a strict rule
/// becomes the rule's open end. The same on every replica, as it reads only the row.
pub(crate) fn put_in_order(table: &TableDef, row: &Row) -> Option<Row> {
    let mut fixed: Option<Row> = None;
    for pair in table.rules.ordered {
        let current = fixed.as_ref().unwrap_or(row);
        let (Some(Value::String(start)), Some(Value::String(end))) =
            (current.get(pair.start), current.get(pair.end))
        else {
            continue;
        };
        if in_order(pair, start, end) {
            continue;
        }
        let (start, end) = if end < start {
            (end.clone(), start.clone())
        } else {
            (start.clone(), end.clone())
        };
        let end = match pair.open_ends.first() {
            Some(open) if !in_order(pair, &start, &end) => (*open).to_string(),
            _ => end,
        };
        let out = fixed.get_or_insert_with(|| row.clone());
        out.insert(pair.start.to_string(), Value::from(start));
        out.insert(pair.end.to_string(), Value::from(end));
    }
    fixed
}

fn in_order(pair: &Ordered, start: &str, end: &str) -> bool {
    pair.open_ends.contains(&end)
        || if pair.strict {
            end > start
        } else {
            end >= start
        }
}

#[cfg(test)]
mod ordered_tests {
    use super::*;
    use crate::schema::Rules;

    static ORDERED: [Ordered; 1] = [Ordered {
        start: "start_time",
        end: "end_time",
        strict: true,
        open_ends: &["00:00:00", "00:00"],
    }];

    fn table() -> TableDef {
        static RULES: Rules = Rules {
            ordered: &ORDERED,
            ..Rules::PLAIN
        };
        let mut table = *crate::tables::TABLES[0];
        table.rules = &RULES;
        table
    }

    fn range(start: &str, end: &str) -> Row {
        [("start_time", start), ("end_time", end)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), Value::from(v)))
            .collect()
    }

    #[test]
    fn a_range_in_order_is_left_alone() {
        assert!(put_in_order(&table(), &range("09:00:00", "17:00:00")).is_none());
        assert!(put_in_order(&table(), &range("18:00:00", "00:00:00")).is_none());
    }

    #[test]
    fn a_merged_range_out_of_order_starts_at_the_earlier_value() {
        // One device moved the start to 18:00, another the end to 12:00.
        let fixed = put_in_order(&table(), &range("18:00:00", "12:00:00")).unwrap();
        assert_eq!(fixed, range("12:00:00", "18:00:00"));
    }

    #[test]
    fn an_empty_range_under_a_strict_rule_runs_to_the_open_end() {
        let fixed = put_in_order(&table(), &range("10:00:00", "10:00:00")).unwrap();
        assert_eq!(fixed, range("10:00:00", "00:00:00"));
    }
}
