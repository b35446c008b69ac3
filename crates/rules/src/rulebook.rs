//! A municipality's rulebook: which intake checks are on, with which
//! parameters, and the article every value comes from.
//!
//! Every parameter is `{ value, source }`: the source is the article
//! (`jining 五十九`) or `default: …` where the seed is silent. Unknown and
//! missing fields are errors, so a rulebook is never half-read.

use serde::Deserialize;

use crate::document::DirectReason;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    // The TOML error is part of the message (with its line), not a separate cause.
    #[error("rulebook {name}: {error}")]
    Parse { name: String, error: Box<toml::de::Error> },
    #[error("rulebook {name}: {message}")]
    Invalid { name: String, message: String },
    #[error("no built-in rulebook named {0:?} (known: zhangye, ziyang, yueqing, urumqi, jining)")]
    UnknownBuiltin(String),
}

/// A parameter and where it comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sourced<T> {
    pub value: T,
    pub source: String,
}

/// An optional parameter: `value` is left out where the rulebook has none,
/// and the source still says why.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcedOpt<T> {
    #[serde(default = "none")]
    pub value: Option<T>,
    pub source: String,
}

fn none<T>() -> Option<T> {
    None
}

/// Whether a check is on, and the articles it enforces in this rulebook.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSwitch {
    pub on: bool,
    #[serde(default)]
    pub articles: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Short name used on the command line and in findings, e.g. `jining`.
    pub name: String,
    pub title: String,
    pub municipality: String,
    pub issued: String,
    /// Document number of the seed, or "" where it has none.
    pub doc_number: String,
    /// Built-in sample directory that goes with this rulebook.
    pub directory: String,
    /// Receipt numbers read `{prefix}〔{year}〕{n}号`.
    pub receipt_prefix: String,
    /// Where the seed is silent or truncated, what the rulebook falls back to.
    pub fallback: String,
}

/// The sixteen intake checks of shared/domain/RULES.md §1.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntakeChecks {
    pub one_matter_per_request: CheckSwitch,
    pub no_request_in_report: CheckSwitch,
    pub no_direct_to_leader: CheckSwitch,
    pub one_main_recipient: CheckSwitch,
    pub no_level_skipping: CheckSwitch,
    pub countersigned: CheckSwitch,
    pub signed_by_principal_head: CheckSwitch,
    pub formal_form_only: CheckSwitch,
    pub legal_marks: CheckSwitch,
    pub eligible_sender: CheckSwitch,
    pub within_department_remit: CheckSwitch,
    pub legal_type_for_direction: CheckSwitch,
    pub format_elements: CheckSwitch,
    pub briefing_length: CheckSwitch,
    pub substantive_content: CheckSwitch,
    pub no_duplicate_submission: CheckSwitch,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntakeParams {
    /// Reasons for which a document may go straight to a leader (I-3).
    pub direct_to_leader_exceptions: Sourced<Vec<DirectReason>>,
    /// Maximum characters of a briefing (I-14).
    pub briefing_max_chars: Sourced<u32>,
    /// Fewer Han characters than this in the body is "no substantive content" (I-15).
    pub min_substantive_chars: Sourced<u32>,
    /// A dispute must also describe the coordination (说明协调过程) (I-6).
    pub dispute_requires_coordination_record: Sourced<bool>,
    /// Silent consent counts as a countersign verdict (I-6).
    pub deemed_consent_accepted: Sourced<bool>,
    /// A concluded round that records a lapse and its coordination counts as
    /// countersigned (ziyang 四十六: 应说明协调过程…报市政府决定) (I-6).
    pub lapse_with_coordination_accepted: Sourced<bool>,
    /// A countersign verdict is signed by the department's principal head
    /// (主要负责人会签), not by any of its heads (I-6).
    pub countersign_by_principal_heads: Sourced<bool>,
    /// What I-11 does with a matter within a department's remit: return it, or
    /// register it for the office to forward (ziyang 四十七).
    pub within_remit_outcome: Sourced<RemitOutcome>,
    /// A level-skipping document the superior approved may pass, copying the skipped body (I-5).
    pub level_skip_may_be_approved: Sourced<bool>,
    /// What a reading of the text (I-1, I-2) does when it is not sure.
    pub reading_when_unsure: Sourced<UnsureReading>,
}

/// What happens to a matter within a department's own remit (I-11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemitOutcome {
    /// Returned to the sender: it goes to the department directly.
    Return,
    /// Registered with an advisory; the office forwards it on the instruction
    /// of the secretary-general or a deputy.
    Forward,
}

