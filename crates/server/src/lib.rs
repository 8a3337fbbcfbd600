//! The shared server (`aio-crm serve`): accounts, organisations and permissions, the
//! sync hub every device pushes to and pulls from (DESIGN.md §3-4), and the public
//! booking pages. HTTP with JSON under `/v1`, bearer session tokens, and a WebSocket that
//! tells devices when to pull.
//!
//! - [`routes`]: the HTTP edge, one file per area (parse, one call, render).
//! - [`store`]: the server's own storage by aggregate, and the public pages' replicas.
//! - [`booking`], [`manage`]: the public pages' work on a replica around the core's
//!   calendar operations; [`letters`] and [`mail`]: the mail about it.
//! - [`forms`]: public form pages, submissions, embeds and double opt-in links around
//!   the core's forms operations.
//! - [`automations`]: the job runner of every organisation (its replica), and inbound
//!   webhooks.

pub mod automations;
pub mod booking;
pub mod commerce;
pub mod forms;
pub mod letters;
pub mod mail;
pub mod manage;
mod routes;
pub mod store;
pub mod stripe;
pub mod uploads;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aio_core::sync::wire::Notice;
use axum::extract::DefaultBodyLimit;
use axum::http::HeaderMap;
use axum::routing::get;
use axum::Router;
use tokio::sync::{broadcast, Notify};
use uuid::Uuid;

use store::replicas::{self, Replicas};
use store::sql::{Sql, Store};
use store::{Caller, Refusal};

/// Largest request body: a full push of row updates.
const MAX_BODY: usize = 16 << 20;
/// Failed sign-ins allowed per address within `LOGIN_WINDOW`.
const LOGIN_FAILURES: usize = 10;
const LOGIN_WINDOW: Duration = Duration::from_secs(300);
/// Failed sign-ins of one email within `LOGIN_WINDOW` before its sign-ins slow down.
const LOGIN_FREE_FAILURES: usize = 3;
/// The slow-down's first and longest waits (it doubles with each further failure).
const LOGIN_FIRST_DELAY: Duration = Duration::from_millis(100);
const LOGIN_MAX_DELAY: Duration = Duration::from_secs(2);

#[derive(Clone)]
pub(crate) struct App {
    db: Arc<Store>,
    notices: broadcast::Sender<Notice>,
    failures: Arc<Mutex<HashMap<String, Vec<Instant>>>>,
    replicas: Arc<Replicas>,
    /// Recent public requests per address and kind, for their rate limits.
    public_hits: Arc<Mutex<HashMap<String, Vec<Instant>>>>,
    mail: Arc<mail::MailSettings>,
    /// Wakes the mail sender when something is queued.
    mail_queued: Arc<Notify>,
    /// Organisations whose replica is to be caught up in the background, and whether
    /// more pushes came since that was planned.
    warming: Arc<Mutex<HashMap<Uuid, bool>>>,
    /// The key of the form pages' render tokens (`server_secrets`).
    form_secret: Arc<Vec<u8>>,
    /// Form page views not yet written.
    form_views: Arc<forms::PendingViews>,
    /// Form posts waiting for their organisation's replica (taken in batches).
    form_queues: Arc<forms::Queues>,
    form_limits: routes::forms::FormLimits,
    /// Where form uploads are kept (`<server db>.uploads`, beside the replicas).
    uploads: Arc<PathBuf>,
    /// When each organisation's automations runner looks next, and what wakes it.
    automations: Arc<automations::Due>,
    automations_wake: Arc<Notify>,
    /// Devices just signed out: their notice sockets close at once.
    signed_out: broadcast::Sender<Uuid>,
    /// Memberships just ended, as (organisation, account): that account's notice sockets
    /// for that organisation close at once.
    removed: broadcast::Sender<(Uuid, Uuid)>,
}

