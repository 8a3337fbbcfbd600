// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit:
// run `UPDATE_BINDINGS=1 cargo test -p aio-crm-desktop bindings` instead.

export type JsonValue = number | string | boolean | Array<JsonValue> | { [key in string]?: JsonValue } | null;

export type Code = "invalid" | "conflict" | "not_found" | "forbidden" | "database" | "internal";

export type ErrorPayload = { code: Code, message: string, };

export type Kind = { "type": "uuid" } | { "type": "text" } | { "type": "integer" } | { "type": "bool" } | { "type": "decimal" } | { "type": "timestamp" } | { "type": "date" } | { "type": "time" } | { "type": "object" } | { "type": "array" } | { "type": "string_array" } | { "type": "json" } | { "type": "enum", "values": Array<string> };

export type Meaning = "plain" | "email" | "url" | "slug" | "colour" | "money" | "currency_code" | "percent" | "collaborative_text" | "tag_list" | "actor" | "custom_fields";

export type Column = { name: string, kind: Kind, nullable: boolean, 
/**
 * NOT NULL but with an SQL default, so it may be left out on create.
 */
has_default: boolean, 
/**
 * Table this column is a foreign key to.
 */
references: string | null, meaning: Meaning, 
/**
 * Kept by the system on every replica (counts, duplicate marks): never taken from
 * input and never synced, since each replica derives it itself.
 */
derived: boolean, 
/**
 * Computed by the table's hooks from other rows (totals, numbers) and synced like
 * any other column: never taken from a caller's input (the hooks' `prepare` fills it).
 */
computed: boolean, };

export type Membership = { table: string, organization: string, user: string, };

export type Scope = { "type": "org" } | { "type": "parent", column: string, table: string, } | { "type": "member_owned", owner: string, membership: Membership, } | { "type": "private", owner: string, } | { "type": "members", membership: Membership, } | { "type": "my_organizations", owner: string, membership: Membership, };

export type TableDef = { name: string, 
/**
 * Name of the typed record (Rust struct and TypeScript type).
 */
record: string, scope: Scope, columns: Array<Column>, 
/**
 * Columns that never leave or enter through the record path (password hashes,
 * encrypted credentials): filled by SQL defaults or by dedicated code.
 */
hidden: Array<string>, 
/**
 * Written only by the system (the audit log): no create, update or delete.
 */
read_only: boolean, 
/**
 * Whether a member with the `client` role (an agency's client signed in to their own
 * workspace) receives this table's rows; clients write no table.
 */
client_reads: boolean, };

export type Actor = { user_id: string, organization_id: string, };

export type Deleted = "exclude" | "only" | "include";

export type FilterOp = "eq" | "ne" | "lt" | "lte" | "gt" | "gte" | "contains" | "starts_with" | "ends_with" | "in" | "is_null" | "not_null" | "has";

export type Filter = { field: string, op: FilterOp, value?: unknown, };

export type Sort = { field: string, desc: boolean, };

export type ListQuery = { filters: Array<Filter>, sort?: Sort, limit?: number, 
/**
 * `next_cursor` of the previous page.
 */
cursor?: string, deleted: Deleted, };

export type Page = { items: Array<Record<string, unknown>>, 
/**
 * Pass back as `cursor` for the next page; absent on the last page.
 */
next_cursor: string | null, };

export type Profile = { user: User, organizations: Array<Organization>, active_organization_id: string, 
/**
 * The person's role in the active organisation as the server last said (`viewer`
 * and `client` read only); `None` for a profile that never synced.
 */
role: string | null, };

export type About = { name: string, version: string, 
/**
 * The database file this window has open.
 */
database: string, 
/**
 * The folder holding it (and its WAL and backups).
 */
data_directory: string, log_directory: string, };

export type UpdateOffer = { version: string, current_version: string, 
/**
 * What is new, as the release notes say it.
 */
notes: string | null, 
/**
 * When it was published (RFC 3339).
 */
date: string | null, };

export type UpdateProgress = { downloaded: number, 
/**
 * The package's size, when the server says it.
 */
total: number | null, 
/**
 * Downloaded and verified; installing now.
 */
installing: boolean, };

export type Job = { id: number, kind: string, key: string, payload: unknown, 
/**
 * pending, done or dead.
 */
status: string, due_at: string, attempts: number, max_attempts: number, last_error: string | null, created_at: string, updated_at: string, };

export type Mail = { key: string, to: string, to_name: string | null, subject: string, text: string, html: string, };

export type WebCall = { url: string, body: unknown, 
/**
 * `sha256=<hex>` of the body with the step's secret, when it has one.
 */
signature: string | null, delivery: string, };

export type DryRun = { 
/**
 * Where the trigger came from (a stored event, a chosen contact, a sample).
 */
trigger: string, contact_id: string | null, steps: Array<unknown>, 
/**
 * Contacts the steps would change or write about.
 */
contacts: Array<string>, emails: Array<Mail>, webhooks: Array<WebCall>, 
/**
 * completed, waiting, stopped or failed.
 */
status: string, };

export type HitKind = "contact" | "company";

export type Hit = { kind: HitKind, id: string, record: Record<string, unknown>, };

export type TimelineQuery = { limit?: number, before?: string, };

export type TimelineItem = { "kind": "note", id: string, at: string, note: ContactNote, } | { "kind": "activity", id: string, at: string, activity: ContactActivity, } | { "kind": "event", id: string, at: string, event: Event, } | { "kind": "automation_run", id: string, at: string, run: AutomationRun, };

export type TimelinePage = { 
/**
 * Pinned live notes, newest first; only with the first page (no `before`).
 */
pinned: Array<ContactNote>, 
/**
 * Unpinned notes, activities and events, newest first.
 */
items: Array<TimelineItem>, 
/**
 * Pass back as `before` for the next page; absent on the last page.
 */
next_cursor: string | null, };

export type BulkTarget = { "kind": "ids", ids: Array<string>, } | { "kind": "query", query: ListQuery, };

export type BulkAction = { "kind": "add_tags", tags: Array<string>, } | { "kind": "remove_tags", tags: Array<string>, } | { "kind": "set", fields: Record<string, unknown>, } | { "kind": "delete" } | { "kind": "restore" };

export type RecordChange = { "kind": "create", data: Record<string, unknown>, } | { "kind": "update", id: string, patch: Record<string, unknown>, } | { "kind": "delete", id: string, };

export type BatchResult = { 
/**
 * Pass to `undo` to revert the whole batch.
 */
batch_id: string, 
/**
 * Records the batch changed.
 */
changed: number, 
/**
 * Records it left as they were (already in the asked-for state).
 */
unchanged: number, };

export type UndoResult = { 
/**
 * Records put back as they were before the batch.
 */
reverted: number, 
/**
 * Fields left alone because they were changed again after the batch.
 */
kept: number, };

export type DuplicateReason = "same_email" | "same_phone" | "similar_name";

export type DuplicateMatch = { reason: DuplicateReason, contact: Record<string, unknown>, };

export type DuplicateGroup = { reasons: Array<DuplicateReason>, contacts: Array<Record<string, unknown>>, };

export type ImportTarget = { field: string, label: string, };

export type ImportFile = { file_name: string, encoding: string, delimiter: string, headers: Array<string>, rows: number, 
/**
 * The target of each header (see `targets`), or null to skip the column.
 */
mapping: Array<string | null>, 
/**
 * The first rows, as read.
 */
sample: Array<Array<string>>, 
/**
 * Every field a column can be mapped to, with its label.
 */
targets: Array<ImportTarget>, };

export type ImportOpened = { import_id: string, file: ImportFile, };

export type OnDuplicate = "merge" | "skip";

export type ImportOptions = { 
/**
 * The target of each header, as in `ImportFile::mapping`.
 */
mapping: Array<string | null>, on_duplicate: OnDuplicate, };

export type RowOutcome = "create" | "merge" | "reject";

export type PreviewRow = { line: number, outcome: RowOutcome, reason: string | null, record: Record<string, unknown>, };

export type ImportPreview = { create: number, merge: number, reject: number, 
/**
 * The first rows with their outcome, then every rejected row up to 200.
 */
rows: Array<PreviewRow>, };

export type RejectedRow = { line: number, reason: string, fields: Array<string>, };

export type ImportReport = { 
/**
 * Undo the import with `batch::undo`; absent when nothing was written.
 */
batch_id: string | null, imported: number, merged: number, 
/**
 * Rows that matched a contact that already had every value.
 */
unchanged: number, rejected: Array<RejectedRow>, 
/**
 * Headers that were not imported.
 */
skipped_columns: Array<string>, 
/**
 * A big import leaves its sort indexes and search documents for `deferred::finish`
 * (run in the background by the app): until then new contacts are listed and counted
 * but not yet found by search.
 */
indexing: boolean, };

export type ImportProgress = { done: number, total: number, };

export type SyncedOrganization = { id: string, name: string, role: string, };

export type EndedMembership = { id: string, name: string, at: string, 
/**
 * Its copy is still here, read-only (else it was removed).
 */
kept: boolean, 
/**
 * What the person is told.
 */
notice: string, };

export type WhenEnded = "keep_read_only" | "remove";

