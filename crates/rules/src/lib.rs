//! The rulebooks and the intake checks. Pure: no I/O (but `load`, which
//! reads a rulebook file), no clock.
//!
//! Each intake check lives in `intake/<check>.rs`, has a stable code and
//! cites the articles of the active rulebook. `grep -rn 五十六` finds the
//! rule, its rulebook entries and its tests.

pub mod check_file;
pub mod document;
pub mod eval;
pub mod finding;
pub mod intake;
pub mod load;
pub mod reading;
pub mod rulebook;
pub mod text;

pub use finding::{Evidence, Finding, Severity};
pub use load::load;
pub use rulebook::{Rulebook, builtin};
