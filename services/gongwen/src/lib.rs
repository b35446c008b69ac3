//! The suite as a whole: where it is assembled (`assemble`) and the table of
//! every error code it answers with (`errors`).

pub mod assemble;
pub mod errors;
