//! Working-day arithmetic and deadlines in the government's time zone.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

use std::sync::{Arc, OnceLock, RwLock};

use crate::{Error, Notices, data::Region};

/// The national calendar, optionally overlaid with a region's, in one time
/// zone, with the notices published while running: calendars that share
/// [`Notices`] count with a newly published year from their next answer.
#[derive(Debug, Clone)]
pub struct Calendar {
    /// The built-in data (files and provisional years).
    base: Arc<Regions>,
    notices: Notices,
    /// The built-in data with the published notices, for the notices' generation.
    live: Arc<RwLock<(u64, Arc<Regions>)>>,
    tz: Tz,
    /// Close of business; `None` means a limit runs to 24:00.
    office_end: Option<NaiveTime>,
    /// Seasonal close of business (month, day it begins, close), in the
    /// order of the year; when present it wins over `office_end`.
    seasons: Vec<(u32, u32, NaiveTime)>,
}

#[derive(Debug)]
struct Regions {
    national: Region,
    overlay: Option<Region>,
    /// The data's fingerprint, computed on first use.
    version: OnceLock<String>,
}

impl Regions {
    fn new(national: Region, overlay: Option<Region>) -> Arc<Self> {
        Arc::new(Self { national, overlay, version: OnceLock::new() })
    }

    /// The regional overlay's rule wins over the national one, which wins over the week.
    fn is_working_day(&self, d: NaiveDate) -> Result<bool, Error> {
        let national = self.national.rule(d)?;
        let regional = match &self.overlay {
            Some(o) => o.rule(d)?,
            None => None,
        };
        Ok(regional.or(national).unwrap_or(!matches!(d.weekday(), Weekday::Sat | Weekday::Sun)))
    }

    fn next_working_day(&self, d: NaiveDate) -> Result<NaiveDate, Error> {
        let mut day = d;
        loop {
            day = day.succ_opt().ok_or(Error::OutOfRange)?;
            if self.is_working_day(day)? {
                return Ok(day);
            }
        }
    }
}

/// What a due date rests on: the provisional years its count crossed, and
/// the version of the data it was counted on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Basis {
    pub provisional_years: Vec<i32>,
    pub version: String,
}

impl Calendar {
    /// The national calendar in Asia/Shanghai, limits ending at 24:00.
    pub fn national() -> Self {
        Self::with_regions(Region::national(), None)
    }

    /// The national calendar with a built-in regional overlay (e.g. `xinjiang`).
    pub fn with_overlay(name: Option<&str>) -> Result<Self, Error> {
        let overlay = name.map(Region::builtin_overlay).transpose()?;
        Ok(Self::with_regions(Region::national(), overlay))
    }

    pub fn with_regions(national: Region, overlay: Option<Region>) -> Self {
        let base = Regions::new(national, overlay);
        Self {
            live: Arc::new(RwLock::new((0, base.clone()))),
            base,
            notices: Notices::default(),
            tz: chrono_tz::Asia::Shanghai,
            office_end: None,
            seasons: Vec::new(),
        }
    }

    /// The same notices with another (or no) regional overlay: the calendar
    /// service's national and Xinjiang views of what the suite counts with.
    pub fn sharing(&self, overlay: Option<&str>) -> Result<Self, Error> {
        Ok(Self { notices: self.notices.clone(), ..Self::with_overlay(overlay)? })
    }

    /// The notices this calendar counts with (publish through them).
    pub fn notices(&self) -> &Notices {
        &self.notices
    }

    /// The regions with the published notices, rebuilt when a notice has been published since.
    fn regions(&self) -> Arc<Regions> {
        let generation = self.notices.generation();
        {
            let live = self.live.read().expect("calendar lock");
            if live.0 == generation {
                return live.1.clone();
            }
        }
        let with = |r: &Region| r.with_published(&self.notices.of(&r.name));
        let rebuilt = match (with(&self.base.national), self.base.overlay.as_ref().map(with).transpose()) {
            (Ok(national), Ok(overlay)) => Regions::new(national, overlay),
            // Checked before publishing; should a stored notice still not fit, count without it.
            _ => self.base.clone(),
        };
        let mut live = self.live.write().expect("calendar lock");
        *live = (generation, rebuilt.clone());
        rebuilt
    }

    /// Limits end at this time of their last day instead of 24:00.
    pub fn office_end(mut self, at: Option<NaiveTime>) -> Self {
        self.office_end = at;
        self
    }

    /// Limits end at the close of business of their last day's season:
    /// `(month, day, close)`, each from that day of the year until the next
    /// (Xinjiang: summer hours from 05-01, winter hours from 10-01).
    pub fn seasonal_close(mut self, mut seasons: Vec<(u32, u32, NaiveTime)>) -> Self {
        seasons.sort();
        self.seasons = seasons;
        self
    }

    /// The close of business on `day`: its season's, else the configured one, else none (24:00).
    pub fn close_of_business(&self, day: NaiveDate) -> Option<NaiveTime> {
        let key = (day.month(), day.day());
        let season = self.seasons.iter().rev().find(|(m, d, _)| (*m, *d) <= key).or(self.seasons.last());
        season.map(|(_, _, close)| *close).or(self.office_end)
    }

    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    /// The regional overlay's rule wins over the national one, which wins over the week.
    pub fn is_working_day(&self, d: NaiveDate) -> Result<bool, Error> {
        self.regions().is_working_day(d)
    }

