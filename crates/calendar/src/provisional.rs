//! Provisional years: the holidays of a year whose notice is not out yet,
//! computed from the rules in force, so deadlines never stop at the end of
//! the data. A provisional year has no make-up working days (调休): a notice
//! sets those, and they cannot be predicted.
//!
//! National: 《全国年节及纪念日放假办法》 as amended by 国务院令第795号 (in
//! force from 2025-01-01) — 元旦 1 day, 春节 4 days (除夕 and 初一 to 初三), 清明
//! 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3; before 2025 the 2013 text (春节 初一 to
//! 初三, 劳动节 1). Its 第六条: a holiday for all citizens that falls on a
//! Saturday or Sunday is made up on a working day (补假), here the next one.
//! Lunar dates and 清明 come from `tyme4rs`.
//!
//! Xinjiang: 肉孜节 (1 Shawwal) 1 day and 古尔邦节 (10 Dhu al-Hijjah and the two
//! days after) 3 days, from the Islamic calendar of `tyme4rs`; the region's
//! notice may move them by a day and lengthen them, which is why such a year
//! stays provisional until it is published.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use tyme4rs::tyme::{
    hijri::HijriDay,
    lunar::LunarDay,
    solar::{SolarDay, SolarTerm},
};

use crate::year::{HolidayRange, YearData};

/// The first year the 2025 amendment (国务院令第795号) applies to.
const AMENDED_2025: i32 = 2025;

pub const NATIONAL_SOURCE: &str = "provisional: computed from 全国年节及纪念日放假办法 (国务院令第795号, in force from \
                                   2025-01-01; 第六条 weekend holidays made up on the next working day); no make-up \
                                   working days until the State Council's notice for the year is published";
pub const XINJIANG_SOURCE: &str = "provisional: 肉孜节 (1 Shawwal, 1 day) and 古尔邦节 (10 Dhu al-Hijjah, 3 days) from the \
                                   Islamic calendar; until the autonomous region's notice for the year is published";

fn date(s: SolarDay) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(i32::try_from(s.get_year()).ok()?, s.get_month() as u32, s.get_day() as u32)
}

fn lunar(year: i32, month: isize, day: usize) -> Option<NaiveDate> {
    date(LunarDay::from_ymd(year as isize, month, day).get_solar_day())
}

fn range(name: &str, from: NaiveDate, days: u64) -> HolidayRange {
    HolidayRange { name: name.to_owned(), from, to: from + Days::new(days - 1) }
}

fn weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The national statutory holidays of `year`, with 第六条's 补假.
pub fn national(year: i32) -> Option<YearData> {
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);
    let spring = lunar(year, 1, 1)?;
    let qingming = date(SolarTerm::from_name(year as isize, "清明").get_solar_day())?;
    let mut holidays = if year >= AMENDED_2025 {
        vec![
            range("元旦", ymd(1, 1)?, 1),
            range("春节", spring.pred_opt()?, 4),
            range("清明节", qingming, 1),
            range("劳动节", ymd(5, 1)?, 2),
            range("端午节", lunar(year, 5, 5)?, 1),
            range("中秋节", lunar(year, 8, 15)?, 1),
            range("国庆节", ymd(10, 1)?, 3),
        ]
    } else {
        vec![
            range("元旦", ymd(1, 1)?, 1),
            range("春节", spring, 3),
            range("清明节", qingming, 1),
            range("劳动节", ymd(5, 1)?, 1),
            range("端午节", lunar(year, 5, 5)?, 1),
            range("中秋节", lunar(year, 8, 15)?, 1),
            range("国庆节", ymd(10, 1)?, 3),
        ]
    };
    // 第六条: 适逢星期六、星期日，应当在工作日补假.
    let off = |hs: &[HolidayRange], d: NaiveDate| hs.iter().any(|h| h.from <= d && d <= h.to);
    let mut make_up = Vec::new();
    for h in &holidays {
        let mut d = h.from;
        while d <= h.to {
            if weekend(d) {
                make_up.push(h.name.clone());
            }
            d = d.succ_opt()?;
        }
    }
    for name in make_up {
        let last = holidays.iter().filter(|h| h.name == name).map(|h| h.to).max()?;
        let mut d = last.succ_opt()?;
        while weekend(d) || off(&holidays, d) {
            d = d.succ_opt()?;
        }
        if d.year() == year {
            holidays.push(HolidayRange { name: format!("{name}（补假）"), from: d, to: d });
        }
    }
    holidays.sort_by_key(|h| h.from);
    Some(YearData {
        year,
        source: NATIONAL_SOURCE.to_owned(),
        holidays,
        workdays: Vec::new(),
        cancelled_workdays: Vec::new(),
        provisional: true,
    })
}

