//! The commands the UI calls. Each one takes the database, resolves the local profile's
//! actor and makes one call into the core; errors travel as `{code, message}`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use aio_core::crm::duplicates::{self, DuplicateGroup, DuplicateMatch};
use aio_core::crm::transfer::{
    self, CsvFile, ImportFile, ImportOptions, ImportPreview, ImportReport, Progress,
};
use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

use aio_core::batch::{self, BatchResult, UndoResult};
use aio_core::bulk::{self, BulkAction, BulkTarget, RecordChange};
use aio_core::crm::search::Hit;
use aio_core::crm::tags;
use aio_core::crm::timeline::{self, TimelinePage, TimelineQuery};
use aio_core::db::{self, Connection, OpenMode};
use aio_core::modules::commerce::{
    self,
    invoices::{NewInvoice, Payment},
    orders::NewOrder,
    preview::{Draft, TotalsPreview},
    revenue::Revenue,
};
use aio_core::modules::pipelines::{
    self, board::Board, forecast::Dashboard, history::JourneyStep, moves::CardMove,
    setup::PipelineTemplate,
};
use aio_core::records::{self, ListQuery, Page, Row};
use aio_core::schema::TableDef;
use aio_core::tables::TABLES;
use aio_core::team::profile::{self, Profile};

use crate::desktop::About;
use crate::updates::{UpdateOffer, UpdateProgress};
use aio_core::{Actor, ErrorPayload};
use ts_rs::TS;

use crate::sync_worker::SyncWorker;
use uuid::Uuid;

type Reply<T> = Result<T, ErrorPayload>;

/// The open database, or why it could not be opened (shown to the user by the UI), and
/// the CSV files chosen for import, kept between the mapping screen and the import.
pub struct AppState {
    path: std::path::PathBuf,
    /// What "About" shows, once the app knows its directories.
    pub about: std::sync::OnceLock<crate::desktop::About>,
    db: Result<Mutex<Connection>, ErrorPayload>,
    imports: Mutex<HashMap<Uuid, Arc<StagedImport>>>,
    sync: Arc<SyncWorker>,
    /// The update the person was offered, and its download.
    pub updates: crate::updates::Updates,
}

/// A CSV file read for import, and the progress of its import while it runs.
struct StagedImport {
    file: CsvFile,
    progress: Progress,
    report: Mutex<Option<ImportReport>>,
}

impl AppState {
    pub fn open(path: &Path) -> Self {
        let opened = db::open(path, OpenMode::CreateIfMissing).and_then(|(mut conn, _)| {
            profile::ensure(&mut conn)?;
            Ok(conn)
        });
        if let Err(e) = &opened {
            tracing::error!("cannot open {}: {e}", path.display());
        }
        AppState {
            path: path.to_owned(),
            about: std::sync::OnceLock::new(),
            db: opened.map(Mutex::new).map_err(|e| e.payload()),
            imports: Mutex::default(),
            sync: SyncWorker::start(path),
            updates: Default::default(),
        }
    }

    /// How sync stands (the sync chip's and the tray's reading).
    pub fn sync_state(&self) -> Reply<SyncState> {
        self.with_conn(|conn| sync_state(self, conn))
    }

    /// The person's notifications that came in since the last look (each once), and
    /// whether this device shows them.
    pub fn new_notices(&self) -> Reply<(bool, Vec<aio_core::modules::system::notices::Notice>)> {
        use aio_core::modules::system::notices;
        self.with(|conn, actor| {
            Ok((
                notices::enabled(conn)?,
                notices::take_new(conn, actor.user_id)?,
            ))
        })
    }

    /// Asks the sync worker for a round now (the tray's "Sync now").
    pub fn sync_now(&self) {
        self.sync.nudge();
    }

    /// `with` for a command that changes data: the sync worker is told afterwards.
    fn write<T>(&self, f: impl FnOnce(&mut Connection, &Actor) -> aio_core::Result<T>) -> Reply<T> {
        let out = self.with(f);
        if out.is_ok() {
            self.sync.nudge();
        }
        out
    }

    /// Runs `f` with the database and the acting user.
    fn with<T>(&self, f: impl FnOnce(&mut Connection, &Actor) -> aio_core::Result<T>) -> Reply<T> {
        let db = self.db.as_ref().map_err(Clone::clone)?;
        let mut conn = db.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let actor = profile::actor(&conn, None).map_err(|e| e.payload())?;
        f(&mut conn, &actor).map_err(|e| e.payload())
    }

    /// Runs `f` with the database alone (sync needs no actor).
    fn with_conn<T>(&self, f: impl FnOnce(&mut Connection) -> Reply<T>) -> Reply<T> {
        let db = self.db.as_ref().map_err(Clone::clone)?;
        let mut conn = db.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut conn)
    }

    /// A connection of its own, for calls that wait on Google: the app's stays free.
    fn own_conn(&self) -> Reply<(Connection, Actor)> {
        self.db.as_ref().map_err(Clone::clone)?;
        let (conn, _) = db::open(&self.path, OpenMode::Existing).map_err(|e| e.payload())?;
        let actor = profile::actor(&conn, None).map_err(|e| e.payload())?;
        Ok((conn, actor))
    }

    fn staged(&self, import_id: Uuid) -> Reply<Arc<StagedImport>> {
        let imports = self.imports.lock().unwrap_or_else(|p| p.into_inner());
        imports.get(&import_id).cloned().ok_or_else(|| {
            aio_core::Error::invalid("import_id", "no such file; choose the file again").payload()
        })
    }
}

type State<'a> = tauri::State<'a, AppState>;

