//! Notices published while the suite runs (the State Council's each November,
//! Xinjiang's each December): checked, then shared by every calendar built
//! from the same [`Notices`], which count with them from their next answer.
//! Where they are stored, and how replicas learn of them, is the calendar
//! service's business; this is the pure part.

use std::{
    collections::BTreeMap,
    sync::{Arc, RwLock},
};

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;

use crate::{
    Error,
    data::{FIRST_YEAR, LAST_PROVISIONAL_YEAR},
    year::YearData,
};

/// The regions a notice may be for.
pub const REGIONS: &[&str] = &["national", "xinjiang"];

/// Notices by (region, year).
type ByYear = BTreeMap<(String, i32), YearData>;

/// The published notices, by region and year; every change bumps the generation.
#[derive(Debug, Clone, Default)]
pub struct Notices {
    inner: Arc<RwLock<(u64, ByYear)>>,
}

impl Notices {
    /// Counts up on every change: a calendar rebuilds when it sees a new one.
    pub fn generation(&self) -> u64 {
        self.inner.read().expect("notices lock").0
    }

    /// Publishes one year's notice for a region (checked first).
    pub fn set(&self, region: &str, year: YearData) -> Result<(), Vec<String>> {
        let problems = problems(region, &year);
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut g = self.inner.write().expect("notices lock");
        g.1.insert((region.to_owned(), year.year), year);
        g.0 += 1;
        Ok(())
    }

    /// Replaces every notice with `all` (as stored), when they differ; checked
    /// notices only (a stored one that no longer passes is skipped).
    pub fn replace(&self, all: Vec<(String, YearData)>) {
        let map: ByYear = all
            .into_iter()
            .filter(|(region, y)| problems(region, y).is_empty())
            .map(|(region, y)| ((region, y.year), y))
            .collect();
        let mut g = self.inner.write().expect("notices lock");
        if g.1 != map {
            g.1 = map;
            g.0 += 1;
        }
    }

