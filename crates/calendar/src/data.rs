//! Holiday data files: per year, the holidays (named ranges) and the make-up
//! working days on weekends, with the notice they come from.

use std::{
    collections::{BTreeMap, BTreeSet},
    sync::LazyLock,
};

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use crate::year::YearData;
use crate::{Error, provisional};

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
    cancelled: BTreeSet<NaiveDate>,
}

/// Provisional years are computed up to here; a later date has no data.
pub const LAST_PROVISIONAL_YEAR: i32 = 2099;
/// Before the first year of the built-in data nothing is computed.
pub const FIRST_YEAR: i32 = 2015;

/// Computed once per process: the provisional years of each region.
static PROVISIONAL: LazyLock<BTreeMap<(&'static str, i32), YearData>> = LazyLock::new(|| {
    let mut out = BTreeMap::new();
    for year in FIRST_YEAR..=LAST_PROVISIONAL_YEAR {
        if let Some(y) = provisional::national(year) {
            out.insert(("national", year), y);
        }
        if let Some(y) = provisional::xinjiang(year) {
            out.insert(("xinjiang", year), y);
        }
    }
    out
});

pub const NATIONAL: &str = include_str!("../../../calendars/national.toml");
pub const XINJIANG: &str = include_str!("../../../calendars/xinjiang.toml");

impl Region {
    pub fn from_toml(name: &str, text: &str) -> Result<Self, Error> {
        let invalid = |message: String| Error::Invalid { name: name.to_owned(), message };
        let file: File = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        let mut region = Self {
            name: file.region,
            years: BTreeMap::new(),
            holidays: BTreeMap::new(),
            workdays: BTreeSet::new(),
            cancelled: BTreeSet::new(),
        };
        let mut years = Vec::new();
        for mut y in file.years {
            if y.source.trim().is_empty() {
                return Err(invalid(format!("{}: every year needs its source notice", y.year)));
            }
            // A partial notice: what it does not name is computed.
            if y.provisional
                && let Some(computed) = PROVISIONAL.get(&(region_key(&region.name), y.year))
            {
                for h in &computed.holidays {
                    if !y.holidays.iter().any(|n| n.name == h.name) {
                        y.holidays.push(h.clone());
                    }
                }
            }
            years.push(y);
        }
        // Every year of the range the data does not cover is provisional.
        let first = if region.name == "national" {
            years.iter().map(|y| y.year).min().unwrap_or(FIRST_YEAR)
        } else {
            FIRST_YEAR
        };
        for year in first..=LAST_PROVISIONAL_YEAR {
            if !years.iter().any(|y| y.year == year)
                && let Some(computed) = PROVISIONAL.get(&(region_key(&region.name), year))
            {
                years.push(computed.clone());
            }
        }
        for y in years {
            region.add(y).map_err(invalid)?;
        }
        Ok(region)
    }

    /// This region with published notices in place of its years (provisional
    /// or built-in) of the same number.
    pub fn with_published(&self, published: &[YearData]) -> Result<Self, Error> {
        if published.is_empty() {
            return Ok(self.clone());
        }
        let mut region = Self {
            name: self.name.clone(),
            years: BTreeMap::new(),
            holidays: BTreeMap::new(),
            workdays: BTreeSet::new(),
            cancelled: BTreeSet::new(),
        };
        for y in self.years.values() {
            let y = published.iter().find(|p| p.year == y.year).unwrap_or(y);
            region.add(y.clone()).map_err(|message| Error::Invalid { name: self.name.clone(), message })?;
        }
        for p in published.iter().filter(|p| !self.years.contains_key(&p.year)) {
            region.add(p.clone()).map_err(|message| Error::Invalid { name: self.name.clone(), message })?;
        }
        Ok(region)
    }

    /// Adds one year's data, checked: ranges inside the year, no day both off and worked.
    fn add(&mut self, y: YearData) -> Result<(), String> {
        for h in &y.holidays {
            if h.to < h.from || h.from.year() != y.year && h.to.year() != y.year {
                return Err(format!("{}: holiday {} {}..{} is not a range in that year", y.year, h.name, h.from, h.to));
            }
            let mut d = h.from;
            while d <= h.to {
                self.holidays.insert(d, h.name.clone());
                d = d.succ_opt().ok_or("date out of range")?;
            }
        }
        for w in &y.workdays {
            if self.holidays.contains_key(w) {
                return Err(format!("{}: {w} is both a holiday and a working day", y.year));
            }
            self.workdays.insert(*w);
        }
        self.cancelled.extend(y.cancelled_workdays.iter().copied());
        if self.years.insert(y.year, y.clone()).is_some() {
            return Err(format!("year {} appears twice", y.year));
        }
        Ok(())
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

    /// Is this year's data computed rather than published?
    pub fn is_provisional(&self, year: i32) -> bool {
        self.years.get(&year).is_some_and(|y| y.provisional)
    }

    pub fn year(&self, year: i32) -> Option<&YearData> {
        self.years.get(&year)
    }

    /// Some(true) for a listed make-up working day, Some(false) for a listed
    /// holiday, None when this region says nothing about the day. Errors when
    /// the region has no data for the day's year.
    pub fn rule(&self, d: NaiveDate) -> Result<Option<bool>, Error> {
        if !self.has_year(d.year()) {
            return Err(Error::NoData { region: self.name.clone(), year: d.year() });
        }
        Ok(if self.cancelled.contains(&d) {
            Some(false)
        } else if self.workdays.contains(&d) {
            Some(true)
        } else if self.holidays.contains_key(&d) {
            Some(false)
        } else {
            None
        })
    }

    pub fn holiday_name(&self, d: NaiveDate) -> Option<&str> {
        if self.cancelled.contains(&d) {
            return Some("周末（本地区取消全国调休）");
        }
        self.holidays.get(&d).map(String::as_str)
    }
}

/// The provisional generator a region's name selects.
fn region_key(name: &str) -> &'static str {
    match name {
        "xinjiang" => "xinjiang",
        _ => "national",
    }
}