/// What an unsure finding of the text reading does to the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnsureReading {
    /// Registered; the finding goes to the office's review (拟办) as an advisory.
    Advisory,
    /// Returned like a sure finding.
    Return,
    /// Dropped.
    Ignore,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intake {
    pub checks: IntakeChecks,
    pub params: IntakeParams,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Countersign {
    pub reply_limit_working_days: Sourced<u32>,
    /// "特别复杂的事项不得超过一周" (jining 五十九), in working days: never
    /// less than the ordinary limit.
    pub complex_limit_working_days: SourcedOpt<u32>,
    pub extension_by_agreement: Sourced<bool>,
    pub silent_consent: Sourced<bool>,
    /// Who consults, level by level, when departments disagree.
    pub escalation_ladder: Sourced<Vec<String>>,
}

/// Working days per approval step, by urgency.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandlingLimits {
    pub normal: u32,
    pub urgent: u32,
    pub extra_urgent: u32,
}

/// Who issues a document the government sends out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Issuer {
    Government,
    Office,
    Any,
}

/// Which way a document the government sends out travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Upward,
    Downward,
    Parallel,
    /// 议案 to the people's congress
    ToCongress,
    Any,
}

/// One line of a rulebook's signing authority (签发权限).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SigningRule {
    pub issuer: Issuer,
    pub direction: Direction,
    /// A subject such as `personnel`, `regulation`, `routine`; empty matches any.
    pub subject: String,
    /// Who may sign, e.g. `mayor`, `executive_deputy_mayor`, `deputy_mayor_in_charge`.
    pub signers: Vec<String>,
    pub source: String,
}

impl SigningRule {
    fn covers(&self, issuer: Issuer, direction: Direction) -> bool {
        (self.issuer == issuer || self.issuer == Issuer::Any)
            && (self.direction == direction || self.direction == Direction::Any)
    }
}

/// Who acts for the mayor when the executive deputy is away too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BothAwayActing {
    /// The first deputy mayor of the directory's order who is present.
    NextDeputy,
    /// Nobody: the item waits for one of them to return.
    OfficeHolds,
}

/// What a leader's decision must carry, and what 圈阅 (circling) means on a
/// request and on a report.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionForm {
    /// Every decision but 圈阅 carries an explicit opinion; all carry the name and the full date.
    pub requires: String,
    pub circle_on_request: CircleMeaning,
    pub circle_on_report: CircleMeaning,
}

/// What a leader's 圈阅 records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CircleMeaning {
    /// Consent to what is asked (ziyang 四十八: 对请示性公文圈阅视为同意).
    Consent,
    /// Read (阅知): the normal meaning on a report.
    Read,
    /// Not a decision: the leader must write an explicit opinion (jining 五十七).
    NotADecision,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub mayor_absent_substitute: Sourced<String>,
    /// The mayor and the executive deputy away at once: who acts then. A
    /// second absence is accepted with a warning, never refused (ziyang 七十六
    /// says 一般不同时外出: a norm, not a prohibition).
    pub both_away_acting: Sourced<BothAwayActing>,
    pub ab_pairs: Sourced<bool>,
    pub designated_backup: Sourced<bool>,
    pub urgent_may_skip_office_review: Sourced<bool>,
    pub meeting_topic_lead_working_days: SourcedOpt<u32>,
    /// What a leader's decision must carry (意见、姓名、完整日期) and what 圈阅 means.
    pub decision_form: Sourced<DecisionForm>,
    /// A forwarded task turns yellow when this many working days or fewer remain (red when overdue).
    pub supervision_yellow_working_days: Sourced<u32>,
    /// Holiday duty (值班带班): on a statutory holiday a 特急 item goes to the
    /// leader on the directory's duty roster, with this many hours for the
    /// step; none where the rulebook has no such duty.
    pub holiday_duty_hours: SourcedOpt<u32>,
    /// Working days a leader has for a step, by urgency (限时办结, 急事急办).
    pub handling_limit_working_days: Sourced<HandlingLimits>,
    /// Subject codes that make a matter major (重大事项报市长审批) whoever flags it.
    pub major_matter_subjects: Sourced<Vec<String>>,
    /// 签发权限, most specific first; see [`Rulebook::signing_rule`].
    pub signing_authority: Vec<SigningRule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Calendar {
    /// Regional holiday overlay, e.g. `xinjiang`, or none.
    pub regional_overlay: SourcedOpt<String>,
    /// The close of business a limit ends at, by season (Xinjiang's summer and
    /// winter hours), or none: then the configured `office_hours_end`, or 24:00.
    pub close_of_business: SourcedOpt<Vec<Season>>,
}

