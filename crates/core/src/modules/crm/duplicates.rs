//! Duplicate contacts: the warning when a new contact looks like an existing one, the
//! finder that groups likely duplicates, and the merge that folds one contact into another
//! keeping everything of both, as one undoable batch.
//!
//! Two contacts are likely the same person when they share an email address (ignoring
//! case, `+tags` and Gmail's dots), a phone number (the last 10 digits, so "+1 (555)
//! 010-2030" and "555.010.2030" agree) or a similar name at the same company ("Jon" and
//! "Jonathan Smith" at "Acme Inc").

use std::collections::HashMap;

use rusqlite::{params_from_iter, Connection};
use serde::Serialize;
use serde_json::{json, Map, Value};
use ts_rs::TS;
use uuid::Uuid;

use crate::batch::{self, BatchResult};
use crate::error::{Error, Result};
use crate::records::{self, Actor, Row};
use crate::schema::Kind;
use crate::tables::{CONTACTS, CONTACT_ACTIVITIES, TABLES};
use crate::crm::tags;

/// Why two contacts look like one person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    SameEmail,
    SamePhone,
    SimilarName,
}

/// An existing contact a draft looks like.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DuplicateMatch {
    pub reason: DuplicateReason,
    #[ts(type = "Record<string, unknown>")]
    pub contact: Row,
}

/// Contacts that are likely one person, with every reason found between them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DuplicateGroup {
    pub reasons: Vec<DuplicateReason>,
    #[ts(type = "Array<Record<string, unknown>>")]
    pub contacts: Vec<Row>,
}

/// The matching keys of one contact.
struct Keys {
    email: Option<String>,
    phone: Option<String>,
    first: String,
    last: String,
    company: String,
}

impl Keys {
    fn of(row: &Row) -> Keys {
        let text = |f: &str| row.get(f).and_then(Value::as_str).unwrap_or_default();
        Keys {
            email: email_key(text("email")),
            phone: phone_key(text("phone")),
            first: name_key(text("first_name")),
            last: name_key(text("last_name")),
            company: company_key(text("company")),
        }
    }
}

/// An email as the mailbox it reaches: lowercase, no `+tag`, no dots for Gmail.
pub fn email_key(email: &str) -> Option<String> {
    let email = email.trim().to_lowercase();
    let (local, domain) = email.rsplit_once('@')?;
    let local = local.split('+').next().unwrap_or(local);
    let local = if matches!(domain, "gmail.com" | "googlemail.com") {
        local.replace('.', "")
    } else {
        local.to_string()
    };
    (!local.is_empty() && !domain.is_empty()).then(|| format!("{local}@{domain}"))
}

/// A phone as its last 10 digits (at least 7 digits to count).
pub fn phone_key(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 7).then(|| digits[digits.len().saturating_sub(10)..].to_string())
}

