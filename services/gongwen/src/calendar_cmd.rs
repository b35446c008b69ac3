//! `gongwen calendar add-working-days DATE N [--rulebook NAME]` and
//! `gongwen calendar is-working-day DATE [--rulebook NAME]`.

use chrono::NaiveDate;
use clap::Subcommand;
use gongwen_calendar::Calendar;

use crate::out;

#[derive(Subcommand)]
pub enum CalendarCommand {
    /// The last day of a limit of N working days sent on DATE (the day of dispatch is not counted).
    AddWorkingDays {
        date: NaiveDate,
        n: u32,
        /// Use this rulebook's regional holidays (e.g. urumqi → Xinjiang).
        #[arg(long)]
        rulebook: Option<String>,
    },
    /// Whether DATE is a working day, and why not.
    IsWorkingDay {
        date: NaiveDate,
        #[arg(long)]
        rulebook: Option<String>,
    },
}

fn calendar(rulebook: Option<&str>) -> anyhow::Result<Calendar> {
    let overlay = match rulebook {
        Some(name) => gongwen_rules::load(name)?.calendar.regional_overlay.value,
        None => None,
    };
    Ok(Calendar::with_overlay(overlay.as_deref())?)
}

pub fn run(cmd: CalendarCommand) -> anyhow::Result<()> {
    match cmd {
        CalendarCommand::AddWorkingDays { date, n, rulebook } => {
            let c = calendar(rulebook.as_deref())?;
            let last = c.add_working_days(date, n)?;
            out!("{last}  ({n} working days after {date}; the limit ends at the close of {last}, Asia/Shanghai)");
        }
        CalendarCommand::IsWorkingDay { date, rulebook } => {
            let c = calendar(rulebook.as_deref())?;
            match c.day_off_reason(date)? {
                None => out!("{date}: working day"),
                Some(why) => out!("{date}: not a working day ({why})"),
            }
        }
    }
    Ok(())
}
