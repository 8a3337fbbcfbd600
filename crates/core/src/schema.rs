//! What the core knows about each table: its columns, their kinds, how a row is scoped
//! to the active organisation. One declaration per table (in `tables.rs`) produces both
//! the typed record struct and this metadata, so the two cannot drift apart; a test checks
//! them against the migrated SQLite schema.

use serde::Serialize;
use ts_rs::TS;

/// Exact decimal used for money and other decimals: stored as TEXT, sent as a string.
pub type Decimal = bigdecimal::BigDecimal;
/// A UTC instant; stored as `YYYY-MM-DDTHH:MM:SS.mmmZ` so text order is time order.
pub type Timestamp = chrono::DateTime<chrono::Utc>;
/// A JSON object column (`{}` by default).
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

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
    /// The row's `user_id` is a member of the organisation (calendars, booking types...).
    MemberOwned,
    /// Private to its `user_id` (notifications, Google tokens).
    Private,
    /// `users`: the members of the organisation.
    Members,
    /// `organizations`: those the profile user belongs to or owns.
    MyOrganizations,
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
}

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
/// `string_enum! { ContactStatus { Lead = "lead", Contact = "contact" } }`.
#[macro_export]
macro_rules! string_enum {
    ($( $(#[doc = $doc:literal])* $name:ident { $($variant:ident = $value:literal),+ $(,)? } )*) => {
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
        pub fn enum_type_decls() -> Vec<String> {
            vec![$( <$name as ts_rs::TS>::decl(&$crate::schema::ts_config()) ),*]
        }
    };
}

/// Column flags written after a field as `[fk = "users"]`, `[default]` or both.
#[macro_export]
macro_rules! column_flags {
    (@acc $c:expr;) => { $c };
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
    ($(
        $(#[doc = $doc:literal])*
        $record:ident $const_name:ident = $table:literal {
            scope: $scope:expr,
            hidden: [$($hidden:literal),* $(,)?],
            read_only: $read_only:literal $(,)?
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
                    }; $($($flag)*)?)
                ),+],
                hidden: &[$($hidden),*],
                read_only: $read_only,
            };

            impl $crate::schema::Record for $record {
                const TABLE: &'static $crate::schema::TableDef = &$const_name;
            }
        )*

        /// Every table of the data model, in migration order.
        pub static TABLES: &[&$crate::schema::TableDef] = &[$(&$const_name),*];

        /// TypeScript declarations of every record type.
        pub fn record_type_decls() -> Vec<String> {
            vec![$( <$record as ts_rs::TS>::decl(&$crate::schema::ts_config()) ),*]
        }
    };
}

/// Finds a table by its SQL name.
pub fn table(name: &str) -> Option<&'static TableDef> {
    crate::tables::TABLES
        .iter()
        .copied()
        .find(|t| t.name == name)
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
