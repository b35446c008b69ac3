//! The sample directories shipped with the binary, one per seed municipality.

use crate::{Directory, Error};

/// (name, TOML text) of every built-in directory; names match the rulebooks'.
pub const BUILTIN: &[(&str, &str)] = &[
    ("zhangye", include_str!("../../../directories/zhangye.toml")),
    ("ziyang", include_str!("../../../directories/ziyang.toml")),
    ("yueqing", include_str!("../../../directories/yueqing.toml")),
    ("urumqi", include_str!("../../../directories/urumqi.toml")),
    ("jining", include_str!("../../../directories/jining.toml")),
];

pub fn builtin(name: &str) -> Result<Directory, Error> {
    let (_, text) = BUILTIN.iter().find(|(n, _)| *n == name).ok_or_else(|| {
        Error::UnknownBuiltin(name.to_owned(), BUILTIN.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", "))
    })?;
    Directory::from_toml(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_directory_loads_and_resolves_its_names() {
        for (name, _) in BUILTIN {
            let dir = builtin(name).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(dir.is_government_name("市政府"), "{name}");
            assert_eq!(dir.department_by_name("市审计局").map(|d| d.id.as_str()), Some("audit"), "{name}");
            assert!(dir.leaders().len() >= 5, "{name}");
        }
    }

    #[test]
    fn an_unknown_parent_is_refused() {
        let text = BUILTIN[0].1.replace("parent = \"audit\"", "parent = \"nowhere\"");
        let err = Directory::from_toml(&text).unwrap_err().to_string();
        assert!(err.contains("nowhere"), "{err}");
    }
}
