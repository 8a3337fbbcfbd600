//! The one interface the server's storage is written against ([`Sql`]), with two
//! implementations: SQLite (the embedded default, one file behind one mutex) and
//! PostgreSQL (a pool of connections shared by any number of server processes).
//!
//! Statements are written once, in the SQL both understand, with `?1`-style parameters
//! (turned into `$1` for PostgreSQL). Values cross as [`Value`] (SQLite's storage
//! classes); where the dialects differ, [`Dialect`] says which one runs, e.g. the row
//! locks PostgreSQL needs and SQLite's global lock makes unnecessary.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use super::{Refusal, Result};

/// A value bound to or read from a statement: SQLite's storage classes.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// A Rust value bound as a statement parameter.
pub trait ToValue {
    fn to_value(&self) -> Value;
}

macro_rules! to_value {
    ($($t:ty => |$v:ident| $e:expr),* $(,)?) => {
        $(impl ToValue for $t {
            fn to_value(&self) -> Value { let $v = self; $e }
        })*
    };
}
to_value! {
    i64 => |v| Value::Int(*v),
    i32 => |v| Value::Int((*v).into()),
    u32 => |v| Value::Int((*v).into()),
    bool => |v| Value::Int((*v).into()),
    f64 => |v| Value::Real(*v),
    String => |v| Value::Text(v.clone()),
    str => |v| Value::Text(v.to_string()),
    Vec<u8> => |v| Value::Blob(v.clone()),
    [u8] => |v| Value::Blob(v.to_vec()),
    uuid::Uuid => |v| Value::Text(v.to_string()),
    Value => |v| v.clone(),
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map(ToValue::to_value).unwrap_or(Value::Null)
    }
}

/// Statement parameters: `args![a, b]` binds `a` and `b` (by reference) as `?1`, `?2`.
#[macro_export]
macro_rules! args {
    ($($v:expr),* $(,)?) => {
        &[$($crate::store::sql::ToValue::to_value(&$v)),*][..]
    };
}

/// A value read back into a Rust type.
pub trait FromValue: Sized {
    fn from_value(v: Value) -> std::result::Result<Self, String>;
}

impl FromValue for Value {
    fn from_value(v: Value) -> std::result::Result<Self, String> {
        Ok(v)
    }
}
impl FromValue for i64 {
    fn from_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::Int(i) => Ok(i),
            other => Err(format!("expected an integer, found {other:?}")),
        }
    }
}
/// The narrower integers: an i64 that fits.
macro_rules! int_from_value {
    ($($t:ty),*) => {
        $(impl FromValue for $t {
            fn from_value(v: Value) -> std::result::Result<Self, String> {
                <$t>::try_from(i64::from_value(v)?).map_err(|e| e.to_string())
            }
        })*
    };
}
int_from_value!(i32, u32, u64, usize);
impl FromValue for bool {
    fn from_value(v: Value) -> std::result::Result<Self, String> {
        Ok(i64::from_value(v)? != 0)
    }
}
impl FromValue for f64 {
    fn from_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::Real(f) => Ok(f),
            Value::Int(i) => Ok(i as f64),
            other => Err(format!("expected a number, found {other:?}")),
        }
    }
}
impl FromValue for String {
    fn from_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::Text(s) => Ok(s),
            other => Err(format!("expected text, found {other:?}")),
        }
    }
}
impl FromValue for Vec<u8> {
    fn from_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::Blob(b) => Ok(b),
            Value::Text(s) => Ok(s.into_bytes()),
            other => Err(format!("expected bytes, found {other:?}")),
        }
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: Value) -> std::result::Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// One row of a result.
#[derive(Debug, Clone)]
pub struct Row(Vec<Value>);

impl Row {
    /// Column `i` as `T`.
    pub fn get<T: FromValue>(&self, i: usize) -> Result<T> {
        let v = self
            .0
            .get(i)
            .cloned()
            .ok_or_else(|| Refusal::Internal(format!("no column {i} in the result")))?;
        T::from_value(v).map_err(|e| Refusal::Internal(format!("column {i}: {e}")))
    }
}

/// A whole row read into a tuple of its columns, in order ([`Row::columns`]).
pub trait FromRow: Sized {
    fn from_row(row: &Row) -> Result<Self>;
}

