//! `gongwen rulebook check FILE`: every missing, unknown or invalid parameter
//! of a rulebook file, each with its line — not just the first.

use crate::rulebook::Rulebook;

/// Every parameter a rulebook must set, as dotted paths.
pub const REQUIRED: &[&str] = &[
    "rulebook.name",
    "rulebook.title",
    "rulebook.municipality",
    "rulebook.issued",
    "rulebook.doc_number",
    "rulebook.directory",
    "rulebook.receipt_prefix",
    "rulebook.fallback",
    "intake.checks.one_matter_per_request",
    "intake.checks.no_request_in_report",
    "intake.checks.no_direct_to_leader",
    "intake.checks.one_main_recipient",
    "intake.checks.no_level_skipping",
    "intake.checks.countersigned",
    "intake.checks.signed_by_principal_head",
    "intake.checks.formal_form_only",
    "intake.checks.legal_marks",
    "intake.checks.eligible_sender",
    "intake.checks.within_department_remit",
    "intake.checks.legal_type_for_direction",
    "intake.checks.format_elements",
    "intake.checks.briefing_length",
    "intake.checks.substantive_content",
    "intake.checks.no_duplicate_submission",
    "intake.params.direct_to_leader_exceptions",
    "intake.params.briefing_max_chars",
    "intake.params.min_substantive_chars",
    "intake.params.dispute_requires_coordination_record",
    "intake.params.deemed_consent_accepted",
    "intake.params.lapse_with_coordination_accepted",
    "intake.params.countersign_by_principal_heads",
    "intake.params.within_remit_outcome",
    "intake.params.level_skip_may_be_approved",
    "intake.params.reading_when_unsure",
    "countersign.reply_limit_working_days",
    "countersign.complex_limit_working_days",
    "countersign.extension_by_agreement",
    "countersign.silent_consent",
    "countersign.escalation_ladder",
    "approval.mayor_absent_substitute",
    "approval.both_away_acting",
    "approval.ab_pairs",
    "approval.designated_backup",
    "approval.urgent_may_skip_office_review",
    "approval.meeting_topic_lead_working_days",
    "approval.decision_form",
    "approval.supervision_yellow_working_days",
    "approval.holiday_duty_hours",
    "approval.handling_limit_working_days",
    "approval.major_matter_subjects",
    "approval.signing_authority",
    "calendar.regional_overlay",
    "calendar.close_of_business",
];

/// One problem in a rulebook file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line, where the problem has one.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "line {l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// The line on which `path` is set, or its table's header, or None.
fn line_of(text: &str, path: &str) -> Option<usize> {
    let (table, key) = path.rsplit_once('.').unwrap_or(("", path));
    let mut in_table = table.is_empty();
    let mut header = None;
    for (i, raw) in text.lines().enumerate() {
        let l = raw.trim();
        if l.starts_with('[') {
            in_table = l.trim_matches(['[', ']']).trim() == table;
            if in_table {
                header = Some(i + 1);
            }
        } else if in_table && l.split('=').next().is_some_and(|k| k.trim() == key) {
            return Some(i + 1);
        }
    }
    header
}

fn lookup<'a>(root: &'a toml::Table, path: &str) -> Option<&'a toml::Value> {
    let mut parts = path.split('.');
    let mut v = root.get(parts.next()?)?;
    for p in parts {
        v = v.as_table()?.get(p)?;
    }
    Some(v)
}

fn walk(prefix: &str, t: &toml::Table, out: &mut Vec<String>) {
    for (k, v) in t {
        let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
        let is_leaf = REQUIRED.contains(&path.as_str());
        match v {
            toml::Value::Table(inner) if !is_leaf => walk(&path, inner, out),
            _ => out.push(path),
        }
    }
}

