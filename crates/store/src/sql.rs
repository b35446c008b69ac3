//! One way to run SQL on either backend, without macros: a [`Query`] is the
//! statement's text and its bound [`Value`]s; [`Database`] runs it on its pool
//! and [`Tx`] inside a transaction; rows come back as [`Row`]s that decode
//! any type both backends decode. Statements are written once, in the dialect
//! both accept (`$1` placeholders, `ON CONFLICT`, `RETURNING`); where the
//! backends differ (row locks), the caller asks [`Tx::backend`].
//!
//! The text of a statement is built only from literals and numbered
//! placeholders (`$n`); values are always bound, never spliced.

use chrono::{DateTime, Utc};
use sqlx::{AssertSqlSafe, Decode, Postgres, Row as _, Sqlite, Transaction, Type, postgres::PgRow, sqlite::SqliteRow};

use crate::{Backend, Database};

/// `db.client.connection.wait_time`: how long a transaction waited to begin.
static WAIT: std::sync::LazyLock<opentelemetry::metrics::Histogram<f64>> = std::sync::LazyLock::new(|| {
    opentelemetry::global::meter("gongwen.store")
        .f64_histogram("db.client.connection.wait_time")
        .with_unit("s")
        .with_description("Time to obtain a connection and begin a write transaction")
        .build()
});

/// A value bound to a placeholder. Each kind keeps its SQL type when it is
/// NULL, as PostgreSQL needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Bool(Option<bool>),
    I32(Option<i32>),
    I64(Option<i64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
    Time(Option<DateTime<Utc>>),
}

macro_rules! value_from {
    ($($t:ty => |$v:ident| $e:expr),* $(,)?) => {
        $(impl From<$t> for Value {
            fn from($v: $t) -> Self { $e }
        })*
    };
}

value_from! {
    bool => |v| Value::Bool(Some(v)),
    i32 => |v| Value::I32(Some(v)),
    i64 => |v| Value::I64(Some(v)),
    &str => |v| Value::Text(Some(v.to_owned())),
    String => |v| Value::Text(Some(v)),
    &String => |v| Value::Text(Some(v.clone())),
    Vec<u8> => |v| Value::Bytes(Some(v)),
    &[u8] => |v| Value::Bytes(Some(v.to_vec())),
    &Vec<u8> => |v| Value::Bytes(Some(v.clone())),
    DateTime<Utc> => |v| Value::Time(Some(v)),
    Option<i32> => |v| Value::I32(v),
    Option<i64> => |v| Value::I64(v),
    Option<&str> => |v| Value::Text(v.map(str::to_owned)),
    Option<String> => |v| Value::Text(v),
    Option<Vec<u8>> => |v| Value::Bytes(v),
    Option<DateTime<Utc>> => |v| Value::Time(v),
}

/// A statement and its bound values.
#[derive(Debug, Clone, Default)]
pub struct Query {
    sql: String,
    args: Vec<Value>,
}

/// A statement whose placeholders the following [`Query::bind`]s fill, in order.
pub fn query(sql: &str) -> Query {
    Query { sql: sql.to_owned(), args: Vec::new() }
}

impl Query {
    /// Binds the next placeholder (`$1`, then `$2` …).
    pub fn bind(mut self, value: impl Into<Value>) -> Self {
        self.args.push(value.into());
        self
    }

    /// Appends literal SQL.
    pub fn push(mut self, sql: &str) -> Self {
        self.sql.push_str(sql);
        self
    }

    /// Appends the next placeholder and binds it.
    pub fn push_bind(mut self, value: impl Into<Value>) -> Self {
        self.args.push(value.into());
        self.sql.push_str(&format!("${}", self.args.len()));
        self
    }