macro_rules! tuple_from_row {
    ($(($($t:ident $i:tt),+)),* $(,)?) => {
        $(impl<$($t: FromValue),+> FromRow for ($($t,)+) {
            fn from_row(row: &Row) -> Result<Self> {
                Ok(($(row.get::<$t>($i)?,)+))
            }
        })*
    };
}
tuple_from_row! {
    (A 0, B 1),
    (A 0, B 1, C 2),
    (A 0, B 1, C 2, D 3),
    (A 0, B 1, C 2, D 3, E 4),
    (A 0, B 1, C 2, D 3, E 4, F 5),
}

impl Row {
    /// The row as a tuple of its columns.
    pub fn columns<T: FromRow>(&self) -> Result<T> {
        T::from_row(self)
    }
}

/// Which database a statement runs on, for the few places the dialects differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// Appended to a `SELECT` that reads a row the transaction goes on to change, so two
    /// processes take turns. SQLite takes one writer at a time anyway and has no such
    /// clause.
    pub fn for_update(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE",
        }
    }

    /// Appended to such a `SELECT` when another process may take the rows it skips.
    pub fn skip_locked(self) -> &'static str {
        match self {
            Dialect::Sqlite => "",
            Dialect::Postgres => " FOR UPDATE SKIP LOCKED",
        }
    }
}

/// The storage interface: a connection or a transaction on either database.
pub trait Sql {
    fn dialect(&self) -> Dialect;
    /// Runs one statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64>;
    /// Runs one statement; every row it returned.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;
    /// Runs statements without parameters (savepoints, migrations' pragmas).
    fn batch(&mut self, sql: &str) -> Result<()>;
    /// Starts a transaction (a savepoint inside one); dropped without `commit`, it rolls
    /// back.
    fn transaction(&mut self) -> Result<Box<dyn Tx + '_>>;
}

/// A transaction: a connection that commits once.
pub trait Tx: Sql {
    fn commit(self: Box<Self>) -> Result<()>;
}

/// What every [`Sql`] gets for free: reads into Rust types.
pub trait SqlExt: Sql {
    /// The first row, through `f`; `NotFound`-free: an internal error when there is none.
    fn query_row<T>(
        &mut self,
        sql: &str,
        params: &[Value],
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        match self.query(sql, params)?.first() {
            Some(row) => f(row),
            None => Err(Refusal::Internal(format!("no row from: {sql}"))),
        }
    }

    /// The first row through `f`, if there is one.
    fn query_opt<T>(
        &mut self,
        sql: &str,
        params: &[Value],
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<Option<T>> {
        self.query(sql, params)?.first().map(f).transpose()
    }

    /// Every row through `f`.
    fn query_map<T>(
        &mut self,
        sql: &str,
        params: &[Value],
        f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.query(sql, params)?.iter().map(f).collect()
    }

    /// The first column of the first row.
    fn one<T: FromValue>(&mut self, sql: &str, params: &[Value]) -> Result<T> {
        self.query_row(sql, params, |r| r.get(0))
    }

    /// The first column of the first row, if there is one.
    fn opt<T: FromValue>(&mut self, sql: &str, params: &[Value]) -> Result<Option<T>> {
        self.query_opt(sql, params, |r| r.get(0))
    }
}

impl<S: Sql + ?Sized> SqlExt for S {}

/// Whether `--database` names a PostgreSQL database (else it is a SQLite file).
pub fn is_postgres_url(target: &str) -> bool {
    target.starts_with("postgres://") || target.starts_with("postgresql://")
}

/// Where the server keeps its data: one SQLite file, or a PostgreSQL database.
pub enum Store {
    /// One connection behind one lock: a one-box agency's server.
    Sqlite(Mutex<Sqlite>),
    /// A pool: reads and pushes to different organisations run side by side, also
    /// across processes.
    Postgres(PgPool, String),
}

/// The pool of PostgreSQL clients. Each client blocks on a runtime of its own, also when
/// it closes, which cannot happen on an async thread: the last owner (say the server
/// stopping inside Tokio) hands the pool to a plain thread to close.
pub struct PgPool(Option<r2d2::Pool<PgManager>>);

impl PgPool {
    fn get(&self) -> Result<r2d2::PooledConnection<PgManager>> {
        self.0
            .as_ref()
            .ok_or_else(|| Refusal::Internal("the database pool is closed".into()))?
            .get()
            .map_err(|e| Refusal::Internal(format!("database pool: {e}")))
    }
}

impl Drop for PgPool {
    fn drop(&mut self) {
        if let Some(pool) = self.0.take() {
            let _ = std::thread::spawn(move || drop(pool)).join();
        }
    }
}

impl Store {
    /// Opens `target`: a `postgres://` URL, or else a SQLite file path; migrates it.
    pub fn open(target: &str) -> anyhow::Result<Store> {
        if is_postgres_url(target) {
            Store::postgres(target)
        } else {
            Ok(Store::sqlite(super::open(Path::new(target))?))
        }
    }

