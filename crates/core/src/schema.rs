//! What the core knows about each table: its columns, their kinds and meanings, how a row
//! is scoped to the active organisation, and the behaviour declared with it (unique rules
//! and their sync repair, write hooks). One declaration per table, in its module's
//! `tables.rs`, produces both the typed record struct and this metadata, so the two cannot
//! drift apart; a test checks them against the migrated SQLite schema.

use serde::Serialize;
use ts_rs::TS;

/// Exact decimal used for money and other decimals: stored as TEXT, sent as a string.
pub type Decimal = bigdecimal::BigDecimal;
/// A UTC instant; stored as `YYYY-MM-DDTHH:MM:SS.mmmZ` so text order is time order.
pub type Timestamp = chrono::DateTime<chrono::Utc>;
/// A JSON object column (`{}` by default).
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// Columns every table shares by convention (the spec's own): generic code reaches them
/// by these names, never a module's columns.
pub const ID: &str = "id";
pub const ORGANIZATION_ID: &str = "organization_id";
pub const CREATED_AT: &str = "created_at";
pub const UPDATED_AT: &str = "updated_at";
pub const DELETED_AT: &str = "deleted_at";

/// How a column's values are checked, stored and read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "type", content = "values", rename_all = "snake_case")]
pub enum Kind {
    Uuid,
    Text,
    Integer,
    Bool,
    Decimal,
    Timestamp,
    Date,
    Time,
    /// JSON object.
    Object,
    /// JSON array of anything.
    Array,
    /// JSON array of strings (tags).
    StringArray,
    /// Any JSON value.
    Json,
    /// TEXT restricted to these values (a CHECK constraint in SQL).
    Enum(&'static [&'static str]),
}

/// What a column's value means beyond its storage kind: how it is checked and normalised
/// on the way in, merged by sync and shown by the UI. Declared per column with the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Meaning {
    Plain,
    /// An email address (trimmed, checked).
    Email,
    /// An http(s) URL.
    Url,
    /// Lower-case letters, digits and single dashes, as in public links.
    Slug,
    /// A hex colour, stored lower-case.
    Colour,
    /// An amount of money (exact decimal).
    Money,
    /// An ISO 4217 currency code: three capital letters.
    CurrencyCode,
    /// A percentage from 0 to 100 (exact decimal).
    Percent,
    /// Long free text two people may edit at once: merged character by character.
    CollaborativeText,
    /// Tag names (no `;`, which separates tags in CSV cells).
    TagList,
    /// A user who defaults to the acting user when left out (owner, author).
    Actor,
    /// A JSON object of the organisation's custom fields: lists filter and sort by its
    /// keys as `<column>.<key>`, and the table's hooks check values against definitions.
    CustomFields,
}

/// One column of a table.
#[derive(Debug, Clone, Copy, Serialize, TS)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
    /// NOT NULL but with an SQL default, so it may be left out on create.
    pub has_default: bool,
    /// Table this column is a foreign key to.
    pub references: Option<&'static str>,
    pub meaning: Meaning,
    /// Kept by the system on every replica (counts, duplicate marks): never taken from
    /// input and never synced, since each replica derives it itself.
    pub derived: bool,
    /// Computed by the table's hooks from other rows (totals, numbers) and synced like
    /// any other column: never taken from a caller's input (the hooks' `prepare` fills it).
    pub computed: bool,
}

/// Which rows of a table belong to the active organisation, i.e. what a user sees there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Scope {
    /// The row has an `organization_id`.
    Org,
    /// The row hangs off a parent row (`column` is a foreign key to `table`) and belongs
    /// where its parent belongs.
    Parent {
        column: &'static str,
        table: &'static str,
    },
    /// The row's `owner` (a user) is a member of the organisation (calendars, booking
    /// types...).
    MemberOwned {
        owner: &'static str,
        membership: &'static Membership,
    },
    /// Private to its `owner` (notifications, Google tokens).
    Private { owner: &'static str },
    /// The people table: the members of the organisation.
    Members { membership: &'static Membership },
    /// The organisations table: those the profile user belongs to, or owns (`owner`).
    MyOrganizations {
        owner: &'static str,
        membership: &'static Membership,
    },
}

/// The table that makes a user a member of an organisation, and its two columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Membership {
    pub table: &'static str,
    pub organization: &'static str,
    pub user: &'static str,
}