export type SyncState = { connected: boolean, server: string | null, email: string | null, role: string | null, 
/**
 * The organisations this device syncs (the others live on this device only).
 */
organizations: Array<SyncedOrganization>, 
/**
 * Organisations this device stopped syncing because the membership ended, not yet
 * dismissed: the app's notice.
 */
ended: Array<EndedMembership>, 
/**
 * What happens to the copy of an organisation whose membership ends.
 */
when_ended: WhenEnded, 
/**
 * The last round reached the server.
 */
online: boolean, pending_changes: number, last_sync: string | null, last_error: string | null, 
/**
 * Grows whenever rows arrive from other devices: lists reload when it changes.
 */
remote_rows: number, 
/**
 * Refused changes undone back to the server's state that the person has not seen.
 */
undone_unseen: number, };

export type Undone = { id: number, table: string, row_id: string, reason: string, 
/**
 * The row as this device had it; `None` if it had none.
 */
before: Record<string, unknown> | null, 
/**
 * The row as the server has it, now here too; `None` when the server has none.
 */
after: Record<string, unknown> | null, undone_at: string, seen: boolean, };

export type DeviceInfo = { id: string, name: string, created_at: string, 
/**
 * When a session of it was last used (None: never since it signed in).
 */
last_used_at: string | null, 
/**
 * Whether it has a session that is still accepted.
 */
signed_in: boolean, 
/**
 * The device asking.
 */
this_device: boolean, };

export type Member = { id: string, email: string, name: string, 
/**
 * owner, admin, member, viewer or client; `invited` for someone not signed up yet.
 */
role: string, 
/**
 * When they joined (None for the invited; older servers send none).
 */
joined_at: string | null, };

export type PendingInvitation = { id: string, email: string, role: string, 
/**
 * The name of the member who sent it.
 */
invited_by: string, created_at: string, expires_at: string, };

export type Invite = { 
/**
 * The invitation's id (to revoke it); older servers send none.
 */
id: string, code: string, expires_at: string, account_id: string, };

export type Copied = { table: string, rows: number, };

export type SnapshotResult = { 
/**
 * The organisation the setup was copied into.
 */
organization_id: string, 
/**
 * Pass to `batch::undo` (in that organisation) to take the copy back.
 */
batch_id: string, 
/**
 * Per table copied, in the order they were copied.
 */
copied: Array<Copied>, };

export type SyncJoin = { "kind": "log_in" } | { "kind": "sign_up", name: string, organization_name: string, } | { "kind": "invite", name: string, code: string, };

export type GoogleStatus = { connected: boolean, token_expiry: string | null, scope: string | null, 
/**
 * Why the keyring cannot be used (missing, locked), when it cannot.
 */
keyring_error: string | null, calendars: Array<LinkedCalendar>, recent_logs: Array<SyncLogEntry>, };

export type GoogleCalendar = { id: string, summary: string, color: string | null, primary: boolean, access_role: string, linked_calendar_id: string | null, };

export type LinkedCalendar = { id: string, name: string, color: string, google_calendar_id: string, sync_enabled: boolean, last_pull_at: string | null, last_push_at: string | null, };

export type SyncLogEntry = { id: string, calendar_id: string | null, calendar_name: string | null, sync_type: string, status: string, events_synced: number, error_message: string | null, created_at: string, };

export type CalendarRun = { calendar_id: string, name: string, 
/**
 * The pull listed everything (first run, or Google answered 410 Gone).
 */
full: boolean, pulled: number, pushed: number, 
/**
 * Changes lost to a later one on the other side, and items that failed.
 */
notes: Array<string>, 
/**
 * Set when a phase failed as a whole (offline, signed out, ...).
 */
error: string | null, };

export type FormFieldType = "text" | "textarea" | "email" | "phone" | "number" | "date" | "select" | "multi_select" | "checkbox" | "consent" | "hidden" | "rating" | "file";

export type FormConditionOp = "equals" | "not_equals" | "contains" | "is_empty" | "is_not_empty" | "greater_than" | "less_than";

export type FormCondition = { 
/**
 * The id of an earlier field.
 */
field: string, op: FormConditionOp, value?: string | number, };

export type FormConsentTo = "email" | "sms" | "calls" | "automations";

export type FormField = { 
/**
 * Unique within the form, `[a-z0-9_]+`, not starting with `_` (the page's own inputs).
 */
id: string, type: FormFieldType, label: string, required: boolean, placeholder?: string, help?: string, 
/**
 * The choices of a select or multi_select.
 */
options?: Array<string>, 
/**
 * The contact column (or `custom_fields.<key>`) the answer goes to.
 */
map_to?: string, show_if?: FormCondition, 
/**
 * A rating's scale (default 5).
 */
max?: number, 
/**
 * A consent field's opt-in column.
 */
consent_to?: FormConsentTo, 
/**
 * A file field's accepted kinds, as extensions (`pdf`) or MIME types
 * (`application/pdf`) of [`FILE_KINDS`]; empty: [`DEFAULT_ACCEPT`].
 */
accept?: Array<string>, 
/**
 * A file field's largest upload in MB (default [`DEFAULT_MAX_MB`], at most [`MAX_MB`]).
 */
max_mb?: number, };

export type FormContactAction = "create_or_update" | "update_only" | "none";

export type FormSettings = { contact_action: FormContactAction, 
/**
 * Mapped answers replace non-empty contact values.
 */
overwrite: boolean, 
/**
 * Tags added to the contact.
 */
tags: Array<string>, 
/**
 * The owner of contacts the form creates (default: the form's owner).
 */
owner_id: string | null, 
/**
 * Users told about each submission.
 */
notify_user_ids: Array<string>, 
/**
 * A confirmation mail's link takes the submission.
 */
double_opt_in: boolean, submission_limit: number | null, closes_at: string | null, 
/**
 * A page submitted sooner after it was shown is taken for spam (0: no check).
 */
min_fill_seconds: number, 
/**
 * `#rrggbb`.
 */
accent_color: string | null, submit_label: string | null, };

export type FormFieldError = { field: string, message: string, };

export type BoardCard = { id: string, stage_id: string, title: string, value: string | null, priority: string, due_date: string | null, tags: Array<string>, assignees: Array<string>, contact_id: string | null, contact_name: string | null, company_id: string | null, company_name: string | null, owner_id: string, owner_name: string | null, owner_avatar: string | null, 
/**
 * The card's own probability, else its stage's.
 */
probability: number | null, lost_reason: string | null, 
/**
 * Its place in the column (sort key).
 */
rank: string, 
/**
 * When it last entered its stage (its creation if history says nothing).
 */
entered_stage_at: string, days_in_stage: number, 
/**
 * Idle in a non-final stage longer than the stage's limit.
 */
rotting: boolean, };

export type BoardStage = { id: string, name: string, position: number, color: string | null, is_final: boolean, 
/**
 * "won" or "lost" for a final stage with an outcome.
 */
outcome: string | null, probability: number | null, rot_days: number | null, count: number, 
/**
 * Exact sum of the cards' values (2 decimals).
 */
total_value: string, cards: Array<BoardCard>, };

export type Board = { pipeline_id: string, name: string, type: string, stages: Array<BoardStage>, 
/**
 * Sum of open cards' values (not in a final stage).
 */
open_value: string, 
/**
 * Sum of open cards' values, each times its probability.
 */
weighted_value: string, };

export type MonthForecast = { 
/**
 * `YYYY-MM`, or "" for open cards with no due date.
 */
month: string, count: number, value: string, weighted: string, };

export type FunnelStep = { stage_id: string, name: string, 
/**
 * Cards that ever reached this stage or a later open or won one.
 */
reached: number, 
/**
 * Share (0-100) of the previous step's cards that reached this one.
 */
conversion: number | null, };

export type StageTime = { stage_id: string, name: string, 
/**
 * Stays counted (finished ones and the current ones so far).
 */
stays: number, average_days: number, };

export type Outcomes = { month: string, won: number, won_value: string, lost: number, lost_value: string, };

export type Dashboard = { open_value: string, weighted_value: string, value_by_stage: Array<[string, string, string]>, by_month: Array<MonthForecast>, funnel: Array<FunnelStep>, time_in_stage: Array<StageTime>, outcomes: Array<Outcomes>, rotting: number, };

export type JourneyStep = { from_stage_id: string | null, from_stage: string | null, to_stage_id: string, to_stage: string, changed_by: string | null, changed_by_name: string | null, changed_at: string, 
/**
 * Seconds the card spent in `to_stage` (until the next step, or until `now`).
 */
seconds: number, };

export type CardMove = { card_id: string, stage_id: string, 
/**
 * Put it just before this card of the stage...
 */
before: string | null, 
/**
 * ...or just after this one; neither: at the end of the stage.
 */
after: string | null, 
/**
 * Why it was lost: required when the stage is a lost stage.
 */
lost_reason: string | null, };

export type PipelineTemplate = "sales" | "project" | "hiring";

export type TaxInput = { name?: string, rate: string, inclusive: boolean, };

export type NewOrderLine = { product: string, quantity: number, unit_price?: string, discount?: string, tax?: TaxInput, description?: string, };

export type NewOrder = { contact_id: string, lines: Array<NewOrderLine>, currency?: string, discount?: string, shipping?: string, 
/**
 * The rate of lines that name none.
 */
tax?: TaxInput, notes?: string, };

export type NewInvoiceLine = { description?: string, 
/**
 * A product by id or SKU: its name and price are the defaults.
 */
product?: string, quantity: string, unit_price?: string, discount?: string, tax?: TaxInput, };