    pub fn sqlite(conn: rusqlite::Connection) -> Store {
        Store::Sqlite(Mutex::new(Sqlite(conn)))
    }

    pub fn postgres(url: &str) -> anyhow::Result<Store> {
        let config: postgres::Config = url.parse()?;
        let mut client = config.connect(postgres::NoTls)?;
        super::migrate_postgres(&mut client)?;
        let pool = r2d2::Pool::builder()
            .max_size(16)
            .connection_timeout(Duration::from_secs(30))
            .build(PgManager {
                config: config.clone(),
            })?;
        Ok(Store::Postgres(PgPool(Some(pool)), url.to_string()))
    }

    pub fn dialect(&self) -> Dialect {
        match self {
            Store::Sqlite(_) => Dialect::Sqlite,
            Store::Postgres(..) => Dialect::Postgres,
        }
    }

    /// The PostgreSQL URL (for LISTEN/NOTIFY), if this is PostgreSQL.
    pub fn postgres_url(&self) -> Option<&str> {
        match self {
            Store::Sqlite(_) => None,
            Store::Postgres(_, url) => Some(url),
        }
    }

    /// A connection (blocking: take it off the async threads): SQLite's one, locked, or
    /// one from the pool.
    pub fn conn(&self) -> Result<Conn<'_>> {
        Ok(match self {
            Store::Sqlite(conn) => Conn::Sqlite(conn.lock().unwrap_or_else(|p| p.into_inner())),
            Store::Postgres(pool, _) => Conn::Postgres(Box::new(pool.get()?)),
        })
    }

    /// This process's turn at background work `what` of organisation `org` (reminders,
    /// automations, view counts), held until the value is dropped; None while another
    /// process of the same PostgreSQL has it, so each side effect happens once. SQLite
    /// has one process: always its turn.
    pub fn organization_turn(&self, what: &str, org: &str) -> Result<Option<Turn>> {
        let Store::Postgres(pool, _) = self else {
            return Ok(Some(Turn(None)));
        };
        let mut conn = pool.get()?;
        // A session-level advisory lock on the connection kept in the guard.
        let key = format!("{what}:{org}");
        let taken: bool = conn.one(
            "SELECT pg_try_advisory_lock(hashtextextended(?1, 0))",
            crate::args![key],
        )?;
        Ok(taken.then(|| Turn(Some((conn, key)))))
    }

    /// Runs `f` on a connection (blocking: call it off the async threads).
    pub fn with<T>(&self, f: impl FnOnce(&mut dyn Sql) -> Result<T>) -> Result<T> {
        f(&mut *self.conn()?)
    }
}

/// The channel on which a push tells the other server processes of one PostgreSQL
/// database that an organisation's log grew, so they tell their devices.
pub const NOTICES: &str = "aio_notices";

/// This process, as named in the notices it sends (it skips its own).
pub fn process_id() -> uuid::Uuid {
    static ID: std::sync::OnceLock<uuid::Uuid> = std::sync::OnceLock::new();
    *ID.get_or_init(uuid::Uuid::new_v4)
}

/// Inside a push's transaction on PostgreSQL: the other processes hear of the new head
/// once it commits (`process/org/head`). SQLite has one process: nothing to tell.
pub fn notify_others(tx: &mut dyn Sql, org: uuid::Uuid, head: i64) -> Result<()> {
    if tx.dialect() == Dialect::Postgres {
        tx.execute(
            "SELECT pg_notify(?1, ?2)",
            crate::args![NOTICES, format!("{}/{org}/{head}", process_id())],
        )?;
    }
    Ok(())
}

/// Inside a membership's removal on PostgreSQL: the other processes close the removed
/// account's notice sockets for `org` once it commits (`process/org/removed/account`),
/// as this process does for its own.
pub fn notify_removed(tx: &mut dyn Sql, org: uuid::Uuid, account: uuid::Uuid) -> Result<()> {
    if tx.dialect() == Dialect::Postgres {
        tx.execute(
            "SELECT pg_notify(?1, ?2)",
            crate::args![NOTICES, format!("{}/{org}/removed/{account}", process_id())],
        )?;
    }
    Ok(())
}

