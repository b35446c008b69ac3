//! The published notices' table: a publication is one transaction (the row,
//! replacing the same year's, and its audit entry); every replica reads the
//! table back into its calendar.

use chrono::{DateTime, Utc};
use gongwen_audit::Entry;
use gongwen_calendar::YearData;
use gongwen_store::{Database, query};

/// The audit chain publications are recorded on.
pub const AUDIT_CHAIN: &str = "calendar";

pub static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");
pub static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

pub async fn migrate(db: &Database) -> Result<(), gongwen_store::Error> {
    gongwen_audit::migrate(db).await?;
    db.migrate(&POSTGRES_MIGRATIONS, &SQLITE_MIGRATIONS).await
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("stored notice {region} {year}: {message}")]
    Corrupt { region: String, year: i32, message: String },
}

/// Stores a checked notice's years for `region`, each replacing one of the
/// same year, audited: one transaction, so a notice is published whole or not at all.
pub async fn publish(
    db: &Database,
    region: &str,
    years: &[YearData],
    actor: &str,
    at: DateTime<Utc>,
) -> Result<(), Error> {
    let mut tx = db.begin_write().await?;
    let mut audit = Vec::with_capacity(years.len());
    for year in years {
        let data = serde_json::to_string(year).expect("a year's data serialises");
        let before = tx
            .fetch_optional(
                query("SELECT data FROM calendar_notices WHERE region = $1 AND year = $2").bind(region).bind(year.year),
            )
            .await?
            .map(|r| r.get::<String>(0))
            .transpose()?;
        tx.execute(
            query(
                "INSERT INTO calendar_notices (region, year, data, published_by, published_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (region, year) DO UPDATE SET data = excluded.data, published_by = excluded.published_by,
                 published_at = excluded.published_at",
            )
            .bind(region)
            .bind(year.year)
            .bind(&data)
            .bind(actor)
            .bind(at),
        )
        .await?;
        audit.push(
            Entry::new(actor, region, "calendar.publish", &format!("{region}/{}", year.year), at)
                .states(before.as_deref().map(str::as_bytes), Some(data.as_bytes())),
        );
    }
    gongwen_audit::append(&mut tx, AUDIT_CHAIN, &audit).await?;
    tx.commit().await?;
    Ok(())
}

/// Every published notice, by region.
pub async fn all(db: &Database) -> Result<Vec<(String, YearData)>, Error> {
    let rows = db.fetch_all(query("SELECT region, year, data FROM calendar_notices ORDER BY region, year")).await?;
    rows.iter()
        .map(|r| {
            let (region, year, data): (String, i32, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let y = serde_json::from_str(&data).map_err(|e| Error::Corrupt {
                region: region.clone(),
                year,
                message: e.to_string(),
            })?;
            Ok((region, y))
        })
        .collect()
}
