//! Principals and clearances.

use std::{fmt, str::FromStr};

use gongwen_proto::common::v1::Classification;
use serde::{Deserialize, Serialize};

use crate::Error;

/// What a caller is, as the authorisation rules see it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Role {
    /// A department (委办局) of the government, by its directory id.
    Department(String),
    /// A leader of the government, by directory id.
    Leader(String),
    /// The government office (办公室): 拟办, verification, supervision.
    Office,
    /// Another gongwen service or platform, named by its certificate or token.
    Service(String),
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Role::Department(d) => write!(f, "department:{d}"),
            Role::Leader(l) => write!(f, "leader:{l}"),
            Role::Office => f.write_str("office"),
            Role::Service(s) => write!(f, "service:{s}"),
        }
    }
}

impl FromStr for Role {
    type Err = Error;

    /// `department:<id>`, `leader:<id>`, `office` or `service:<name>` — the
    /// token's `sub`.
    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = || Error::BadSubject(s.to_owned());
        if s == "office" {
            return Ok(Role::Office);
        }
        let (kind, id) = s.split_once(':').ok_or_else(bad)?;
        if id.is_empty() || id.trim() != id {
            return Err(bad());
        }
        match kind {
            "department" => Ok(Role::Department(id.to_owned())),
            "leader" => Ok(Role::Leader(id.to_owned())),
            "service" => Ok(Role::Service(id.to_owned())),
            _ => Err(bad()),
        }
    }
}

/// 涉密人员的知悉范围: the highest classification a principal may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clearance {
    #[default]
    Unclassified,
    /// 秘密
    Confidential,
    /// 机密
    Secret,
    /// 绝密
    TopSecret,
}

impl Clearance {
    /// Whether content marked `level` (a `common.v1.Classification`) may be shown.
    pub fn permits(self, level: i32) -> bool {
        let needed = match Classification::try_from(level).unwrap_or(Classification::Unspecified) {
            Classification::Unspecified | Classification::Unclassified => Clearance::Unclassified,
            Classification::Confidential => Clearance::Confidential,
            Classification::Secret => Clearance::Secret,
            Classification::TopSecret => Clearance::TopSecret,
        };
        self >= needed
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Clearance::Unclassified => "unclassified",
            Clearance::Confidential => "confidential",
            Clearance::Secret => "secret",
            Clearance::TopSecret => "top_secret",
        }
    }
}

impl FromStr for Clearance {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Ok(match s {
            "unclassified" | "非密" | "" => Clearance::Unclassified,
            "confidential" | "秘密" => Clearance::Confidential,
            "secret" | "机密" => Clearance::Secret,
            "top_secret" | "绝密" => Clearance::TopSecret,
            _ => return Err(Error::BadClearance(s.to_owned())),
        })
    }
}

/// An authenticated caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub role: Role,
    pub clearance: Clearance,
}

impl Principal {
    pub fn new(role: Role, clearance: Clearance) -> Self {
        Self { role, clearance }
    }

    /// The principal a request carries, put there by [`crate::AuthLayer`].
    pub fn of<T>(req: &tonic::Request<T>) -> Option<&Principal> {
        req.extensions().get::<Principal>()
    }

    pub fn department(&self) -> Option<&str> {
        match &self.role {
            Role::Department(d) => Some(d),
            _ => None,
        }
    }

    pub fn leader(&self) -> Option<&str> {
        match &self.role {
            Role::Leader(l) => Some(l),
            _ => None,
        }
    }

    pub fn is_office(&self) -> bool {
        self.role == Role::Office
    }

    pub fn is_service(&self) -> bool {
        matches!(self.role, Role::Service(_))
    }
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.role.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_round_trip() {
        for s in ["department:audit", "leader:vm-zhao", "office", "service:intake"] {
            assert_eq!(s.parse::<Role>().unwrap().to_string(), s);
        }
        for bad in ["audit", "department:", "mayor:x", "leader: x", ""] {
            assert!(bad.parse::<Role>().is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn clearance_orders_levels() {
        let secret = Classification::Secret as i32;
        assert!(Clearance::TopSecret.permits(secret));
        assert!(Clearance::Secret.permits(secret));
        assert!(!Clearance::Confidential.permits(secret));
        assert!(Clearance::Unclassified.permits(Classification::Unclassified as i32));
        assert!(Clearance::Unclassified.permits(0));
        assert!(!Clearance::Unclassified.permits(Classification::Confidential as i32));
        assert_eq!("机密".parse::<Clearance>().unwrap(), Clearance::Secret);
        assert!("cosmic".parse::<Clearance>().is_err());
    }
}
