//! `gongwen-approval`: the approval service on its own (production: PostgreSQL).

fn main() -> std::process::ExitCode {
    gongwen::assemble::standalone(gongwen::assemble::Part::Approval)
}