impl App {
    /// Runs `f` on the database off the async threads.
    pub(crate) async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn Sql) -> store::Result<T> + Send + 'static,
    ) -> store::Result<T> {
        let db = self.db.clone();
        tokio::task::spawn_blocking(move || db.with(f))
            .await
            .map_err(|e| Refusal::Internal(e.to_string()))?
    }

    pub(crate) async fn caller(&self, headers: &HeaderMap) -> store::Result<(Caller, String)> {
        let token = routes::bearer(headers)?;
        let t = token.clone();
        let caller = self
            .db(move |conn| store::accounts::authenticate(conn, &t))
            .await?;
        Ok((caller, token))
    }

    /// Recent failed sign-ins under `key` (an address or an email).
    fn recent_failures(&self, key: &str) -> usize {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let list = failures.entry(key.to_string()).or_default();
        list.retain(|t| now.duration_since(*t) < LOGIN_WINDOW);
        list.len()
    }

    /// Whether this address has failed too often lately: it waits out the window.
    pub(crate) fn limited(&self, address: &str) -> bool {
        self.recent_failures(address) >= LOGIN_FAILURES
    }

    /// How long a sign-in to this email waits first. An account being guessed at slows
    /// down, doubling per failure up to a few seconds, instead of locking: a lock would
    /// let a stranger with ten wrong passwords keep the owner out. The wait is the same
    /// whether the account exists or not.
    pub(crate) fn slow_down(&self, email: &str) -> Duration {
        let beyond = self
            .recent_failures(email)
            .saturating_sub(LOGIN_FREE_FAILURES);
        if beyond == 0 {
            return Duration::ZERO;
        }
        LOGIN_FIRST_DELAY
            .saturating_mul(1 << (beyond - 1).min(16))
            .min(LOGIN_MAX_DELAY)
    }

    /// Counts a public request; false once `key` made `max` within `window`.
    pub(crate) fn allow(&self, key: String, max: usize, window: Duration) -> bool {
        let mut hits = self.public_hits.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let list = hits.entry(key).or_default();
        list.retain(|t| now.duration_since(*t) < window);
        if list.len() >= max {
            return false;
        }
        list.push(now);
        true
    }

    /// Runs a public-page call on the database and the replicas off the async threads.
    pub(crate) async fn public<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Replicas, &Store) -> store::Result<T> + Send + 'static,
    ) -> store::Result<T> {
        let (replicas, db) = (self.replicas.clone(), self.db.clone());
        tokio::task::spawn_blocking(move || f(&replicas, &db))
            .await
            .map_err(|e| Refusal::Internal(e.to_string()))?
    }

    /// Tells devices to pull and the mail sender to look at its queue after a public page
    /// changed something.
    pub(crate) fn changed(&self, org: Uuid, head: i64) {
        let _ = self.notices.send(Notice {
            organization_id: org,
            head,
        });
        self.mail_queued.notify_one();
        self.automations_changed(org);
    }

    /// Something was written in `org`: its automations runner looks soon (a burst of
    /// changes in one pass).
    pub(crate) fn automations_changed(&self, org: Uuid) {
        self.automations
            .soon(org, aio_core::clock::Clock::System.now());
        self.automations_wake.notify_one();
    }

    /// Part of an upload came into `org`: its automations runner looks once the pushes
    /// pause (each page moves that later), so the replica catches up once, not page by
    /// page on the incremental path.
    pub(crate) fn automations_after_upload(&self, org: Uuid) {
        self.automations
            .after_pause(org, aio_core::clock::Clock::System.now());
        self.automations_wake.notify_one();
    }

    /// Catches the organisation's booking replica up in the background after pushes, so
    /// a page view after a big upload does not pay for it (only organisations with
    /// booking types have pages). It starts once pushes pause for two seconds, one run
    /// per organisation at a time, and runs again if more came meanwhile.
    fn warm(&self, org: Uuid) {
        {
            let mut warming = self.warming.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(again) = warming.get_mut(&org) {
                *again = true;
                return;
            }
            warming.insert(org, false);
        }
        let app = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(2)).await;
                let again = {
                    let mut warming = app.warming.lock().unwrap_or_else(|p| p.into_inner());
                    std::mem::replace(warming.entry(org).or_default(), false)
                };
                if again {
                    continue;
                }
                let (replicas, db) = (app.replicas.clone(), app.db.clone());
                let done =
                    tokio::task::spawn_blocking(move || replicas::warm(&replicas, &db, org)).await;
                if let Ok(Err(e)) = done {
                    tracing::warn!("booking replica of {org}: {e}");
                }
                let mut warming = app.warming.lock().unwrap_or_else(|p| p.into_inner());
                if warming.get(&org) != Some(&true) {
                    warming.remove(&org);
                    return;
                }
            }
        });
    }

    pub(crate) fn fail(&self, keys: &[String]) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        for key in keys {
            failures
                .entry(key.clone())
                .or_default()
                .push(Instant::now());
        }
    }
}

/// Every minute (and at start), the reminders that are due.
async fn send_reminders(app: App) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        let mail = app.mail.clone();
        match app
            .public(move |replicas, db| {
                manage::send_reminders(replicas, db, &mail, chrono::Utc::now())
            })
            .await
        {
            Ok(heads) => {
                for (org, head) in heads {
                    app.changed(org, head);
                }
            }
            Err(e) => tracing::error!("reminders: {e}"),
        }
    }
}