/// After devices are signed out on PostgreSQL: the other processes close those devices'
/// notice sockets too (`process/device/signed-out`), as this process does for its own.
pub fn notify_signed_out(conn: &mut dyn Sql, devices: &[uuid::Uuid]) -> Result<()> {
    if conn.dialect() == Dialect::Postgres {
        for device in devices {
            conn.execute(
                "SELECT pg_notify(?1, ?2)",
                crate::args![NOTICES, format!("{}/{device}/signed-out", process_id())],
            )?;
        }
    }
    Ok(())
}

/// What another process told this one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heard {
    /// An organisation's log grew to this head.
    Pushed(uuid::Uuid, i64),
    /// An account's membership of an organisation ended.
    Removed(uuid::Uuid, uuid::Uuid),
    /// A device was signed out.
    SignedOut(uuid::Uuid),
}

/// A notice another process sent; None for this process's own or an unreadable one.
pub fn notice_from(payload: &str) -> Option<Heard> {
    let mut parts = payload.split('/');
    let process: uuid::Uuid = parts.next()?.parse().ok()?;
    // An organisation, or a device for a sign-out.
    let about = parts.next()?.parse().ok()?;
    let heard = match parts.next()? {
        "removed" => Heard::Removed(about, parts.next()?.parse().ok()?),
        "signed-out" => Heard::SignedOut(about),
        head => Heard::Pushed(about, head.parse().ok()?),
    };
    (process != process_id()).then_some(heard)
}

/// A process's turn at an organisation's background work ([`Store::organization_turn`]).
pub struct Turn(Option<(r2d2::PooledConnection<PgManager>, String)>);

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some((conn, key)) = &mut self.0 {
            if let Err(e) = conn.execute(
                "SELECT pg_advisory_unlock(hashtextextended(?1, 0))",
                crate::args![*key],
            ) {
                tracing::warn!("releasing the turn at {key}: {e}");
            }
        }
    }
}

/// A connection taken from a [`Store`], given back when dropped.
pub enum Conn<'a> {
    Sqlite(std::sync::MutexGuard<'a, Sqlite>),
    Postgres(Box<r2d2::PooledConnection<PgManager>>),
}

impl std::ops::Deref for Conn<'_> {
    type Target = dyn Sql;
    fn deref(&self) -> &Self::Target {
        match self {
            Conn::Sqlite(c) => &**c,
            Conn::Postgres(c) => &***c,
        }
    }
}

impl std::ops::DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        match self {
            Conn::Sqlite(c) => &mut **c,
            Conn::Postgres(c) => &mut ***c,
        }
    }
}

// ---- SQLite ----

impl rusqlite::types::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

fn sqlite_rows(conn: &rusqlite::Connection, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
    use rusqlite::types::ValueRef;
    let mut stmt = conn.prepare_cached(sql)?;
    let n = stmt.column_count();
    let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        let mut values = Vec::with_capacity(n);
        for i in 0..n {
            values.push(match row.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(i) => Value::Int(i),
                ValueRef::Real(f) => Value::Real(f),
                ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(b) => Value::Blob(b.to_vec()),
            });
        }
        out.push(Row(values));
    }
    Ok(out)
}

fn sqlite_execute(conn: &rusqlite::Connection, sql: &str, params: &[Value]) -> Result<u64> {
    let mut stmt = conn.prepare_cached(sql)?;
    // A statement that returns rows (`... RETURNING`) is stepped through them.
    if stmt.column_count() > 0 {
        let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
        let mut n = 0;
        while rows.next()?.is_some() {
            n += 1;
        }
        return Ok(n);
    }
    Ok(stmt.execute(rusqlite::params_from_iter(params))? as u64)
}

/// The server's SQLite connection. A wrapper, so the storage's methods never stand in
/// for rusqlite's own on the replicas' connections in the same scope.
pub struct Sqlite(pub rusqlite::Connection);

/// A transaction on it, or a savepoint inside one.
enum SqliteTx<'a> {
    Tx(rusqlite::Transaction<'a>),
    Savepoint(rusqlite::Savepoint<'a>),
}

/// What the SQLite handles differ in: the connection they run on and how they nest.
trait SqliteHandle {
    fn connection(&self) -> &rusqlite::Connection;
    fn begin(&mut self) -> Result<SqliteTx<'_>>;
}

impl SqliteHandle for Sqlite {
    fn connection(&self) -> &rusqlite::Connection {
        &self.0
    }
    fn begin(&mut self) -> Result<SqliteTx<'_>> {
        Ok(SqliteTx::Tx(self.0.transaction()?))
    }
}