/// Everything the generic record path needs to know about a table.
#[derive(Debug, Clone, Copy, Serialize, TS)]
pub struct TableDef {
    pub name: &'static str,
    /// Name of the typed record (Rust struct and TypeScript type).
    pub record: &'static str,
    pub scope: Scope,
    pub columns: &'static [Column],
    /// Columns that never leave or enter through the record path (password hashes,
    /// encrypted credentials): filled by SQL defaults or by dedicated code.
    pub hidden: &'static [&'static str],
    /// Written only by the system (the audit log): no create, update or delete.
    pub read_only: bool,
    /// Whether a member with the `client` role (an agency's client signed in to their own
    /// workspace) receives this table's rows; clients write no table.
    pub client_reads: bool,
    /// What a snapshot (a new client workspace made from a template workspace) does with
    /// this table's rows.
    #[serde(skip)]
    #[ts(skip)]
    pub snapshot: Snapshot,
    /// Behaviour declared with the table: sync, unique rules, write hooks.
    #[serde(skip)]
    #[ts(skip)]
    pub rules: &'static Rules,
}

/// What `team::snapshot` does with a table's rows: a workspace's setup (pipelines, forms,
/// templates, automations) is copied into the new workspace, its data (contacts, cards,
/// bookings, submissions, invoices) never is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snapshot {
    /// Not copied: data, or a person's own rows.
    Skip,
    /// Copied with new ids, its references remapped to the copies.
    Copy,
    /// Copied as `Copy` is, switched off (`is_active` false) until someone reviews it.
    Inactive,
}

/// Behaviour of a table beyond its columns, declared beside it in its module.
pub struct Rules {
    /// Whether an organisation's rows of this table travel in row documents. Rows that
    /// come from the server's accounts (memberships) or stay on the device are not.
    pub synced: bool,
    /// Values that must be unique among live rows, and how sync restores that.
    pub unique: &'static [Unique],
    /// Checks and follow-up writes of the table's module, run by the record path.
    pub hooks: &'static dyn Hooks,
    /// Non-unique indexes a bulk write keeps (see [`crate::deferred`]) because triggers
    /// or sync's repair read through them row by row.
    pub kept_in_bulk: &'static [&'static str],
    /// Pairs of columns held in order (a start before its end), and how sync restores that.
    pub ordered: &'static [Ordered],
}

impl Rules {
    /// A table with no behaviour of its own.
    pub const PLAIN: Rules = Rules {
        synced: true,
        unique: &[],
        hooks: &NoHooks,
        kept_in_bulk: &[],
        ordered: &[],
    };
}

impl std::fmt::Debug for Rules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rules")
            .field("synced", &self.synced)
            .field("unique", &self.unique)
            .finish_non_exhaustive()
    }
}

/// A value unique among the live rows that share the `scope` columns (the database holds
/// it with a partial unique index). Two devices can take the same value offline; after a
/// merge every replica makes the same decision, in [`OnConflict`]'s way.
#[derive(Debug, Clone, Copy)]
pub struct Unique {
    pub scope: &'static [&'static str],
    pub column: &'static str,
    /// Compared without case (SQLite NOCASE), as the index does.
    pub ignore_case: bool,
    pub on_conflict: OnConflict,
}

/// Two columns whose values (text that sorts as it reads: timestamps, `HH:MM:SS`) must be
/// in order, as a database trigger holds them for every writer. Two devices can move the
/// start and the end offline, each in order, and merge into a range that is not: every
/// replica then puts the pair back in order the same way (the earlier value starts) and
/// syncs that as an edit, so the merged row is stored rather than left waiting.
#[derive(Debug, Clone, Copy)]
pub struct Ordered {
    pub start: &'static str,
    pub end: &'static str,
    /// The end must be after the start, not equal to it.
    pub strict: bool,
    /// Ends that are after any start (midnight: "until the end of the day").
    pub open_ends: &'static [&'static str],
}