/// Xinjiang's 肉孜节 and 古尔邦节 in `year`.
pub fn xinjiang(year: i32) -> Option<YearData> {
    let mut holidays = Vec::new();
    // The Islamic year is about 11 days shorter: look at the three that can touch `year`.
    let approx = (f64::from(year - 622) * 33.0 / 32.0) as isize;
    for h in approx - 1..=approx + 2 {
        let fitr = date(HijriDay::from_ymd(h, 10, 1).get_solar_day())?;
        if fitr.year() == year {
            holidays.push(range("肉孜节", fitr, 1));
        }
        let adha = date(HijriDay::from_ymd(h, 12, 10).get_solar_day())?;
        if adha.year() == year {
            holidays.push(range("古尔邦节", adha, 3));
        }
    }
    holidays.sort_by_key(|h| h.from);
    Some(YearData {
        year,
        source: XINJIANG_SOURCE.to_owned(),
        holidays,
        workdays: Vec::new(),
        cancelled_workdays: Vec::new(),
        provisional: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn has(y: &YearData, name: &str, from: &str, to: &str) -> bool {
        y.holidays.iter().any(|h| h.name == name && h.from == d(from) && h.to == d(to))
    }

    #[test]
    fn the_statutory_days_of_2027() {
        // 2027: 春节 (初一) is 02-06, 清明 04-05, 端午 06-09, 中秋 09-15.
        let y = national(2027).unwrap();
        assert!(has(&y, "春节", "2027-02-05", "2027-02-08"), "{:#?}", y.holidays);
        assert!(has(&y, "清明节", "2027-04-05", "2027-04-05"));
        assert!(has(&y, "劳动节", "2027-05-01", "2027-05-02"));
        assert!(has(&y, "端午节", "2027-06-09", "2027-06-09"));
        assert!(has(&y, "中秋节", "2027-09-15", "2027-09-15"));
        assert!(has(&y, "国庆节", "2027-10-01", "2027-10-03"));
        assert!(y.workdays.is_empty() && y.provisional);
    }

    #[test]
    fn a_holiday_on_a_weekend_is_made_up_on_the_next_working_day() {
        // 2027-05-01 and 05-02 are a Saturday and a Sunday: two days made up, 05-03 and 05-04.
        let y = national(2027).unwrap();
        let made_up: Vec<_> = y.holidays.iter().filter(|h| h.name == "劳动节（补假）").map(|h| h.from).collect();
        assert_eq!(made_up, [d("2027-05-03"), d("2027-05-04")]);
    }

    #[test]
    fn xinjiangs_festivals_follow_the_islamic_calendar() {
        // 2024: 肉孜节 04-10, 古尔邦节 from 06-16 (the region's notice gave 06-17 to 06-19).
        let y = xinjiang(2024).unwrap();
        let fitr = y.holidays.iter().find(|h| h.name == "肉孜节").unwrap().from;
        let adha = y.holidays.iter().find(|h| h.name == "古尔邦节").unwrap().from;
        assert!((fitr - d("2024-04-10")).num_days().abs() <= 1, "{fitr}");
        assert!((adha - d("2024-06-16")).num_days().abs() <= 1, "{adha}");
        assert!(xinjiang(2027).unwrap().holidays.len() >= 2);
    }
}
