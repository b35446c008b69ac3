//! `gongwen rulebook list | show NAME | check FILE`.

use clap::Subcommand;

use crate::out;
use gongwen_rules::{intake::CHECKS, rulebook::BUILTIN};

#[derive(Subcommand)]
pub enum RulebookCommand {
    /// The built-in rulebooks.
    List,
    /// A rulebook's checks and parameters, each with its source article.
    Show { name: String },
    /// Read a rulebook file and report what is missing or invalid.
    Check { file: String },
}

pub fn run(cmd: RulebookCommand) -> anyhow::Result<()> {
    match cmd {
        RulebookCommand::List => {
            for (name, _) in BUILTIN {
                let rb = gongwen_rules::builtin(name)?;
                let m = &rb.rulebook;
                out!("{name:<8} {} {} {} ({})", m.municipality, m.title, m.doc_number, m.issued);
            }
        }
        RulebookCommand::Show { name } => {
            let rb = gongwen_rules::load(&name)?;
            let m = &rb.rulebook;
            out!(
                "{} — {} {} ({})\nfallback: {}\n\nintake checks:",
                m.name,
                m.title,
                m.doc_number,
                m.issued,
                m.fallback
            );
            for c in CHECKS {
                let s = c.switch(&rb);
                let on = if s.on { "on " } else { "off" };
                out!("  {:<5} {:<26} {on} {}", c.number, c.code, s.articles.join("; "));
            }
            let p = &rb.intake.params;
            out!("\nparameters:");
            let exceptions: Vec<String> =
                p.direct_to_leader_exceptions.value.iter().map(|r| format!("{r:?}")).collect();
            out!(
                "  direct_to_leader_exceptions = [{}]  ← {}",
                exceptions.join(", "),
                p.direct_to_leader_exceptions.source
            );
            out!("  briefing_max_chars = {}  ← {}", p.briefing_max_chars.value, p.briefing_max_chars.source);
            let c = &rb.countersign;
            out!(
                "  countersign.reply_limit_working_days = {}  ← {}",
                c.reply_limit_working_days.value,
                c.reply_limit_working_days.source
            );
            out!(
                "  countersign.complex_limit_working_days = {:?}  ← {}",
                c.complex_limit_working_days.value,
                c.complex_limit_working_days.source
            );
            out!("  countersign.silent_consent = {}  ← {}", c.silent_consent.value, c.silent_consent.source);
            out!(
                "  countersign.extension_by_agreement = {}  ← {}",
                c.extension_by_agreement.value,
                c.extension_by_agreement.source
            );
            out!("  countersign.escalation_ladder = {:?}  ← {}", c.escalation_ladder.value, c.escalation_ladder.source);
            let a = &rb.approval;
            out!(
                "  approval.mayor_absent_substitute = {}  ← {}",
                a.mayor_absent_substitute.value,
                a.mayor_absent_substitute.source
            );
            out!("  approval.ab_pairs = {}  ← {}", a.ab_pairs.value, a.ab_pairs.source);
            out!("  approval.designated_backup = {}  ← {}", a.designated_backup.value, a.designated_backup.source);
            out!("\nsigning authority (签发权限):");
            for r in &a.signing_authority {
                let subject = if r.subject.is_empty() { "*" } else { &r.subject };
                out!("  {:?} {:?} {subject}: {}  ← {}", r.issuer, r.direction, r.signers.join(" / "), r.source);
            }
            out!(
                "  calendar.regional_overlay = {:?}  ← {}",
                rb.calendar.regional_overlay.value,
                rb.calendar.regional_overlay.source
            );
        }
        RulebookCommand::Check { file } => {
            let text = std::fs::read_to_string(&file)?;
            let problems = gongwen_rules::check_file::check(&file, &text);
            if problems.is_empty() {
                out!("{file}: ok");
            } else {
                for p in &problems {
                    out!("{file}: {p}");
                }
                anyhow::bail!("{file}: {} problem(s)", problems.len());
            }
        }
    }
    Ok(())
}