impl SqliteHandle for SqliteTx<'_> {
    fn connection(&self) -> &rusqlite::Connection {
        match self {
            SqliteTx::Tx(tx) => tx,
            SqliteTx::Savepoint(sp) => sp,
        }
    }
    fn begin(&mut self) -> Result<SqliteTx<'_>> {
        Ok(SqliteTx::Savepoint(match self {
            SqliteTx::Tx(tx) => tx.savepoint()?,
            SqliteTx::Savepoint(sp) => sp.savepoint()?,
        }))
    }
}

impl<H: SqliteHandle> Sql for H {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        sqlite_execute(self.connection(), sql, params)
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        sqlite_rows(self.connection(), sql, params)
    }
    fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.connection().execute_batch(sql)?)
    }
    fn transaction(&mut self) -> Result<Box<dyn Tx + '_>> {
        Ok(Box::new(self.begin()?))
    }
}

impl Tx for SqliteTx<'_> {
    fn commit(self: Box<Self>) -> Result<()> {
        match *self {
            SqliteTx::Tx(tx) => Ok(tx.commit()?),
            SqliteTx::Savepoint(sp) => Ok(sp.commit()?),
        }
    }
}

// ---- PostgreSQL ----

/// A pooled PostgreSQL connection with its prepared statements.
pub struct PgConn {
    client: postgres::Client,
    statements: HashMap<String, postgres::Statement>,
}

/// Opens pooled connections.
pub struct PgManager {
    config: postgres::Config,
}

impl r2d2::ManageConnection for PgManager {
    type Connection = PgConn;
    type Error = postgres::Error;

    fn connect(&self) -> std::result::Result<PgConn, postgres::Error> {
        Ok(PgConn {
            client: self.config.connect(postgres::NoTls)?,
            statements: HashMap::new(),
        })
    }
    fn is_valid(&self, conn: &mut PgConn) -> std::result::Result<(), postgres::Error> {
        conn.client.simple_query("").map(|_| ())
    }
    fn has_broken(&self, conn: &mut PgConn) -> bool {
        conn.client.is_closed()
    }
}

impl From<postgres::Error> for Refusal {
    fn from(e: postgres::Error) -> Self {
        match e.as_db_error() {
            Some(db) => Refusal::Internal(format!("{}: {}", db.code().code(), db.message())),
            None => Refusal::Internal(e.to_string()),
        }
    }
}

/// `?1` → `$1`: statements are written with SQLite's numbered parameters.
fn pg_text(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

impl postgres::types::ToSql for Value {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> std::result::Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>>
    {
        use postgres::types::Type;
        // The statement's inferred parameter type decides the encoding.
        match (self, ty) {
            (Value::Null, _) => Ok(postgres::types::IsNull::Yes),
            (Value::Int(i), &Type::INT4) => i32::try_from(*i)?.to_sql(ty, out),
            (Value::Int(i), &Type::INT2) => i16::try_from(*i)?.to_sql(ty, out),
            (Value::Int(i), &Type::BOOL) => (*i != 0).to_sql(ty, out),
            (Value::Int(i), &Type::FLOAT8) => (*i as f64).to_sql(ty, out),
            (Value::Int(i), &Type::TEXT | &Type::VARCHAR) => i.to_string().to_sql(ty, out),
            (Value::Int(i), _) => i.to_sql(ty, out),
            (Value::Real(f), _) => f.to_sql(ty, out),
            (Value::Text(s), &Type::BYTEA) => s.as_bytes().to_sql(ty, out),
            (Value::Text(s), &Type::INT8) => s.parse::<i64>()?.to_sql(ty, out),
            (Value::Text(s), _) => s.to_sql(ty, out),
            (Value::Blob(b), _) => b.to_sql(ty, out),
        }
    }
    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }
    postgres::types::to_sql_checked!();
}

