//! I-3 不得直接向领导同志个人报送公文, except the rulebook's exceptions
//! (zhangye 四十八; ziyang 四十五; urumqi 四十八; jining 五十五; Regulation 第十五条(五)).

use super::{Input, Reporter};
use crate::document::{Addressee, Classification, DirectReason};

pub fn check(input: &Input<'_>, r: &mut Reporter<'_>) {
    let (doc, env) = (input.document, input.envelope);
    let to_leader = env.addressee == Addressee::Leader || input.directory.names_a_leader(&doc.main_recipient);
    if !to_leader {
        return;
    }
    let allowed = &input.rulebook.intake.params.direct_to_leader_exceptions.value;
    let Some(reason) = env.direct_reason else {
        r.report(
            "envelope.addressee",
            "公文一律送市政府办公室统一办理，不得直接报送领导同志个人，本件未说明直报理由",
            "documents go to the government's office, not to a leader personally; no exception was given",
        );
        return;
    };
    // For a classified ground the fact is the document's own mark, not the
    // ground the envelope names: a 绝密 document is a top-secret matter, any
    // other mark a classified one (zhangye 四十八, urumqi 四十八: 必须直接报送
    // 的绝密事项; jining 五十五, ziyang 四十五: 涉密事项).
    let classified_ground = matches!(reason, DirectReason::TopSecretMatter | DirectReason::ClassifiedMatter);
    let reason = if classified_ground {
        match doc.classification {
            Classification::TopSecret => DirectReason::TopSecretMatter,
            c if c >= Classification::Confidential => DirectReason::ClassifiedMatter,
            _ => {
                r.report(
                    "document.classification",
                    "以涉密事项为由直报，但公文未标注密级",
                    "sent directly as a classified matter, but the document carries no classification",
                );
                return;
            }
        }
    } else {
        reason
    };
    // A top-secret matter is a classified matter: a rulebook that admits
    // classified matters admits top-secret ones too, not the other way round.
    let admitted = allowed.contains(&reason)
        || (reason == DirectReason::TopSecretMatter && allowed.contains(&DirectReason::ClassifiedMatter));
    if !admitted {
        let (zh, en) = if classified_ground {
            (
                format!(
                    "本规则仅允许{}直接报送领导同志个人，本件密级为“{}”",
                    allowed_labels(allowed),
                    doc.classification.label_zh()
                ),
                format!(
                    "this rulebook lets only {} go straight to a leader; this document is marked {}",
                    allowed_labels(allowed),
                    doc.classification.label_zh()
                ),
            )
        } else {
            (
                format!("本规则不允许以“{}”为由直接报送领导同志个人", reason.label_zh()),
                format!("this rulebook does not let \"{}\" go straight to a leader", reason.label_zh()),
            )
        };
        r.report("envelope.direct_reason", zh, en);
        return;
    }
    if reason == DirectReason::LeaderAssigned && env.direct_reason_note.trim().is_empty() {
        r.report(
            "envelope.direct_reason",
            "以领导交办事项为由直报，但未注明交办依据",
            "sent directly as leader-assigned, but the assignment is not referenced",
        );
    }
}

fn allowed_labels(allowed: &[DirectReason]) -> String {
    let labels: Vec<&str> = allowed.iter().map(|r| r.label_zh()).collect();
    if labels.is_empty() { "（无）".to_owned() } else { labels.join("、") }
}