/// The automations runner: each organisation when something changed in it or its next
/// job is due (looked at twice a second), on its replica.
async fn run_automations(app: App) {
    let web = Arc::new(automations::Outbound::new());
    let (db, due) = (app.db.clone(), app.automations.clone());
    if let Ok(Err(e)) = tokio::task::spawn_blocking(move || automations::plan_all(&db, &due)).await
    {
        tracing::error!("automations: {e}");
    }
    loop {
        let (mail, due, web) = (app.mail.clone(), app.automations.clone(), web.clone());
        let heads = app
            .public(move |replicas, db| {
                Ok(automations::run_due(
                    replicas,
                    db,
                    &mail,
                    &due,
                    web.as_ref(),
                    aio_core::clock::Clock::System.now(),
                ))
            })
            .await
            .unwrap_or_default();
        for (org, head) in heads {
            let _ = app.notices.send(Notice {
                organization_id: org,
                head,
            });
            app.mail_queued.notify_one();
        }
        let sleep = app.automations.sleep(aio_core::clock::Clock::System.now());
        tokio::select! {
            _ = app.automations_wake.notified() => {}
            _ = tokio::time::sleep(sleep) => {}
        }
    }
}

/// Every few seconds, the form page views counted meanwhile.
async fn flush_form_views(app: App) {
    let mut tick = tokio::time::interval(Duration::from_secs(10));
    loop {
        tick.tick().await;
        let pending = app.form_views.clone();
        match app
            .public(move |replicas, db| {
                forms::flush_views(replicas, db, &pending, chrono::Utc::now())
            })
            .await
        {
            Ok(heads) => {
                for (org, head) in heads {
                    app.changed(org, head);
                }
            }
            Err(e) => tracing::error!("form views: {e}"),
        }
    }
}

pub use routes::forms::FormLimits;

/// The server's routes on a SQLite file; with mail configured, also its mail sender and
/// reminder job (so this runs inside a Tokio runtime).
pub fn router(
    db: rusqlite::Connection,
    replicas: PathBuf,
    mail: mail::MailSettings,
) -> anyhow::Result<Router> {
    router_on(Store::sqlite(db), replicas, mail, FormLimits::default())
}

/// [`router`] on either storage, with the public forms' submission limits. `replicas` is
/// this process's own folder of organisation replicas.
pub fn router_on(
    db: Store,
    replicas: PathBuf,
    mail: mail::MailSettings,
    form_limits: FormLimits,
) -> anyhow::Result<Router> {
    // On a thread of its own: the PostgreSQL client blocks on a runtime of its own, which
    // cannot start on an async thread.
    let form_secret = std::thread::scope(|s| {
        s.spawn(|| db.with(forms::secret))
            .join()
            .map_err(|_| anyhow::anyhow!("reading the server's secret panicked"))
    })??;
    let form_secret = Arc::new(form_secret);
    let listen = db.postgres_url().map(str::to_string);
    let (notices, _) = broadcast::channel(1024);
    let uploads = Arc::new(replicas.with_extension("uploads"));
    // Files of posts a stop cut short: their submissions were never stored.
    let _ = std::fs::remove_dir_all(uploads.join("incoming"));
    let app = App {
        uploads,
        db: Arc::new(db),
        notices,
        failures: Arc::default(),
        replicas: Arc::new(Replicas::new(replicas)),
        public_hits: Arc::default(),
        mail: Arc::new(mail),
        mail_queued: Arc::default(),
        warming: Arc::default(),
        form_secret,
        form_views: Arc::default(),
        form_queues: Arc::default(),
        form_limits,
        automations: Arc::default(),
        automations_wake: Arc::default(),
        signed_out: broadcast::channel(256).0,
        removed: broadcast::channel(256).0,
    };
    if let Some(url) = &app.mail.smtp_url {
        // A message that fails for good is told back to its organisation's runs soon.
        let (due, wake) = (app.automations.clone(), app.automations_wake.clone());
        let failed: mail::OnFailed = Arc::new(move |org: Uuid| {
            due.now(org);
            wake.notify_one();
        });
        mail::spawn_sender(app.db.clone(), url, app.mail_queued.clone(), failed)?;
        tokio::spawn(send_reminders(app.clone()));
    }
    if tokio::runtime::Handle::try_current().is_ok() {
        tokio::spawn(flush_form_views(app.clone()));
        tokio::spawn(run_automations(app.clone()));
        if let Some(url) = listen {
            tokio::spawn(listen_for_notices(app.clone(), url));
        }
    }
    Ok(Router::new()
        .merge(routes::accounts::routes())
        .merge(routes::invitations::routes())
        .merge(routes::members::routes())
        .merge(routes::sync::routes())
        .merge(routes::booking::routes())
        .merge(routes::commerce::routes())
        .merge(routes::payments::routes())
        .merge(routes::manage::routes())
        .merge(routes::forms::routes())
        .merge(routes::automations::routes())
        .route("/health", get(|| async { "ok" }))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(app))
}

