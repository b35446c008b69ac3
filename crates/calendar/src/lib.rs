//! Working days and deadlines, the way Chinese administrative time limits are
//! counted: State Council holidays with their make-up working days (调休), a
//! regional overlay where the rulebook has one (Xinjiang's 肉孜节 and 古尔邦节),
//! the day of dispatch not counted, a limit ending at the close of its last day
//! (民法典 第二百零一条、第二百零三条).
//!
//! Holiday data are files under `calendars/` (one `[[years]]` entry per
//! notice). A year whose notice is not out yet is **provisional**: its
//! holidays are computed from the rules in force (`provisional`), and every
//! answer says when it rests on such a year.

mod clock;
mod data;
mod deadline;
pub mod notices;
mod provisional;
mod year;

pub use clock::{Clock, ManualClock, OffsetClock, SystemClock};
pub use data::Region;
pub use deadline::{Basis, Calendar};
pub use notices::Notices;
pub use year::{HolidayRange, YearData};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("no holiday data for {year} ({region}): the calendar covers 2015 to 2099")]
    NoData { region: String, year: i32 },
    #[error("calendar data {name}: {message}")]
    Invalid { name: String, message: String },
    #[error("unknown regional overlay {0:?} (known: xinjiang)")]
    UnknownRegion(String),
    #[error("a working-day limit must be at least 1 day")]
    ZeroLimit,
    #[error("date out of range")]
    OutOfRange,
}
