//! TypeScript bindings for the UI, generated from the Rust types: every record, enum and
//! wire type, the table names, and a `Commands` map of each command's arguments and
//! result. The file is committed (`ui/src/bindings.ts`); a test fails when it is stale,
//! and `UPDATE_BINDINGS=1 cargo test -p aio-crm-desktop bindings` rewrites it.

use aio_core::batch::{BatchResult, UndoResult};
use aio_core::bulk::{BulkAction, BulkTarget, RecordChange};
use aio_core::crm::duplicates::{DuplicateGroup, DuplicateMatch, DuplicateReason};
use aio_core::crm::search::{Hit, HitKind};
use aio_core::crm::timeline::{TimelineItem, TimelinePage, TimelineQuery};
use aio_core::crm::transfer::{
    ImportFile, ImportOptions, ImportPreview, ImportReport, ImportTarget, OnDuplicate, PreviewRow,
    RejectedRow, RowOutcome,
};
use aio_core::error::{Code, ErrorPayload};
use aio_core::records::{Actor, Deleted, Filter, FilterOp, ListQuery, Page, Sort};
use aio_core::schema::{ts_config, Column, Kind, Scope, TableDef};
use aio_core::tables::{self, TABLES};
use aio_core::team::profile::Profile;
use aio_google::{
    CalendarRun, GoogleCalendar, LinkedCalendar, Status as GoogleStatus, SyncLogEntry,
};
use ts_rs::TS;

use crate::commands::{ImportOpened, ImportProgress, SyncJoin, SyncState};

fn name<T: TS>() -> String {
    T::name(&ts_config())
}

fn decl<T: TS>() -> String {
    T::decl(&ts_config())
}

/// The command map: name, arguments (camelCase, as Tauri expects), result.
fn commands() -> Vec<(&'static str, String, String)> {
    let row = "Record<string, unknown>".to_string();
    let list_args = format!("{{ table: TableName; query: {} }}", name::<ListQuery>());
    let id_args = "{ table: TableName; id: string }".to_string();
    vec![
        (
            "profile_get",
            "Record<string, never>".into(),
            name::<Profile>(),
        ),
        (
            "organization_switch",
            "{ organization: string }".into(),
            name::<Profile>(),
        ),
        (
            "organization_create",
            "{ name: string; slug: string }".into(),
            name::<Profile>(),
        ),
        (
            "schema_tables",
            "Record<string, never>".into(),
            format!("Array<{}>", name::<TableDef>()),
        ),
        ("records_list", list_args.clone(), name::<Page>()),
        ("records_count", list_args, "number".into()),
        ("records_get", id_args.clone(), row.clone()),
        (
            "records_create",
            "{ table: TableName; data: Record<string, unknown> }".into(),
            row.clone(),
        ),
        (
            "records_update",
            "{ table: TableName; id: string; patch: Record<string, unknown> }".into(),
            row.clone(),
        ),
        ("records_delete", id_args.clone(), row.clone()),
        ("records_restore", id_args, row),
        (
            "search",
            "{ text: string; limit: number }".into(),
            format!("Array<{}>", name::<Hit>()),
        ),
        (
            "contact_timeline",
            format!(
                "{{ contactId: string; query: {} }}",
                name::<TimelineQuery>()
            ),
            name::<TimelinePage>(),
        ),
        (
            "booking_slots_preview",
            "{ slug: string; from: string; days: number; tz: string }".into(),
            "Array<string>".into(),
        ),
        (
            "records_bulk",
            format!(
                "{{ table: TableName; target: {}; action: {} }}",
                name::<BulkTarget>(),
                name::<BulkAction>()
            ),
            name::<BatchResult>(),
        ),
        (
            "records_write_all",
            format!(
                "{{ table: TableName; changes: Array<{}> }}",
                name::<RecordChange>()
            ),
            name::<BatchResult>(),
        ),
        (
            "batch_undo",
            "{ batchId: string }".into(),
            name::<UndoResult>(),
        ),
        (
            "tag_rename",
            "{ id: string; name: string }".into(),
            name::<BatchResult>(),
        ),
        ("tag_remove", "{ id: string }".into(), name::<BatchResult>()),
        (
            "duplicates_check",
            "{ draft: Record<string, unknown>; exclude: string | null }".into(),
            format!("Array<{}>", name::<DuplicateMatch>()),
        ),
        (
            "duplicates_find",
            "{ limit: number }".into(),
            format!("Array<{}>", name::<DuplicateGroup>()),
        ),
        (
            "contacts_merge",
            "{ keepId: string; otherId: string }".into(),
            name::<BatchResult>(),
        ),
        (
            "import_open",
            "{ fileName: string; dataBase64: string }".into(),
            name::<ImportOpened>(),
        ),
        (
            "import_preview",
            format!(
                "{{ importId: string; options: {} }}",
                name::<ImportOptions>()
            ),
            name::<ImportPreview>(),
        ),
        (
            "import_run",
            format!(
                "{{ importId: string; options: {} }}",
                name::<ImportOptions>()
            ),
            name::<ImportReport>(),
        ),
        (
            "import_progress",
            "{ importId: string }".into(),
            name::<ImportProgress>(),
        ),
        (
            "import_save_report",
            "{ importId: string }".into(),
            "string".into(),
        ),
        ("open_external", "{ url: string }".into(), "null".into()),
        (
            "sync_status",
            "Record<string, never>".into(),
            name::<SyncState>(),
        ),
        (
            "sync_sign_in",
            format!(
                "{{ server: string; email: string; password: string; join: {} }}",
                name::<SyncJoin>()
            ),
            name::<SyncState>(),
        ),
        (
            "sync_sign_out",
            "Record<string, never>".into(),
            name::<SyncState>(),
        ),
        (
            "sync_now",
            "Record<string, never>".into(),
            name::<SyncState>(),
        ),
        (
            "google_status",
            "Record<string, never>".into(),
            name::<GoogleStatus>(),
        ),
        (
            "google_connect",
            "Record<string, never>".into(),
            name::<GoogleStatus>(),
        ),
        (
            "google_calendars",
            "Record<string, never>".into(),
            format!("Array<{}>", name::<GoogleCalendar>()),
        ),
        (
            "google_link",
            "{ googleCalendarId: string }".into(),
            name::<LinkedCalendar>(),
        ),
        (
            "google_set_sync",
            "{ calendarId: string; enabled: boolean }".into(),
            name::<LinkedCalendar>(),
        ),
        (
            "google_sync",
            "Record<string, never>".into(),
            format!("Array<{}>", name::<CalendarRun>()),
        ),
        (
            "google_disconnect",
            "Record<string, never>".into(),
            name::<GoogleStatus>(),
        ),
        (
            "contacts_export",
            format!("{{ query: {} }}", name::<ListQuery>()),
            "string".into(),
        ),
    ]
}