/// How a merge settles two live rows holding the same unique value.
#[derive(Debug, Clone, Copy)]
pub enum OnConflict {
    /// The oldest row keeps the value; the others get `value<separator><last 8 characters
    /// of their id>`.
    Rename { separator: char },
    /// Every row keeps its value; all but the oldest are marked in `flag` (a derived
    /// column pointing at the oldest) as duplicates to merge. `unique_index` holds the
    /// value among unflagged rows, `group_index` finds every holder of a value.
    Flag {
        flag: &'static str,
        unique_index: &'static str,
        group_index: &'static str,
    },
}

/// What a table's module adds to the generic record path: checks of input the column
/// kind cannot judge, and writes that follow a row's change. Both run inside the write's
/// transaction, so a failure leaves nothing behind.
pub trait Hooks: Sync {
    /// Before the columns of an insert (`before` is `None`) or an update (`before` is the
    /// stored row, `input` the patch) are checked: fills what the module computes from
    /// the rest of the row (a default taken from another row, a placeholder for a value
    /// `after_write` derives) and refuses input for such values.
    fn prepare(
        &self,
        _tx: &rusqlite::Transaction<'_>,
        _actor: &crate::records::Actor,
        _table: &TableDef,
        _input: &mut crate::records::Row,
        _before: Option<&crate::records::Row>,
    ) -> crate::Result<()> {
        Ok(())
    }

    /// Checks `value` for `column` after its kind and meaning were checked.
    fn check(
        &self,
        _tx: &rusqlite::Transaction<'_>,
        _actor: &crate::records::Actor,
        _table: &TableDef,
        _column: &Column,
        _value: &serde_json::Value,
    ) -> crate::Result<()> {
        Ok(())
    }

    /// After one row was created or updated through the record path.
    fn after_write(
        &self,
        _tx: &rusqlite::Transaction<'_>,
        _actor: &crate::records::Actor,
        _table: &TableDef,
        _row: &crate::records::Row,
    ) -> crate::Result<()> {
        Ok(())
    }

    /// Before a live row is moved to the trash through the record path: an error refuses
    /// the delete (a stage that still holds cards).
    fn before_delete(
        &self,
        _tx: &rusqlite::Transaction<'_>,
        _table: &TableDef,
        _row: &crate::records::Row,
    ) -> crate::Result<()> {
        Ok(())
    }

    /// After a row was moved to the trash or restored through the record path (`row` is
    /// the row as it now is).
    fn after_delete(
        &self,
        _tx: &rusqlite::Transaction<'_>,
        _actor: &crate::records::Actor,
        _table: &TableDef,
        _row: &crate::records::Row,
    ) -> crate::Result<()> {
        Ok(())
    }

    /// What `doctor` reports about the table's rows beyond the database's own checks
    /// (stored values the module derives that differ from what it derives now).
    fn problems(
        &self,
        _conn: &rusqlite::Connection,
        _table: &TableDef,
    ) -> crate::Result<Vec<String>> {
        Ok(Vec::new())
    }

    /// After sync stored remote rows of this table (`ids`): restores what a CRDT cannot
    /// hold across rows (a card whose stage was deleted meanwhile). It must decide the
    /// same on every replica from the rows alone; its writes are local edits, synced.
    fn after_merge(
        &self,
        _tx: &rusqlite::Transaction<'_>,
        _table: &TableDef,
        _ids: &[&str],
    ) -> crate::Result<()> {
        Ok(())
    }
}

/// The hooks of a table with none.
pub struct NoHooks;
impl Hooks for NoHooks {}

impl TableDef {
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.name == name)
    }
    pub fn has_column(&self, name: &str) -> bool {
        self.column(name).is_some()
    }
}

/// Maps a Rust field type to its column kind; `Option<T>` makes the column nullable.
pub trait ColumnType {
    const KIND: Kind;
    const NULLABLE: bool = false;
}

macro_rules! column_types {
    ($($ty:ty => $kind:expr),* $(,)?) => {
        $(impl ColumnType for $ty { const KIND: Kind = $kind; })*
    };
}
column_types! {
    uuid::Uuid => Kind::Uuid,
    String => Kind::Text,
    i64 => Kind::Integer,
    bool => Kind::Bool,
    Decimal => Kind::Decimal,
    Timestamp => Kind::Timestamp,
    chrono::NaiveDate => Kind::Date,
    chrono::NaiveTime => Kind::Time,
    JsonObject => Kind::Object,
    Vec<serde_json::Value> => Kind::Array,
    Vec<String> => Kind::StringArray,
    serde_json::Value => Kind::Json,
}

