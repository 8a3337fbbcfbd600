//! One error type for the core. Every variant carries enough to tell a person what went
//! wrong and where (the field, the table, the file); `code()` gives the small closed set
//! of codes the UI and scripts branch on, and `ErrorPayload` is its `{code, message}` wire
//! shape.

use std::path::PathBuf;

use serde::Serialize;
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Input that fails validation; `field` names the column or argument.
    #[error("{field}: {reason}")]
    Invalid { field: String, reason: String },
    /// A value that must be unique is already taken.
    #[error("{field}: {reason}")]
    Conflict { field: String, reason: String },
    #[error("{table}: no record with id {id}")]
    NotFound { table: String, id: String },
    #[error("not allowed: {0}")]
    Forbidden(String),
    #[error("no database at {0} (create one with `aio-crm migrate --db {0}`)")]
    Missing(PathBuf),
    #[error("{path} is not a usable AIO CRM database: {reason}")]
    Unusable { path: PathBuf, reason: String },
    #[error("{path} was written by a newer AIO CRM (schema version {found}; this build knows up to {known}); update the app, the file was left unchanged")]
    NewerVersion {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "this database has no local profile yet (run `aio-crm migrate` or start the app once)"
    )]
    NoProfile,
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The codes a caller can branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    Invalid,
    Conflict,
    NotFound,
    Forbidden,
    Database,
    Internal,
}

/// `{code, message}`: how an error travels to the UI or out of the CLI as JSON.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ErrorPayload {
    pub code: Code,
    pub message: String,
}

impl Error {
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }

    pub fn not_found(table: &str, id: impl ToString) -> Self {
        Error::NotFound {
            table: table.to_string(),
            id: id.to_string(),
        }
    }

    /// The same error, its field prefixed with where it happened (`row 12: email`).
    pub fn within(self, context: &str) -> Self {
        match self {
            Error::Invalid { field, reason } => Error::Invalid {
                field: format!("{context}: {field}"),
                reason,
            },
            Error::Conflict { field, reason } => Error::Conflict {
                field: format!("{context}: {field}"),
                reason,
            },
            other => other,
        }
    }

    pub fn code(&self) -> Code {
        match self {
            Error::Invalid { .. } => Code::Invalid,
            Error::Conflict { .. } => Code::Conflict,
            Error::NotFound { .. } => Code::NotFound,
            Error::Forbidden(_) => Code::Forbidden,
            Error::Missing(_)
            | Error::Unusable { .. }
            | Error::NewerVersion { .. }
            | Error::NoProfile
            | Error::Migration(_)
            | Error::Sqlite(_) => Code::Database,
            Error::Io(_) => Code::Internal,
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code(),
            message: self.to_string(),
        }
    }
}
