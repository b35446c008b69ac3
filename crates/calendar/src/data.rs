//! Holiday data files: per year, the holidays (named ranges) and the make-up
//! working days on weekends, with the notice they come from.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::Error;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayRange {
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearData {
    pub year: i32,
    /// The notice this year's data comes from.
    pub source: String,
    pub holidays: Vec<HolidayRange>,
    /// Make-up working days (调休): weekend days that are worked.
    pub workdays: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    region: String,
    years: Vec<YearData>,
}

/// One region's calendar: the national one, or an overlay on it.
#[derive(Debug, Clone)]
pub struct Region {
    pub name: String,
    years: BTreeMap<i32, YearData>,
    holidays: BTreeMap<NaiveDate, String>,
    workdays: BTreeSet<NaiveDate>,
}

pub const NATIONAL: &str = include_str!("../../../calendars/national.toml");
pub const XINJIANG: &str = include_str!("../../../calendars/xinjiang.toml");

impl Region {
    pub fn from_toml(name: &str, text: &str) -> Result<Self, Error> {
        let invalid = |message: String| Error::Invalid { name: name.to_owned(), message };
        let file: File = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let mut region =
            Self { name: file.region, years: BTreeMap::new(), holidays: BTreeMap::new(), workdays: BTreeSet::new() };
        for y in file.years {
            if y.source.trim().is_empty() {
                return Err(invalid(format!("{}: every year needs its source notice", y.year)));
            }
            for h in &y.holidays {
                if h.to < h.from || h.from.year() != y.year && h.to.year() != y.year {
                    return Err(invalid(format!(
                        "{}: holiday {} {}..{} is not a range in that year",
                        y.year, h.name, h.from, h.to
                    )));
                }
                let mut d = h.from;
                while d <= h.to {
                    region.holidays.insert(d, h.name.clone());
                    d = d.succ_opt().ok_or(Error::OutOfRange)?;
                }
            }
            for w in &y.workdays {
                if region.holidays.contains_key(w) {
                    return Err(invalid(format!("{}: {w} is both a holiday and a working day", y.year)));
                }
                region.workdays.insert(*w);
            }
            if region.years.insert(y.year, y.clone()).is_some() {
                return Err(invalid(format!("year {} appears twice", y.year)));
            }
        }
        Ok(region)
    }

    pub fn national() -> Self {
        Self::from_toml("calendars/national.toml", NATIONAL).expect("built-in national calendar")
    }

    /// A built-in regional overlay by name.
    pub fn builtin_overlay(name: &str) -> Result<Self, Error> {
        match name {
            "xinjiang" => Self::from_toml("calendars/xinjiang.toml", XINJIANG),
            other => Err(Error::UnknownRegion(other.to_owned())),
        }
    }

    pub fn years(&self) -> impl Iterator<Item = &YearData> {
        self.years.values()
    }

    pub fn has_year(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// Some(true) for a listed make-up working day, Some(false) for a listed
    /// holiday, None when this region says nothing about the day. Errors when
    /// the region has no data for the day's year.
    pub fn rule(&self, d: NaiveDate) -> Result<Option<bool>, Error> {
        if !self.has_year(d.year()) {
            return Err(Error::NoData { region: self.name.clone(), year: d.year() });
        }
        Ok(if self.workdays.contains(&d) {
            Some(true)
        } else if self.holidays.contains_key(&d) {
            Some(false)
        } else {
            None
        })
    }

    pub fn holiday_name(&self, d: NaiveDate) -> Option<&str> {
        self.holidays.get(&d).map(String::as_str)
    }
}