/// Serves a SQLite file until SIGINT or SIGTERM, then finishes the requests in flight:
/// every push acknowledged before is committed. An empty `mail.public_url` means the
/// bound address.
pub async fn serve(
    db_path: &Path,
    bind: &str,
    mail: mail::MailSettings,
    ready: impl FnOnce(SocketAddr),
) -> anyhow::Result<()> {
    let store = Store::sqlite(store::open(db_path)?);
    serve_with(
        store,
        replicas_beside(db_path),
        bind,
        mail,
        FormLimits::default(),
        ready,
    )
    .await
}

/// Where a SQLite server keeps its organisations' replicas: beside its file.
pub fn replicas_beside(db_path: &Path) -> PathBuf {
    let mut replicas = db_path.as_os_str().to_owned();
    replicas.push(".replicas");
    PathBuf::from(replicas)
}

/// [`serve`] on either storage, with this process's replica folder and the public forms'
/// submission limits.
pub async fn serve_with(
    store: Store,
    replicas: PathBuf,
    bind: &str,
    mut mail: mail::MailSettings,
    form_limits: FormLimits,
    ready: impl FnOnce(SocketAddr),
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(bind).await?;
    let addr = listener.local_addr()?;
    if mail.public_url.is_empty() {
        mail.public_url = format!("http://{addr}");
    }
    let router = router_on(store, replicas, mail, form_limits)?;
    ready(addr);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await?;
    Ok(())
}

/// With PostgreSQL: the pushes other server processes take reach this one's devices.
/// Each process LISTENs on one connection of its own and passes a notice on as if the
/// push had come here; after a lost connection it listens again, and every device is told
/// to pull (a notice may have been missed meanwhile).
async fn listen_for_notices(app: App, url: String) {
    let mut first = true;
    loop {
        match listen_once(&app, &url, first).await {
            Ok(()) => {}
            Err(e) => tracing::warn!("listening for other processes' pushes: {e}"),
        }
        first = false;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

async fn listen_once(app: &App, url: &str, first: bool) -> anyhow::Result<()> {
    let config: tokio_postgres::Config = url.parse()?;
    let (client, mut connection) = config.connect(tokio_postgres::NoTls).await?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    // The connection hands over notifications only while it is polled.
    let pump = tokio::spawn(async move {
        loop {
            match std::future::poll_fn(|cx| connection.poll_message(cx)).await {
                Some(Ok(tokio_postgres::AsyncMessage::Notification(n))) => {
                    if tx.send(n.payload().to_string()).is_err() {
                        return;
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => {
                    tracing::warn!("notice connection: {e}");
                    return;
                }
                None => return,
            }
        }
    });
    client
        .batch_execute(&format!("LISTEN {}", store::sql::NOTICES))
        .await?;
    if !first {
        // A notice with no head makes every device of the organisation pull.
        let orgs: Vec<Uuid> = app
            .db(|conn| {
                use store::sql::SqlExt;
                conn.query_map("SELECT id FROM organizations", crate::args![], |r| {
                    store::parse_uuid(&r.get::<String>(0)?)
                })
            })
            .await
            .unwrap_or_default();
        for org in orgs {
            let _ = app.notices.send(Notice {
                organization_id: org,
                head: -1,
            });
        }
    }
    while let Some(payload) = rx.recv().await {
        match store::sql::notice_from(&payload) {
            Some(store::sql::Heard::Pushed(org, head)) => {
                let _ = app.notices.send(Notice {
                    organization_id: org,
                    head,
                });
                app.mail_queued.notify_one();
                app.automations_changed(org);
            }
            Some(store::sql::Heard::Removed(org, account)) => {
                let _ = app.removed.send((org, account));
            }
            Some(store::sql::Heard::SignedOut(device)) => {
                let _ = app.signed_out.send(device);
            }
            None => {}
        }
    }
    pump.abort();
    drop(client);
    anyhow::bail!("the notice connection closed")
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing requests in flight");
}
