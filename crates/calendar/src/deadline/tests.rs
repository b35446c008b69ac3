//! Real dates from the notices, then properties, then a day-by-day cross-check.

use chrono::{Datelike, NaiveDate, NaiveTime, TimeZone, Utc};
use proptest::prelude::*;

use crate::{Calendar, Error};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(s: &str) -> chrono::DateTime<Utc> {
    chrono_tz::Asia::Shanghai.from_local_datetime(&s.parse().unwrap()).unwrap().with_timezone(&Utc)
}

#[test]
fn seven_working_days_from_2026_09_30_cross_the_national_day_holiday_and_its_make_up_day() {
    // 国庆节 2026-10-01..07 off; Saturday 10-10 is worked.
    let c = Calendar::national();
    assert_eq!(c.add_working_days(d("2026-09-30"), 7).unwrap(), d("2026-10-15"));
    assert!(c.is_working_day(d("2026-10-10")).unwrap());
    assert!(!c.is_working_day(d("2026-10-05")).unwrap());
    assert_eq!(c.working_day_deadline(at("2026-09-30T16:00:00"), 7).unwrap(), at("2026-10-16T00:00:00"));
    let closing = c.clone().office_end(Some(NaiveTime::from_hms_opt(17, 30, 0).unwrap()));
    assert_eq!(closing.working_day_deadline(at("2026-09-30T16:00:00"), 7).unwrap(), at("2026-10-15T17:30:00"));
}

#[test]
fn spring_festival_2020_was_extended_to_2_february_and_its_make_up_saturday_cancelled() {
    // 国办发明电〔2020〕1号: holiday to 2020-02-02; 2020-02-01 (Sat) no longer worked.
    let c = Calendar::national();
    for day in ["2020-01-24", "2020-01-31", "2020-02-01", "2020-02-02"] {
        assert!(!c.is_working_day(d(day)).unwrap(), "{day}");
    }
    assert!(c.is_working_day(d("2020-01-19")).unwrap(), "Sunday 2020-01-19 was worked");
    assert_eq!(c.next_working_day(d("2020-01-23")).unwrap(), d("2020-02-03"));
}

#[test]
fn make_up_days_of_2019_and_2024_are_worked() {
    let c = Calendar::national();
    // 2019: 国庆 10-01..07, Sunday 09-29 and Saturday 10-12 worked.
    assert!(c.is_working_day(d("2019-09-29")).unwrap());
    assert!(c.is_working_day(d("2019-10-12")).unwrap());
    assert!(!c.is_working_day(d("2019-10-07")).unwrap());
    // 2024: 春节 02-10..17, Sunday 02-04 and Sunday 02-18 worked.
    assert!(c.is_working_day(d("2024-02-04")).unwrap());
    assert!(c.is_working_day(d("2024-02-18")).unwrap());
    assert!(!c.is_working_day(d("2024-02-16")).unwrap());
    // 2015: the 70th anniversary of victory, 09-03..05 off, Sunday 09-06 worked.
    assert!(!c.is_working_day(d("2015-09-03")).unwrap());
    assert!(c.is_working_day(d("2015-09-06")).unwrap());
}

#[test]
fn jining_three_working_days_and_one_calendar_week_for_complex_matters() {
    let c = Calendar::national();
    // Sent Thursday 2026-04-30; 05-01..05 off, Saturday 05-09 worked.
    assert_eq!(c.add_working_days(d("2026-04-30"), 3).unwrap(), d("2026-05-08"));
    // One week from Monday 2026-03-02 ends Monday 03-09 at 24:00.
    assert_eq!(c.calendar_day_deadline(at("2026-03-02T10:00:00"), 7).unwrap(), at("2026-03-10T00:00:00"));
    // One week from 2026-09-28 ends on 10-05, a holiday: it moves to 10-08.
    assert_eq!(c.calendar_day_deadline(at("2026-09-28T10:00:00"), 7).unwrap(), at("2026-10-09T00:00:00"));
}

#[test]
fn urumqi_counts_xinjiangs_regional_holidays() {
    let national = Calendar::national();
    let xj = Calendar::with_overlay(Some("xinjiang")).unwrap();
    // 2025: 古尔邦节 06-06..10 (Fri–Tue) in Xinjiang only.
    assert!(national.is_working_day(d("2025-06-09")).unwrap());
    assert!(!xj.is_working_day(d("2025-06-09")).unwrap());
    assert_eq!(xj.day_off_reason(d("2025-06-09")).unwrap().as_deref(), Some("古尔邦节"));
    // 7 working days from Wednesday 2025-06-04: 05, 11, 12, 13, 16, 17, 18.
    assert_eq!(xj.add_working_days(d("2025-06-04"), 7).unwrap(), d("2025-06-18"));
    assert_eq!(national.add_working_days(d("2025-06-04"), 7).unwrap(), d("2025-06-13"));
    // 2023: 肉孜节 observed Friday 04-21.
    assert!(!xj.is_working_day(d("2023-04-21")).unwrap());
    // 2026: 肉孜节 03-20..22, 古尔邦节 05-27..31 (Wednesday to Sunday).
    assert!(!xj.is_working_day(d("2026-03-20")).unwrap());
    assert_eq!(xj.next_working_day(d("2026-05-26")).unwrap(), d("2026-06-01"));
    assert_eq!(national.next_working_day(d("2026-05-26")).unwrap(), d("2026-05-27"));
}

