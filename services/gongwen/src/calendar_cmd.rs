//! `gongwen calendar add-working-days DATE N [--rulebook NAME]`,
//! `gongwen calendar is-working-day DATE [--rulebook NAME]`,
//! `gongwen calendar years [--rulebook NAME] [--all]` and
//! `gongwen calendar publish FILE`: every answer counts with the notices
//! published in the database named (`--database-url`, or the SQLite file in
//! `--data-dir` when there is one).

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use gongwen_calendar::Calendar;
use gongwen_store::Database;

use crate::out;

/// Where the published notices are.
#[derive(Args, Clone)]
pub struct Store {
    /// postgres://… or sqlite://… [default: the SQLite file in --data-dir, if there is one].
    #[arg(long)]
    database_url: Option<String>,
    #[arg(long, default_value = "data")]
    data_dir: PathBuf,
}

#[derive(Subcommand)]
pub enum CalendarCommand {
    /// The last day of a limit of N working days sent on DATE (the day of dispatch is not counted).
    AddWorkingDays {
        date: NaiveDate,
        n: u32,
        /// Use this rulebook's regional holidays (e.g. urumqi → Xinjiang).
        #[arg(long)]
        rulebook: Option<String>,
        #[command(flatten)]
        store: Store,
    },
    /// Whether DATE is a working day, and why not.
    IsWorkingDay {
        date: NaiveDate,
        #[arg(long)]
        rulebook: Option<String>,
        #[command(flatten)]
        store: Store,
    },
    /// Every year of the data: where it comes from, and whether it is provisional.
    Years {
        #[arg(long)]
        rulebook: Option<String>,
        /// Also list the computed years after the last notice (up to 2099).
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        store: Store,
    },
    /// Publish a year's holiday notice (a TOML file shaped like calendars/*.toml) into the
    /// database: checked first, every problem listed and nothing stored when one is wrong;
    /// running services count with it within seconds and recount pending deadlines.
    Publish {
        file: PathBuf,
        /// Who publishes, for the audit log.
        #[arg(long, default_value = "service:operator")]
        by: String,
        #[command(flatten)]
        store: Store,
    },
}

impl Store {
    /// The database, if one is named or the default SQLite file exists (`create`: make it).
    async fn open(&self, create: bool) -> anyhow::Result<Option<Database>> {
        let url = match &self.database_url {
            Some(url) => url.clone(),
            None => {
                let file = self.data_dir.join("gongwen.db");
                if !create && !file.exists() {
                    return Ok(None);
                }
                std::fs::create_dir_all(&self.data_dir)?;
                format!("sqlite://{}", file.display())
            }
        };
        let db = Database::connect(&url, 2)
            .await
            .with_context(|| format!("connecting to {}", gongwen_runtime::boot::redact(&url)))?;
        gongwen_calendar_service::store::migrate(&db).await?;
        Ok(Some(db))
    }
}

/// What an answer rests on: the provisional years it crossed, and the data's version.
fn basis(c: &Calendar, from: NaiveDate, to: NaiveDate) -> String {
    let provisional = c.provisional_years(from, to);
    if provisional.is_empty() {
        format!("calendar version {}", c.version())
    } else {
        let years: Vec<String> = provisional.iter().map(i32::to_string).collect();
        format!(
            "PROVISIONAL: rests on {} computed from the rules in force, no notice published yet; calendar version {}",
            years.join(", "),
            c.version()
        )
    }
}

/// The rulebook's calendar, counting with the notices published in the store (if any).
async fn calendar(rulebook: Option<&str>, store: &Store) -> anyhow::Result<Calendar> {
    let overlay = match rulebook {
        Some(name) => gongwen_rules::load(name)?.calendar.regional_overlay.value,
        None => None,
    };
    let c = Calendar::with_overlay(overlay.as_deref())?;
    if let Some(db) = store.open(false).await? {
        c.notices().replace(gongwen_calendar_service::store::all(&db).await?);
        db.close().await;
    }
    Ok(c)
}

async fn publish(file: &Path, by: &str, store: &Store) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let (region, years) = gongwen_calendar::notices::parse(&text).map_err(|problems| {
        anyhow::anyhow!("{} is refused, nothing was published:\n  - {}", file.display(), problems.join("\n  - "))
    })?;
    let db = store.open(true).await?.expect("created");
    // The operator's own clock: the CLI is not a service with a driven one.
    #[allow(clippy::disallowed_methods)]
    let at = chrono::Utc::now();
    gongwen_calendar_service::store::publish(&db, &region, &years, by, at).await?;
    for y in &years {
        out!("published {region} {}: {}", y.year, y.source);
    }
    db.close().await;
    out!(
        "running services count with it within {} s and recount pending deadlines",
        gongwen_calendar_service::REFRESH_EVERY.as_secs()
    );
    Ok(())
}

pub async fn run(cmd: CalendarCommand) -> anyhow::Result<()> {
    match cmd {
        CalendarCommand::Publish { file, by, store } => publish(&file, &by, &store).await?,
        CalendarCommand::AddWorkingDays { date, n, rulebook, store } => {
            let c = calendar(rulebook.as_deref(), &store).await?;
            let last = c.add_working_days(date, n)?;
            out!("{last}  ({n} working days after {date}; the limit ends at the close of {last}, Asia/Shanghai)");
            out!("  {}", basis(&c, date, last));
        }
        CalendarCommand::IsWorkingDay { date, rulebook, store } => {
            let c = calendar(rulebook.as_deref(), &store).await?;
            match c.day_off_reason(date)? {
                None => out!("{date}: working day"),
                Some(why) => out!("{date}: not a working day ({why})"),
            }
            out!("  {}", basis(&c, date, date));
        }
        CalendarCommand::Years { rulebook, all, store } => {
            let c = calendar(rulebook.as_deref(), &store).await?;
            out!("calendar version {}", c.version());
            let last_notice = c.years().iter().filter(|(_, y)| !y.provisional).map(|(_, y)| y.year).max().unwrap_or(0);
            for (region, y) in c.years() {
                if y.provisional && y.year > last_notice + 1 && !all {
                    continue;
                }
                let kind = if y.provisional { "provisional" } else { "notice" };
                out!("{:<9} {} {:<11} {}", region, y.year, kind, y.source);
            }
        }
    }
    Ok(())
}