export type NewInvoice = { contact_id: string, lines: Array<NewInvoiceLine>, currency?: string, discount?: string, shipping?: string, tax?: TaxInput, 
/**
 * Days from issue to due (30 when left out).
 */
payment_terms_days?: number, notes?: string, };

export type Payment = { amount: string, 
/**
 * cash, bank_transfer, card...
 */
method: string, 
/**
 * stripe, paypal...; none for a manual payment.
 */
gateway?: string, gateway_transaction_id?: string, 
/**
 * The request that asked for it (kept in the transaction's metadata): a writer that
 * may be asked twice (the server refunding a card) records it once per request.
 */
request_id?: string, };

export type DraftTax = { name?: string, 
/**
 * Percent, as typed ("8.25").
 */
rate: string, inclusive: boolean, };

export type DraftLine = { quantity: string, unit_price: string, discount?: string, 
/**
 * The line's own rate; none takes the document's.
 */
tax?: DraftTax, };

export type Draft = { currency: string, lines: Array<DraftLine>, discount?: string, shipping?: string, tax?: DraftTax, 
/**
 * An order counts whole units (its lines' quantity is an integer).
 */
whole_quantities: boolean, };

export type TaxPreview = { name: string, rate: string, inclusive: boolean, base: string, tax: string, };

export type TotalsPreview = { currency: string, lines: Array<string>, subtotal: string, discount: string, taxes: Array<TaxPreview>, tax: string, shipping: string, total: string, };

export type AgeBucket = { 
/**
 * "0–30", "31–60", "61–90", "90+".
 */
label: string, count: number, amount: string, };

export type MonthRevenue = { 
/**
 * `YYYY-MM`.
 */
month: string, invoiced: string, received: string, };

export type CurrencyRevenue = { currency: string, 
/**
 * Payments less refunds over the months shown.
 */
received: string, 
/**
 * What finalised invoices still wait for (their totals less payments and credits).
 */
outstanding: string, open_count: number, 
/**
 * The part of `outstanding` past its due date.
 */
overdue: string, overdue_count: number, aging: Array<AgeBucket>, 
/**
 * The months shown, oldest first, every one present.
 */
by_month: Array<MonthRevenue>, };

export type Revenue = { 
/**
 * The day the figures are for (`YYYY-MM-DD`).
 */
today: string, currencies: Array<CurrencyRevenue>, };

export type UserRole = "admin" | "manager" | "user" | "client";

export type UserStatus = "active" | "inactive" | "suspended";

export type OrganizationSize = "1-10" | "11-50" | "51-200" | "201-500" | "500+";

export type OrganizationStatus = "active" | "trial" | "suspended" | "cancelled";

export type MemberRole = "owner" | "admin" | "member" | "viewer" | "client";

export type ContactStatus = "lead" | "contact" | "customer" | "inactive";

export type ContactQuality = "hot" | "warm" | "cold" | "unqualified";

export type ContactEngagement = "high" | "medium" | "low";

export type ActivityType = "note" | "email" | "call" | "meeting" | "sms" | "form" | "automation";

export type TagType = "contact" | "company" | "general";

export type CrmEntity = "contacts" | "companies";

export type CustomFieldType = "text" | "number" | "date" | "select" | "multi_select" | "checkbox" | "url";

export type EventStatus = "scheduled" | "confirmed" | "cancelled" | "completed" | "no_show";

export type SyncType = "push" | "pull" | "full";

export type SyncStatus = "success" | "failed" | "partial";

export type SubmissionStatus = "received" | "spam" | "unconfirmed";

export type PipelineType = "sales" | "project" | "hiring" | "custom";

export type StageOutcome = "won" | "lost";

export type Priority = "high" | "medium" | "low";

export type ProductType = "physical" | "digital" | "service" | "subscription";

export type OrderStatus = "pending" | "processing" | "completed" | "cancelled" | "refunded";

export type PaymentStatus = "unpaid" | "paid" | "partially_paid" | "refunded";

export type TransactionType = "payment" | "refund" | "credit";

export type TransactionStatus = "pending" | "completed" | "failed" | "cancelled";

export type InvoiceKind = "invoice" | "credit_note";

export type InvoiceStatus = "draft" | "sent" | "paid" | "overdue" | "cancelled";

export type AgentType = "chatbot" | "email_assistant" | "data_processor" | "custom";

export type ConversationStatus = "active" | "completed" | "archived";

export type MessageRole = "user" | "assistant" | "system";

export type TemplateType = "email" | "landing_page" | "form" | "invoice";

export type IntegrationStatus = "active" | "inactive" | "error";

export type IntegrationLogStatus = "success" | "failed" | "warning";

export type TriggerType = "form_submit" | "contact_created" | "email_opened" | "schedule" | "webhook" | "tag_added" | "stage_changed" | "booking_made" | "invoice_overdue" | "payment_received";

export type AutomationRunStatus = "running" | "waiting" | "completed" | "failed" | "stopped";

export type CampaignStatus = "draft" | "scheduled" | "sending" | "sent" | "paused";

export type NotificationType = "info" | "success" | "warning" | "error";

export type User = { id: string, email: string, first_name: string, last_name: string, phone: string | null, avatar_url: string | null, role: UserRole, status: UserStatus, timezone: string, locale: string, is_email_verified: boolean, last_login_at: string | null, created_at: string, updated_at: string, deleted_at: string | null, };

export type Organization = { id: string, name: string, slug: string, owner_id: string, logo_url: string | null, website: string | null, industry: string | null, size: OrganizationSize, status: OrganizationStatus, created_at: string, updated_at: string, deleted_at: string | null, 
/**
 * The agency this is a client workspace of (set on the server, adopted here).
 */
parent_id: string | null, };

export type OrganizationMember = { id: string, organization_id: string, user_id: string, role: MemberRole, permissions: Array<string>, joined_at: string, created_at: string, deleted_at: string | null, };

export type Contact = { id: string, organization_id: string, first_name: string, last_name: string, email: string, phone: string | null, company: string | null, title: string | null, department: string | null, website: string | null, address: { [key in string]: JsonValue }, dob: string | null, owner_id: string, source: string | null, status: ContactStatus, lead_score: number | null, quality: ContactQuality | null, engagement: ContactEngagement | null, tags: Array<string>, custom_fields: { [key in string]: JsonValue }, opt_in_email: boolean, opt_in_sms: boolean, opt_in_calls: boolean, opt_in_automations: boolean, last_contacted_at: string | null, created_at: string, updated_at: string, deleted_at: string | null, 
/**
 * The company record the contact belongs to (added by V4, hence last).
 */
company_id: string | null, duplicate_of: string | null, };

export type Company = { id: string, organization_id: string, name: string, domain: string | null, industry: string | null, size: string | null, annual_revenue: string | null, phone: string | null, website: string | null, address: { [key in string]: JsonValue }, owner_id: string, tags: Array<string>, custom_fields: { [key in string]: JsonValue }, created_at: string, updated_at: string, deleted_at: string | null, };

export type ContactActivity = { id: string, contact_id: string, user_id: string, activity_type: ActivityType, title: string, description: string | null, metadata: { [key in string]: JsonValue }, created_at: string, deleted_at: string | null, };

export type ContactNote = { id: string, contact_id: string, user_id: string, content: string, is_pinned: boolean, created_at: string, updated_at: string, deleted_at: string | null, };

export type Tag = { id: string, organization_id: string, name: string, color: string | null, type: TagType, usage_count: number, created_at: string, deleted_at: string | null, };

export type CustomFieldDefinition = { id: string, organization_id: string, entity: CrmEntity, key: string, label: string, field_type: CustomFieldType, options: Array<string>, position: number, created_at: string, updated_at: string, deleted_at: string | null, };

export type SavedView = { id: string, organization_id: string, user_id: string, entity: CrmEntity, name: string, filters: Array<JsonValue>, sort: { [key in string]: JsonValue }, columns: Array<string>, position: number, created_at: string, updated_at: string, deleted_at: string | null, };

export type Calendar = { id: string, user_id: string, name: string, color: string, is_default: boolean, is_visible: boolean, google_calendar_id: string | null, sync_enabled: boolean, created_at: string, updated_at: string, deleted_at: string | null, };

export type Event = { id: string, calendar_id: string, user_id: string, contact_id: string | null, booking_type_id: string | null, title: string, description: string | null, start_time: string, end_time: string, all_day: boolean, location: string | null, meeting_url: string | null, attendees: Array<JsonValue>, status: EventStatus, google_event_id: string | null, guest_email: string | null, guest_name: string | null, guest_phone: string | null, notes: string | null, reminder_sent: boolean, created_at: string, updated_at: string, deleted_at: string | null, };

export type BookingType = { id: string, user_id: string, name: string, slug: string, description: string, duration_minutes: number, buffer_before_minutes: number, buffer_after_minutes: number, color: string, is_active: boolean, price: string | null, location: string | null, questions: Array<JsonValue>, created_at: string, updated_at: string, deleted_at: string | null, minimum_notice_minutes: number, booking_window_days: number, slot_interval_minutes: number | null, daily_limit: number | null, meeting_url: string | null, };

