//! One year's holiday data, as a notice (or the provisional rules) give it:
//! what the data files hold and the provisional generator makes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayRange {
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct YearData {
    pub year: i32,
    /// The notice this year's data comes from.
    pub source: String,
    pub holidays: Vec<HolidayRange>,
    /// Make-up working days (调休): weekend days that are worked.
    pub workdays: Vec<NaiveDate>,
    /// A regional overlay cancels these national make-up days: they are not worked there.
    #[serde(default)]
    pub cancelled_workdays: Vec<NaiveDate>,
    /// Computed from the rules in force, not (or not wholly) from a notice;
    /// in a file, a year whose notice is partial says so and the rest is computed.
    #[serde(default)]
    pub provisional: bool,
}
