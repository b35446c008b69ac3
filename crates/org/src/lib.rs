//! The organisation directory of one municipal government: its departments
//! (with their kind, place in the hierarchy, principal head and remit) and its
//! leaders (with portfolios, A/B partners and backups).
//!
//! Pure data: loaded from a TOML file, validated once, then only read.

use std::collections::{BTreeSet, HashMap};

use serde::Deserialize;

mod builtin;

pub use builtin::{BUILTIN, builtin};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("directory file is not valid TOML: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("directory is inconsistent: {0}")]
    Invalid(String),
    #[error("no built-in directory named {0:?} (known: {1})")]
    UnknownBuiltin(String, String),
}

/// What kind of body a unit is; decides whether it may write to the
/// government at all (Jining 五十六) and what its superior is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// 政府办公室/办公厅: the government's own general office.
    GovernmentOffice,
    /// 组成部门
    ComponentDepartment,
    /// 直属机构 / 直属特设机构
    DirectlyAffiliated,
    /// 部门管理机构
    ManagedAgency,
    /// 议事协调机构
    CoordinationBody,
    /// 临时机构
    TemporaryBody,
    /// 行业协会
    IndustryAssociation,
    /// 部门内设机构
    InternalUnit,
    /// 县（市、区）人民政府
    CountyGovernment,
    /// 乡镇人民政府 / 街道办事处 (under a county)
    TownshipGovernment,
    /// 县级部门 (under a county government)
    CountyDepartment,
    /// A body outside the government's line (e.g. a vertically managed agency): writes 函.
    External,
}

