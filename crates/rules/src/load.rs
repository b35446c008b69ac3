//! Loading the rulebook a deployment names: a built-in one, or a file read
//! from disk and refused with every problem `gongwen rulebook check` lists.
//! The one place in this crate that reads a file.

use crate::{
    check_file,
    rulebook::{BUILTIN, Error, Rulebook, builtin},
};

/// A built-in rulebook by name, or a rulebook file by path.
pub fn load(spec: &str) -> Result<Rulebook, Error> {
    if BUILTIN.iter().any(|(n, _)| *n == spec) {
        return builtin(spec);
    }
    match std::fs::read_to_string(spec) {
        Ok(text) => {
            // Refuse with every problem at once, as `gongwen rulebook check` lists them.
            let problems = check_file::check(spec, &text);
            if !problems.is_empty() {
                let message = problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
                return Err(Error::Invalid { name: spec.to_owned(), message });
            }
            Rulebook::from_toml(spec, &text)
        }
        Err(e) => Err(Error::Invalid {
            name: spec.to_owned(),
            message: format!("not a built-in rulebook and not a readable file: {e}"),
        }),
    }
}