export type AvailabilityRule = { id: string, user_id: string, booking_type_id: string | null, day_of_week: number, start_time: string, end_time: string, is_available: boolean, created_at: string, updated_at: string, deleted_at: string | null, };

export type AvailabilityException = { id: string, user_id: string, date: string, start_time: string | null, end_time: string | null, is_available: boolean, reason: string | null, created_at: string, updated_at: string, deleted_at: string | null, };

export type BookingSettings = { id: string, user_id: string, booking_page_title: string, booking_page_subtitle: string | null, logo_url: string | null, background_url: string | null, background_color: string, primary_color: string, text_color: string, timezone: string, confirmation_redirect_url: string | null, custom_css: string | null, created_at: string, updated_at: string, deleted_at: string | null, };

export type GoogleCalendarToken = { id: string, user_id: string, token_expiry: string, scope: string, created_at: string, updated_at: string, deleted_at: string | null, };

export type SyncLog = { id: string, user_id: string, calendar_id: string | null, sync_type: SyncType, status: SyncStatus, events_synced: number, error_message: string | null, created_at: string, deleted_at: string | null, };

export type Form = { id: string, organization_id: string, user_id: string, name: string, description: string | null, slug: string, fields: Array<JsonValue>, settings: { [key in string]: JsonValue }, is_active: boolean, is_public: boolean, redirect_url: string | null, thank_you_message: string | null, created_at: string, updated_at: string, deleted_at: string | null, };

export type FormSubmission = { id: string, form_id: string, contact_id: string | null, data: { [key in string]: JsonValue }, ip_address: string | null, user_agent: string | null, referrer: string | null, utm_source: string | null, utm_medium: string | null, utm_campaign: string | null, created_at: string, deleted_at: string | null, 
/**
 * Added by V13 (hence last): what became of it.
 */
status: SubmissionStatus, 
/**
 * Why it was taken for spam.
 */
spam_reason: string | null, };

export type FormView = { id: string, form_id: string, day: string, views: number, created_at: string, updated_at: string, deleted_at: string | null, };

export type Pipeline = { id: string, organization_id: string, name: string, description: string | null, type: PipelineType, is_active: boolean, created_at: string, updated_at: string, deleted_at: string | null, };

export type PipelineStage = { id: string, pipeline_id: string, name: string, position: number, color: string | null, is_final: boolean, created_at: string, updated_at: string, deleted_at: string | null, 
/**
 * Won or lost, for a final stage.
 */
outcome: StageOutcome | null, 
/**
 * Chance (0-100) that a card here is won, for the weighted forecast.
 */
probability: number | null, 
/**
 * Days a card may stay here before it is marked as rotting.
 */
rot_days: number | null, };

export type PipelineCard = { id: string, pipeline_id: string, stage_id: string, contact_id: string | null, company_id: string | null, owner_id: string, title: string, description: string | null, value: string | null, priority: Priority, due_date: string | null, tags: Array<string>, assignees: Array<string>, custom_fields: { [key in string]: JsonValue }, position: number, created_at: string, updated_at: string, deleted_at: string | null, 
/**
 * Place in its column (a fractional key, see `rank`); the board sorts by it, then id.
 */
rank: string | null, 
/**
 * Overrides the stage's probability for this card.
 */
probability: number | null, 
/**
 * Why the card was lost (asked when it lands on a lost stage).
 */
lost_reason: string | null, 
/**
 * When it entered its stage, as this replica's history says (migration V21).
 */
stage_entered_at: string | null, };

export type PipelineStageHistory = { id: string, pipeline_id: string, card_id: string, from_stage_id: string | null, to_stage_id: string, changed_by: string | null, changed_at: string, created_at: string, updated_at: string, deleted_at: string | null, };

export type Product = { id: string, organization_id: string, name: string, description: string | null, sku: string | null, price: string, type: ProductType, is_active: boolean, inventory_count: number | null, images: Array<string>, metadata: { [key in string]: JsonValue }, created_at: string, updated_at: string, deleted_at: string | null, };

export type Order = { id: string, organization_id: string, contact_id: string, order_number: string, status: OrderStatus, subtotal: string, tax: string, shipping: string, discount: string, total: string, payment_status: PaymentStatus, payment_method: string | null, shipping_address: { [key in string]: JsonValue }, billing_address: { [key in string]: JsonValue }, notes: string | null, created_at: string, updated_at: string, deleted_at: string | null, 
/**
 * ISO 4217 code; the order's lines share it, and it sets the rounding.
 */
currency: string, 
/**
 * The order's tax rate, for lines that name none: its name ("VAT")...
 */
tax_name: string | null, 
/**
 * ...its percentage ("8.25")...
 */
tax_rate: string | null, 
/**
 * ...and whether prices include it.
 */
tax_inclusive: boolean, 
/**
 * Whether the order's stock was taken: true exactly while it is completed.
 */
stock_committed: boolean, };

export type OrderItem = { id: string, order_id: string, product_id: string, quantity: number, unit_price: string, discount: string | null, total: string, created_at: string, deleted_at: string | null, description: string | null, 
/**
 * The line's own tax rate; none takes the order's.
 */
tax_name: string | null, tax_rate: string | null, tax_inclusive: boolean | null, };

export type Transaction = { id: string, organization_id: string, order_id: string | null, contact_id: string, transaction_type: TransactionType, amount: string, currency: string, status: TransactionStatus, payment_method: string, payment_gateway: string | null, gateway_transaction_id: string | null, metadata: { [key in string]: JsonValue }, created_at: string, deleted_at: string | null, 
/**
 * The invoice this payment or refund settles.
 */
invoice_id: string | null, };

export type Invoice = { id: string, organization_id: string, contact_id: string, order_id: string | null, invoice_number: string, status: InvoiceStatus, issue_date: string, due_date: string, subtotal: string, tax: string, total: string, notes: string | null, created_at: string, updated_at: string, deleted_at: string | null, kind: InvoiceKind, 
/**
 * The invoice a credit note credits.
 */
credit_for_id: string | null, currency: string, discount: string, shipping: string, tax_name: string | null, tax_rate: string | null, tax_inclusive: boolean, 
/**
 * Days from issue to due.
 */
payment_terms_days: number | null, 
/**
 * Completed payments less refunds (kept by the core).
 */
amount_paid: string, payment_status: PaymentStatus, finalized_at: string | null, sent_at: string | null, };

export type InvoiceItem = { id: string, invoice_id: string, product_id: string | null, description: string, quantity: string, unit_price: string, discount: string | null, tax_name: string | null, tax_rate: string | null, tax_inclusive: boolean | null, total: string, position: number, created_at: string, updated_at: string, deleted_at: string | null, };

export type AiAgent = { id: string, organization_id: string, name: string, description: string | null, type: AgentType, model: string, prompt_template: string, configuration: { [key in string]: JsonValue }, is_active: boolean, created_at: string, updated_at: string, deleted_at: string | null, };

export type AiAgentConversation = { id: string, agent_id: string, contact_id: string | null, user_id: string | null, status: ConversationStatus, metadata: { [key in string]: JsonValue }, created_at: string, updated_at: string, deleted_at: string | null, };

export type AiAgentMessage = { id: string, conversation_id: string, role: MessageRole, content: string, tokens_used: number | null, cost: string | null, created_at: string, deleted_at: string | null, };

export type Template = { id: string, organization_id: string, name: string, type: TemplateType, html_content: string, css_content: string | null, thumbnail_url: string | null, is_public: boolean, created_by: string, created_at: string, updated_at: string, deleted_at: string | null, };

export type Asset = { id: string, organization_id: string, user_id: string, filename: string, original_filename: string, file_type: string, file_size: number, url: string, folder: string | null, tags: Array<string>, created_at: string, deleted_at: string | null, };

export type Integration = { id: string, organization_id: string, name: string, provider: string, status: IntegrationStatus, settings: { [key in string]: JsonValue }, last_sync_at: string | null, created_at: string, updated_at: string, deleted_at: string | null, };

export type IntegrationLog = { id: string, integration_id: string, action: string, status: IntegrationLogStatus, request_data: JsonValue | null, response_data: JsonValue | null, error_message: string | null, created_at: string, deleted_at: string | null, };

export type Automation = { id: string, organization_id: string, name: string, description: string | null, trigger_type: TriggerType, trigger_config: { [key in string]: JsonValue }, actions: Array<JsonValue>, is_active: boolean, created_at: string, updated_at: string, deleted_at: string | null, };

export type AutomationRun = { id: string, automation_id: string, contact_id: string | null, status: AutomationRunStatus, started_at: string, completed_at: string | null, error_message: string | null, actions_completed: number, created_at: string, deleted_at: string | null, trigger_event_id: string | null, trigger_data: { [key in string]: JsonValue }, definition: { [key in string]: JsonValue }, cursor: string | null, wake_at: string | null, steps: Array<JsonValue>, updated_at: string, 
/**
 * Beyond the spec (V18): a person asked for this failed run to be tried again;
 * its executor retries it when this is later than the run's end.
 */
retry_requested_at: string | null, };

export type TriggerEvent = { id: string, organization_id: string, kind: TriggerType, subject_table: string, subject_id: string, payload: { [key in string]: JsonValue }, occurred_at: string, created_at: string, deleted_at: string | null, };