    /// Appends `($n, $n+1, …)` binding each value: an `IN` list.
    pub fn push_list<V: Into<Value>>(mut self, values: impl IntoIterator<Item = V>) -> Self {
        self.sql.push('(');
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                self.sql.push_str(", ");
            }
            self = self.push_bind(v);
        }
        self.sql.push(')');
        self
    }

    /// Appends `VALUES (…), (…)`, one tuple per row: a multi-row insert.
    pub fn push_values(mut self, rows: impl IntoIterator<Item = Vec<Value>>) -> Self {
        self.sql.push_str("VALUES ");
        for (i, row) in rows.into_iter().enumerate() {
            if i > 0 {
                self.sql.push_str(", ");
            }
            self = self.push_list(row);
        }
        self
    }

    /// The statement with its values bound, for either backend (each value's type both encode).
    fn bound<DB>(&self) -> sqlx::query::Query<'_, DB, <DB as sqlx::Database>::Arguments>
    where
        DB: sqlx::Database,
        for<'t> Option<bool>: sqlx::Encode<'t, DB> + Type<DB>,
        for<'t> Option<i32>: sqlx::Encode<'t, DB> + Type<DB>,
        for<'t> Option<i64>: sqlx::Encode<'t, DB> + Type<DB>,
        for<'t> Option<&'t str>: sqlx::Encode<'t, DB> + Type<DB>,
        for<'t> Option<&'t [u8]>: sqlx::Encode<'t, DB> + Type<DB>,
        for<'t> Option<DateTime<Utc>>: sqlx::Encode<'t, DB> + Type<DB>,
    {
        let mut q = sqlx::query(AssertSqlSafe(self.sql.as_str()));
        for v in &self.args {
            q = match v {
                Value::Bool(x) => q.bind(*x),
                Value::I32(x) => q.bind(*x),
                Value::I64(x) => q.bind(*x),
                Value::Text(x) => q.bind(x.as_deref()),
                Value::Bytes(x) => q.bind(x.as_deref()),
                Value::Time(x) => q.bind(*x),
            };
        }
        q
    }
}

/// A type both backends decode a column into.
pub trait Column: for<'r> Decode<'r, Postgres> + Type<Postgres> + for<'r> Decode<'r, Sqlite> + Type<Sqlite> {}

impl<T> Column for T where T: for<'r> Decode<'r, Postgres> + Type<Postgres> + for<'r> Decode<'r, Sqlite> + Type<Sqlite> {}

/// A row from either backend.
pub enum Row {
    Postgres(PgRow),
    Sqlite(SqliteRow),
}

impl Row {
    /// The value of column `i` (from 0).
    pub fn get<T: Column>(&self, i: usize) -> Result<T, sqlx::Error> {
        match self {
            Row::Postgres(r) => r.try_get(i),
            Row::Sqlite(r) => r.try_get(i),
        }
    }
}

/// A write transaction on either backend; dropped without [`Tx::commit`], it
/// rolls back. Its span (`db.transaction`, a child of the caller's) lasts
/// from the wait for a connection to the commit or rollback.
pub struct Tx {
    inner: Inner,
    span: tracing::Span,
    /// SQLite: this writer's turn, held until the transaction ends.
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

enum Inner {
    Postgres(Transaction<'static, Postgres>),
    Sqlite(Transaction<'static, Sqlite>),
}

impl Database {
    /// Begins a write transaction: on SQLite with `BEGIN IMMEDIATE`, which
    /// takes the write lock up front, so a transaction that reads before it
    /// writes never has to upgrade its lock (and deadlock against another
    /// doing the same).
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        let start = tokio::time::Instant::now();
        let system = match self {
            Database::Postgres(_) => "postgresql",
            Database::Sqlite(..) => "sqlite",
        };
        let span = tracing::info_span!(
            "db.transaction",
            otel.kind = "client",
            db.system.name = system,
            db.operation.name = "TRANSACTION",
            db.outcome = tracing::field::Empty,
        );
        let (inner, turn) = match self {
            Database::Postgres(p) => (Inner::Postgres(p.begin().await?), None),
            Database::Sqlite(p, queue) => {
                let turn = queue.0.clone().lock_owned().await;
                (Inner::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?), Some(turn))
            }
        };
        // A connection from the pool, and the write lock on SQLite: the wait a writer sees.
        WAIT.record(start.elapsed().as_secs_f64(), &[opentelemetry::KeyValue::new("db.system.name", system)]);
        span.record("db.outcome", "rollback"); // until it commits
        Ok(Tx { inner, span, _turn: turn })
    }