#[test]
fn a_year_without_its_notice_is_provisional_not_an_error() {
    let c = Calendar::national();
    assert!(c.is_working_day(d("2027-03-01")).unwrap());
    assert!(!c.is_working_day(d("2027-10-01")).unwrap(), "国庆 by the rules in force");
    assert_eq!(c.provisional_years(d("2026-12-28"), d("2027-01-15")), [2027]);
    assert!(c.provisional_years(d("2026-01-05"), d("2026-12-31")).is_empty());
    assert_eq!(c.is_working_day(d("2100-03-01")), Err(Error::NoData { region: "national".into(), year: 2100 }));
    assert_eq!(Calendar::national().add_working_days(d("2026-01-05"), 0), Err(Error::ZeroLimit));
}

#[test]
fn a_jining_round_opened_on_2026_12_29_and_an_urumqi_one_on_12_24_get_provisional_due_dates() {
    // 3 working days (jining 五十九): 12-30, 12-31, then 元旦 (2027, provisional) and a weekend: 01-04.
    let c = Calendar::national();
    assert_eq!(c.add_working_days(d("2026-12-29"), 3).unwrap(), d("2027-01-04"));
    assert_eq!(c.provisional_years(d("2026-12-29"), d("2027-01-04")), [2027]);
    // 7 working days (urumqi 四十九) with Xinjiang's overlay: 12-25, 28, 29, 30, 31, 01-04, 01-05.
    let xj = Calendar::with_overlay(Some("xinjiang")).unwrap();
    assert_eq!(xj.add_working_days(d("2026-12-24"), 7).unwrap(), d("2027-01-05"));
    assert_eq!(xj.provisional_years(d("2026-12-24"), d("2027-01-05")), [2027]);
}

#[test]
fn urumqi_deadlines_work_for_every_date_2015_to_2027() {
    let xj = Calendar::with_overlay(Some("xinjiang")).unwrap();
    let mut day = d("2015-01-01");
    while day <= d("2027-12-31") {
        assert!(xj.add_working_days(day, 7).is_ok(), "{day}");
        day = day.succ_opt().unwrap();
    }
    // Years without the region's notice are provisional; 2022, 2023, 2025, 2026 are published.
    for (year, provisional) in [(2015, true), (2019, true), (2022, false), (2024, false), (2026, false), (2027, true)] {
        assert_eq!(xj.is_provisional(year), provisional, "{year}");
    }
}

#[test]
fn xinjiang_2016_merged_its_gurban_festival_with_mid_autumn_and_worked_a_saturday() {
    // 新政办明电〔2016〕262号 (from reprints): 古尔邦节 09-11 to 09-17, 09-10 (Saturday) a regional
    // working day, 09-18 (Sunday) the national make-up day. 2016's 肉孜节 has no notice at hand.
    let xj = Calendar::with_overlay(Some("xinjiang")).unwrap();
    assert!(xj.is_working_day(d("2016-09-10")).unwrap());
    for day in ["2016-09-11", "2016-09-14", "2016-09-17"] {
        assert!(!xj.is_working_day(d(day)).unwrap(), "{day}");
    }
    assert!(xj.is_working_day(d("2016-09-18")).unwrap());
    assert!(xj.is_provisional(2016), "肉孜节 is computed");
    // 2024 (reported from the region's notice): 肉孜节 04-10, 古尔邦节 06-17 to 06-19.
    for day in ["2024-04-10", "2024-06-17", "2024-06-19"] {
        assert!(!xj.is_working_day(d(day)).unwrap(), "{day}");
    }
}

#[test]
fn a_region_can_cancel_a_national_make_up_day() {
    // Xinjiang did so in 2014 (09-28, 10-11); the overlay model says it with cancelled_workdays.
    let overlay = crate::Region::from_toml(
        "test",
        "region = \"xinjiang\"\n[[years]]\nyear = 2026\nsource = \"test notice\"\nholidays = []\nworkdays = []\ncancelled_workdays = [\"2026-10-10\"]\n",
    )
    .unwrap();
    let c = Calendar::with_regions(crate::Region::national(), Some(overlay));
    assert!(Calendar::national().is_working_day(d("2026-10-10")).unwrap(), "a national make-up Saturday");
    assert!(!c.is_working_day(d("2026-10-10")).unwrap());
}