export type EmailCampaign = { id: string, organization_id: string, name: string, subject: string, from_name: string, from_email: string, template_id: string | null, html_content: string, status: CampaignStatus, scheduled_at: string | null, sent_at: string | null, recipient_count: number, opened_count: number, clicked_count: number, created_at: string, updated_at: string, deleted_at: string | null, };

export type SmsCampaign = { id: string, organization_id: string, name: string, message: string, status: CampaignStatus, scheduled_at: string | null, sent_at: string | null, recipient_count: number, delivered_count: number, created_at: string, updated_at: string, deleted_at: string | null, };

export type AuditLog = { id: string, organization_id: string | null, user_id: string | null, action: string, entity_type: string, entity_id: string | null, changes: { [key in string]: JsonValue }, ip_address: string | null, user_agent: string | null, created_at: string, };

export type Notification = { id: string, user_id: string, title: string, message: string, type: NotificationType, link_url: string | null, is_read: boolean, created_at: string, read_at: string | null, deleted_at: string | null, };

export type TableName = "users" | "organizations" | "organization_members" | "contacts" | "companies" | "contact_activities" | "contact_notes" | "tags" | "custom_field_definitions" | "saved_views" | "calendars" | "events" | "booking_types" | "availability_rules" | "availability_exceptions" | "booking_settings" | "google_calendar_tokens" | "sync_logs" | "forms" | "form_submissions" | "form_views" | "pipelines" | "pipeline_stages" | "pipeline_cards" | "pipeline_stage_history" | "products" | "orders" | "order_items" | "transactions" | "invoices" | "invoice_items" | "ai_agents" | "ai_agent_conversations" | "ai_agent_messages" | "templates" | "assets" | "integrations" | "integration_logs" | "automations" | "automation_runs" | "trigger_events" | "email_campaigns" | "sms_campaigns" | "audit_logs" | "notifications";

/** The typed record of each table. */
export type RecordOf = {
  users: User;
  organizations: Organization;
  organization_members: OrganizationMember;
  contacts: Contact;
  companies: Company;
  contact_activities: ContactActivity;
  contact_notes: ContactNote;
  tags: Tag;
  custom_field_definitions: CustomFieldDefinition;
  saved_views: SavedView;
  calendars: Calendar;
  events: Event;
  booking_types: BookingType;
  availability_rules: AvailabilityRule;
  availability_exceptions: AvailabilityException;
  booking_settings: BookingSettings;
  google_calendar_tokens: GoogleCalendarToken;
  sync_logs: SyncLog;
  forms: Form;
  form_submissions: FormSubmission;
  form_views: FormView;
  pipelines: Pipeline;
  pipeline_stages: PipelineStage;
  pipeline_cards: PipelineCard;
  pipeline_stage_history: PipelineStageHistory;
  products: Product;
  orders: Order;
  order_items: OrderItem;
  transactions: Transaction;
  invoices: Invoice;
  invoice_items: InvoiceItem;
  ai_agents: AiAgent;
  ai_agent_conversations: AiAgentConversation;
  ai_agent_messages: AiAgentMessage;
  templates: Template;
  assets: Asset;
  integrations: Integration;
  integration_logs: IntegrationLog;
  automations: Automation;
  automation_runs: AutomationRun;
  trigger_events: TriggerEvent;
  email_campaigns: EmailCampaign;
  sms_campaigns: SmsCampaign;
  audit_logs: AuditLog;
  notifications: Notification;
};

/** Every command of the desktop shell. */
export type Commands = {
  profile_get: { args: Record<string, never>; result: Profile };
  app_about: { args: Record<string, never>; result: About };
  desktop_notifications_get: { args: Record<string, never>; result: boolean };
  desktop_notifications_set: { args: { on: boolean }; result: boolean };
  update_check: { args: Record<string, never>; result: UpdateOffer | null };
  update_install: { args: Record<string, never>; result: null };
  update_progress: { args: Record<string, never>; result: UpdateProgress };
  organization_switch: { args: { organization: string }; result: Profile };
  organization_create: { args: { name: string; slug: string | null; parent: string | null }; result: Profile };
  organization_upload: { args: { organization: string; slug: string | null }; result: SyncState };
  schema_tables: { args: Record<string, never>; result: Array<TableDef> };
  records_list: { args: { table: TableName; query: ListQuery }; result: Page };
  records_count: { args: { table: TableName; query: ListQuery }; result: number };
  records_get: { args: { table: TableName; id: string }; result: Record<string, unknown> };
  records_create: { args: { table: TableName; data: Record<string, unknown> }; result: Record<string, unknown> };
  records_update: { args: { table: TableName; id: string; patch: Record<string, unknown> }; result: Record<string, unknown> };
  records_delete: { args: { table: TableName; id: string }; result: Record<string, unknown> };
  records_restore: { args: { table: TableName; id: string }; result: Record<string, unknown> };
  search: { args: { text: string; limit: number }; result: Array<Hit> };
  contact_timeline: { args: { contactId: string; query: TimelineQuery }; result: TimelinePage };
  form_preview: { args: { form: Record<string, unknown> }; result: string };
  automation_dry_run: { args: { automationId: string; contactId: string | null }; result: DryRun };
  jobs_list: { args: { status: string | null; limit: number }; result: Array<Job> };
  job_retry: { args: { id: number }; result: Job };
  automation_run_retry: { args: { runId: string }; result: Record<string, unknown> };
  pipeline_board: { args: { pipelineId: string }; result: Board };
  pipeline_dashboard: { args: { pipelineId: string }; result: Dashboard };
  pipeline_card_journey: { args: { cardId: string }; result: Array<JourneyStep> };
  pipeline_card_move: { args: { movement: CardMove }; result: Record<string, unknown> };
  pipeline_card_reopen: { args: { cardId: string }; result: Record<string, unknown> };
  pipeline_card_add: { args: { data: Record<string, unknown> }; result: Record<string, unknown> };
  pipeline_create: { args: { name: string; template: PipelineTemplate }; result: Record<string, unknown> };
  pipeline_stages_reorder: { args: { pipelineId: string; stageIds: Array<string> }; result: null };
  pipeline_stage_delete: { args: { stageId: string; moveTo: string | null }; result: Record<string, unknown> };
  commerce_totals: { args: { draft: Draft }; result: TotalsPreview };
  commerce_revenue: { args: { months: number }; result: Revenue };
  invoices_refresh_overdue: { args: Record<string, never>; result: number };
  order_create: { args: { order: NewOrder }; result: { order: Order, lines: Array<OrderItem>, taxes: Array<{ name: string, rate: string, inclusive: boolean, base: string, tax: string }>, payments: Array<Transaction>, invoices: Array<Invoice> } };
  order_show: { args: { id: string }; result: { order: Order, lines: Array<OrderItem>, taxes: Array<{ name: string, rate: string, inclusive: boolean, base: string, tax: string }>, payments: Array<Transaction>, invoices: Array<Invoice> } };
  invoice_create: { args: { invoice: NewInvoice }; result: { invoice: Invoice, lines: Array<InvoiceItem>, taxes: Array<{ name: string, rate: string, inclusive: boolean, base: string, tax: string }>, amount_due: string, payments: Array<Transaction>, credit_notes: Array<Invoice>, contact: { name: string, email: string | null } | null } };
  invoice_from_order: { args: { orderId: string; termsDays: number | null }; result: { invoice: Invoice, lines: Array<InvoiceItem>, taxes: Array<{ name: string, rate: string, inclusive: boolean, base: string, tax: string }>, amount_due: string, payments: Array<Transaction>, credit_notes: Array<Invoice>, contact: { name: string, email: string | null } | null } };
  invoice_show: { args: { id: string }; result: { invoice: Invoice, lines: Array<InvoiceItem>, taxes: Array<{ name: string, rate: string, inclusive: boolean, base: string, tax: string }>, amount_due: string, payments: Array<Transaction>, credit_notes: Array<Invoice>, contact: { name: string, email: string | null } | null } };
  invoice_finalize: { args: { id: string }; result: { invoice: Invoice, lines: Array<InvoiceItem>, taxes: Array<{ name: string, rate: string, inclusive: boolean, base: string, tax: string }>, amount_due: string, payments: Array<Transaction>, credit_notes: Array<Invoice>, contact: { name: string, email: string | null } | null } };
  invoice_record_payment: { args: { id: string; payment: Payment }; result: { invoice: Invoice, lines: Array<InvoiceItem>, taxes: Array<{ name: string, rate: string, inclusive: boolean, base: string, tax: string }>, amount_due: string, payments: Array<Transaction>, credit_notes: Array<Invoice>, contact: { name: string, email: string | null } | null } };
  invoice_refund: { args: { id: string; payment: Payment }; result: { invoice: Invoice, lines: Array<InvoiceItem>, taxes: Array<{ name: string, rate: string, inclusive: boolean, base: string, tax: string }>, amount_due: string, payments: Array<Transaction>, credit_notes: Array<Invoice>, contact: { name: string, email: string | null } | null } };
  invoice_pdf: { args: { id: string }; result: string };
  invoice_pdf_save: { args: { id: string }; result: string };
  invoice_send: { args: { id: string }; result: { invoice: Invoice, lines: Array<InvoiceItem>, taxes: Array<{ name: string, rate: string, inclusive: boolean, base: string, tax: string }>, amount_due: string, payments: Array<Transaction>, credit_notes: Array<Invoice>, contact: { name: string, email: string | null } | null } };
  form_submission_approve: { args: { id: string }; result: Record<string, unknown> };
  booking_slots_preview: { args: { slug: string; from: string; days: number; tz: string }; result: Array<string> };
  records_bulk: { args: { table: TableName; target: BulkTarget; action: BulkAction }; result: BatchResult };
  records_write_all: { args: { table: TableName; changes: Array<RecordChange> }; result: BatchResult };
  batch_undo: { args: { batchId: string }; result: UndoResult };
  tag_rename: { args: { id: string; name: string }; result: BatchResult };
  tag_remove: { args: { id: string }; result: BatchResult };
  duplicates_check: { args: { draft: Record<string, unknown>; exclude: string | null }; result: Array<DuplicateMatch> };
  duplicates_find: { args: { limit: number }; result: Array<DuplicateGroup> };
  contacts_merge: { args: { keepId: string; otherId: string }; result: BatchResult };
  import_open: { args: { fileName: string; dataBase64: string }; result: ImportOpened };
  import_preview: { args: { importId: string; options: ImportOptions }; result: ImportPreview };
  import_run: { args: { importId: string; options: ImportOptions }; result: ImportReport };
  import_progress: { args: { importId: string }; result: ImportProgress };
  import_save_report: { args: { importId: string }; result: string };
  contacts_export: { args: { query: ListQuery }; result: string };
  download_save: { args: { name: string; text: string }; result: string };
  open_external: { args: { url: string }; result: null };
  sync_status: { args: Record<string, never>; result: SyncState };
  sync_sign_in: { args: { server: string; email: string; password: string; join: SyncJoin }; result: SyncState };
  sync_sign_out: { args: Record<string, never>; result: SyncState };
  sync_devices: { args: Record<string, never>; result: Array<DeviceInfo> };
  sync_sign_out_devices: { args: { device: string | null }; result: SyncState };
  team_members: { args: { organizationId: string }; result: Array<Member> };
  team_invitations: { args: { organizationId: string }; result: Array<PendingInvitation> };
  team_invite: { args: { organizationId: string; email: string; role: string }; result: Invite };
  team_set_role: { args: { organizationId: string; accountId: string; role: string }; result: Array<Member> };
  team_remove: { args: { organizationId: string; accountId: string }; result: null };
  team_revoke: { args: { organizationId: string; invitationId: string }; result: null };
  organization_snapshot: { args: { from: string; to: string }; result: SnapshotResult };
  sync_undone: { args: Record<string, never>; result: Array<Undone> };
  sync_undone_seen: { args: Record<string, never>; result: SyncState };
  sync_remove_ended: { args: { organization: string }; result: SyncState };
  sync_dismiss_ended: { args: Record<string, never>; result: SyncState };
  sync_set_when_ended: { args: { choice: WhenEnded }; result: SyncState };
  sync_now: { args: Record<string, never>; result: SyncState };
  google_status: { args: Record<string, never>; result: GoogleStatus };
  google_connect: { args: Record<string, never>; result: GoogleStatus };
  google_calendars: { args: Record<string, never>; result: Array<GoogleCalendar> };
  google_link: { args: { googleCalendarId: string }; result: LinkedCalendar };
  google_set_sync: { args: { calendarId: string; enabled: boolean }; result: LinkedCalendar };
  google_sync: { args: Record<string, never>; result: Array<CalendarRun> };
  google_disconnect: { args: Record<string, never>; result: GoogleStatus };
};

