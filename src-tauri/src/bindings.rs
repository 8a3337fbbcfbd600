//! TypeScript bindings for the UI, generated from the Rust types: every record, enum and
//! wire type, the table names, and a `Commands` map of each command's arguments and
//! result, generated from the `commands!` list in commands.rs (the same tokens that
//! declare and register the commands). The file is committed (`ui/src/bindings.ts`); a test fails when it is stale,
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
use aio_core::modules::commerce::invoices::{NewInvoice, NewInvoiceLine, Payment};
use aio_core::modules::commerce::orders::{NewOrder, NewOrderLine, TaxInput};
use aio_core::modules::commerce::preview::{Draft, DraftLine, DraftTax, TaxPreview, TotalsPreview};
use aio_core::modules::commerce::revenue::{AgeBucket, CurrencyRevenue, MonthRevenue, Revenue};
use aio_core::modules::forms::definition::{
    Condition, ConditionOp, ConsentTo, ContactAction, Field, FieldError, FieldType, Settings,
};
use aio_core::modules::pipelines::board::{Board, BoardCard, BoardStage};
use aio_core::modules::pipelines::forecast::{
    Dashboard, FunnelStep, MonthForecast, Outcomes, StageTime,
};
use aio_core::modules::pipelines::history::JourneyStep;
use aio_core::modules::pipelines::moves::CardMove;
use aio_core::modules::pipelines::setup::PipelineTemplate;
use aio_core::records::{Actor, Deleted, Filter, FilterOp, ListQuery, Page, Sort};
use aio_core::schema::{ts_config, Column, Kind, Meaning, Membership, Scope, TableDef};
use aio_core::tables::{self, TABLES};
use aio_core::team::profile::Profile;
use aio_google::{
    CalendarRun, GoogleCalendar, LinkedCalendar, Status as GoogleStatus, SyncLogEntry,
};
use ts_rs::TS;

use crate::commands::{
    signatures, EndedMembership, ImportOpened, ImportProgress, Signature, SyncJoin, SyncState,
    SyncedOrganization, WhenEnded,
};

fn decl<T: TS>() -> String {
    T::decl(&ts_config())
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
        decl::<Meaning>(),
        decl::<Column>(),
        decl::<Membership>(),
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
        decl::<crate::desktop::About>(),
        decl::<crate::updates::UpdateOffer>(),
        decl::<crate::updates::UpdateProgress>(),
        decl::<aio_core::jobs::Job>(),
        decl::<aio_core::modules::automations::runner::Mail>(),
        decl::<aio_core::modules::automations::runner::WebCall>(),
        decl::<aio_core::modules::automations::dry_run::DryRun>(),
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
        decl::<SyncedOrganization>(),
        decl::<EndedMembership>(),
        decl::<WhenEnded>(),
        decl::<SyncState>(),
        decl::<aio_core::sync::undo::Undone>(),
        decl::<aio_core::sync::wire::DeviceInfo>(),
        decl::<aio_core::sync::wire::Member>(),
        decl::<aio_core::sync::wire::PendingInvitation>(),
        decl::<aio_core::sync::wire::Invite>(),
        decl::<aio_core::team::snapshot::Copied>(),
        decl::<aio_core::team::snapshot::SnapshotResult>(),
        decl::<SyncJoin>(),
        decl::<GoogleStatus>(),
        decl::<GoogleCalendar>(),
        decl::<LinkedCalendar>(),
        decl::<SyncLogEntry>(),
        decl::<CalendarRun>(),
        // What `forms.fields` and `forms.settings` hold (checked by the core on write).
        decl::<FieldType>(),
        decl::<ConditionOp>(),
        decl::<Condition>(),
        decl::<ConsentTo>(),
        decl::<Field>(),
        decl::<ContactAction>(),
        decl::<Settings>(),
        decl::<FieldError>(),
        // Pipelines: the board, the dashboard, a card's journey, a move.
        decl::<BoardCard>(),
        decl::<BoardStage>(),
        decl::<Board>(),
        decl::<MonthForecast>(),
        decl::<FunnelStep>(),
        decl::<StageTime>(),
        decl::<Outcomes>(),
        decl::<Dashboard>(),
        decl::<JourneyStep>(),
        decl::<CardMove>(),
        decl::<PipelineTemplate>(),
        decl::<TaxInput>(),
        decl::<NewOrderLine>(),
        decl::<NewOrder>(),
        decl::<NewInvoiceLine>(),
        decl::<NewInvoice>(),
        decl::<Payment>(),
        decl::<DraftTax>(),
        decl::<DraftLine>(),
        decl::<Draft>(),
        decl::<TaxPreview>(),
        decl::<TotalsPreview>(),
        decl::<AgeBucket>(),
        decl::<MonthRevenue>(),
        decl::<CurrencyRevenue>(),
        decl::<Revenue>(),
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
    // Each command's arguments and result, from the command list itself.
    let commands: Vec<String> = signatures(&ts_config())
        .into_iter()
        .map(|Signature { name, args, result }| {
            let args = if args.is_empty() {
                "Record<string, never>".to_string()
            } else {
                let fields: Vec<String> = args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
                format!("{{ {} }}", fields.join("; "))
            };
            format!("  {name}: {{ args: {args}; result: {result} }};")
        })
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