impl UnitKind {
    /// Bodies that may not write to the government themselves; their
    /// supervising department does (Jining 五十六).
    pub fn is_ineligible_sender(self) -> bool {
        matches!(
            self,
            Self::CoordinationBody
                | Self::TemporaryBody
                | Self::IndustryAssociation
                | Self::InternalUnit
                | Self::ManagedAgency
        )
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Department {
    pub id: String,
    pub name: String,
    /// Other names the unit goes by in recipient lines (e.g. 市审计局 / 济宁市审计局).
    #[serde(default)]
    pub aliases: Vec<String>,
    pub kind: UnitKind,
    /// The unit's direct superior when it is not the municipal government itself.
    #[serde(default)]
    pub parent: Option<String>,
    /// 主要负责人
    pub principal_head: String,
    /// Who may sign for the principal head (主持工作的副职 while the post is
    /// vacant or the head away), as the directory records it.
    #[serde(default)]
    pub delegates: Vec<String>,
    /// Subjects the unit decides itself (its 职责范围): a matter on one of them
    /// goes to the unit, not to the government (Jining 五十五).
    #[serde(default)]
    pub remit: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeaderRole {
    Mayor,
    ExecutiveDeputyMayor,
    DeputyMayor,
    SecretaryGeneral,
    DeputySecretaryGeneral,
    /// 办公室主任: where the office is run by its director, not a secretary-general (yueqing 第十条).
    OfficeDirector,
    /// 办公室副主任.
    DeputyOfficeDirector,
}

impl LeaderRole {
    /// Runs the government's office (秘书长、副秘书长, or 办公室主任、副主任).
    pub fn runs_the_office(self) -> bool {
        matches!(
            self,
            Self::SecretaryGeneral | Self::DeputySecretaryGeneral | Self::OfficeDirector | Self::DeputyOfficeDirector
        )
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Leader {
    pub id: String,
    pub name: String,
    pub role: LeaderRole,
    /// Departments in the leader's portfolio (分管).
    #[serde(default)]
    pub departments: Vec<String>,
    /// Subjects in the leader's portfolio.
    #[serde(default)]
    pub subjects: Vec<String>,
    /// A/B partner (互为AB角, Ziyang 五十七).
    #[serde(default)]
    pub ab_partner: Option<String>,
    /// Designated backup (工作补位, Jining 八).
    #[serde(default)]
    pub backup: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Government {
    pub municipality: String,
    /// Full name, e.g. 济宁市人民政府.
    pub name: String,
    /// Other names the government goes by in recipient lines (市政府, 市人民政府 …).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The id of the general office among `departments`.
    pub office: String,
}

/// One turn of the holiday duty roster (值班带班, ziyang 七十三): the leader on
/// duty from one day to another (inclusive).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutyShift {
    pub leader: String,
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectoryFile {
    government: Government,
    #[serde(default)]
    departments: Vec<Department>,
    #[serde(default)]
    leaders: Vec<Leader>,
    #[serde(default)]
    duty: Vec<DutyShift>,
}

#[derive(Debug, Clone)]
pub struct Directory {
    pub government: Government,
    departments: Vec<Department>,
    leaders: Vec<Leader>,
    duty: Vec<DutyShift>,
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    leader_by_id: HashMap<String, usize>,
}

impl Directory {
    pub fn from_toml(text: &str) -> Result<Self, Error> {
        let file: DirectoryFile = toml::from_str(text)?;
        Self::build(file)
    }

    fn build(file: DirectoryFile) -> Result<Self, Error> {
        let mut by_id = HashMap::new();
        let mut by_name = HashMap::new();
        for (i, d) in file.departments.iter().enumerate() {
            if by_id.insert(d.id.clone(), i).is_some() {
                return Err(Error::Invalid(format!("duplicate department id {:?}", d.id)));
            }
            for n in std::iter::once(&d.name).chain(&d.aliases) {
                by_name.insert(normalize_name(n), i);
            }
        }
        let mut leader_by_id = HashMap::new();
        for (i, l) in file.leaders.iter().enumerate() {
            if leader_by_id.insert(l.id.clone(), i).is_some() {
                return Err(Error::Invalid(format!("duplicate leader id {:?}", l.id)));
            }
        }
        let dir = Self {
            government: file.government,
            departments: file.departments,
            leaders: file.leaders,
            duty: file.duty,
            by_id,
            by_name,
            leader_by_id,
        };
        dir.validate()?;
        Ok(dir)
    }

    fn validate(&self) -> Result<(), Error> {
        let office = self.department(&self.government.office).ok_or_else(|| {
            Error::Invalid(format!("government.office {:?} is not a department", self.government.office))
        })?;
        if office.kind != UnitKind::GovernmentOffice {
            return Err(Error::Invalid(format!("government.office {:?} is not of kind government_office", office.id)));
        }
        for d in &self.departments {
            if let Some(p) = &d.parent
                && self.department(p).is_none()
            {
                return Err(Error::Invalid(format!("department {:?}: parent {p:?} is unknown", d.id)));
            }
        }
        let mut mayors = 0;
        let mut executives = 0;
        for l in &self.leaders {
            match l.role {
                LeaderRole::Mayor => mayors += 1,
                LeaderRole::ExecutiveDeputyMayor => executives += 1,
                _ => {}
            }
            for d in &l.departments {
                if self.department(d).is_none() {
                    return Err(Error::Invalid(format!("leader {:?}: portfolio department {d:?} is unknown", l.id)));
                }
            }
            for other in l.ab_partner.iter().chain(&l.backup) {
                if self.leader(other).is_none() {
                    return Err(Error::Invalid(format!("leader {:?}: partner/backup {other:?} is unknown", l.id)));
                }
            }
        }
        for shift in &self.duty {
            if self.leader(&shift.leader).is_none() || shift.to < shift.from {
                return Err(Error::Invalid(format!(
                    "duty {:?} {}..{}: unknown leader or empty range",
                    shift.leader, shift.from, shift.to
                )));
            }
        }
        if mayors != 1 || executives != 1 {
            return Err(Error::Invalid(format!(
                "a directory needs exactly one mayor and one executive deputy mayor (found {mayors} and {executives})"
            )));
        }
        Ok(())
    }

    pub fn department(&self, id: &str) -> Option<&Department> {
        self.by_id.get(id).map(|&i| &self.departments[i])
    }

    pub fn departments(&self) -> &[Department] {
        &self.departments
    }

    /// A unit by any of its names as written in a recipient line.
    pub fn department_by_name(&self, name: &str) -> Option<&Department> {
        self.by_name.get(&normalize_name(name)).map(|&i| &self.departments[i])
    }

    pub fn leader(&self, id: &str) -> Option<&Leader> {
        self.leader_by_id.get(id).map(|&i| &self.leaders[i])
    }

    /// The leader on holiday duty on `day`, if the roster names one.
    pub fn on_duty(&self, day: chrono::NaiveDate) -> Option<&str> {
        self.duty.iter().find(|s| s.from <= day && day <= s.to).map(|s| s.leader.as_str())
    }

    pub fn leaders(&self) -> &[Leader] {
        &self.leaders
    }

    /// True when `name` designates the government itself or its general office.
    pub fn is_government_name(&self, name: &str) -> bool {
        let n = normalize_name(name);
        let g = &self.government;
        std::iter::once(&g.name).chain(&g.aliases).any(|a| normalize_name(a) == n)
            || self.department_by_name(name).is_some_and(|d| d.id == g.office)
    }

    /// Does `name` designate one of the government's leaders (by name or by a
    /// title such as 市长 / 副市长)?
    pub fn names_a_leader(&self, name: &str) -> bool {
        let n = normalize_name(name);
        self.leaders.iter().any(|l| n.contains(&normalize_name(&l.name)))
            || ["市长", "副市长", "秘书长", "领导"].iter().any(|t| n.ends_with(t) || n.contains(&format!("{t}同志")))
    }

    /// The departments that decide `subject` themselves.
    pub fn remit_holders(&self, subject: &str) -> Vec<&Department> {
        self.departments.iter().filter(|d| d.remit.iter().any(|s| s == subject)).collect()
    }

    /// Direct subordinates of a unit.
    pub fn subordinates_of(&self, id: &str) -> BTreeSet<&str> {
        self.departments.iter().filter(|d| d.parent.as_deref() == Some(id)).map(|d| d.id.as_str()).collect()
    }
}

/// Recipient lines vary in spacing and punctuation; compare names without them.
pub fn normalize_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace() && !matches!(c, '：' | ':' | '。' | '.')).collect()
}

impl Directory {
    /// A directory file by path, or (when `path` is empty) the built-in sample named `fallback`.
    pub fn load(path: &str, fallback: &str) -> Result<Self, Error> {
        if path.is_empty() {
            return builtin(fallback);
        }
        let text = std::fs::read_to_string(path).map_err(|e| Error::Invalid(format!("cannot read {path}: {e}")))?;
        Self::from_toml(&text)
    }
}
