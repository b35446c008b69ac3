//! I-6 会签: a document touching other departments' authority is countersigned
//! by their heads or submitted jointly; a dispute lists every party's reasoning
//! and a proposal (zhangye 四十八; ziyang 四十六; urumqi 四十九; jining 五十六,
//! 五十九; Regulation 第二十四条).
//!
//! The certificate is checked here for what the document itself shows: every
//! concerned department has a verdict, the countersigned text is this body,
//! a silent consent counts only where the rulebook provides it, a dispute
//! carries positions and a proposal.

use super::{Input, Reporter};
use crate::document::Verdict;

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    let env = input.envelope;
    let concerned: Vec<&String> = env.concerned_departments.iter().filter(|d| **d != input.sender.id).collect();
    if concerned.is_empty() {
        return;
    }
    // A certificate the countersign service does not recognise counts for nothing.
    if let (Some(_), Some(problem)) = (&env.countersign, &input.facts.certificate_problem) {
        r.report(
            "envelope.countersign",
            format!("会签凭证未通过会签服务核验：{problem}"),
            format!("the countersign certificate was not verified by the countersign service: {problem}"),
        );
    }
    let cert = env.countersign.as_ref().filter(|_| input.facts.certificate_problem.is_none());
    let params = &input.rulebook.intake.params;
    let mut missing = Vec::new();
    for dept in &concerned {
        if env.joint_submitters.contains(dept) {
            continue;
        }
        match cert.and_then(|c| c.verdicts.iter().find(|v| &v.department == *dept)) {
            None => missing.push(dept.as_str()),
            // ziyang 四十六: a lapse, escalated and recorded with the coordination, goes to the government.
            Some(v) if v.verdict == Verdict::Lapsed => {
                let recorded = cert.is_some_and(|c| !c.coordination_record.trim().is_empty());
                if !(params.lapse_with_coordination_accepted.value && recorded) {
                    r.report(
                        "envelope.countersign.verdicts",
                        format!("“{dept}”逾期未回复，本规则不以逾期为会签（或未说明协调过程）"),
                        format!("{dept} never replied; a lapse counts here only with its coordination recorded, where the rulebook allows it"),
                    );
                }
            }
            Some(v) if v.verdict == Verdict::DeemedConsent && !params.deemed_consent_accepted.value => r.report(
                "envelope.countersign.verdicts",
                format!("本规则未规定逾期不回复视为无不同意见，“{dept}”的意见不能视为同意"),
                format!("this rulebook has no silent consent; {dept}'s lapse is not a verdict"),
            ),
            Some(v) if v.verdict != Verdict::DeemedConsent && v.signed_by.trim().is_empty() => r.report(
                "envelope.countersign.verdicts",
                format!("“{dept}”的会签意见缺少负责人签署"),
                format!("{dept}'s verdict is not signed by its head"),
            ),
            // jining 五十六: 相关部门主要负责人会签 — the head the directory names, or whom it lets sign for them.
            Some(v) if v.verdict != Verdict::DeemedConsent && params.countersign_by_principal_heads.value => {
                if let Some(d) = input.directory.department(dept)
                    && v.signed_by.trim() != d.principal_head
                    && !d.delegates.iter().any(|x| x == v.signed_by.trim())
                {
                    r.report(
                        "envelope.countersign.verdicts",
                        format!(
                            "“{}”的会签须由其主要负责人（{}）签署，本件签署人为“{}”",
                            d.name,
                            d.principal_head,
                            v.signed_by.trim()
                        ),
                        format!(
                            "{dept}'s countersignature must be its principal head's ({}), not \"{}\"",
                            d.principal_head,
                            v.signed_by.trim()
                        ),
                    );
                }
            }
            Some(_) => {}
        }
    }
    if !missing.is_empty() {
        r.report(
            "envelope.countersign",
            format!("涉及其他部门职权，须经相关部门会签或联合报送，缺少：{}", missing.join("、")),
            format!("touches other departments' authority; not countersigned by: {}", missing.join(", ")),
        );
    }
    let Some(cert) = cert else { return };
    if cert.content_sha256 != input.facts.body_sha256 {
        r.report(
            "envelope.countersign.content_sha256",
            "会签件与报送正文不一致",
            "the countersigned draft is not this document's body",
        );
    }
    let disputed = cert.disputed || cert.verdicts.iter().any(|v| v.verdict == Verdict::Disagree);
    if disputed {
        if cert.positions.trim().is_empty() || cert.proposal.trim().is_empty() {
            r.report(
                "envelope.countersign.positions",
                "部门之间有分歧的，应列明各方理据，提出办理建议",
                "a dispute must list every party's reasoning and a proposed handling",
            );
        }
        if params.dispute_requires_coordination_record.value && cert.coordination_record.trim().is_empty() {
            r.report(
                "envelope.countersign.coordination_record",
                "部门之间有分歧的，主办单位应说明协调过程",
                "a dispute must describe the coordination that was attempted",
            );
        }
    }
}