/// The whole `ui/src/bindings.ts`.
pub fn typescript() -> String {
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p aio-crm-desktop bindings` instead.\n\n\
         export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null;\n\n",
    );
    let wire = [
        decl::<Code>(),
        decl::<ErrorPayload>(),
        decl::<Kind>(),
        decl::<Column>(),
        decl::<Scope>(),
        decl::<TableDef>(),
        decl::<Actor>(),
        decl::<Deleted>(),
        decl::<FilterOp>(),
        decl::<Filter>(),
        decl::<Sort>(),
        decl::<ListQuery>(),
        decl::<Page>(),
        decl::<Profile>(),
        decl::<HitKind>(),
        decl::<Hit>(),
        decl::<TimelineQuery>(),
        decl::<TimelineItem>(),
        decl::<TimelinePage>(),
        decl::<BulkTarget>(),
        decl::<BulkAction>(),
        decl::<RecordChange>(),
        decl::<BatchResult>(),
        decl::<UndoResult>(),
        decl::<DuplicateReason>(),
        decl::<DuplicateMatch>(),
        decl::<DuplicateGroup>(),
        decl::<ImportTarget>(),
        decl::<ImportFile>(),
        decl::<ImportOpened>(),
        decl::<OnDuplicate>(),
        decl::<ImportOptions>(),
        decl::<RowOutcome>(),
        decl::<PreviewRow>(),
        decl::<ImportPreview>(),
        decl::<RejectedRow>(),
        decl::<ImportReport>(),
        decl::<ImportProgress>(),
        decl::<SyncState>(),
        decl::<SyncJoin>(),
        decl::<GoogleStatus>(),
        decl::<GoogleCalendar>(),
        decl::<LinkedCalendar>(),
        decl::<SyncLogEntry>(),
        decl::<CalendarRun>(),
    ];
    for d in wire
        .iter()
        .chain(&tables::enum_type_decls())
        .chain(&tables::record_type_decls())
    {
        out.push_str("export ");
        out.push_str(d);
        out.push_str("\n\n");
    }
    let names: Vec<String> = TABLES.iter().map(|t| format!("\"{}\"", t.name)).collect();
    out.push_str(&format!(
        "export type TableName = {};\n\n",
        names.join(" | ")
    ));
    let records: Vec<String> = TABLES
        .iter()
        .map(|t| format!("  {}: {};", t.name, t.record))
        .collect();
    out.push_str(&format!(
        "/** The typed record of each table. */\nexport type RecordOf = {{\n{}\n}};\n\n",
        records.join("\n")
    ));
    let commands: Vec<String> = commands()
        .into_iter()
        .map(|(name, args, result)| format!("  {name}: {{ args: {args}; result: {result} }};"))
        .collect();
    out.push_str(&format!(
        "/** Every command of the desktop shell. */\nexport type Commands = {{\n{}\n}};\n\n",
        commands.join("\n")
    ));
    // The table definitions themselves, for screens tested without the shell.
    let defs = serde_json::to_string(&*TABLES)
        .unwrap_or_else(|e| unreachable!("table definitions serialise: {e}"));
    out.push_str(&format!("/** Every table's definition, as `schema_tables` returns it. */\nexport const TABLE_DEFS: Array<TableDef> = {defs};\n"));
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn bindings_are_up_to_date() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts");
        let fresh = super::typescript();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).expect("write bindings");
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p aio-crm-desktop bindings`"
        );
    }
}
