//! Secrets in the OS keyring (DESIGN.md §4): sync session tokens, Google Calendar tokens,
//! integration credentials. The database keeps only a reference (the secret's name);
//! the value never touches SQLite, logs or `Debug` output.
//!
//! Entries are keyed per local profile (a random key kept in `app_settings`), so two
//! profiles on one machine never read each other's secrets. Every call is retried when
//! the keyring service drops it (the Secret Service daemon restarting, a busy bus); a
//! missing or locked keyring is a clear error, never a crash and never a fallback to disk.

use std::fmt;
use std::time::Duration;

use aio_core::db::Connection;
use aio_core::settings;
use uuid::Uuid;

/// The keyring service every entry of the app lives under.
pub const SERVICE: &str = "aio-agency-crm";
/// The `app_settings` key holding this profile's keyring key.
const PROFILE_KEY: &str = "sync_profile_key";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No keyring to talk to, or it refused (locked, no Secret Service running).
    #[error("the OS keyring is not available ({0}); on Linux a Secret Service such as GNOME Keyring must be running and unlocked")]
    Unavailable(String),
    #[error("the OS keyring: {0}")]
    Keyring(String),
    #[error("{0}")]
    Core(#[from] aio_core::Error),
}

pub type Result<T> = std::result::Result<T, Error>;

/// A secret value: shown as `Secret(***)` in `Debug`, so it never lands in a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// The secrets of one local profile.
#[derive(Debug, Clone)]
pub struct Secrets {
    profile: String,
}

impl Secrets {
    /// The secrets of the profile in this database (giving it a keyring key on first use).
    pub fn of_profile(conn: &Connection) -> Result<Secrets> {
        let profile = match settings::get(conn, PROFILE_KEY)? {
            Some(key) => key,
            None => {
                let key = Uuid::new_v4().to_string();
                settings::set(conn, PROFILE_KEY, &key)?;
                key
            }
        };
        Ok(Secrets { profile })
    }

    /// The secrets kept under `key` (a server's own key, stored in its database), for a
    /// process that has no local profile.
    pub fn named(key: impl Into<String>) -> Secrets {
        Secrets {
            profile: key.into(),
        }
    }

    fn entry(&self, name: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(SERVICE, &format!("{name}:{}", self.profile)).map_err(error)
    }

    /// Stores or replaces the secret `name` (for example `sync-session` or
    /// `google:<token row id>`).
    pub fn set(&self, name: &str, value: &Secret) -> Result<()> {
        let entry = self.entry(name)?;
        retried(|| entry.set_password(value.expose())).map_err(error)
    }

    /// The secret `name`, or `None` when there is none.
    pub fn get(&self, name: &str) -> Result<Option<Secret>> {
        let entry = self.entry(name)?;
        match retried(|| entry.get_password()) {
            Ok(value) => Ok(Some(Secret(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(error(e)),
        }
    }

    /// Deletes the secret `name`; deleting one that is not there is not an error.
    pub fn delete(&self, name: &str) -> Result<()> {
        let entry = self.entry(name)?;
        match retried(|| entry.delete_credential()) {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(error(e)),
        }
    }
}

/// Runs a keyring call, again after a pause if the keyring service dropped it.
fn retried<T>(mut f: impl FnMut() -> keyring::Result<T>) -> keyring::Result<T> {
    let mut tries = 0;
    loop {
        match f() {
            Err(keyring::Error::PlatformFailure(e)) if tries < 3 => {
                tracing::warn!("the keyring failed ({e}); trying again");
                tries += 1;
                std::thread::sleep(Duration::from_millis(200 * tries));
            }
            other => return other,
        }
    }
}

fn error(e: keyring::Error) -> Error {
    match e {
        keyring::Error::NoStorageAccess(inner) => Error::Unavailable(inner.to_string()),
        keyring::Error::PlatformFailure(inner) => Error::Unavailable(inner.to_string()),
        other => Error::Keyring(other.to_string()),
    }
}