#[test]
fn every_day_2015_to_2026_agrees_with_the_state_councils_arrangements_in_tyme4rs() {
    // An independent source: tyme4rs's legal-holiday table (2001-2026).
    let c = Calendar::national();
    let mut day = d("2015-01-01");
    let mut disagreements = Vec::new();
    while day <= d("2026-12-31") {
        let theirs = match tyme4rs::tyme::holiday::LegalHoliday::from_ymd(
            day.year() as isize,
            day.month() as usize,
            day.day() as usize,
        ) {
            Some(h) => h.is_work(),
            None => !matches!(day.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun),
        };
        if c.is_working_day(day).unwrap() != theirs {
            disagreements.push(day);
        }
        day = day.succ_opt().unwrap();
    }
    assert_eq!(disagreements, Vec::<NaiveDate>::new());
}

#[test]
fn every_day_2015_to_2026_agrees_with_the_chinese_holiday_crate() {
    // chinese_holiday covers up to 2026-12-25 and panics beyond.
    let c = Calendar::national();
    let mut day = d("2015-01-01");
    let mut disagreements = Vec::new();
    while day <= d("2026-12-25") {
        let ymd = (day.year() as u16, day.month() as u8, day.day() as u8);
        let theirs = chinese_holiday::chinese_holiday(ymd).is_workday();
        if c.is_working_day(day).unwrap() != theirs {
            disagreements.push(day);
        }
        day = day.succ_opt().unwrap();
    }
    // Where the crate contradicts the notices; our data follows the notices:
    // 国办发明电〔2015〕18号: 10月8日（星期六）、10月9日（星期日）上班;
    // 2016-12-30 is an ordinary Friday (2017's 元旦 is 1 Jan, 补休 on 2 Jan).
    assert_eq!(disagreements, [d("2016-10-09"), d("2016-12-30")]);
    assert!(c.is_working_day(d("2016-10-09")).unwrap() && c.is_working_day(d("2016-12-30")).unwrap());
}

fn date_in_range() -> impl Strategy<Value = NaiveDate> {
    (0i64..(365 * 12 - 60)).prop_map(|o| d("2015-01-01") + chrono::Duration::days(o))
}

proptest! {
    #[test]
    fn counting_back_gives_the_limit(start in date_in_range(), n in 1u32..40) {
        let c = Calendar::national();
        let end = c.add_working_days(start, n).unwrap();
        prop_assert_eq!(c.working_days_between(start, end).unwrap(), n);
    }

    #[test]
    fn a_limit_never_ends_on_a_day_off(start in date_in_range(), n in 1u32..40) {
        let c = Calendar::with_overlay(None).unwrap();
        let end = c.add_working_days(start, n).unwrap();
        prop_assert!(c.is_working_day(end).unwrap());
        let week = c.calendar_day_deadline(c.end_of(start).unwrap() - chrono::Duration::hours(1), 7).unwrap();
        prop_assert!(c.is_working_day(c.local_date(week - chrono::Duration::seconds(1))).unwrap());
    }

    #[test]
    fn deadlines_are_monotonic(a in date_in_range(), gap in 0i64..30, n in 1u32..20, m in 0u32..20) {
        let c = Calendar::national();
        let b = a + chrono::Duration::days(gap);
        prop_assert!(c.add_working_days(a, n).unwrap() <= c.add_working_days(b, n).unwrap());
        prop_assert!(c.add_working_days(a, n).unwrap() < c.add_working_days(a, n + m + 1).unwrap());
    }
}

#[test]
fn a_seasonal_close_of_business_ends_a_limit_at_its_seasons_close() {
    let t = |s: &str| chrono::NaiveTime::parse_from_str(s, "%H:%M").unwrap();
    let c =
        Calendar::with_overlay(Some("xinjiang")).unwrap().seasonal_close(vec![(10, 1, t("19:30")), (5, 1, t("20:00"))]);
    assert_eq!(c.close_of_business(d("2025-06-18")), Some(t("20:00")), "summer hours");
    assert_eq!(c.close_of_business(d("2025-10-01")), Some(t("19:30")), "winter hours from 10-01");
    assert_eq!(c.close_of_business(d("2027-01-05")), Some(t("19:30")), "January is still winter");
    assert_eq!(c.close_of_business(d("2027-04-30")), Some(t("19:30")));
    assert_eq!(c.close_of_business(d("2027-05-01")), Some(t("20:00")));
    // 20:00 Beijing time is 12:00 UTC.
    assert_eq!(c.end_of(d("2025-06-18")).unwrap().to_rfc3339(), "2025-06-18T12:00:00+00:00");
    // Without seasons, the configured close, else 24:00.
    assert_eq!(Calendar::national().office_end(Some(t("17:30"))).close_of_business(d("2025-06-18")), Some(t("17:30")));
    assert_eq!(Calendar::national().close_of_business(d("2025-06-18")), None);
}
