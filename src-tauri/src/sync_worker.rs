//! Background work for the desktop: a thread with its own database connection runs sync
//! rounds when a local write nudges it, when the server's WebSocket says there is more,
//! and on a timer that backs off while the server cannot be reached, so syncing resumes
//! by itself after being offline. Before each round it finishes what a big import put
//! off (sort indexes, search documents: `aio_core::deferred`), so the import returns as
//! soon as its rows are in. Every few minutes it also syncs the Google calendars linked
//! with sync on (`aio_google::sync`), before the round, so their changes go out with it.
//! A profile that never synced is its own executor (DESIGN.md §8): the same thread runs
//! its due automations (`runner::run_local`) after each nudge and when the next job is due.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aio_core::db::{self, Connection, OpenMode};
use aio_core::modules::automations::runner;
use aio_sync::webhooks::Outbound;

/// Rounds while online happen at least this often (the WebSocket usually wakes us sooner).
const IDLE_ROUND: Duration = Duration::from_secs(60);
/// First and longest wait before retrying an unreachable server.
const RETRY_FIRST: Duration = Duration::from_secs(2);
const RETRY_MAX: Duration = Duration::from_secs(60);
/// How often linked Google calendars are synced in the background.
const GOOGLE_ROUND: Duration = Duration::from_secs(300);

pub struct SyncWorker {
    wake: Mutex<Sender<()>>,
    online: AtomicBool,
    /// Rows written by remote updates or indexed in the background since the app started:
    /// the UI reloads when it grows.
    remote_rows: AtomicU64,
}

impl SyncWorker {
    pub fn start(db_path: &Path) -> Arc<SyncWorker> {
        let (tx, rx) = mpsc::channel();
        let worker = Arc::new(SyncWorker {
            wake: Mutex::new(tx),
            online: AtomicBool::new(false),
            remote_rows: AtomicU64::new(0),
        });
        let w = worker.clone();
        let path = db_path.to_owned();
        std::thread::Builder::new()
            .name("sync".into())
            .spawn(move || w.run(path, rx))
            .unwrap_or_else(|e| panic!("cannot start the sync thread: {e}"));
        worker
    }

    /// Asks for a round soon (after a local write, a sign-in, "Sync now").
    pub fn nudge(&self) {
        let _ = self.wake.lock().unwrap_or_else(|p| p.into_inner()).send(());
    }

    pub fn online(&self) -> bool {
        self.online.load(Ordering::Relaxed)
    }

    /// Rows written outside a sync round (a Google Calendar sync): lists reload.
    pub fn rows_arrived(&self, rows: u64) {
        if rows > 0 {
            self.remote_rows.fetch_add(rows, Ordering::Relaxed);
        }
    }

    pub fn remote_rows(&self) -> u64 {
        self.remote_rows.load(Ordering::Relaxed)
    }