/// Every problem of a rulebook file; empty when it loads.
pub fn check(name: &str, text: &str) -> Vec<Problem> {
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            let line = e.span().map(|s| text[..s.start].lines().count().max(1));
            return vec![Problem { line, message: e.message().to_owned() }];
        }
    };
    let mut problems: Vec<Problem> = REQUIRED
        .iter()
        .filter(|p| lookup(&table, p).is_none())
        .map(|p| Problem { line: line_of(text, p), message: format!("missing parameter {p}") })
        .collect();
    let mut present = Vec::new();
    walk("", &table, &mut present);
    for p in present {
        if !REQUIRED.contains(&p.as_str()) {
            problems.push(Problem { line: line_of(text, &p), message: format!("unknown parameter {p}") });
        }
    }
    if problems.is_empty() {
        // Shape is right: what remains are invalid values (types, sources, ranges).
        for p in REQUIRED {
            let Some(v) = lookup(&table, p) else { continue };
            if let Some(t) = v.as_table()
                && t.contains_key("value")
                && t.get("source").and_then(|s| s.as_str()).is_none_or(|s| s.trim().is_empty())
            {
                problems.push(Problem { line: line_of(text, p), message: format!("{p}: every value needs a source") });
            }
        }
        if problems.is_empty()
            && let Err(e) = Rulebook::from_toml(name, text)
        {
            let line = match &e {
                crate::rulebook::Error::Parse { error, .. } => {
                    error.span().map(|s| text[..s.start].lines().count().max(1))
                }
                _ => None,
            };
            problems.push(Problem { line, message: e.to_string() });
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rulebook::BUILTIN;

    #[test]
    fn the_builtin_rulebooks_have_no_problems() {
        for (name, text) in BUILTIN {
            assert_eq!(check(name, text), vec![], "{name}");
        }
    }

    #[test]
    fn every_missing_and_unknown_parameter_is_reported_with_its_line() {
        let text = BUILTIN[4]
            .1
            .replace(
                "briefing_max_chars = { value = 2000, source = \"jining 六十三: 每期简报控制在2000字以内\" }\n",
                "",
            )
            .replace("silent_consent = { value = true, source = \"jining 五十九: 逾期不回复视为无不同意见\" }\n", "")
            .replace("[calendar]", "[calendar]\nholidays = 3");
        let problems = check("x", &text);
        let messages: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 3, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("missing parameter intake.params.briefing_max_chars")));
        assert!(messages.iter().any(|m| m.contains("missing parameter countersign.silent_consent")));
        assert!(messages.iter().any(|m| m.contains("unknown parameter calendar.holidays")));
        assert!(problems.iter().all(|p| p.line.is_some()), "{messages:?}");
    }

    #[test]
    fn a_wrong_type_is_reported_with_its_line() {
        let text = BUILTIN[4].1.replace("value = 2000,", "value = \"two thousand\",");
        let problems = check("x", &text);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let expected = text.lines().position(|l| l.contains("two thousand")).unwrap() + 1;
        assert_eq!(problems[0].line, Some(expected), "{problems:?}");
    }

    #[test]
    fn every_required_parameter_is_needed_to_load() {
        let text = BUILTIN[4].1;
        for p in REQUIRED {
            let key = p.rsplit('.').next().unwrap();
            let stripped: String = if *p == "approval.signing_authority" {
                // An array of tables: drop its [[...]] blocks, up to the next table.
                let (before, rest) = text.split_once("[[approval.signing_authority]]").unwrap();
                format!("{before}{}", &rest[rest.find("\n[calendar]").unwrap()..])
            } else {
                text.lines()
                    .filter(|l| !l.trim_start().starts_with(&format!("{key} =")))
                    .map(|l| format!("{l}\n"))
                    .collect()
            };
            if p.starts_with("rulebook.") && stripped.matches(&format!("{key} =")).count() > 0 {
                continue;
            }
            assert!(Rulebook::from_toml("x", &stripped).is_err(), "{p} is listed but not required");
        }
    }
}
