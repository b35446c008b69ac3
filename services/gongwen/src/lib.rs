//! The suite as a whole: where it is assembled (`assemble`) and the table of
//! every error code it answers with (`errors`).

pub mod api_doc;
pub mod assemble;
pub mod errors;