/// Declares the desktop's commands, once. Each `fn name(state, arg: Type, ...) -> Ok
/// { body }` becomes a `#[tauri::command(async)]` returning `Reply<Ok>` (its body
/// returns that), an entry of [`handler`]'s `generate_handler!` list, and an entry of
/// `signatures()`: its arguments as the UI sends them (camelCased, as Tauri reads them)
/// and its result, typed by ts-rs from the same Rust types. `ui/src/bindings.ts` is
/// generated from those (src-tauri/src/bindings.rs), so renaming an argument or changing
/// its type here changes the UI's `Commands` map and breaks its typecheck. Commands that
/// need no state name it `_state`.
macro_rules! commands {
    ($(
        $(#[$meta:meta])*
        fn $name:ident($state:ident $(, $arg:ident: $ty:ty)* $(,)?) -> $ok:ty $body:block
    )*) => {
        $(
            $(#[$meta])*
            #[tauri::command(async)]
            pub fn $name($state: State<'_>, $($arg: $ty),*) -> Reply<$ok> $body
        )*

        pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        /// Every command's signature in TypeScript, in the order declared.
        #[cfg(test)]
        pub fn signatures(cfg: &ts_rs::Config) -> Vec<Signature> {
            vec![$(Signature {
                name: stringify!($name),
                args: vec![$((camel_case(stringify!($arg)), <$ty as TS>::name(cfg))),*],
                result: <$ok as TS>::name(cfg),
            }),*]
        }
    };
}

/// A command as the UI calls it: arguments (name, TypeScript type) and result type.
#[cfg(test)]
pub struct Signature {
    pub name: &'static str,
    pub args: Vec<(String, String)>,
    pub result: String,
}

/// `batch_id` as Tauri reads command arguments from the UI: `batchId`.
#[cfg(test)]
fn camel_case(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.extend(c.to_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// A table's name as the UI sends it; TypeScript's `TableName` union of every table.
#[derive(serde::Deserialize)]
#[serde(transparent)]
pub struct TableName(String);

impl TableName {
    fn def(&self) -> aio_core::Result<&'static TableDef> {
        records::table(&self.0)
    }
}

/// A record's fields, in and out: any JSON object (the record path checks each field),
/// `Record<string, unknown>` to the UI, whose forms hold fields of every table.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Fields(Row);

/// `TS` for a type whose TypeScript is a fixed expression already declared or built in.
macro_rules! ts_as {
    ($type:ty, $ts:literal) => {
        impl TS for $type {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn name(_: &ts_rs::Config) -> String {
                $ts.to_string()
            }
            fn inline(cfg: &ts_rs::Config) -> String {
                Self::name(cfg)
            }
        }
    };
}

ts_as!(TableName, "TableName");
ts_as!(Fields, "Record<string, unknown>");

/// An order as `orders::show` gives it, typed for the UI by the record types it holds.
#[derive(serde::Serialize)]
#[serde(transparent)]
pub struct OrderDocument(serde_json::Value);

/// An invoice as `invoices::show` gives it (after a refund, with its `credit_note`).
#[derive(serde::Serialize)]
#[serde(transparent)]
pub struct InvoiceDocument(serde_json::Value);

ts_as!(
    OrderDocument,
    "{ order: Order, lines: Array<OrderItem>, taxes: Array<{ name: string, rate: string, inclusive: boolean, base: string, tax: string }>, payments: Array<Transaction>, invoices: Array<Invoice> }"
);
ts_as!(
    InvoiceDocument,
    "{ invoice: Invoice, lines: Array<InvoiceItem>, taxes: Array<{ name: string, rate: string, inclusive: boolean, base: string, tax: string }>, amount_due: string, payments: Array<Transaction>, credit_notes: Array<Invoice>, contact: { name: string, email: string | null } | null }"
);

/// Writes a file into the Downloads folder under `name`, reduced to letters, digits, dots,
/// dashes and underscores (never a path, never hidden); returns the path.
fn save_download(
    name: &str,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> aio_core::Result<()>,
) -> Reply<String> {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.');
    if safe.is_empty() {
        return Err(aio_core::Error::invalid("name", "a file name is required").payload());
    }
    let dir = dirs::download_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(std::env::temp_dir);
    let path = dir.join(safe);
    let run = || -> aio_core::Result<()> {
        std::fs::create_dir_all(&dir)?;
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        write(&mut out)?;
        std::io::Write::flush(&mut out)?;
        Ok(())
    };
    run().map_err(|e| e.payload())?;
    Ok(path.display().to_string())
}

/// What the sync chip and dialog show.
#[derive(serde::Serialize, ts_rs::TS)]
pub struct SyncState {
    pub connected: bool,
    pub server: Option<String>,
    pub email: Option<String>,
    pub role: Option<String>,
    /// The organisations this device syncs (the others live on this device only).
    pub organizations: Vec<SyncedOrganization>,
    /// Organisations this device stopped syncing because the membership ended, not yet
    /// dismissed: the app's notice.
    pub ended: Vec<EndedMembership>,
    /// What happens to the copy of an organisation whose membership ends.
    pub when_ended: WhenEnded,
    /// The last round reached the server.
    pub online: bool,
    #[ts(type = "number")]
    pub pending_changes: i64,
    pub last_sync: Option<String>,
    pub last_error: Option<String>,
    /// Grows whenever rows arrive from other devices: lists reload when it changes.
    #[ts(type = "number")]
    pub remote_rows: u64,
    /// Refused changes undone back to the server's state that the person has not seen.
    #[ts(type = "number")]
    pub undone_unseen: i64,
}

/// One organisation this device syncs.
#[derive(serde::Serialize, ts_rs::TS)]
pub struct SyncedOrganization {
    pub id: Uuid,
    pub name: String,
    pub role: String,
}

/// A membership that ended: the device no longer syncs the organisation.
#[derive(serde::Serialize, ts_rs::TS)]
pub struct EndedMembership {
    pub id: Uuid,
    pub name: String,
    pub at: String,
    /// Its copy is still here, read-only (else it was removed).
    pub kept: bool,
    /// What the person is told.
    pub notice: String,
}

/// Keep a read-only copy of an organisation whose membership ends, or remove it.
#[derive(serde::Serialize, serde::Deserialize, ts_rs::TS, Clone, Copy)]
#[serde(rename_all = "snake_case")]
pub enum WhenEnded {
    KeepReadOnly,
    Remove,
}

impl From<aio_sync::WhenEnded> for WhenEnded {
    fn from(w: aio_sync::WhenEnded) -> Self {
        match w {
            aio_sync::WhenEnded::KeepReadOnly => WhenEnded::KeepReadOnly,
            aio_sync::WhenEnded::Remove => WhenEnded::Remove,
        }
    }
}

/// How to connect: sign in, create an account and organisation, or join by invitation.
#[derive(serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum SyncJoin {
    LogIn,
    SignUp {
        name: String,
        organization_name: String,
    },
    Invite {
        name: String,
        code: String,
    },
}

fn sync_error(e: aio_sync::Error) -> ErrorPayload {
    match e {
        aio_sync::Error::Core(e) => e.payload(),
        aio_sync::Error::Invalid { field, reason } => {
            aio_core::Error::invalid(field, reason).payload()
        }
        other => ErrorPayload {
            code: aio_core::error::Code::Invalid,
            message: other.to_string(),
        },
    }
}

fn sync_state(state: &AppState, conn: &Connection) -> Reply<SyncState> {
    let status = aio_sync::status(conn).map_err(sync_error)?;
    Ok(SyncState {
        connected: status.link.is_some(),
        server: status.link.as_ref().map(|l| l.server.clone()),
        email: status.link.as_ref().map(|l| l.email.clone()),
        role: status.link.as_ref().and_then(|l| {
            let active = profile::actor(conn, None).ok()?.organization_id;
            l.organization(active).ok().map(|o| o.role.clone())
        }),
        organizations: status
            .link
            .iter()
            .flat_map(|l| &l.organizations)
            .map(|o| SyncedOrganization {
                id: o.organization_id,
                name: o.name.clone(),
                role: o.role.clone(),
            })
            .collect(),
        ended: status
            .link
            .iter()
            .flat_map(|l| &l.ended)
            .map(|e| EndedMembership {
                id: e.organization_id,
                name: e.name.clone(),
                at: e.at.clone(),
                kept: e.kept,
                notice: e.notice(),
            })
            .collect(),
        when_ended: aio_sync::when_ended(conn).map_err(sync_error)?.into(),
        online: status.link.is_some() && state.sync.online(),
        pending_changes: status.pending_changes,
        last_sync: status.last_sync,
        last_error: status.last_error,
        remote_rows: state.sync.remote_rows(),
        undone_unseen: aio_core::sync::undo::unseen(conn).map_err(|e| e.payload())?,
    })
}

/// Runs `f` on a plain thread: commands run on the async runtime's threads, where the
/// blocking HTTP client of `aio-sync` refuses to start.
fn off_runtime<T: Send>(f: impl FnOnce() -> Reply<T> + Send) -> Reply<T> {
    std::thread::scope(|scope| {
        scope.spawn(f).join().unwrap_or_else(|_| {
            Err(ErrorPayload {
                code: aio_core::error::Code::Internal,
                message: "the sync call stopped unexpectedly".into(),
            })
        })
    })
}

// --- Google Calendar (aio-google): connect in the browser, pick calendars, sync --------------

fn google_error(e: aio_google::Error) -> ErrorPayload {
    match e {
        aio_google::Error::Core(e) => e.payload(),
        other => ErrorPayload {
            code: aio_core::error::Code::Invalid,
            message: other.to_string(),
        },
    }
}

#[derive(serde::Serialize, ts_rs::TS)]
pub struct ImportOpened {
    pub import_id: Uuid,
    pub file: ImportFile,
}

#[derive(serde::Serialize, ts_rs::TS)]
pub struct ImportProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

commands! {
    fn profile_get(state) -> Profile {
        state.with(|conn, _| profile::load(conn))
    }

    /// The version, and where this window's database and logs are.
    fn app_about(state) -> About {
        Ok(state.about.get().cloned().unwrap_or_default())
    }

    /// Whether this device shows new notifications as OS notifications.
    fn desktop_notifications_get(state) -> bool {
        state.with(|conn, _| aio_core::modules::system::notices::enabled(conn))
    }

    fn desktop_notifications_set(state, on: bool) -> bool {
        state.with(|conn, _| {
            aio_core::modules::system::notices::set_enabled(conn, on)?;
            Ok(on)
        })
    }

    /// Asks the update endpoint for a newer version; `null` when this one is the newest.
    fn update_check(state) -> Option<UpdateOffer> {
        off_runtime(|| state.updates.check())
    }

    /// Downloads, verifies and installs the offered update, then restarts into it.
    fn update_install(state) -> () {
        off_runtime(|| state.updates.install())
    }

    fn update_progress(state) -> UpdateProgress {
        Ok(state.updates.progress())
    }

    fn organization_switch(state, organization: String) -> Profile {
        state.with(|conn, _| {
            profile::switch_organization(conn, &organization)?;
            profile::load(conn)
        })
    }

    /// A new organisation (a client workspace of `parent`), made the active one; on the
    /// server too when this device is signed in.
    fn organization_create(
        state,
        name: String,
        slug: Option<String>,
        parent: Option<Uuid>,
    ) -> Profile {
        let out = off_runtime(|| {
            state.with_conn(|conn| {
                let new = profile::NewOrganization { name, slug, parent };
                let org = aio_sync::create_organization(conn, &new).map_err(sync_error)?;
                profile::switch_organization(conn, &org.id.to_string()).map_err(|e| e.payload())?;
                profile::load(conn).map_err(|e| e.payload())
            })
        });
        state.sync.nudge();
        out
    }

    /// "Start syncing this workspace": a workspace that lived on this device only is
    /// created on the server and its rows go up.
    fn organization_upload(state, organization: Uuid, slug: Option<String>) -> SyncState {
        let out = off_runtime(|| {
            state.with_conn(|conn| {
                aio_sync::upload_organization(conn, organization, slug.as_deref())
                    .map_err(sync_error)?;
                sync_state(&state, conn)
            })
        });
        state.sync.nudge();
        out
    }

    fn schema_tables(_state) -> Vec<TableDef> {
        Ok(TABLES.iter().map(|t| **t).collect())
    }

    fn records_list(state, table: TableName, query: ListQuery) -> Page {
        state.with(|conn, actor| records::list(conn, actor, table.def()?, &query))
    }

    fn records_count(state, table: TableName, query: ListQuery) -> i64 {
        state.with(|conn, actor| records::count(conn, actor, table.def()?, &query))
    }

    fn records_get(state, table: TableName, id: Uuid) -> Fields {
        state.with(|conn, actor| records::get(conn, actor, table.def()?, id).map(Fields))
    }

    fn records_create(state, table: TableName, data: Fields) -> Fields {
        state.write(|conn, actor| records::create(conn, actor, table.def()?, data.0).map(Fields))
    }

    fn records_update(state, table: TableName, id: Uuid, patch: Fields) -> Fields {
        state.write(|conn, actor| {
            records::update(conn, actor, table.def()?, id, patch.0).map(Fields)
        })
    }

    fn records_delete(state, table: TableName, id: Uuid) -> Fields {
        state.write(|conn, actor| records::delete(conn, actor, table.def()?, id).map(Fields))
    }

    fn records_restore(state, table: TableName, id: Uuid) -> Fields {
        state.write(|conn, actor| records::restore(conn, actor, table.def()?, id).map(Fields))
    }

    fn search(state, text: String, limit: u32) -> Vec<Hit> {
        state.with(|conn, actor| aio_core::crm::search::search(conn, actor, &text, limit))
    }

    /// One page of a contact's timeline (notes, activities, events), newest first.
    fn contact_timeline(state, contact_id: Uuid, query: TimelineQuery) -> TimelinePage {
        state.with(|conn, actor| timeline::contact(conn, actor, contact_id, &query))
    }

    /// The HTML document a form's public page serves, for the form as the builder holds
    /// it (unsaved edits included), by the same renderer: the builder's preview, shown
    /// in an `<iframe srcdoc>`. Errors name the field of the definition that is wrong.
    fn form_preview(state, form: Fields) -> String {
        state.with(|conn, actor| aio_core::modules::forms::page::preview_in(conn, actor, &form.0))
    }

    /// Runs an automation on the local data without side effects (nothing is kept):
    /// its steps, the contacts it would touch, the merged emails, the signed webhooks.
    fn automation_dry_run(state, automation_id: Uuid, contact_id: Option<Uuid>) -> aio_core::modules::automations::dry_run::DryRun {
        state.with(|conn, actor| {
            let sample = aio_core::modules::automations::dry_run::Sample { contact: contact_id, event: None };
            aio_core::modules::automations::dry_run::dry_run(conn, actor, automation_id, sample, aio_core::clock::Clock::System.now())
        })
    }

    /// The durable job queue: pending, done or dead (the dead letter) jobs.
    fn jobs_list(state, status: Option<String>, limit: u32) -> Vec<aio_core::jobs::Job> {
        state.with(|conn, _| aio_core::jobs::list(conn, status.as_deref(), limit as usize))
    }

    /// Puts a dead job back in the queue; its run continues where it stopped.
    fn job_retry(state, id: i64) -> aio_core::jobs::Job {
        state.write(|conn, actor| {
            aio_core::modules::automations::runner::retry_local(conn, actor, &aio_sync::webhooks::Outbound::new(), id, aio_core::clock::Clock::System.now())
        })
    }

    /// Asks for a failed automation run to be tried again where runs execute (the sync
    /// server for a synced organisation, this profile's runner otherwise).
    fn automation_run_retry(state, run_id: Uuid) -> Fields {
        state.write(|conn, actor| aio_core::modules::automations::runner::request_retry(conn, actor, run_id).map(Fields))
    }

    /// A pipeline's board: stages in order, each with its cards in order, counts, totals.
    fn pipeline_board(state, pipeline_id: Uuid) -> Board {
        state.with(|conn, actor| pipelines::board::board(conn, actor, pipeline_id))
    }

    /// What a pipeline's dashboard charts: forecast, funnel, time in stage, won and lost.
    fn pipeline_dashboard(state, pipeline_id: Uuid) -> Dashboard {
        state.with(|conn, actor| pipelines::forecast::dashboard(conn, actor, pipeline_id))
    }

    /// A card's journey through the stages, with the time spent in each.
    fn pipeline_card_journey(state, card_id: Uuid) -> Vec<JourneyStep> {
        state.with(|conn, actor| pipelines::history::journey(conn, actor, card_id))
    }

    /// Moves a card to a stage, before or after another card (else last): its stage and
    /// rank only, with the stage history.
    fn pipeline_card_move(state, movement: CardMove) -> Fields {
        state.write(|conn, actor| pipelines::moves::move_card(conn, actor, &movement).map(Fields))
    }

    /// Moves a won or lost card back to the open stage it came from.
    fn pipeline_card_reopen(state, card_id: Uuid) -> Fields {
        state.write(|conn, actor| pipelines::moves::reopen(conn, actor, card_id).map(Fields))
    }

    /// Creates a card at the end of its stage (quick add).
    fn pipeline_card_add(state, data: Fields) -> Fields {
        state.write(|conn, actor| pipelines::moves::add_card(conn, actor, data.0).map(Fields))
    }

    /// A new pipeline with a template's stages.
    fn pipeline_create(state, name: String, template: PipelineTemplate) -> Fields {
        state.write(|conn, actor| pipelines::setup::create_from_template(conn, actor, &name, template).map(Fields))
    }

    /// Gives the pipeline's stages this order (every live stage once).
    fn pipeline_stages_reorder(state, pipeline_id: Uuid, stage_ids: Vec<Uuid>) -> () {
        state.write(|conn, actor| pipelines::setup::reorder_stages(conn, actor, pipeline_id, &stage_ids))
    }

    /// Deletes a stage, first moving its cards to `move_to`.
    fn pipeline_stage_delete(state, stage_id: Uuid, move_to: Option<Uuid>) -> Fields {
        state.write(|conn, actor| pipelines::setup::delete_stage(conn, actor, stage_id, move_to).map(Fields))
    }

    /// The totals an unsaved order or invoice would have, by the core's money maths (the
    /// editors' live totals); errors name the field as saving would.
    fn commerce_totals(_state, draft: Draft) -> TotalsPreview {
        commerce::preview::totals(&draft).map_err(|e| e.payload())
    }

    /// The revenue dashboard on today: received, open, overdue by age, per month.
    fn commerce_revenue(state, months: u32) -> Revenue {
        state.with(|conn, actor| {
            commerce::revenue::summary(conn, actor, actor.clock.now().date_naive(), months)
        })
    }

    /// Moves open invoices past their due date to overdue (the lists call it on opening).
    fn invoices_refresh_overdue(state) -> u32 {
        state.write(|conn, actor| {
            commerce::invoices::refresh_overdue(conn, actor, actor.clock.now().date_naive())
                .map(|n| n as u32)
        })
    }

    /// A new order with its lines; returns it as `order_show` does.
    fn order_create(state, order: NewOrder) -> OrderDocument {
        state.write(|conn, actor| commerce::orders::create(conn, actor, &order).map(OrderDocument))
    }

    /// An order with its lines, taxes per rate, payments and invoices.
    fn order_show(state, id: Uuid) -> OrderDocument {
        state.with(|conn, actor| commerce::orders::show(conn, actor, &id.to_string()).map(OrderDocument))
    }

    /// A new draft invoice with its lines; returns it as `invoice_show` does.
    fn invoice_create(state, invoice: NewInvoice) -> InvoiceDocument {
        state.write(|conn, actor| commerce::invoices::create(conn, actor, &invoice).map(InvoiceDocument))
    }

    /// A draft invoice billing an order's lines.
    fn invoice_from_order(state, order_id: Uuid, terms_days: Option<i64>) -> InvoiceDocument {
        state.write(|conn, actor| {
            commerce::invoices::from_order(conn, actor, &order_id.to_string(), terms_days).map(InvoiceDocument)
        })
    }

    /// An invoice with its lines, taxes per rate, payments, credit notes and contact.
    fn invoice_show(state, id: Uuid) -> InvoiceDocument {
        state.with(|conn, actor| commerce::invoices::show(conn, actor, &id.to_string()).map(InvoiceDocument))
    }

    /// Finalises a draft: its number, issue and due dates.
    fn invoice_finalize(state, id: Uuid) -> InvoiceDocument {
        state.write(|conn, actor| commerce::invoices::finalize(conn, actor, &id.to_string()).map(InvoiceDocument))
    }

    /// Records a manual payment (cash, bank transfer, card...) of an open invoice.
    fn invoice_record_payment(state, id: Uuid, payment: Payment) -> InvoiceDocument {
        state.write(|conn, actor| {
            commerce::invoices::record_payment(conn, actor, &id.to_string(), &payment).map(InvoiceDocument)
        })
    }

    /// Refunds part or all of what an invoice received (a credit note and a refund).
    fn invoice_refund(state, id: Uuid, payment: Payment) -> InvoiceDocument {
        state.write(|conn, actor| {
            commerce::invoices::refund(conn, actor, &id.to_string(), &payment).map(InvoiceDocument)
        })
    }

    /// The invoice as a PDF, base64 (the in-app preview shows it from a blob URL).
    fn invoice_pdf(state, id: Uuid) -> String {
        state.with(|conn, actor| {
            commerce::pdf::render(conn, actor, &id.to_string()).map(|bytes| BASE64.encode(bytes))
        })
    }

    /// Saves the invoice's PDF into the Downloads folder (named after its number); returns the path.
    fn invoice_pdf_save(state, id: Uuid) -> String {
        let (bytes, number) = state.with(|conn, actor| {
            let shown = commerce::invoices::show(conn, actor, &id.to_string())?;
            let number = shown["invoice"]["invoice_number"].as_str().unwrap_or("invoice").to_string();
            Ok((commerce::pdf::render(conn, actor, &id.to_string())?, number))
        })?;
        save_download(&format!("{number}.pdf"), |out| Ok(std::io::Write::write_all(out, &bytes)?))
    }

    /// Mails a finalised invoice to its contact, the PDF attached, through the sync server
    /// (which needs this device signed in); returns the invoice as `invoice_show` does.
    fn invoice_send(state, id: Uuid) -> InvoiceDocument {
        let out = off_runtime(|| {
            let (mut conn, actor) = state.own_conn()?;
            commerce::invoices::show(&conn, &actor, &id.to_string()).map_err(|e| e.payload())?;
            aio_sync::sync_now(&mut conn).map_err(sync_error)?;
            aio_sync::send_invoice(&conn, id).map_err(sync_error)?;
            aio_sync::sync_now(&mut conn).map_err(sync_error)?;
            commerce::invoices::show(&conn, &actor, &id.to_string())
                .map(InvoiceDocument)
                .map_err(|e| e.payload())
        });
        state.sync.nudge();
        out
    }

    /// Takes a submission held as spam through the same path as a clean one (contact,
    /// tags, activity, notifications, trigger event) and marks it received.
    fn form_submission_approve(state, id: Uuid) -> Fields {
        state.write(|conn, actor| {
            aio_core::modules::forms::submit::approve(conn, actor, id).map(Fields)
        })
    }

    /// The free slots of booking type `slug` from local date `from` for `days` days, each an
    /// RFC 3339 start in zone `tz`, as of now: the booking editor's preview.
    fn booking_slots_preview(
        state,
        slug: String,
        from: String,
        days: u32,
        tz: String,
    ) -> Vec<String> {
        state.with(|conn, actor| {
            let request = aio_core::calendar::slots::SlotRequest {
                from: chrono::NaiveDate::parse_from_str(&from, "%Y-%m-%d").map_err(|_| {
                    aio_core::Error::invalid("from", format!("\"{from}\" is not a date (YYYY-MM-DD)"))
                })?,
                days,
                tz: aio_core::calendar::slots::zone("tz", &tz)?,
                now: chrono::Utc::now(),
            };
            Ok(aio_core::calendar::slots::slots(conn, actor, &slug, &request)?
                .iter()
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, false))
                .collect())
        })
    }

    fn records_bulk(
        state,
        table: TableName,
        target: BulkTarget,
        action: BulkAction,
    ) -> BatchResult {
        state.write(|conn, actor| bulk::apply(conn, actor, table.def()?, &target, &action))
    }

    fn records_write_all(state, table: TableName, changes: Vec<RecordChange>) -> BatchResult {
        state.write(|conn, actor| bulk::write_all(conn, actor, table.def()?, &changes))
    }

    fn batch_undo(state, batch_id: Uuid) -> UndoResult {
        state.write(|conn, actor| batch::undo(conn, actor, batch_id))
    }

    fn tag_rename(state, id: Uuid, name: String) -> BatchResult {
        state.write(|conn, actor| tags::rename(conn, actor, id, &name))
    }

    fn tag_remove(state, id: Uuid) -> BatchResult {
        state.write(|conn, actor| tags::remove(conn, actor, id))
    }

    fn duplicates_check(state, draft: Fields, exclude: Option<Uuid>) -> Vec<DuplicateMatch> {
        state.with(|conn, actor| duplicates::check(conn, actor, &draft.0, exclude))
    }

    fn duplicates_find(state, limit: u32) -> Vec<DuplicateGroup> {
        state.with(|conn, actor| duplicates::find(conn, actor, limit as usize))
    }

    fn contacts_merge(state, keep_id: Uuid, other_id: Uuid) -> BatchResult {
        state.write(|conn, actor| duplicates::merge(conn, actor, keep_id, other_id))
    }

    /// Reads a chosen CSV file (sent as base64 by the UI) and keeps it for the import.
    fn import_open(state, file_name: String, data_base64: String) -> ImportOpened {
        let bytes = BASE64.decode(data_base64.as_bytes()).map_err(|e| {
            aio_core::Error::invalid("file", format!("could not be read ({e})")).payload()
        })?;
        let file = transfer::read_csv(&file_name, &bytes).map_err(|e| e.payload())?;
        let described = state.with(|conn, actor| transfer::describe(conn, actor, &file))?;
        let import_id = Uuid::now_v7();
        let staged = StagedImport {
            file,
            progress: Progress::default(),
            report: Mutex::new(None),
        };
        let mut imports = state.imports.lock().unwrap_or_else(|p| p.into_inner());
        imports.insert(import_id, Arc::new(staged));
        Ok(ImportOpened {
            import_id,
            file: described,
        })
    }

    fn import_preview(state, import_id: Uuid, options: ImportOptions) -> ImportPreview {
        let staged = state.staged(import_id)?;
        state.with(|conn, actor| transfer::preview(conn, actor, &staged.file, &options, 20))
    }

    fn import_run(state, import_id: Uuid, options: ImportOptions) -> ImportReport {
        let staged = state.staged(import_id)?;
        let report = state.write(|conn, actor| {
            transfer::import(conn, actor, &staged.file, &options, &staged.progress)
        })?;
        *staged.report.lock().unwrap_or_else(|p| p.into_inner()) = Some(report.clone());
        Ok(report)
    }

    /// How far a running import is; answered without waiting for the database.
    fn import_progress(state, import_id: Uuid) -> ImportProgress {
        let staged = state.staged(import_id)?;
        Ok(ImportProgress {
            done: staged.progress.done.load(Ordering::Relaxed),
            total: staged.progress.total.load(Ordering::Relaxed),
        })
    }

    /// Saves the rejected rows of the last import of this file as CSV in the Downloads folder.
    fn import_save_report(state, import_id: Uuid) -> String {
        let staged = state.staged(import_id)?;
        let report = staged
            .report
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        let report = report.ok_or_else(|| {
            aio_core::Error::invalid("import_id", "this file was not imported yet").payload()
        })?;
        let stem = staged.file.file_name.trim_end_matches(".csv").to_string();
        save_download(&format!("{stem}-import-report.csv"), |out| {
            transfer::report_csv(&staged.file, &report, out)
        })
    }

    /// Exports the contacts a query matches as CSV into the Downloads folder; returns the path.
    fn contacts_export(state, query: ListQuery) -> String {
        let name = format!(
            "contacts-{}.csv",
            chrono::Utc::now().format("%Y-%m-%d-%H%M%S")
        );
        state.with(|conn, actor| {
            save_download(&name, |out| {
                transfer::export(conn, actor, &query, out).map(|_| ())
            })
            .map_err(|e| aio_core::Error::invalid("file", e.message))
        })
    }

    /// Saves a text the UI made (a CSV of form submissions) into the Downloads folder under
    /// `name` (reduced to letters, digits, dots, dashes and underscores); returns the path.
    /// The web view itself cannot download files.
    fn download_save(_state, name: String, text: String) -> String {
        save_download(&name, |out| Ok(std::io::Write::write_all(out, text.as_bytes())?))
    }

    /// Opens a web, mail or phone link with the system's default application (the web view
    /// itself only ever shows the app).
    fn open_external(_state, url: String) -> () {
        let allowed = ["https://", "http://", "mailto:", "tel:"];
        if !allowed
            .iter()
            .any(|p| url.to_ascii_lowercase().starts_with(p))
            || url.chars().any(char::is_control)
        {
            return Err(aio_core::Error::invalid(
                "url",
                format!("\"{url}\" is not a web, mail or phone link"),
            )
            .payload());
        }
        let opener = if cfg!(target_os = "macos") {
            std::process::Command::new("open").arg(&url).spawn()
        } else if cfg!(target_os = "windows") {
            std::process::Command::new("explorer").arg(&url).spawn()
        } else {
            std::process::Command::new("xdg-open").arg(&url).spawn()
        };
        opener
            .map(|_| ())
            .map_err(|e| aio_core::Error::Io(e).payload())
    }

    fn sync_status(state) -> SyncState {
        state.sync_state()
    }

    fn sync_sign_in(
        state,
        server: String,
        email: String,
        password: String,
        join: SyncJoin,
    ) -> SyncState {
        let out = off_runtime(|| {
            state.with_conn(|conn| {
                let join = match &join {
                    SyncJoin::LogIn => aio_sync::Join::LogIn { invite: None },
                    SyncJoin::SignUp {
                        name,
                        organization_name,
                    } => aio_sync::Join::SignUpWithOrganization {
                        name,
                        organization_name,
                    },
                    SyncJoin::Invite { name, code } => {
                        aio_sync::Join::SignUpWithInvite { name, invite: code }
                    }
                };
                aio_sync::sign_in(conn, &server, &email, &password, join).map_err(sync_error)?;
                sync_state(&state, conn)
            })
        });
        state.sync.nudge();
        out
    }

    fn sync_sign_out(state) -> SyncState {
        off_runtime(|| {
            state.with_conn(|conn| {
                aio_sync::sign_out(conn).map_err(sync_error)?;
                sync_state(&state, conn)
            })
        })
    }

    /// This account's devices, as the server knows them.
    fn sync_devices(state) -> Vec<aio_core::sync::wire::DeviceInfo> {
        off_runtime(|| state.with_conn(|conn| aio_sync::devices(conn).map_err(sync_error)))
    }

    /// Signs out one device of this account, or every device when `device` is null.
    fn sync_sign_out_devices(state, device: Option<uuid::Uuid>) -> SyncState {
        off_runtime(|| {
            state.with_conn(|conn| {
                aio_sync::sign_out_devices(conn, device).map_err(sync_error)?;
                sync_state(&state, conn)
            })
        })
    }

    /// The members of an organisation on the server (the invited, not signed up yet, as
    /// role `invited`).
    fn team_members(state, organization_id: Uuid) -> Vec<aio_core::sync::wire::Member> {
        off_runtime(|| {
            state.with_conn(|conn| aio_sync::members(conn, Some(organization_id)).map_err(sync_error))
        })
    }

    /// An organisation's pending invitations, the newest first.
    fn team_invitations(state, organization_id: Uuid) -> Vec<aio_core::sync::wire::PendingInvitation> {
        off_runtime(|| {
            state.with_conn(|conn| {
                aio_sync::invitations(conn, Some(organization_id)).map_err(sync_error)
            })
        })
    }

    /// Invites `email` as `role`; the answer holds the code to pass on.
    fn team_invite(state, organization_id: Uuid, email: String, role: String) -> aio_core::sync::wire::Invite {
        off_runtime(|| {
            state.with_conn(|conn| {
                aio_sync::invite(conn, Some(organization_id), &email, &role).map_err(sync_error)
            })
        })
    }

    fn team_set_role(state, organization_id: Uuid, account_id: Uuid, role: String) -> Vec<aio_core::sync::wire::Member> {
        off_runtime(|| {
            state.with_conn(|conn| {
                aio_sync::set_role(conn, Some(organization_id), account_id, &role).map_err(sync_error)
            })
        })
    }

    fn team_remove(state, organization_id: Uuid, account_id: Uuid) -> () {
        off_runtime(|| {
            state.with_conn(|conn| {
                aio_sync::remove_member(conn, Some(organization_id), account_id).map_err(sync_error)
            })
        })
    }

    fn team_revoke(state, organization_id: Uuid, invitation_id: Uuid) -> () {
        off_runtime(|| {
            state.with_conn(|conn| {
                aio_sync::revoke_invitation(conn, Some(organization_id), invitation_id)
                    .map_err(sync_error)
            })
        })
    }

    /// Copies the setup of workspace `from` into the empty workspace `to` (ids or slugs).
    fn organization_snapshot(state, from: String, to: String) -> aio_core::team::snapshot::SnapshotResult {
        state.write(|conn, actor| aio_core::team::snapshot::snapshot(conn, actor, &from, &to))
    }

    /// The changes the server refused, undone here back to its state, newest first.
    fn sync_undone(state) -> Vec<aio_core::sync::undo::Undone> {
        state.with_conn(|conn| aio_core::sync::undo::list(conn, 100).map_err(|e| e.payload()))
    }

    /// The person has seen the undone changes: the sync chip stops pointing at them.
    fn sync_undone_seen(state) -> SyncState {
        state.with_conn(|conn| {
            aio_core::sync::undo::mark_seen(conn).map_err(|e| e.payload())?;
            sync_state(&state, conn)
        })
    }

    /// Removes the read-only copy of an organisation whose membership ended.
    fn sync_remove_ended(state, organization: Uuid) -> SyncState {
        state.with_conn(|conn| {
            aio_sync::remove_ended(conn, organization).map_err(sync_error)?;
            sync_state(&state, conn)
        })
    }

    /// The person has read the notices of ended memberships.
    fn sync_dismiss_ended(state) -> SyncState {
        state.with_conn(|conn| {
            aio_sync::dismiss_ended(conn).map_err(sync_error)?;
            sync_state(&state, conn)
        })
    }

    /// What happens to the copy of an organisation whose membership ends from now on.
    fn sync_set_when_ended(state, choice: WhenEnded) -> SyncState {
        state.with_conn(|conn| {
            let choice = match choice {
                WhenEnded::KeepReadOnly => aio_sync::WhenEnded::KeepReadOnly,
                WhenEnded::Remove => aio_sync::WhenEnded::Remove,
            };
            aio_sync::set_when_ended(conn, choice).map_err(sync_error)?;
            sync_state(&state, conn)
        })
    }

    fn sync_now(state) -> SyncState {
        state.sync.nudge();
        state.with_conn(|conn| sync_state(&state, conn))
    }

    fn google_status(state) -> aio_google::Status {
        state.with(|conn, actor| {
            aio_google::status(conn, actor).map_err(|e| match e {
                aio_google::Error::Core(e) => e,
                other => aio_core::Error::invalid("google", other.to_string()),
            })
        })
    }

    /// Opens Google's sign-in in the browser and waits (up to 5 minutes) for it to come back.
    fn google_connect(state) -> aio_google::Status {
        off_runtime(|| {
            let (mut conn, actor) = state.own_conn()?;
            let config = aio_google::Config::from_env();
            let pending = aio_google::begin(&conn, &config).map_err(google_error)?;
            aio_google::open_browser(&pending.url).map_err(|e| aio_core::Error::Io(e).payload())?;
            aio_google::finish(
                &mut conn,
                &actor,
                &config,
                pending,
                std::time::Duration::from_secs(300),
            )
            .map_err(google_error)
        })
    }

    fn google_calendars(state) -> Vec<aio_google::GoogleCalendar> {
        off_runtime(|| {
            let (mut conn, actor) = state.own_conn()?;
            aio_google::calendars(&mut conn, &actor, &aio_google::Config::from_env())
                .map_err(google_error)
        })
    }

    fn google_link(state, google_calendar_id: String) -> aio_google::LinkedCalendar {
        let out = off_runtime(|| {
            let (mut conn, actor) = state.own_conn()?;
            aio_google::link(
                &mut conn,
                &actor,
                &aio_google::Config::from_env(),
                &google_calendar_id,
            )
            .map_err(google_error)
        });
        state.sync.nudge();
        out
    }

    fn google_set_sync(state, calendar_id: Uuid, enabled: bool) -> aio_google::LinkedCalendar {
        state.write(|conn, actor| {
            aio_google::set_sync(conn, actor, calendar_id, enabled).map_err(|e| match e {
                aio_google::Error::Core(e) => e,
                other => aio_core::Error::invalid("calendar_id", other.to_string()),
            })
        })
    }

    fn google_sync(state) -> Vec<aio_google::CalendarRun> {
        let out = off_runtime(|| {
            let (mut conn, actor) = state.own_conn()?;
            aio_google::sync(&mut conn, &actor, &aio_google::Config::from_env()).map_err(google_error)
        });
        if let Ok(runs) = &out {
            // Lists reload, and the changes go to the sync server too.
            state
                .sync
                .rows_arrived(runs.iter().map(|r| r.pulled.max(0) as u64).sum());
            state.sync.nudge();
        }
        out
    }

    fn google_disconnect(state) -> aio_google::Status {
        off_runtime(|| {
            let (mut conn, actor) = state.own_conn()?;
            aio_google::disconnect(&mut conn, &actor).map_err(google_error)?;
            aio_google::status(&conn, &actor).map_err(google_error)
        })
    }
}