    /// Why a day is not worked: the holiday's name, or 周末.
    pub fn day_off_reason(&self, d: NaiveDate) -> Result<Option<String>, Error> {
        let r = self.regions();
        if r.is_working_day(d)? {
            return Ok(None);
        }
        let name = r.overlay.as_ref().and_then(|o| o.holiday_name(d)).or_else(|| r.national.holiday_name(d));
        Ok(Some(name.unwrap_or("周末").to_owned()))
    }

    /// The first working day after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> Result<NaiveDate, Error> {
        self.regions().next_working_day(d)
    }

    /// The last day of a limit of `n` working days from `start`: the start day
    /// is not counted; the Nth working day after it.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, Error> {
        if n == 0 {
            return Err(Error::ZeroLimit);
        }
        // One look at the published notices for the whole count, not one a day.
        let r = self.regions();
        let mut day = start;
        for _ in 0..n {
            day = r.next_working_day(day)?;
        }
        Ok(day)
    }

    /// Working days d with `from` < d ≤ `to` (0 when `to` ≤ `from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<u32, Error> {
        let r = self.regions();
        let mut n = 0;
        let mut day = from;
        while day < to {
            day = day.succ_opt().ok_or(Error::OutOfRange)?;
            if r.is_working_day(day)? {
                n += 1;
            }
        }
        Ok(n)
    }

    /// The local date of an instant.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.tz).date_naive()
    }

    /// The instant a limit whose last day is `day` ends: close of business, or 24:00.
    pub fn end_of(&self, day: NaiveDate) -> Result<DateTime<Utc>, Error> {
        let local = match self.close_of_business(day) {
            Some(t) => day.and_time(t),
            None => day.checked_add_days(Days::new(1)).ok_or(Error::OutOfRange)?.and_time(NaiveTime::MIN),
        };
        // Asia/Shanghai has no DST; `earliest` keeps other zones total.
        self.tz.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc)).ok_or(Error::OutOfRange)
    }

    /// Deadline of a limit of `n` working days for something dispatched at `sent`.
    pub fn working_day_deadline(&self, sent: DateTime<Utc>, n: u32) -> Result<DateTime<Utc>, Error> {
        self.end_of(self.add_working_days(self.local_date(sent), n)?)
    }

    /// Deadline of a limit in calendar days ("one week" = 7): the start day is
    /// not counted; a last day that is not worked moves to the next working
    /// day (民法典 第二百零三条).
    pub fn calendar_day_deadline(&self, sent: DateTime<Utc>, days: u32) -> Result<DateTime<Utc>, Error> {
        let mut last = self.local_date(sent).checked_add_days(Days::new(u64::from(days))).ok_or(Error::OutOfRange)?;
        let r = self.regions();
        if !r.is_working_day(last)? {
            last = r.next_working_day(last)?;
        }
        self.end_of(last)
    }

    /// The years between `from` and `to` (inclusive) whose data, national or
    /// regional, is provisional: a limit counted across them may move when
    /// their notice is published.
    pub fn provisional_years(&self, from: NaiveDate, to: NaiveDate) -> Vec<i32> {
        (from.year()..=to.year()).filter(|y| self.is_provisional(*y)).collect()
    }

    /// Is `year` provisional in this calendar (nationally or in its region)?
    pub fn is_provisional(&self, year: i32) -> bool {
        let r = self.regions();
        r.national.is_provisional(year) || r.overlay.as_ref().is_some_and(|o| o.is_provisional(year))
    }

    /// A short fingerprint of the data this calendar counts with (every
    /// year's source, holidays and working days): two answers with the same
    /// version were counted on the same data.
    pub fn version(&self) -> String {
        let r = self.regions();
        r.version.get_or_init(|| fingerprint(&r)).clone()
    }

    /// What a limit counted from `from` to `due` rests on.
    pub fn basis(&self, from: DateTime<Utc>, due: DateTime<Utc>) -> Basis {
        Basis {
            provisional_years: self.provisional_years(self.local_date(from), self.local_date(due)),
            version: self.version(),
        }
    }

    /// Every year of the national data and the overlay's: where it comes from and whether it is provisional.
    pub fn years(&self) -> Vec<(String, crate::YearData)> {
        let r = self.regions();
        std::iter::once(&r.national)
            .chain(r.overlay.as_ref())
            .flat_map(|region| region.years().map(move |y| (region.name.clone(), y.clone())))
            .collect()
    }

    /// Working days left before `deadline` as seen at `now` (negative when past).
    pub fn working_days_left(&self, now: DateTime<Utc>, deadline: DateTime<Utc>) -> Result<i64, Error> {
        let (a, b) = (self.local_date(now), self.local_date(deadline - chrono::Duration::nanoseconds(1)));
        Ok(if b >= a {
            i64::from(self.working_days_between(a, b)?)
        } else {
            -i64::from(self.working_days_between(b, a)?)
        })
    }
}

fn fingerprint(r: &Regions) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for region in std::iter::once(&r.national).chain(r.overlay.as_ref()) {
        for y in region.years() {
            h.update(format!(
                "{}|{}|{}|{:?}|{:?}|{:?}\n",
                region.name,
                y.year,
                y.source,
                y.holidays.iter().map(|r| (&r.name, r.from, r.to)).collect::<Vec<_>>(),
                y.workdays,
                y.cancelled_workdays
            ));
        }
    }
    hex::encode(&h.finalize()[..6])
}

#[cfg(test)]
mod tests;