/// A name folded for comparison: lowercase letters and digits, accents dropped.
fn name_key(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// A company name without case, punctuation or legal suffixes ("Acme, Inc." = "acme").
fn company_key(company: &str) -> String {
    const SUFFIXES: &[&str] = &["inc", "llc", "ltd", "gmbh", "corp", "co", "sa", "bv", "plc"];
    company
        .split(|c: char| !c.is_alphanumeric())
        .map(|w| w.to_lowercase())
        .filter(|w| !w.is_empty() && !SUFFIXES.contains(&w.as_str()))
        .map(|w| w.chars().map(fold_accent).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// Same last name and company, and first names that are equal, one a short form of the
/// other ("Jon", "Jonathan"), or one typo apart.
fn similar_names(a: &Keys, b: &Keys) -> bool {
    if a.last.is_empty() || a.company.is_empty() || a.last != b.last || a.company != b.company {
        return false;
    }
    let (x, y) = (&a.first, &b.first);
    x == y
        || (x.len().min(y.len()) >= 3 && (x.starts_with(y.as_str()) || y.starts_with(x.as_str())))
        || (x.chars().count().min(y.chars().count()) >= 4 && edit_distance(x, y) <= 1)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Live contacts a draft (a new contact, or an edited one: `exclude` is its id) looks
/// like, strongest reason first.
pub fn check(
    conn: &Connection,
    actor: &Actor,
    draft: &Row,
    exclude: Option<Uuid>,
) -> Result<Vec<DuplicateMatch>> {
    let keys = Keys::of(draft);
    let mut found: Vec<DuplicateMatch> = Vec::new();
    let mut push = |reason, row: Row| {
        let id = row.get("id").cloned();
        if exclude.is_some_and(|e| Some(Value::from(e.to_string())) == id) {
            return;
        }
        if !found.iter().any(|m| m.contact.get("id") == id.as_ref()) {
            found.push(DuplicateMatch {
                reason,
                contact: row,
            });
        }
    };
    if let Some(email) = &keys.email {
        let (local, domain) = email.rsplit_once('@').unwrap_or_default();
        // Same domain, then compare mailboxes: covers +tags and Gmail dots.
        for row in candidates(
            conn,
            actor,
            "email LIKE ? ESCAPE '\\'",
            vec![format!("%@{}", like(domain))],
        )? {
            if Keys::of(&row).email.as_deref() == Some(email.as_str()) && !local.is_empty() {
                push(DuplicateReason::SameEmail, row);
            }
        }
    }
    if let Some(phone) = &keys.phone {
        let tail = &phone[phone.len().saturating_sub(7)..];
        let ids: Vec<String> = conn
            .prepare_cached(
                "SELECT s.contact_id FROM contacts_fts f JOIN contact_search s ON s.key = f.rowid
                 WHERE contacts_fts MATCH ?1 AND s.organization_id = ?2 LIMIT 200",
            )?
            .query_map(
                [
                    format!("phone:\"{tail}\""),
                    actor.organization_id.to_string(),
                ],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            let row = records::get(conn, actor, &CONTACTS, parse(&id)?)?;
            if Keys::of(&row).phone.as_deref() == Some(phone.as_str()) {
                push(DuplicateReason::SamePhone, row);
            }
        }
    }
    if !keys.last.is_empty() {
        let last = draft
            .get("last_name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        for row in candidates(
            conn,
            actor,
            "last_name = ? COLLATE NOCASE",
            vec![last.trim().to_string()],
        )? {
            if similar_names(&keys, &Keys::of(&row)) {
                push(DuplicateReason::SimilarName, row);
            }
        }
    }
    found.sort_by_key(|m| m.reason);
    Ok(found)
}

fn like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn parse(id: &str) -> Result<Uuid> {
    Uuid::parse_str(id).map_err(|_| Error::invalid("id", format!("\"{id}\" is not a uuid")))
}

/// Up to 500 live contacts of the organisation matching an extra SQL condition.
fn candidates(
    conn: &Connection,
    actor: &Actor,
    condition: &str,
    params: Vec<String>,
) -> Result<Vec<Row>> {
    let sql = format!(
        "SELECT id FROM contacts WHERE organization_id = ? AND deleted_at IS NULL AND {condition} LIMIT 500"
    );
    let mut all = vec![actor.organization_id.to_string()];
    all.extend(params);
    let ids: Vec<String> = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(all), |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.iter()
        .map(|id| records::get(conn, actor, &CONTACTS, parse(id)?))
        .collect()
}

/// Groups of live contacts that are likely one person, the strongest evidence first, at
/// most `limit` groups.
pub fn find(conn: &Connection, actor: &Actor, limit: usize) -> Result<Vec<DuplicateGroup>> {
    let rows: Vec<(String, Keys)> = conn
        .prepare(
            "SELECT id, email, phone, first_name, last_name, company FROM contacts
             WHERE organization_id = ? AND deleted_at IS NULL",
        )?
        .query_map([actor.organization_id.to_string()], |r| {
            let text = |i: usize| r.get::<_, Option<String>>(i).map(Option::unwrap_or_default);
            Ok((
                r.get::<_, String>(0)?,
                Keys {
                    email: email_key(&text(1)?),
                    phone: phone_key(&text(2)?),
                    first: name_key(&text(3)?),
                    last: name_key(&text(4)?),
                    company: company_key(&text(5)?),
                },
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;

    // Union-find over contacts, joined by each shared key.
    let mut parent: Vec<usize> = (0..rows.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut reasons: HashMap<usize, Vec<DuplicateReason>> = HashMap::new();
    let mut join = |parent: &mut Vec<usize>, a: usize, b: usize, reason| {
        let (ra, rb) = (root(parent, a), root(parent, b));
        let mut merged: Vec<DuplicateReason> = reasons.remove(&ra).unwrap_or_default();
        if ra != rb {
            merged.extend(reasons.remove(&rb).unwrap_or_default());
            parent[rb] = ra;
        }
        if !merged.contains(&reason) {
            merged.push(reason);
        }
        reasons.insert(ra, merged);
    };
    let mut by_key: HashMap<(u8, String), usize> = HashMap::new();
    let mut blocks: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (i, (_, keys)) in rows.iter().enumerate() {
        for (tag, key, reason) in [
            (0u8, &keys.email, DuplicateReason::SameEmail),
            (1u8, &keys.phone, DuplicateReason::SamePhone),
        ] {
            if let Some(key) = key {
                match by_key.get(&(tag, key.clone())) {
                    Some(&first) => join(&mut parent, first, i, reason),
                    None => {
                        by_key.insert((tag, key.clone()), i);
                    }
                }
            }
        }
        if !keys.last.is_empty() && !keys.company.is_empty() {
            blocks
                .entry((keys.last.clone(), keys.company.clone()))
                .or_default()
                .push(i);
        }
    }
    for members in blocks.values() {
        for (n, &a) in members.iter().enumerate() {
            for &b in &members[n + 1..] {
                if similar_names(&rows[a].1, &rows[b].1) {
                    join(&mut parent, a, b, DuplicateReason::SimilarName);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..rows.len() {
        let r = root(&mut parent, i);
        if r != i || reasons.contains_key(&r) {
            groups.entry(r).or_default().push(i);
        }
    }
    let mut groups: Vec<(Vec<DuplicateReason>, Vec<usize>)> = groups
        .into_iter()
        .filter(|(_, members)| members.len() > 1)
        .map(|(r, members)| {
            let mut why = reasons.get(&r).cloned().unwrap_or_default();
            why.sort();
            (why, members)
        })
        .collect();
    // Strongest evidence first, then bigger groups, then a stable order.
    groups.sort_by(|a, b| {
        a.0.first()
            .cmp(&b.0.first())
            .then(b.1.len().cmp(&a.1.len()))
            .then(rows[a.1[0]].0.cmp(&rows[b.1[0]].0))
    });
    groups
        .into_iter()
        .take(limit)
        .map(|(reasons, members)| {
            let contacts = members
                .iter()
                .map(|&i| records::get(conn, actor, &CONTACTS, parse(&rows[i].0)?))
                .collect::<Result<_>>()?;
            Ok(DuplicateGroup { reasons, contacts })
        })
        .collect()
}

/// Folds contact `other` into `keep` as one batch: `keep` gains what it lacks (empty
/// fields, tags, custom fields, address parts), keeps the highest lead score and latest
/// contact date, and keeps an opt-out if either had one; every record pointing at `other`
/// (notes, activities, events, deals, orders, ...) points at `keep`; a timeline entry
/// records the merge; `other` goes to the trash. `batch::undo` reverts all of it.
pub fn merge(conn: &mut Connection, actor: &Actor, keep: Uuid, other: Uuid) -> Result<BatchResult> {
    if keep == other {
        return Err(Error::invalid(
            "other_id",
            "cannot merge a contact into itself",
        ));
    }
    batch::run(conn, actor, "merge", |tx, batch| {
        let survivor = records::get(tx, actor, &CONTACTS, keep).map_err(|e| e.within("keep_id"))?;
        let merged = records::get(tx, actor, &CONTACTS, other).map_err(|e| e.within("other_id"))?;
        for (field, row) in [("keep_id", &survivor), ("other_id", &merged)] {
            if !row.get("deleted_at").is_none_or(Value::is_null) {
                return Err(Error::invalid(
                    field,
                    "that contact is in the trash; restore it first",
                ));
            }
        }
        let mut changed = 0;
        // Everything that points at the merged contact now points at the survivor.
        for table in TABLES.iter() {
            for column in table
                .columns
                .iter()
                .filter(|c| c.references == Some("contacts"))
            {
                let sql = format!(
                    "SELECT id FROM {} WHERE {} = ? AND deleted_at IS NULL",
                    table.name, column.name
                );
                let ids: Vec<String> = tx
                    .prepare(&sql)?
                    .query_map([other.to_string()], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                for id in ids {
                    let patch =
                        Row::from_iter([(column.name.to_string(), Value::from(keep.to_string()))]);
                    records::update_in(tx, actor, table, parse(&id)?, patch, Some(batch))?;
                    changed += 1;
                }
            }
        }
        let patch = merged_fields(&survivor, &merged);
        if !patch.is_empty() {
            tags::ensure_in(tx, actor, &CONTACTS, &tags::of(&patch), Some(batch))?;
            records::update_in(tx, actor, &CONTACTS, keep, patch, Some(batch))?;
        }
        let text = |f: &str| {
            merged
                .get(f)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let name = format!("{} {}", text("first_name"), text("last_name"))
            .trim()
            .to_string();
        let note = json!({
            "contact_id": keep.to_string(),
            "activity_type": "note",
            "title": format!("Merged duplicate {name}"),
            "description": format!("{name} <{}> {} was merged into this contact.", text("email"), text("phone")).replace("  ", " "),
            "metadata": { "merged_contact_id": other.to_string(), "email": text("email"), "phone": merged.get("phone") },
        });
        let Value::Object(note) = note else {
            unreachable!("a JSON object literal")
        };
        records::create_in(tx, actor, &CONTACT_ACTIVITIES, note, Some(batch))?;
        records::set_deleted_in(tx, actor, &CONTACTS, other, true, Some(batch))?;
        Ok((changed + 2, 0))
    })
}

/// The fields the survivor takes from the merged contact.
fn merged_fields(keep: &Row, other: &Row) -> Row {
    let empty = |v: Option<&Value>| match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        _ => false,
    };
    let mut patch = Row::new();
    for column in CONTACTS.columns {
        let name = column.name;
        let (mine, theirs) = (keep.get(name), other.get(name));
        if empty(theirs) {
            continue;
        }
        let theirs = theirs.cloned().unwrap_or(Value::Null);
        let value = match name {
            "id" | "organization_id" | "email" | "created_at" | "updated_at" | "deleted_at" => {
                continue
            }
            "tags" => Value::from(tags::union(&tags::of(keep), &tags::of(other))),
            "address" | "custom_fields" => {
                let mut joined: Map<String, Value> =
                    theirs.as_object().cloned().unwrap_or_default();
                for (k, v) in mine.and_then(Value::as_object).into_iter().flatten() {
                    if !empty(Some(v)) {
                        joined.insert(k.clone(), v.clone());
                    }
                }
                Value::Object(joined)
            }
            "lead_score" | "last_contacted_at" if !empty(mine) => {
                let mine = mine.cloned().unwrap_or(Value::Null);
                let newer = match (&mine, &theirs) {
                    (Value::Number(a), Value::Number(b)) => b.as_f64() > a.as_f64(),
                    (Value::String(a), Value::String(b)) => b > a,
                    _ => false,
                };
                if newer {
                    theirs
                } else {
                    mine
                }
            }
            // An opt-out on either record is the person's wish and stands.
            _ if column.kind == Kind::Bool && name.starts_with("opt_in_") => Value::from(
                mine.and_then(Value::as_bool).unwrap_or(true) && theirs.as_bool().unwrap_or(true),
            ),
            _ if empty(mine) => theirs,
            _ => continue,
        };
        if keep.get(name) != Some(&value) {
            patch.insert(name.to_string(), value);
        }
    }
    patch
}