fn pg_row(row: &postgres::Row) -> Result<Row> {
    use postgres::types::Type;
    let mut values = Vec::with_capacity(row.len());
    for (i, column) in row.columns().iter().enumerate() {
        let v = match *column.type_() {
            Type::INT8 => row.try_get::<_, Option<i64>>(i)?.map(Value::Int),
            Type::INT4 => row
                .try_get::<_, Option<i32>>(i)?
                .map(|v| Value::Int(v.into())),
            Type::INT2 => row
                .try_get::<_, Option<i16>>(i)?
                .map(|v| Value::Int(v.into())),
            Type::BOOL => row
                .try_get::<_, Option<bool>>(i)?
                .map(|v| Value::Int(v.into())),
            Type::FLOAT8 => row.try_get::<_, Option<f64>>(i)?.map(Value::Real),
            Type::FLOAT4 => row
                .try_get::<_, Option<f32>>(i)?
                .map(|v| Value::Real(v.into())),
            Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(i)?.map(Value::Blob),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
                row.try_get::<_, Option<String>>(i)?.map(Value::Text)
            }
            ref other => {
                return Err(Refusal::Internal(format!(
                    "column {} is of type {other}, which the store does not read",
                    column.name()
                )))
            }
        };
        values.push(v.unwrap_or(Value::Null));
    }
    Ok(Row(values))
}

fn pg_params(params: &[Value]) -> Vec<&(dyn postgres::types::ToSql + Sync)> {
    params
        .iter()
        .map(|p| p as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

/// Prepares `sql` once per connection.
fn pg_statement<C: postgres::GenericClient>(
    client: &mut C,
    statements: &mut HashMap<String, postgres::Statement>,
    sql: &str,
) -> Result<postgres::Statement> {
    if let Some(s) = statements.get(sql) {
        return Ok(s.clone());
    }
    let s = client.prepare(&pg_text(sql))?;
    statements.insert(sql.to_string(), s.clone());
    Ok(s)
}

fn pg_execute<C: postgres::GenericClient>(
    client: &mut C,
    statements: &mut HashMap<String, postgres::Statement>,
    sql: &str,
    params: &[Value],
) -> Result<u64> {
    let stmt = pg_statement(client, statements, sql)?;
    Ok(client.execute(&stmt, &pg_params(params))?)
}

fn pg_query<C: postgres::GenericClient>(
    client: &mut C,
    statements: &mut HashMap<String, postgres::Statement>,
    sql: &str,
    params: &[Value],
) -> Result<Vec<Row>> {
    let stmt = pg_statement(client, statements, sql)?;
    client
        .query(&stmt, &pg_params(params))?
        .iter()
        .map(pg_row)
        .collect()
}

impl Sql for PgConn {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        pg_execute(&mut self.client, &mut self.statements, sql, params)
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        pg_query(&mut self.client, &mut self.statements, sql, params)
    }
    fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.client.batch_execute(sql)?)
    }
    fn transaction(&mut self) -> Result<Box<dyn Tx + '_>> {
        Ok(Box::new(PgTx {
            tx: self.client.transaction()?,
            statements: &mut self.statements,
        }))
    }
}

pub struct PgTx<'a> {
    tx: postgres::Transaction<'a>,
    statements: &'a mut HashMap<String, postgres::Statement>,
}

impl Sql for PgTx<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        pg_execute(&mut self.tx, self.statements, sql, params)
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        pg_query(&mut self.tx, self.statements, sql, params)
    }
    fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.tx.batch_execute(sql)?)
    }
    fn transaction(&mut self) -> Result<Box<dyn Tx + '_>> {
        Ok(Box::new(PgTx {
            tx: self.tx.transaction()?,
            statements: self.statements,
        }))
    }
}

impl Tx for PgTx<'_> {
    fn commit(self: Box<Self>) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_parameters_become_dollars() {
        assert_eq!(
            pg_text("SELECT a FROM t WHERE b = ?1 AND c = ?12 AND d = '?'"),
            "SELECT a FROM t WHERE b = $1 AND c = $12 AND d = '?'"
        );
    }

    #[test]
    fn notices_of_other_processes_are_read_and_our_own_skipped() {
        let (other, org, account) = (
            uuid::Uuid::new_v4(),
            uuid::Uuid::new_v4(),
            uuid::Uuid::new_v4(),
        );
        assert_eq!(
            notice_from(&format!("{other}/{org}/42")),
            Some(Heard::Pushed(org, 42))
        );
        assert_eq!(
            notice_from(&format!("{other}/{org}/removed/{account}")),
            Some(Heard::Removed(org, account))
        );
        assert_eq!(
            notice_from(&format!("{other}/{account}/signed-out")),
            Some(Heard::SignedOut(account))
        );
        assert_eq!(notice_from(&format!("{}/{org}/42", process_id())), None);
        assert_eq!(notice_from(&format!("{other}/{org}/removed/nobody")), None);
        assert_eq!(notice_from(&format!("{other}/{org}")), None);
    }
}