impl<T: ColumnType> ColumnType for Option<T> {
    const KIND: Kind = T::KIND;
    const NULLABLE: bool = true;
}

/// A typed record of one table.
pub trait Record: serde::Serialize + serde::de::DeserializeOwned {
    const TABLE: &'static TableDef;
}

/// Declares a string enum stored as TEXT with a CHECK constraint:
/// `string_enum! { enum_types: enum_type_decls; ContactStatus { Lead = "lead", Contact = "contact" } }`.
#[macro_export]
macro_rules! string_enum {
    (enum_types: $decls:ident; $( $(#[doc = $doc:literal])* $name:ident { $($variant:ident = $value:literal),+ $(,)? } )*) => {
        $(
            $(#[doc = $doc])*
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, ts_rs::TS)]
            pub enum $name { $( #[serde(rename = $value)] $variant ),+ }
            impl $name {
                pub const VALUES: &'static [&'static str] = &[$($value),+];
                pub fn as_str(self) -> &'static str {
                    match self { $(Self::$variant => $value),+ }
                }
            }
            impl $crate::schema::ColumnType for $name {
                const KIND: $crate::schema::Kind = $crate::schema::Kind::Enum(Self::VALUES);
            }
        )*
        /// TypeScript declarations of every enum above.
        pub fn $decls() -> Vec<String> {
            vec![$( <$name as ts_rs::TS>::decl(&$crate::schema::ts_config()) ),*]
        }
    };
}

/// Column flags written after a field as `[fk = "users"]`, `[default]`, a meaning such as
/// `[email]`, `[derived]`, `[computed]`, or several of them.
#[macro_export]
macro_rules! column_flags {
    (@acc $c:expr;) => { $c };
    (@acc $c:expr; derived $(, $($rest:tt)*)?) => {
        $crate::column_flags!(@acc $crate::schema::Column { derived: true, ..$c }; $($($rest)*)?)
    };
    (@acc $c:expr; computed $(, $($rest:tt)*)?) => {
        $crate::column_flags!(@acc $crate::schema::Column { computed: true, ..$c }; $($($rest)*)?)
    };
    (@acc $c:expr; email $(, $($rest:tt)*)?) => { $crate::column_flags!(@meaning $c; Email; $($($rest)*)?) };
    (@acc $c:expr; url $(, $($rest:tt)*)?) => { $crate::column_flags!(@meaning $c; Url; $($($rest)*)?) };
    (@acc $c:expr; slug $(, $($rest:tt)*)?) => { $crate::column_flags!(@meaning $c; Slug; $($($rest)*)?) };
    (@acc $c:expr; colour $(, $($rest:tt)*)?) => { $crate::column_flags!(@meaning $c; Colour; $($($rest)*)?) };
    (@acc $c:expr; money $(, $($rest:tt)*)?) => { $crate::column_flags!(@meaning $c; Money; $($($rest)*)?) };
    (@acc $c:expr; currency $(, $($rest:tt)*)?) => { $crate::column_flags!(@meaning $c; CurrencyCode; $($($rest)*)?) };
    (@acc $c:expr; percent $(, $($rest:tt)*)?) => { $crate::column_flags!(@meaning $c; Percent; $($($rest)*)?) };
    (@acc $c:expr; collaborative $(, $($rest:tt)*)?) => { $crate::column_flags!(@meaning $c; CollaborativeText; $($($rest)*)?) };
    (@acc $c:expr; tag_list $(, $($rest:tt)*)?) => { $crate::column_flags!(@meaning $c; TagList; $($($rest)*)?) };
    (@acc $c:expr; actor $(, $($rest:tt)*)?) => { $crate::column_flags!(@meaning $c; Actor; $($($rest)*)?) };
    (@acc $c:expr; custom_fields $(, $($rest:tt)*)?) => { $crate::column_flags!(@meaning $c; CustomFields; $($($rest)*)?) };
    (@meaning $c:expr; $m:ident; $($rest:tt)*) => {
        $crate::column_flags!(@acc $crate::schema::Column { meaning: $crate::schema::Meaning::$m, ..$c }; $($rest)*)
    };
    (@acc $c:expr; fk = $t:literal $(, $($rest:tt)*)?) => {
        $crate::column_flags!(@acc $crate::schema::Column { references: Some($t), ..$c }; $($($rest)*)?)
    };
    (@acc $c:expr; default $(, $($rest:tt)*)?) => {
        $crate::column_flags!(@acc $crate::schema::Column { has_default: true, ..$c }; $($($rest)*)?)
    };
}

/// Declares every table once: the typed record struct, its `Record` impl and its
/// `TableDef`, and the list `TABLES` of all of them.
#[macro_export]
macro_rules! tables {
    (list: $list:ident, record_types: $record_types:ident; $(
        $(#[doc = $doc:literal])*
        $record:ident $const_name:ident = $table:literal {
            scope: $scope:expr
            $(, hidden: [$($hidden:literal),* $(,)?])?
            $(, read_only: $read_only:literal)?
            $(, client_reads: $client_reads:literal)?
            $(, snapshot: $snapshot:expr)?
            $(, rules: $rules:expr)? $(,)?
        } {
            $( $(#[doc = $fdoc:literal])* $field:ident : $ty:ty $([$($flag:tt)*])? ),+ $(,)?
        }
    )*) => {
        $(
            $(#[doc = $doc])*
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
            pub struct $record {
                $( $(#[doc = $fdoc])* pub $field: $ty, )+
            }

            pub static $const_name: $crate::schema::TableDef = $crate::schema::TableDef {
                name: $table,
                record: stringify!($record),
                scope: $scope,
                columns: &[$(
                    $crate::column_flags!(@acc $crate::schema::Column {
                        name: $crate::schema::unraw(stringify!($field)),
                        kind: <$ty as $crate::schema::ColumnType>::KIND,
                        nullable: <$ty as $crate::schema::ColumnType>::NULLABLE,
                        has_default: false,
                        references: None,
                        meaning: $crate::schema::Meaning::Plain,
                        derived: false,
                        computed: false,
                    }; $($($flag)*)?)
                ),+],
                hidden: &[$($($hidden),*)?],
                read_only: $crate::tables!(@flag $($read_only)?),
                client_reads: $crate::tables!(@flag $($client_reads)?),
                snapshot: $crate::tables!(@snapshot $($snapshot)?),
                rules: $crate::tables!(@rules $($rules)?),
            };

            impl $crate::schema::Record for $record {
                const TABLE: &'static $crate::schema::TableDef = &$const_name;
            }
        )*

        /// Every table declared here, in migration order.
        pub static $list: &[&$crate::schema::TableDef] = &[$(&$const_name),*];

        /// TypeScript declarations of every record type declared here.
        pub fn $record_types() -> Vec<String> {
            vec![$( <$record as ts_rs::TS>::decl(&$crate::schema::ts_config()) ),*]
        }
    };
    (@rules) => { &$crate::schema::Rules::PLAIN };
    (@snapshot) => { $crate::schema::Snapshot::Skip };
    (@snapshot $snapshot:expr) => { $snapshot };
    (@flag) => { false };
    (@flag $read_only:literal) => { $read_only };
    (@rules $rules:expr) => { $rules };
}

/// Finds a table by its SQL name.
pub fn table(name: &str) -> Option<&'static TableDef> {
    crate::tables::TABLES
        .iter()
        .copied()
        .find(|t| t.name == name)
}

/// A product module: its name and the tables it declares, with their TypeScript types.
pub struct Module {
    pub name: &'static str,
    pub tables: &'static [&'static TableDef],
    pub record_types: fn() -> Vec<String>,
    pub enum_types: fn() -> Vec<String>,
    /// Writes the module's demo rows ([`crate::demo`]).
    pub demo: fn(&mut crate::demo::Demo, &mut crate::demo::Gen) -> crate::Result<()>,
}

/// ts-rs settings for our bindings: 64-bit integers travel as JSON numbers.
pub fn ts_config() -> ts_rs::Config {
    ts_rs::Config::new().with_large_int("number")
}

/// Column name of a field: `r#type` is the column `type`.
pub const fn unraw(name: &'static str) -> &'static str {
    match name.as_bytes() {
        [b'r', b'#', rest @ ..] => match core::str::from_utf8(rest) {
            Ok(s) => s,
            Err(_) => name,
        },
        _ => name,
    }
}
