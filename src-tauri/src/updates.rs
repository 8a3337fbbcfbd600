//! Signed updates through tauri-plugin-updater: the endpoint and the public key come from
//! `plugins.updater` in tauri.conf.json (the private key signs releases in CI only). The
//! person asks for a check; an offer names the version and its notes; installing
//! downloads it (progress is polled), verifies the signature against the public key,
//! installs it (on Linux the .deb or .rpm the app came from, through pkexec or sudo) and
//! restarts. A package whose signature does not verify is never written anywhere.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

use aio_core::error::{Code, ErrorPayload};
use tauri_plugin_updater::{Update, UpdaterExt};

/// A newer version the endpoint offers.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct UpdateOffer {
    pub version: String,
    pub current_version: String,
    /// What is new, as the release notes say it.
    pub notes: Option<String>,
    /// When it was published (RFC 3339).
    pub date: Option<String>,
}

/// How far the download of the update has come.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct UpdateProgress {
    #[ts(type = "number")]
    pub downloaded: u64,
    /// The package's size, when the server says it.
    #[ts(type = "number | null")]
    pub total: Option<u64>,
    /// Downloaded and verified; installing now.
    pub installing: bool,
}

#[derive(Default)]
pub struct Updates {
    app: OnceLock<tauri::AppHandle>,
    /// The update the last check offered: installing takes exactly that one.
    offered: Mutex<Option<Update>>,
    downloaded: AtomicU64,
    /// 0 while the size is unknown.
    total: AtomicU64,
    installing: AtomicBool,
}

fn refused(message: String) -> ErrorPayload {
    ErrorPayload {
        code: Code::Invalid,
        message,
    }
}

fn failed(message: String) -> ErrorPayload {
    ErrorPayload {
        code: Code::Internal,
        message,
    }
}

/// What the person reads when an update fails, by what failed.
fn explain(e: tauri_plugin_updater::Error) -> ErrorPayload {
    use tauri_plugin_updater::Error as E;
    match e {
        E::Minisign(_) | E::SignatureUtf8(_) | E::Base64(_) => refused(
            "The update's signature does not match this app's signing key, so it was not \
             installed and nothing was changed."
                .into(),
        ),
        E::Reqwest(_) | E::Network(_) | E::ReleaseNotFound => {
            failed(format!("The update server could not be reached: {e}"))
        }
        other => failed(format!("The update could not be installed: {other}")),
    }
}

impl Updates {
    pub fn attach(&self, app: tauri::AppHandle) {
        let _ = self.app.set(app);
    }

    fn app(&self) -> Result<&tauri::AppHandle, ErrorPayload> {
        self.app
            .get()
            .ok_or_else(|| failed("the app is still starting".into()))
    }

    /// Asks the endpoint; `None` when this is the newest version.
    pub fn check(&self) -> Result<Option<UpdateOffer>, ErrorPayload> {
        let updater = self.app()?.updater().map_err(explain)?;
        let found = tauri::async_runtime::block_on(updater.check()).map_err(explain)?;
        let offer = found.as_ref().map(|u| UpdateOffer {
            version: u.version.clone(),
            current_version: u.current_version.clone(),
            notes: u.body.clone(),
            date: u.date.and_then(|d| {
                d.format(&time::format_description::well_known::Rfc3339)
                    .ok()
            }),
        });
        if let Some(offer) = &offer {
            tracing::info!("update {} offered", offer.version);
        }
        *self.offered.lock().unwrap_or_else(|p| p.into_inner()) = found;
        Ok(offer)
    }

    /// Downloads, verifies and installs the offered update, then restarts the app into it.
    /// Any failure leaves the installed app as it was.
    pub fn install(&self) -> Result<(), ErrorPayload> {
        let app = self.app()?;
        let update = self
            .offered
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| refused("Check for updates first.".into()))?;
        self.downloaded.store(0, Ordering::Relaxed);
        self.total.store(0, Ordering::Relaxed);
        self.installing.store(false, Ordering::Relaxed);
        let bytes = tauri::async_runtime::block_on(update.download(
            |chunk, total| {
                self.downloaded.fetch_add(chunk as u64, Ordering::Relaxed);
                self.total.store(total.unwrap_or(0), Ordering::Relaxed);
            },
            || self.installing.store(true, Ordering::Relaxed),
        ))
        .inspect_err(|e| tracing::warn!("update {} refused: {e}", update.version))
        .map_err(explain)?;
        // `install` verifies the bytes again before writing them anywhere.
        update
            .install(&bytes)
            .inspect_err(|e| tracing::warn!("update {} not installed: {e}", update.version))
            .map_err(explain)?;
        tracing::info!("update {} installed; restarting", update.version);
        app.request_restart();
        Ok(())
    }

    pub fn progress(&self) -> UpdateProgress {
        let total = self.total.load(Ordering::Relaxed);
        UpdateProgress {
            downloaded: self.downloaded.load(Ordering::Relaxed),
            total: (total > 0).then_some(total),
            installing: self.installing.load(Ordering::Relaxed),
        }
    }
}
