//! Database access shared by every service: one `Database` over PostgreSQL
//! (production) or SQLite (the embedded default), migrations, and fresh
//! databases for tests.
//!
//! Services keep their own SQL and migrations (each owns its schema); SQL is
//! written once in the dialect both backends accept (`$1` placeholders,
//! `ON CONFLICT`, `RETURNING`) and run through [`sql`]: a [`Query`] on the
//! pool or in a [`Tx`].

pub mod sql;

pub use sql::{Query, Row, Tx, Value, query};

use std::{str::FromStr, time::Duration};

use sqlx::{
    migrate::Migrator,
    postgres::{PgConnectOptions, PgPool, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous},
};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("unsupported database URL {0:?}: use postgres://… or sqlite://…")]
    UnsupportedUrl(String),
    #[error("database: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// A connection pool on one of the two backends.
#[derive(Debug, Clone)]
pub enum Database {
    Postgres(PgPool),
    /// The pool, and the queue its writers take turns in (see [`Database::begin_write`]).
    Sqlite(SqlitePool, WriteQueue),
}

/// SQLite has one writer. Writers of this process wait for it here, first come first
/// served, rather than in SQLite's busy handler, which retries with growing sleeps: a
/// writer that commits and begins again at once (the deadline sweep, batch after
/// batch) would otherwise take the lock every time and the others would wait seconds.
#[derive(Debug, Clone, Default)]
pub struct WriteQueue(std::sync::Arc<tokio::sync::Mutex<()>>);

impl Database {
    /// Connects to `postgres://…` or `sqlite://…` (the SQLite file is created).
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, Error> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(opts)
                .await?;
            Ok(Self::Postgres(pool))
        } else if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // WAL + NORMAL is durable across process crashes (kill -9); only
                // a power loss may drop the last commits.
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(30))
                .foreign_keys(true);
            let pool = SqlitePoolOptions::new().max_connections(max_connections.clamp(1, 8)).connect_with(opts).await?;
            Ok(Self::Sqlite(pool, WriteQueue::default()))
        } else {
            Err(Error::UnsupportedUrl(url.to_owned()))
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Self::Postgres(_) => Backend::Postgres,
            Self::Sqlite(..) => Backend::Sqlite,
        }
    }

    /// Applies a service's migrations. Several services share one database,
    /// each with its own version range, so versions applied by the others are
    /// not an error.
    pub async fn migrate(&self, postgres: &Migrator, sqlite: &Migrator) -> Result<(), Error> {
        match self {
            Self::Postgres(p) => {
                let mut m = Migrator { ignore_missing: true, ..clone_migrator(postgres) };
                m.locking = true;
                m.run(p).await?
            }
            Self::Sqlite(p, _) => Migrator { ignore_missing: true, ..clone_migrator(sqlite) }.run(p).await?,
        }
        Ok(())
    }

    /// Whether the database answers a trivial query now (readiness).
    pub async fn ping(&self) -> Result<(), Error> {
        match self {
            Self::Postgres(p) => sqlx::query("SELECT 1").execute(p).await.map(drop)?,
            Self::Sqlite(p, _) => sqlx::query("SELECT 1").execute(p).await.map(drop)?,
        }
        Ok(())
    }

    pub async fn close(&self) {
        match self {
            Self::Postgres(p) => p.close().await,
            Self::Sqlite(p, _) => p.close().await,
        }
    }
}

fn clone_migrator(m: &Migrator) -> Migrator {
    Migrator {
        migrations: m.migrations.clone(),
        ignore_missing: m.ignore_missing,
        locking: m.locking,
        no_tx: m.no_tx,
        ..Migrator::DEFAULT
    }
}

/// Test support: a fresh, empty database per test on either backend.
pub mod testing {
    use super::*;

    /// The PostgreSQL server tests use (`GONGWEN_TEST_POSTGRES`, default the local one).
    pub fn postgres_admin_url() -> String {
        std::env::var("GONGWEN_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
    }

    /// Creates a new PostgreSQL database and returns its URL.
    pub async fn fresh_postgres_url() -> Result<String, Error> {
        let admin = postgres_admin_url();
        let name = format!("gongwen_test_{}", uuid::Uuid::new_v4().simple());
        let pool = PgPoolOptions::new().max_connections(1).connect(&admin).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&pool).await?;
        pool.close().await;
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        Ok(format!("{base}/{name}"))
    }

    /// A new SQLite file in `dir`.
    pub fn fresh_sqlite_url(dir: &std::path::Path) -> String {
        format!("sqlite://{}", dir.join(format!("{}.db", uuid::Uuid::new_v4().simple())).display())
    }

    /// A fresh database URL on `backend`; SQLite files go under `dir`.
    pub async fn fresh_url(backend: Backend, dir: &std::path::Path) -> Result<String, Error> {
        match backend {
            Backend::Postgres => fresh_postgres_url().await,
            Backend::Sqlite => Ok(fresh_sqlite_url(dir)),
        }
    }
}