    fn run(self: Arc<Self>, path: PathBuf, wake: Receiver<()>) {
        let mut conn = loop {
            match db::open(&path, OpenMode::Existing) {
                Ok((conn, _)) => break conn,
                // The app shows why the database cannot be opened; keep waiting quietly.
                Err(_) => std::thread::sleep(RETRY_MAX),
            }
        };
        let mut retry = RETRY_FIRST;
        let mut watching = Arc::new(AtomicBool::new(false));
        let mut last_google: Option<Instant> = None;
        loop {
            self.finish_deferred(&mut conn);
            if last_google.is_none_or(|t| t.elapsed() >= GOOGLE_ROUND) {
                self.google_round(&mut conn);
                last_google = Some(Instant::now());
            }
            let linked = matches!(aio_sync::link(&conn), Ok(Some(_)));
            let jobs_wait = if linked {
                IDLE_ROUND
            } else {
                self.run_automations(&mut conn)
            };
            let wait = match aio_sync::link(&conn) {
                Ok(Some(_)) => match aio_sync::sync_now(&mut conn) {
                    Ok(round) => {
                        self.online.store(true, Ordering::Relaxed);
                        self.remote_rows
                            .fetch_add(round.rows_written as u64, Ordering::Relaxed);
                        retry = RETRY_FIRST;
                        // A new device's rows are in: build its indexes and search now.
                        if round.indexing {
                            self.finish_deferred(&mut conn);
                        }
                        if !watching.load(Ordering::Relaxed) {
                            watching = self.watch(&conn);
                        }
                        IDLE_ROUND
                    }
                    Err(e) => {
                        tracing::warn!("sync round failed: {e}");
                        self.online.store(false, Ordering::Relaxed);
                        let wait = retry;
                        retry = (retry * 2).min(RETRY_MAX);
                        wait
                    }
                },
                _ => {
                    self.online.store(false, Ordering::Relaxed);
                    jobs_wait
                }
            };
            match wake.recv_timeout(wait) {
                Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
            // Several nudges at once make one round.
            while wake.try_recv().is_ok() {}
        }
    }

    /// Runs what is due on this never-synced profile; how long until the next job.
    fn run_automations(&self, conn: &mut Connection) -> Duration {
        let Ok(actor) = aio_core::team::profile::actor(conn, None) else {
            return IDLE_ROUND;
        };
        let now = aio_core::clock::Clock::System.now();
        match runner::run_local(conn, &actor, &Outbound::new(), now) {
            Ok(tick) => {
                let written = tick.started + tick.jobs.ran();
                if written > 0 {
                    self.rows_arrived(written as u64);
                }
            }
            Err(e) => tracing::warn!("automations: {e}"),
        }
        let next = aio_core::jobs::next_due(conn)
            .ok()
            .flatten()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| {
                (t.with_timezone(&chrono::Utc) - now)
                    .to_std()
                    .unwrap_or_default()
            });
        next.unwrap_or(IDLE_ROUND)
            .clamp(Duration::from_millis(200), IDLE_ROUND)
    }

    /// Syncs the linked Google calendars when Google is connected; failures are in their
    /// `sync_logs` rows (the Integrations panel shows them) and the log.
    fn google_round(&self, conn: &mut Connection) {
        let Ok(actor) = aio_core::team::profile::actor(conn, None) else {
            return;
        };
        match aio_google::status(conn, &actor) {
            Ok(status) if status.connected && status.calendars.iter().any(|c| c.sync_enabled) => {}
            _ => return,
        }
        match aio_google::sync(conn, &actor, &aio_google::Config::from_env()) {
            Ok(runs) => self.rows_arrived(runs.iter().map(|r| r.pulled.max(0) as u64).sum()),
            Err(e) => tracing::warn!("Google Calendar sync failed: {e}"),
        }
    }

    fn finish_deferred(&self, conn: &mut Connection) {
        match aio_core::deferred::pending(conn).and_then(|pending| {
            if pending {
                aio_core::deferred::finish(conn).map(Some)
            } else {
                Ok(None)
            }
        }) {
            Ok(Some(finished)) => {
                tracing::info!(
                    "rebuilt {} indexes, indexed {} contacts for search",
                    finished.indexes,
                    finished.contacts_indexed
                );
                self.remote_rows
                    .fetch_add(finished.contacts_indexed.max(1) as u64, Ordering::Relaxed);
            }
            Ok(None) => {}
            Err(e) => tracing::warn!("cannot finish indexing: {e}"),
        }
    }

    /// Listens to the server's notices on another thread (one socket for every
    /// organisation of the account); each one wakes the worker.
    /// The returned flag drops to false when the socket closes.
    fn watch(self: &Arc<Self>, conn: &Connection) -> Arc<AtomicBool> {
        let alive = Arc::new(AtomicBool::new(false));
        let Ok(mut socket) = aio_sync::watch(conn) else {
            return alive;
        };
        alive.store(true, Ordering::Relaxed);
        let flag = alive.clone();
        let worker = self.clone();
        let _ = std::thread::Builder::new()
            .name("sync-notices".into())
            .spawn(move || {
                while let Ok(message) = socket.read() {
                    if message.is_text() {
                        worker.nudge();
                    }
                }
                flag.store(false, Ordering::Relaxed);
                worker.online.store(false, Ordering::Relaxed);
                worker.nudge();
            });
        alive
    }
}