/** Every table's definition, as `schema_tables` returns it. */
export const TABLE_DEFS: Array<TableDef> = [{"name":"users","record":"User","scope":{"type":"members","membership":{"table":"organization_members","organization":"organization_id","user":"user_id"}},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"email","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"email","derived":false,"computed":false},{"name":"first_name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"last_name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"phone","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"avatar_url","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"url","derived":false,"computed":false},{"name":"role","kind":{"type":"enum","values":["admin","manager","user","client"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"status","kind":{"type":"enum","values":["active","inactive","suspended"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"timezone","kind":{"type":"text"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"locale","kind":{"type":"text"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"is_email_verified","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"last_login_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":["password_hash"],"read_only":false,"client_reads":false},{"name":"organizations","record":"Organization","scope":{"type":"my_organizations","owner":"owner_id","membership":{"table":"organization_members","organization":"organization_id","user":"user_id"}},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"slug","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"slug","derived":false,"computed":false},{"name":"owner_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"logo_url","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"url","derived":false,"computed":false},{"name":"website","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"url","derived":false,"computed":false},{"name":"industry","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"size","kind":{"type":"enum","values":["1-10","11-50","51-200","201-500","500+"]},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"status","kind":{"type":"enum","values":["active","trial","suspended","cancelled"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"parent_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"organization_members","record":"OrganizationMember","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"user_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"role","kind":{"type":"enum","values":["owner","admin","member","viewer","client"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"permissions","kind":{"type":"string_array"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"joined_at","kind":{"type":"timestamp"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"contacts","record":"Contact","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"first_name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"last_name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"email","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"email","derived":false,"computed":false},{"name":"phone","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"company","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"title","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"department","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"website","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"url","derived":false,"computed":false},{"name":"address","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"dob","kind":{"type":"date"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"owner_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"source","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"status","kind":{"type":"enum","values":["lead","contact","customer","inactive"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"lead_score","kind":{"type":"integer"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"quality","kind":{"type":"enum","values":["hot","warm","cold","unqualified"]},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"engagement","kind":{"type":"enum","values":["high","medium","low"]},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"tags","kind":{"type":"string_array"},"nullable":false,"has_default":true,"references":null,"meaning":"tag_list","derived":false,"computed":false},{"name":"custom_fields","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"custom_fields","derived":false,"computed":false},{"name":"opt_in_email","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"opt_in_sms","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"opt_in_calls","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"opt_in_automations","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"last_contacted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"company_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"companies","meaning":"plain","derived":false,"computed":false},{"name":"duplicate_of","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"contacts","meaning":"plain","derived":true,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"companies","record":"Company","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"domain","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"industry","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"size","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"annual_revenue","kind":{"type":"decimal"},"nullable":true,"has_default":false,"references":null,"meaning":"money","derived":false,"computed":false},{"name":"phone","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"website","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"url","derived":false,"computed":false},{"name":"address","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"owner_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"tags","kind":{"type":"string_array"},"nullable":false,"has_default":true,"references":null,"meaning":"tag_list","derived":false,"computed":false},{"name":"custom_fields","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"custom_fields","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"contact_activities","record":"ContactActivity","scope":{"type":"parent","column":"contact_id","table":"contacts"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"contact_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"contacts","meaning":"plain","derived":false,"computed":false},{"name":"user_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"activity_type","kind":{"type":"enum","values":["note","email","call","meeting","sms","form","automation"]},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"title","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"description","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"collaborative_text","derived":false,"computed":false},{"name":"metadata","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"contact_notes","record":"ContactNote","scope":{"type":"parent","column":"contact_id","table":"contacts"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"contact_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"contacts","meaning":"plain","derived":false,"computed":false},{"name":"user_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"content","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"collaborative_text","derived":false,"computed":false},{"name":"is_pinned","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"tags","record":"Tag","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"color","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"colour","derived":false,"computed":false},{"name":"type","kind":{"type":"enum","values":["contact","company","general"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"usage_count","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":true,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"custom_field_definitions","record":"CustomFieldDefinition","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"entity","kind":{"type":"enum","values":["contacts","companies"]},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"key","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"label","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"field_type","kind":{"type":"enum","values":["text","number","date","select","multi_select","checkbox","url"]},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"options","kind":{"type":"string_array"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"position","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"saved_views","record":"SavedView","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"user_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"entity","kind":{"type":"enum","values":["contacts","companies"]},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"filters","kind":{"type":"array"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"sort","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"columns","kind":{"type":"string_array"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"position","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"calendars","record":"Calendar","scope":{"type":"member_owned","owner":"user_id","membership":{"table":"organization_members","organization":"organization_id","user":"user_id"}},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"user_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"color","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"colour","derived":false,"computed":false},{"name":"is_default","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"is_visible","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"google_calendar_id","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"sync_enabled","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":true},{"name":"events","record":"Event","scope":{"type":"parent","column":"calendar_id","table":"calendars"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"calendar_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"calendars","meaning":"plain","derived":false,"computed":false},{"name":"user_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"contact_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"contacts","meaning":"plain","derived":false,"computed":false},{"name":"booking_type_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"booking_types","meaning":"plain","derived":false,"computed":false},{"name":"title","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"description","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"collaborative_text","derived":false,"computed":false},{"name":"start_time","kind":{"type":"timestamp"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"end_time","kind":{"type":"timestamp"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"all_day","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"location","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"meeting_url","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"url","derived":false,"computed":false},{"name":"attendees","kind":{"type":"array"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"status","kind":{"type":"enum","values":["scheduled","confirmed","cancelled","completed","no_show"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"google_event_id","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"guest_email","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"email","derived":false,"computed":false},{"name":"guest_name","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"guest_phone","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"notes","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"collaborative_text","derived":false,"computed":false},{"name":"reminder_sent","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":true},{"name":"booking_types","record":"BookingType","scope":{"type":"member_owned","owner":"user_id","membership":{"table":"organization_members","organization":"organization_id","user":"user_id"}},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"user_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"slug","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"slug","derived":false,"computed":false},{"name":"description","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"collaborative_text","derived":false,"computed":false},{"name":"duration_minutes","kind":{"type":"integer"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"buffer_before_minutes","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"buffer_after_minutes","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"color","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"colour","derived":false,"computed":false},{"name":"is_active","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"price","kind":{"type":"decimal"},"nullable":true,"has_default":false,"references":null,"meaning":"money","derived":false,"computed":false},{"name":"location","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"questions","kind":{"type":"array"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"minimum_notice_minutes","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"booking_window_days","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"slot_interval_minutes","kind":{"type":"integer"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"daily_limit","kind":{"type":"integer"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"meeting_url","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"url","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":true},{"name":"availability_rules","record":"AvailabilityRule","scope":{"type":"member_owned","owner":"user_id","membership":{"table":"organization_members","organization":"organization_id","user":"user_id"}},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"user_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"booking_type_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"booking_types","meaning":"plain","derived":false,"computed":false},{"name":"day_of_week","kind":{"type":"integer"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"start_time","kind":{"type":"time"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"end_time","kind":{"type":"time"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"is_available","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":true},{"name":"availability_exceptions","record":"AvailabilityException","scope":{"type":"member_owned","owner":"user_id","membership":{"table":"organization_members","organization":"organization_id","user":"user_id"}},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"user_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"date","kind":{"type":"date"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"start_time","kind":{"type":"time"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"end_time","kind":{"type":"time"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"is_available","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"reason","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":true},{"name":"booking_settings","record":"BookingSettings","scope":{"type":"member_owned","owner":"user_id","membership":{"table":"organization_members","organization":"organization_id","user":"user_id"}},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"user_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"booking_page_title","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"booking_page_subtitle","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"logo_url","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"url","derived":false,"computed":false},{"name":"background_url","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"url","derived":false,"computed":false},{"name":"background_color","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"colour","derived":false,"computed":false},{"name":"primary_color","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"colour","derived":false,"computed":false},{"name":"text_color","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"colour","derived":false,"computed":false},{"name":"timezone","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"confirmation_redirect_url","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"url","derived":false,"computed":false},{"name":"custom_css","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":true},{"name":"google_calendar_tokens","record":"GoogleCalendarToken","scope":{"type":"private","owner":"user_id"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"user_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"token_expiry","kind":{"type":"timestamp"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"scope","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":["access_token","refresh_token"],"read_only":false,"client_reads":false},{"name":"sync_logs","record":"SyncLog","scope":{"type":"member_owned","owner":"user_id","membership":{"table":"organization_members","organization":"organization_id","user":"user_id"}},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"user_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"calendar_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"calendars","meaning":"plain","derived":false,"computed":false},{"name":"sync_type","kind":{"type":"enum","values":["push","pull","full"]},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"status","kind":{"type":"enum","values":["success","failed","partial"]},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"events_synced","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"error_message","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"forms","record":"Form","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"user_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"description","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"collaborative_text","derived":false,"computed":false},{"name":"slug","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"slug","derived":false,"computed":false},{"name":"fields","kind":{"type":"array"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"settings","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"is_active","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"is_public","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"redirect_url","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"url","derived":false,"computed":false},{"name":"thank_you_message","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":true},{"name":"form_submissions","record":"FormSubmission","scope":{"type":"parent","column":"form_id","table":"forms"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"form_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"forms","meaning":"plain","derived":false,"computed":false},{"name":"contact_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"contacts","meaning":"plain","derived":false,"computed":false},{"name":"data","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"ip_address","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"user_agent","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"referrer","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"utm_source","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"utm_medium","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"utm_campaign","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"status","kind":{"type":"enum","values":["received","spam","unconfirmed"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"spam_reason","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"form_views","record":"FormView","scope":{"type":"parent","column":"form_id","table":"forms"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"form_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"forms","meaning":"plain","derived":false,"computed":false},{"name":"day","kind":{"type":"date"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"views","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"pipelines","record":"Pipeline","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"description","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"collaborative_text","derived":false,"computed":false},{"name":"type","kind":{"type":"enum","values":["sales","project","hiring","custom"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"is_active","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"pipeline_stages","record":"PipelineStage","scope":{"type":"parent","column":"pipeline_id","table":"pipelines"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"pipeline_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"pipelines","meaning":"plain","derived":false,"computed":false},{"name":"name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"position","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"color","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"colour","derived":false,"computed":false},{"name":"is_final","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"outcome","kind":{"type":"enum","values":["won","lost"]},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"probability","kind":{"type":"integer"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"rot_days","kind":{"type":"integer"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"pipeline_cards","record":"PipelineCard","scope":{"type":"parent","column":"pipeline_id","table":"pipelines"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"pipeline_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"pipelines","meaning":"plain","derived":false,"computed":false},{"name":"stage_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"pipeline_stages","meaning":"plain","derived":false,"computed":false},{"name":"contact_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"contacts","meaning":"plain","derived":false,"computed":false},{"name":"company_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"companies","meaning":"plain","derived":false,"computed":false},{"name":"owner_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"title","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"description","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"collaborative_text","derived":false,"computed":false},{"name":"value","kind":{"type":"decimal"},"nullable":true,"has_default":false,"references":null,"meaning":"money","derived":false,"computed":false},{"name":"priority","kind":{"type":"enum","values":["high","medium","low"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"due_date","kind":{"type":"date"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"tags","kind":{"type":"string_array"},"nullable":false,"has_default":true,"references":null,"meaning":"tag_list","derived":false,"computed":false},{"name":"assignees","kind":{"type":"string_array"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"custom_fields","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"custom_fields","derived":false,"computed":false},{"name":"position","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"rank","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"probability","kind":{"type":"integer"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"lost_reason","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"stage_entered_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":true,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"pipeline_stage_history","record":"PipelineStageHistory","scope":{"type":"parent","column":"pipeline_id","table":"pipelines"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"pipeline_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"pipelines","meaning":"plain","derived":false,"computed":false},{"name":"card_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"pipeline_cards","meaning":"plain","derived":false,"computed":false},{"name":"from_stage_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"pipeline_stages","meaning":"plain","derived":false,"computed":false},{"name":"to_stage_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"pipeline_stages","meaning":"plain","derived":false,"computed":false},{"name":"changed_by","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"users","meaning":"plain","derived":false,"computed":false},{"name":"changed_at","kind":{"type":"timestamp"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"products","record":"Product","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"description","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"collaborative_text","derived":false,"computed":false},{"name":"sku","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"price","kind":{"type":"decimal"},"nullable":false,"has_default":false,"references":null,"meaning":"money","derived":false,"computed":false},{"name":"type","kind":{"type":"enum","values":["physical","digital","service","subscription"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"is_active","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"inventory_count","kind":{"type":"integer"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"images","kind":{"type":"string_array"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"metadata","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"orders","record":"Order","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"contact_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"contacts","meaning":"plain","derived":false,"computed":false},{"name":"order_number","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"status","kind":{"type":"enum","values":["pending","processing","completed","cancelled","refunded"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"subtotal","kind":{"type":"decimal"},"nullable":false,"has_default":true,"references":null,"meaning":"money","derived":false,"computed":true},{"name":"tax","kind":{"type":"decimal"},"nullable":false,"has_default":true,"references":null,"meaning":"money","derived":false,"computed":true},{"name":"shipping","kind":{"type":"decimal"},"nullable":false,"has_default":true,"references":null,"meaning":"money","derived":false,"computed":false},{"name":"discount","kind":{"type":"decimal"},"nullable":false,"has_default":true,"references":null,"meaning":"money","derived":false,"computed":false},{"name":"total","kind":{"type":"decimal"},"nullable":false,"has_default":false,"references":null,"meaning":"money","derived":false,"computed":true},{"name":"payment_status","kind":{"type":"enum","values":["unpaid","paid","partially_paid","refunded"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"payment_method","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"shipping_address","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"billing_address","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"notes","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"collaborative_text","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"currency","kind":{"type":"text"},"nullable":false,"has_default":true,"references":null,"meaning":"currency_code","derived":false,"computed":false},{"name":"tax_name","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"tax_rate","kind":{"type":"decimal"},"nullable":true,"has_default":false,"references":null,"meaning":"percent","derived":false,"computed":false},{"name":"tax_inclusive","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"stock_committed","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":true}],"hidden":[],"read_only":false,"client_reads":false},{"name":"order_items","record":"OrderItem","scope":{"type":"parent","column":"order_id","table":"orders"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"order_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"orders","meaning":"plain","derived":false,"computed":false},{"name":"product_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"products","meaning":"plain","derived":false,"computed":false},{"name":"quantity","kind":{"type":"integer"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"unit_price","kind":{"type":"decimal"},"nullable":false,"has_default":false,"references":null,"meaning":"money","derived":false,"computed":false},{"name":"discount","kind":{"type":"decimal"},"nullable":true,"has_default":false,"references":null,"meaning":"money","derived":false,"computed":false},{"name":"total","kind":{"type":"decimal"},"nullable":false,"has_default":false,"references":null,"meaning":"money","derived":false,"computed":true},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"description","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"tax_name","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"tax_rate","kind":{"type":"decimal"},"nullable":true,"has_default":false,"references":null,"meaning":"percent","derived":false,"computed":false},{"name":"tax_inclusive","kind":{"type":"bool"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"transactions","record":"Transaction","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"order_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"orders","meaning":"plain","derived":false,"computed":false},{"name":"contact_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"contacts","meaning":"plain","derived":false,"computed":false},{"name":"transaction_type","kind":{"type":"enum","values":["payment","refund","credit"]},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"amount","kind":{"type":"decimal"},"nullable":false,"has_default":false,"references":null,"meaning":"money","derived":false,"computed":false},{"name":"currency","kind":{"type":"text"},"nullable":false,"has_default":true,"references":null,"meaning":"currency_code","derived":false,"computed":false},{"name":"status","kind":{"type":"enum","values":["pending","completed","failed","cancelled"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"payment_method","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"payment_gateway","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"gateway_transaction_id","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"metadata","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"invoice_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"invoices","meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"invoices","record":"Invoice","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"contact_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"contacts","meaning":"plain","derived":false,"computed":false},{"name":"order_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"orders","meaning":"plain","derived":false,"computed":false},{"name":"invoice_number","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":true},{"name":"status","kind":{"type":"enum","values":["draft","sent","paid","overdue","cancelled"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"issue_date","kind":{"type":"date"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"due_date","kind":{"type":"date"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"subtotal","kind":{"type":"decimal"},"nullable":false,"has_default":true,"references":null,"meaning":"money","derived":false,"computed":true},{"name":"tax","kind":{"type":"decimal"},"nullable":false,"has_default":true,"references":null,"meaning":"money","derived":false,"computed":true},{"name":"total","kind":{"type":"decimal"},"nullable":false,"has_default":false,"references":null,"meaning":"money","derived":false,"computed":true},{"name":"notes","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"collaborative_text","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"kind","kind":{"type":"enum","values":["invoice","credit_note"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"credit_for_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"invoices","meaning":"plain","derived":false,"computed":false},{"name":"currency","kind":{"type":"text"},"nullable":false,"has_default":true,"references":null,"meaning":"currency_code","derived":false,"computed":false},{"name":"discount","kind":{"type":"decimal"},"nullable":false,"has_default":true,"references":null,"meaning":"money","derived":false,"computed":false},{"name":"shipping","kind":{"type":"decimal"},"nullable":false,"has_default":true,"references":null,"meaning":"money","derived":false,"computed":false},{"name":"tax_name","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"tax_rate","kind":{"type":"decimal"},"nullable":true,"has_default":false,"references":null,"meaning":"percent","derived":false,"computed":false},{"name":"tax_inclusive","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"payment_terms_days","kind":{"type":"integer"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"amount_paid","kind":{"type":"decimal"},"nullable":false,"has_default":true,"references":null,"meaning":"money","derived":false,"computed":true},{"name":"payment_status","kind":{"type":"enum","values":["unpaid","paid","partially_paid","refunded"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":true},{"name":"finalized_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":true},{"name":"sent_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":true},{"name":"invoice_items","record":"InvoiceItem","scope":{"type":"parent","column":"invoice_id","table":"invoices"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"invoice_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"invoices","meaning":"plain","derived":false,"computed":false},{"name":"product_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"products","meaning":"plain","derived":false,"computed":false},{"name":"description","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"quantity","kind":{"type":"decimal"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"unit_price","kind":{"type":"decimal"},"nullable":false,"has_default":false,"references":null,"meaning":"money","derived":false,"computed":false},{"name":"discount","kind":{"type":"decimal"},"nullable":true,"has_default":false,"references":null,"meaning":"money","derived":false,"computed":false},{"name":"tax_name","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"tax_rate","kind":{"type":"decimal"},"nullable":true,"has_default":false,"references":null,"meaning":"percent","derived":false,"computed":false},{"name":"tax_inclusive","kind":{"type":"bool"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"total","kind":{"type":"decimal"},"nullable":false,"has_default":true,"references":null,"meaning":"money","derived":false,"computed":true},{"name":"position","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":true},{"name":"ai_agents","record":"AiAgent","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"description","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"collaborative_text","derived":false,"computed":false},{"name":"type","kind":{"type":"enum","values":["chatbot","email_assistant","data_processor","custom"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"model","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"prompt_template","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"configuration","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"is_active","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"ai_agent_conversations","record":"AiAgentConversation","scope":{"type":"parent","column":"agent_id","table":"ai_agents"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"agent_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"ai_agents","meaning":"plain","derived":false,"computed":false},{"name":"contact_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"contacts","meaning":"plain","derived":false,"computed":false},{"name":"user_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"status","kind":{"type":"enum","values":["active","completed","archived"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"metadata","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"ai_agent_messages","record":"AiAgentMessage","scope":{"type":"parent","column":"conversation_id","table":"ai_agent_conversations"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"conversation_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"ai_agent_conversations","meaning":"plain","derived":false,"computed":false},{"name":"role","kind":{"type":"enum","values":["user","assistant","system"]},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"content","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"collaborative_text","derived":false,"computed":false},{"name":"tokens_used","kind":{"type":"integer"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"cost","kind":{"type":"decimal"},"nullable":true,"has_default":false,"references":null,"meaning":"money","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"templates","record":"Template","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"type","kind":{"type":"enum","values":["email","landing_page","form","invoice"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"html_content","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"css_content","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"thumbnail_url","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"url","derived":false,"computed":false},{"name":"is_public","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_by","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"assets","record":"Asset","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"user_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"filename","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"original_filename","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"file_type","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"file_size","kind":{"type":"integer"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"url","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"folder","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"tags","kind":{"type":"string_array"},"nullable":false,"has_default":true,"references":null,"meaning":"tag_list","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"integrations","record":"Integration","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"provider","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"status","kind":{"type":"enum","values":["active","inactive","error"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"settings","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"last_sync_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":["credentials"],"read_only":false,"client_reads":false},{"name":"integration_logs","record":"IntegrationLog","scope":{"type":"parent","column":"integration_id","table":"integrations"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"integration_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"integrations","meaning":"plain","derived":false,"computed":false},{"name":"action","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"status","kind":{"type":"enum","values":["success","failed","warning"]},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"request_data","kind":{"type":"json"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"response_data","kind":{"type":"json"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"error_message","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"automations","record":"Automation","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"description","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"collaborative_text","derived":false,"computed":false},{"name":"trigger_type","kind":{"type":"enum","values":["form_submit","contact_created","email_opened","schedule","webhook","tag_added","stage_changed","booking_made","invoice_overdue","payment_received"]},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"trigger_config","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"actions","kind":{"type":"array"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"is_active","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"automation_runs","record":"AutomationRun","scope":{"type":"parent","column":"automation_id","table":"automations"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"automation_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"automations","meaning":"plain","derived":false,"computed":false},{"name":"contact_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"contacts","meaning":"plain","derived":false,"computed":false},{"name":"status","kind":{"type":"enum","values":["running","waiting","completed","failed","stopped"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"started_at","kind":{"type":"timestamp"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"completed_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"error_message","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"actions_completed","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"trigger_event_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"trigger_data","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"definition","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"cursor","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"wake_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"steps","kind":{"type":"array"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"retry_requested_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"trigger_events","record":"TriggerEvent","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"kind","kind":{"type":"enum","values":["form_submit","contact_created","email_opened","schedule","webhook","tag_added","stage_changed","booking_made","invoice_overdue","payment_received"]},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"subject_table","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"subject_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"payload","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"occurred_at","kind":{"type":"timestamp"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"email_campaigns","record":"EmailCampaign","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"subject","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"from_name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"from_email","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"email","derived":false,"computed":false},{"name":"template_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"templates","meaning":"plain","derived":false,"computed":false},{"name":"html_content","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"status","kind":{"type":"enum","values":["draft","scheduled","sending","sent","paused"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"scheduled_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"sent_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"recipient_count","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"opened_count","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"clicked_count","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"sms_campaigns","record":"SmsCampaign","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"name","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"message","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"status","kind":{"type":"enum","values":["draft","scheduled","sending","sent","paused"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"scheduled_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"sent_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"recipient_count","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"delivered_count","kind":{"type":"integer"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"updated_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false},{"name":"audit_logs","record":"AuditLog","scope":{"type":"org"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"organization_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"organizations","meaning":"plain","derived":false,"computed":false},{"name":"user_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"action","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"entity_type","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"entity_id","kind":{"type":"uuid"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"changes","kind":{"type":"object"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"ip_address","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"user_agent","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":true,"client_reads":false},{"name":"notifications","record":"Notification","scope":{"type":"private","owner":"user_id"},"columns":[{"name":"id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"user_id","kind":{"type":"uuid"},"nullable":false,"has_default":false,"references":"users","meaning":"actor","derived":false,"computed":false},{"name":"title","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"message","kind":{"type":"text"},"nullable":false,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"type","kind":{"type":"enum","values":["info","success","warning","error"]},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"link_url","kind":{"type":"text"},"nullable":true,"has_default":false,"references":null,"meaning":"url","derived":false,"computed":false},{"name":"is_read","kind":{"type":"bool"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"created_at","kind":{"type":"timestamp"},"nullable":false,"has_default":true,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"read_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false},{"name":"deleted_at","kind":{"type":"timestamp"},"nullable":true,"has_default":false,"references":null,"meaning":"plain","derived":false,"computed":false}],"hidden":[],"read_only":false,"client_reads":false}];