/// From a day of the year (`MM-DD`) until the next season's, work closes at `close` (`HH:MM`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Season {
    pub from: String,
    pub close: String,
}

impl Calendar {
    /// The seasons as (month, day, close), in the order of the year; an error names the bad entry.
    pub fn seasons(&self) -> Result<Vec<(u32, u32, chrono::NaiveTime)>, String> {
        let mut out = Vec::new();
        for s in self.close_of_business.value.iter().flatten() {
            let date = chrono::NaiveDate::parse_from_str(&format!("2000-{}", s.from), "%Y-%m-%d")
                .map_err(|_| format!("calendar.close_of_business: from {:?} is not MM-DD", s.from))?;
            let close = chrono::NaiveTime::parse_from_str(&s.close, "%H:%M")
                .map_err(|_| format!("calendar.close_of_business: close {:?} is not HH:MM", s.close))?;
            out.push((chrono::Datelike::month(&date), chrono::Datelike::day(&date), close));
        }
        out.sort();
        Ok(out)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rulebook {
    pub rulebook: Meta,
    pub intake: Intake,
    pub countersign: Countersign,
    pub approval: Approval,
    pub calendar: Calendar,
}

impl Rulebook {
    pub fn from_toml(name: &str, text: &str) -> Result<Self, Error> {
        let rb: Self = toml::from_str(text).map_err(|e| Error::Parse { name: name.to_owned(), error: Box::new(e) })?;
        rb.validate().map_err(|message| Error::Invalid { name: name.to_owned(), message })?;
        Ok(rb)
    }

    pub fn name(&self) -> &str {
        &self.rulebook.name
    }

    /// Who signs a document the government issues: the first entry for this
    /// issuer and direction that names the subject, else the first generic one.
    pub fn signing_rule(&self, issuer: Issuer, direction: Direction, subject: &str) -> Option<&SigningRule> {
        let rules = &self.approval.signing_authority;
        let covering = || rules.iter().filter(move |r| r.covers(issuer, direction));
        covering()
            .find(|r| !subject.is_empty() && r.subject == subject)
            .or_else(|| covering().find(|r| r.subject.is_empty()))
    }

    /// Receipt number as registered, e.g. 收文〔2026〕17号.
    pub fn receipt_number(&self, year: i32, seq: i64) -> String {
        format!("{}〔{year}〕{seq}号", self.rulebook.receipt_prefix)
    }

    fn validate(&self) -> Result<(), String> {
        let mut empty_sources = Vec::new();
        let p = &self.intake.params;
        for (field, src) in [
            ("intake.params.direct_to_leader_exceptions", &p.direct_to_leader_exceptions.source),
            ("intake.params.briefing_max_chars", &p.briefing_max_chars.source),
            ("intake.params.min_substantive_chars", &p.min_substantive_chars.source),
            ("countersign.reply_limit_working_days", &self.countersign.reply_limit_working_days.source),
            ("countersign.silent_consent", &self.countersign.silent_consent.source),
        ] {
            if src.trim().is_empty() {
                empty_sources.push(field);
            }
        }
        if !empty_sources.is_empty() {
            return Err(format!("every value needs a source; empty in: {}", empty_sources.join(", ")));
        }
        if self.countersign.reply_limit_working_days.value == 0 {
            return Err("countersign.reply_limit_working_days must be at least 1".into());
        }
        if let Some(r) =
            self.approval.signing_authority.iter().find(|r| r.source.trim().is_empty() || r.signers.is_empty())
        {
            return Err(format!(
                "approval.signing_authority: every entry needs signers and a source ({:?})",
                r.subject
            ));
        }
        let h = self.approval.handling_limit_working_days.value;
        if h.extra_urgent == 0 || h.extra_urgent > h.urgent || h.urgent > h.normal {
            return Err("approval.handling_limit_working_days: need 0 < extra_urgent ≤ urgent ≤ normal".into());
        }
        if self.rulebook.receipt_prefix.trim().is_empty() {
            return Err("rulebook.receipt_prefix must not be empty".into());
        }
        self.calendar.seasons()?;
        Ok(())
    }
}

pub const BUILTIN: &[(&str, &str)] = &[
    ("zhangye", include_str!("../../../rulebooks/zhangye.toml")),
    ("ziyang", include_str!("../../../rulebooks/ziyang.toml")),
    ("yueqing", include_str!("../../../rulebooks/yueqing.toml")),
    ("urumqi", include_str!("../../../rulebooks/urumqi.toml")),
    ("jining", include_str!("../../../rulebooks/jining.toml")),
];

/// A rulebook shipped in the binary.
pub fn builtin(name: &str) -> Result<Rulebook, Error> {
    let (n, text) = BUILTIN.iter().find(|(n, _)| *n == name).ok_or_else(|| Error::UnknownBuiltin(name.to_owned()))?;
    Rulebook::from_toml(n, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_seed_rulebooks_load() {
        for (name, _) in BUILTIN {
            let rb = builtin(name).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(rb.name(), *name);
        }
    }

    #[test]
    fn the_countersign_limits_come_from_urumqi_49_and_jining_59() {
        let u = builtin("urumqi").unwrap();
        assert_eq!(u.countersign.reply_limit_working_days.value, 7);
        assert!(u.countersign.reply_limit_working_days.source.starts_with("urumqi 四十九"));
        let j = builtin("jining").unwrap();
        assert_eq!(j.countersign.reply_limit_working_days.value, 3);
        assert_eq!(j.countersign.complex_limit_working_days.value, Some(5));
        assert!(j.countersign.silent_consent.value);
        assert!(!builtin("zhangye").unwrap().countersign.silent_consent.value);
    }

    #[test]
    fn signing_authority_follows_each_rulebook() {
        use super::{Direction as D, Issuer as I};
        let signers = |rb: &str, i, d, subject: &str| {
            let rb = builtin(rb).unwrap();
            let rule = rb.signing_rule(i, d, subject).unwrap_or_else(|| panic!("no rule for {subject}"));
            (rule.signers.clone(), rule.source.split(':').next().unwrap().to_owned())
        };
        assert_eq!(
            signers("jining", I::Government, D::Upward, ""),
            (vec!["mayor".into(), "executive_deputy_mayor".into()], "jining 六十一(一)".into())
        );
        assert_eq!(signers("jining", I::Government, D::Downward, "personnel").0, ["mayor"]);
        assert_eq!(signers("jining", I::Government, D::Downward, "").0, ["deputy_mayor_in_charge"]);
        assert_eq!(signers("jining", I::Office, D::Downward, "office_affairs").0, ["secretary_general"]);
        assert_eq!(signers("zhangye", I::Government, D::ToCongress, "").0, ["mayor"]);
        assert_eq!(signers("zhangye", I::Government, D::Parallel, "").1, "zhangye 五十一");

        assert_eq!(signers("ziyang", I::Office, D::Downward, "routine").0, ["secretary_general"]);
        assert_eq!(signers("urumqi", I::Government, D::Parallel, "").0, ["deputy_mayor_in_charge"]);
        assert_eq!(signers("urumqi", I::Government, D::Downward, "").0, ["mayor"]);
        assert!(signers("yueqing", I::Government, D::Upward, "").1.starts_with("default"));
    }

    #[test]
    fn yueqing_says_it_falls_back_to_the_regulation() {
        let y = builtin("yueqing").unwrap();
        assert!(y.rulebook.fallback.contains("Regulation"));
        assert!(y.intake.params.direct_to_leader_exceptions.source.starts_with("Regulation"));
    }

    #[test]
    fn a_missing_parameter_is_refused_naming_it() {
        let text = BUILTIN[4].1.replace(
            "briefing_max_chars = { value = 2000, source = \"jining 六十三: 每期简报控制在2000字以内\" }\n",
            "",
        );
        let err = Rulebook::from_toml("broken", &text).unwrap_err().to_string();
        assert!(err.contains("briefing_max_chars"), "{err}");
    }

    #[test]
    fn an_unknown_parameter_is_refused_naming_it() {
        let text = BUILTIN[4].1.replace("[calendar]", "[calendar]\nholidays = 3");
        let err = Rulebook::from_toml("broken", &text).unwrap_err().to_string();
        assert!(err.contains("holidays"), "{err}");
    }

    #[test]
    fn zhangye_51_the_offices_own_documents_are_signed_by_the_secretary_general_a_deputy_or_a_deputy_director() {
        use super::{Direction as D, Issuer as I};
        let rb = builtin("zhangye").unwrap();
        let rule = rb.signing_rule(I::Office, D::Downward, "").unwrap();
        assert_eq!(rule.signers, ["secretary_general", "deputy_secretary_general", "office_deputy_director"]);
        assert!(rule.source.starts_with("zhangye 五十一: 以市政府办公室名义发文"), "{}", rule.source);
    }
}