    /// Runs a statement; the number of rows it changed.
    pub async fn execute(&self, q: Query) -> Result<u64, sqlx::Error> {
        Ok(match self {
            Database::Postgres(p) => q.bound().execute(p).await?.rows_affected(),
            Database::Sqlite(p, _) => q.bound().execute(p).await?.rows_affected(),
        })
    }

    pub async fn fetch_all(&self, q: Query) -> Result<Vec<Row>, sqlx::Error> {
        Ok(match self {
            Database::Postgres(p) => q.bound().fetch_all(p).await?.into_iter().map(Row::Postgres).collect(),
            Database::Sqlite(p, _) => q.bound().fetch_all(p).await?.into_iter().map(Row::Sqlite).collect(),
        })
    }

    pub async fn fetch_optional(&self, q: Query) -> Result<Option<Row>, sqlx::Error> {
        Ok(match self {
            Database::Postgres(p) => q.bound().fetch_optional(p).await?.map(Row::Postgres),
            Database::Sqlite(p, _) => q.bound().fetch_optional(p).await?.map(Row::Sqlite),
        })
    }

    /// The one row a statement returns (an error when it returns none).
    pub async fn fetch_one(&self, q: Query) -> Result<Row, sqlx::Error> {
        self.fetch_optional(q).await?.ok_or(sqlx::Error::RowNotFound)
    }
}

impl Tx {
    pub fn backend(&self) -> Backend {
        match self.inner {
            Inner::Postgres(_) => Backend::Postgres,
            Inner::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// Runs a statement in the transaction; the number of rows it changed.
    pub async fn execute(&mut self, q: Query) -> Result<u64, sqlx::Error> {
        Ok(match &mut self.inner {
            Inner::Postgres(t) => q.bound().execute(&mut **t).await?.rows_affected(),
            Inner::Sqlite(t) => q.bound().execute(&mut **t).await?.rows_affected(),
        })
    }

    pub async fn fetch_all(&mut self, q: Query) -> Result<Vec<Row>, sqlx::Error> {
        Ok(match &mut self.inner {
            Inner::Postgres(t) => q.bound().fetch_all(&mut **t).await?.into_iter().map(Row::Postgres).collect(),
            Inner::Sqlite(t) => q.bound().fetch_all(&mut **t).await?.into_iter().map(Row::Sqlite).collect(),
        })
    }

    pub async fn fetch_optional(&mut self, q: Query) -> Result<Option<Row>, sqlx::Error> {
        Ok(match &mut self.inner {
            Inner::Postgres(t) => q.bound().fetch_optional(&mut **t).await?.map(Row::Postgres),
            Inner::Sqlite(t) => q.bound().fetch_optional(&mut **t).await?.map(Row::Sqlite),
        })
    }

    /// The one row a statement returns (an error when it returns none).
    pub async fn fetch_one(&mut self, q: Query) -> Result<Row, sqlx::Error> {
        self.fetch_optional(q).await?.ok_or(sqlx::Error::RowNotFound)
    }

    /// The row a SELECT finds, locked until commit: `FOR UPDATE` on PostgreSQL;
    /// on SQLite the write transaction (`BEGIN IMMEDIATE`) already keeps other writers out.
    pub async fn fetch_for_update(&mut self, q: Query) -> Result<Option<Row>, sqlx::Error> {
        let q = match self.backend() {
            Backend::Postgres => q.push(" FOR UPDATE"),
            Backend::Sqlite => q,
        };
        self.fetch_optional(q).await
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        // The turn is given up once the commit is done (when `self`'s guard drops, at the end).
        let Tx { inner, span, _turn } = self;
        let done = match inner {
            Inner::Postgres(t) => t.commit().await,
            Inner::Sqlite(t) => t.commit().await,
        };
        span.record("db.outcome", if done.is_ok() { "commit" } else { "failed" });
        done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_values_number_their_placeholders_in_order() {
        let q = query("SELECT a FROM t WHERE k = ")
            .push_bind("x")
            .push(" AND id IN ")
            .push_list([1i64, 2, 3])
            .push(" LIMIT ")
            .push_bind(10i64);
        assert_eq!(q.sql, "SELECT a FROM t WHERE k = $1 AND id IN ($2, $3, $4) LIMIT $5");
        assert_eq!(q.args.len(), 5);
        let q = query("INSERT INTO t (a, b) ").push_values([
            vec![Value::from(1i64), Value::from("p")],
            vec![Value::from(2i64), Value::from(None::<&str>)],
        ]);
        assert_eq!(q.sql, "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)");
        assert_eq!(q.args[3], Value::Text(None));
    }

    #[tokio::test]
    async fn the_same_query_runs_on_sqlite_with_typed_nulls_and_times() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::connect(&format!("sqlite://{}", dir.path().join("q.db").display()), 2).await.unwrap();
        db.execute(query("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, at TEXT, n INTEGER)")).await.unwrap();
        let at = DateTime::from_timestamp(1_780_000_000, 0).unwrap();
        let mut tx = db.begin_write().await.unwrap();
        let n = tx
            .execute(query("INSERT INTO t (id, name, at, n) ").push_values([
                vec![1i64.into(), "a".into(), at.into(), Value::from(None::<i32>)],
                vec![2i64.into(), Value::from(None::<String>), at.into(), 7i32.into()],
            ]))
            .await
            .unwrap();
        assert_eq!(n, 2);
        tx.commit().await.unwrap();
        let rows = db.fetch_all(query("SELECT id, name, at, n FROM t ORDER BY id")).await.unwrap();
        assert_eq!(rows[0].get::<Option<String>>(1).unwrap().as_deref(), Some("a"));
        assert_eq!(rows[1].get::<Option<String>>(1).unwrap(), None);
        assert_eq!(rows[1].get::<DateTime<Utc>>(2).unwrap(), at);
        assert_eq!(rows[1].get::<Option<i32>>(3).unwrap(), Some(7));
        // Dropped without commit: rolled back.
        let mut tx = db.begin_write().await.unwrap();
        tx.execute(query("DELETE FROM t")).await.unwrap();
        drop(tx);
        assert!(db.fetch_optional(query("SELECT id FROM t WHERE id = $1").bind(2i64)).await.unwrap().is_some());
    }
}

#[cfg(test)]
mod write_queue {
    use std::sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    };

    use crate::{Database, query};

    /// A writer that begins again as soon as it commits (the deadline sweep) does not keep
    /// another out: the other gets the next turn.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_writer_beginning_again_at_once_lets_a_waiting_writer_in_next() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("q.db").display());
        let db = Database::connect(&url, 4).await.unwrap();
        db.execute(query("CREATE TABLE t (n INTEGER NOT NULL)")).await.unwrap();
        let done = Arc::new(AtomicU64::new(0));
        let sweeper = {
            let (db, done) = (db.clone(), done.clone());
            tokio::spawn(async move {
                for n in 0..100_i64 {
                    let mut tx = db.begin_write().await.unwrap();
                    tx.execute(query("INSERT INTO t (n) VALUES ($1)").bind(n)).await.unwrap();
                    // A batch's work inside the transaction.
                    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                    tx.commit().await.unwrap();
                    done.fetch_add(1, Ordering::SeqCst);
                }
            })
        };
        while done.load(Ordering::SeqCst) < 5 {
            tokio::task::yield_now().await;
        }
        let before = done.load(Ordering::SeqCst);
        let mut tx = db.begin_write().await.unwrap();
        let waited = done.load(Ordering::SeqCst) - before;
        tx.execute(query("INSERT INTO t (n) VALUES (-1)")).await.unwrap();
        tx.commit().await.unwrap();
        sweeper.await.unwrap();
        assert!(waited <= 2, "the waiting writer waited for {waited} of the other's transactions");
    }
}
