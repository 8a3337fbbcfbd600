//! What the server checks before it accepts an update from a device.

use yrs::{ReadTxn, StateVector, Transact};

use super::document::{apply_bytes, decode_update, doc_row, new_doc};
use super::MAX_UPDATE_BYTES;
use crate::error::{Error, Result};
use crate::records::Row;
use crate::schema::TableDef;
use crate::values;

/// Checks an update from outside against the table's schema: it decodes, and applied to
/// `prior` (the row's current document, if any) it leaves a row whose every field is
/// valid for its column. Returns the merged document state. Used by the server before it
/// accepts an update.
pub fn check_update(
    table: &TableDef,
    prior: Option<&[u8]>,
    update: &[u8],
) -> Result<(Vec<u8>, Row, bool)> {
    if update.len() > MAX_UPDATE_BYTES {
        return Err(Error::invalid("update", "is larger than 2 MiB"));
    }
    let doc = new_doc(1);
    if let Some(prior) = prior {
        apply_bytes(&doc, prior).map_err(|e| Error::invalid("state", e))?;
    }
    let before = doc.transact().state_vector();
    apply_bytes(&doc, update).map_err(|e| Error::invalid("update", e))?;
    let txn = doc.transact();
    if txn.has_missing_updates() {
        drop(txn);
        return Err(Error::invalid(
            "update",
            "depends on changes the server does not have",
        ));
    }
    let after = txn.state_vector();
    let state = txn.encode_state_as_update_v1(&StateVector::default());
    drop(txn);
    let row = doc_row(&doc, table)?;
    for (field, value) in &row {
        let column = table
            .column(field)
            .ok_or_else(|| Error::invalid(field, "no such field"))?;
        values::to_sql(column, value)?;
    }
    Ok((state, row, after != before))
}

/// The yrs client ids whose changes an update carries.
pub fn update_clients(update: &[u8]) -> Result<Vec<u64>> {
    let decoded = decode_update(update).map_err(|e| Error::invalid("update", e))?;
    // Deletions carry no blocks of their own; what they delete is checked with the row.
    let mut clients: Vec<u64> = decoded
        .state_vector_lower()
        .iter()
        .map(|(c, _)| c.get())
        .collect();
    clients.sort_unstable();
    Ok(clients)
}