    /// The region's published years.
    pub fn of(&self, region: &str) -> Vec<YearData> {
        let g = self.inner.read().expect("notices lock");
        g.1.iter().filter(|((r, _), _)| r == region).map(|(_, y)| y.clone()).collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    region: String,
    years: Vec<YearData>,
}

/// Reads a notice file (the shape of `calendars/*.toml`: `region`, then one
/// `[[years]]` entry per year) and checks every year in it.
pub fn parse(text: &str) -> Result<(String, Vec<YearData>), Vec<String>> {
    let file: File = toml::from_str(text).map_err(|e| vec![e.to_string()])?;
    if file.years.is_empty() {
        return Err(vec!["the file has no [[years]] entry".to_owned()]);
    }
    let problems: Vec<String> = file.years.iter().flat_map(|y| problems(&file.region, y)).collect();
    if problems.is_empty() { Ok((file.region, file.years)) } else { Err(problems) }
}

/// Everything wrong with a year's notice, all at once (empty when it is fit to publish).
pub fn problems(region: &str, y: &YearData) -> Vec<String> {
    let mut out = Vec::new();
    let year = y.year;
    if !REGIONS.contains(&region) {
        out.push(format!("unknown region {region:?} (known: {})", REGIONS.join(", ")));
    }
    if !(FIRST_YEAR..=LAST_PROVISIONAL_YEAR).contains(&year) {
        out.push(format!("year {year} is outside {FIRST_YEAR}–{LAST_PROVISIONAL_YEAR}"));
    }
    if y.source.trim().is_empty() {
        out.push(format!("{year}: the source (the notice's title and number) is required"));
    }
    if y.provisional {
        out.push(format!("{year}: a published notice is not provisional"));
    }
    if y.holidays.is_empty() && y.workdays.is_empty() && y.cancelled_workdays.is_empty() {
        out.push(format!("{year}: the notice names no holiday, make-up day or cancelled make-up day"));
    }
    let in_year = |d: NaiveDate| d.year() == year;
    let weekend = |d: NaiveDate| matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
    for h in &y.holidays {
        if h.name.trim().is_empty() {
            out.push(format!("{year}: the holiday {}..{} has no name", h.from, h.to));
        }
        if h.to < h.from {
            out.push(format!("{year}: {} ends ({}) before it begins ({})", h.name, h.to, h.from));
        } else if !in_year(h.from) && !in_year(h.to) {
            out.push(format!("{year}: {} {}..{} is not in {year}", h.name, h.from, h.to));
        } else if (h.to - h.from).num_days() > 15 {
            out.push(format!("{year}: {} lasts more than 15 days", h.name));
        }
    }
    for (i, a) in y.holidays.iter().enumerate() {
        for b in &y.holidays[i + 1..] {
            if a.from <= b.to && b.from <= a.to {
                out.push(format!("{year}: {} and {} overlap", a.name, b.name));
            }
        }
    }
    for w in &y.workdays {
        if !in_year(*w) {
            out.push(format!("{year}: make-up day {w} is not in {year}"));
        }
        if !weekend(*w) {
            out.push(format!("{year}: make-up day {w} is a {} (make-up days are weekend days)", w.weekday()));
        }
        if let Some(h) = y.holidays.iter().find(|h| h.from <= *w && *w <= h.to) {
            out.push(format!("{year}: {w} is both a make-up day and part of {}", h.name));
        }
    }
    for c in &y.cancelled_workdays {
        if region == "national" {
            out.push(format!("{year}: only a region cancels national make-up days ({c})"));
        }
        if !in_year(*c) || !weekend(*c) {
            out.push(format!("{year}: cancelled make-up day {c} must be a weekend day of {year}"));
        }
    }
    out
}

impl From<Vec<String>> for Error {
    fn from(problems: Vec<String>) -> Self {
        Error::Invalid { name: "notice".to_owned(), message: problems.join("; ") }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Calendar, HolidayRange};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A test notice for 2027 (not the State Council's: its dates are chosen to differ from the computed ones).
    fn notice_2027() -> YearData {
        YearData {
            year: 2027,
            source: "测试通知（国办发明电〔2026〕99号，测试用）".into(),
            holidays: vec![
                HolidayRange { name: "元旦".into(), from: d("2027-01-01"), to: d("2027-01-03") },
                HolidayRange { name: "春节".into(), from: d("2027-02-05"), to: d("2027-02-12") },
            ],
            workdays: vec![d("2027-02-13")],
            cancelled_workdays: vec![],
            provisional: false,
        }
    }

    #[test]
    fn a_published_year_replaces_the_provisional_one_in_every_calendar_sharing_it() {
        let cal = Calendar::national();
        let xj = cal.sharing(Some("xinjiang")).unwrap();
        assert!(cal.is_provisional(2027));
        let before = cal.version();
        // Computed: 元旦 is one day, so 2027-01-04 (Monday) is worked either way; 2027-02-13 is a Saturday.
        assert!(!cal.is_working_day(d("2027-02-13")).unwrap());
        cal.notices().set("national", notice_2027()).unwrap();
        assert!(!cal.is_provisional(2027));
        assert_ne!(cal.version(), before);
        assert!(cal.is_working_day(d("2027-02-13")).unwrap(), "the notice's make-up Saturday");
        assert!(xj.is_working_day(d("2027-02-13")).unwrap(), "the Xinjiang view shares the notice");
        assert_eq!(cal.day_off_reason(d("2027-01-03")).unwrap().as_deref(), Some("元旦"));
        // A calendar built on its own does not see it.
        assert!(Calendar::national().is_provisional(2027));
    }

    #[test]
    fn a_bad_notice_is_refused_with_every_problem() {
        let mut y = notice_2027();
        y.source = " ".into();
        y.workdays = vec![d("2027-02-10"), d("2027-02-15")]; // inside 春节; a Monday
        y.holidays.push(HolidayRange { name: String::new(), from: d("2026-03-01"), to: d("2026-03-02") });
        y.cancelled_workdays = vec![d("2027-02-20")];
        let cal = Calendar::national();
        let problems = cal.notices().set("national", y).unwrap_err();
        for expected in ["source", "part of 春节", "is a Mon", "has no name", "is not in 2027", "only a region"] {
            assert!(problems.iter().any(|p| p.contains(expected)), "{expected} missing in {problems:?}");
        }
        assert!(cal.is_provisional(2027), "nothing changed");
        assert!(
            parse("region = \"mars\"\n[[years]]\nyear = 2027\nsource = \"x\"\nholidays = []\nworkdays = []\n").is_err()
        );
    }

    #[test]
    fn a_notice_file_reads_as_the_built_in_ones() {
        let text = "region = \"xinjiang\"\n\n[[years]]\nyear = 2027\nsource = \"新疆维吾尔自治区人民政府办公厅通知（测试）\"\nworkdays = []\nholidays = [ { name = \"肉孜节\", from = \"2027-03-10\", to = \"2027-03-10\" } ]\n";
        let (region, years) = parse(text).unwrap();
        assert_eq!((region.as_str(), years[0].year), ("xinjiang", 2027));
    }
}
