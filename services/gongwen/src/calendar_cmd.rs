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
    /// Every year of the data: where it comes from, and whether it is provisional.
    Years {
        #[arg(long)]
        rulebook: Option<String>,
        /// Also list the computed years after the last notice (up to 2099).
        #[arg(long)]
        all: bool,
    },
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
            out!("  {}", basis(&c, date, last));
        }
        CalendarCommand::IsWorkingDay { date, rulebook } => {
            let c = calendar(rulebook.as_deref())?;
            match c.day_off_reason(date)? {
                None => out!("{date}: working day"),
                Some(why) => out!("{date}: not a working day ({why})"),
            }
            out!("  {}", basis(&c, date, date));
        }
        CalendarCommand::Years { rulebook, all } => {
            let c = calendar(rulebook.as_deref())?;
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
