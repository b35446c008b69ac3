//! Every citation of a seed in every built-in rulebook points at an article
//! that exists in that seed, and every excerpt it quotes is in that
//! article's text (`../shared/seeds/`, the five municipal work rules). The
//! Regulation and national standards are not seeds: their citations are
//! listed, not checked here.

use std::collections::BTreeMap;

const SEEDS: &[(&str, &str)] = &[
    ("zhangye", "000_082d90c36fc0e221.txt"),
    ("ziyang", "001_99e172944c388ba6.txt"),
    ("yueqing", "002_35c0cb580b7b9b19.txt"),
    ("urumqi", "003_fa5d64cebe672bfb.txt"),
    ("jining", "004_ea0f23940cb5d166.txt"),
];

fn seeds_dir() -> std::path::PathBuf {
    // The steering repo's shared/ stands beside the project's checkout.
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds")
}

/// Punctuation as the seeds' web copies mix it (ASCII and full-width), and no spaces.
fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(|c| match c {
            '，' => ',',
            '；' => ';',
            '：' => ':',
            '（' => '(',
            '）' => ')',
            '、' => '、',
            c => c,
        })
        .collect()
}

const NUMERALS: &str = "一二三四五六七八九十";

/// The articles of a seed: heading (四十八, or 第十条) → text.
fn articles(text: &str) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let l = line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        let numbered =
            l.find('、').map(|p| &l[..p]).filter(|h| !h.is_empty() && h.chars().all(|c| NUMERALS.contains(c)));
        let yueqing = l
            .strip_prefix('第')
            .and_then(|r| r.find('条').map(|p| &r[..p]))
            .filter(|h| !h.is_empty() && h.chars().all(|c| NUMERALS.contains(c) || c == '百'));
        if let Some(h) = numbered {
            current = Some(h.to_owned());
        } else if let Some(h) = yueqing {
            current = Some(format!("第{h}条"));
        }
        if let Some(c) = &current {
            out.entry(c.clone()).or_default().push_str(&normalise(l));
        }
    }
    out
}

/// `city 四十八`, `city 四十八(二)`, `city 第十条`, with an optional `: excerpt`.
fn citations(text: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for (city, _) in SEEDS {
        let mut rest = text;
        while let Some(p) = rest.find(&format!("{city} ")) {
            let after = &rest[p + city.len() + 1..];
            let article: String =
                after.chars().take_while(|c| NUMERALS.contains(*c) || "第条百".contains(*c)).collect();
            if !article.is_empty() {
                let tail = &after[article.len()..];
                let tail = tail.trim_start_matches(|c: char| "(（）)一二三四五六七八九十".contains(c));
                let excerpt = tail
                    .strip_prefix(": ")
                    .or_else(|| tail.strip_prefix("："))
                    .map(|e| e.split(['"', '\n']).next().unwrap_or("").to_owned())
                    .unwrap_or_default();
                out.push(((*city).to_owned(), article.clone(), excerpt));
            }
            rest = &after[article.len()..];
        }
    }
    out
}

#[test]
fn every_seed_citation_in_every_rulebook_is_in_its_seed() {
    let dir = seeds_dir();
    let seeds: BTreeMap<&str, BTreeMap<String, String>> = SEEDS
        .iter()
        .map(|(city, file)| {
            let text = std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| {
                panic!("{}: {e} (shared/seeds must stand beside the checkout)", dir.join(file).display())
            });
            (*city, articles(&text))
        })
        .collect();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (name, text) in gongwen_rules::rulebook::BUILTIN {
        // Comments explain; only the values cite.
        let values: String = text.lines().filter(|l| !l.trim_start().starts_with('#')).collect::<Vec<_>>().join("\n");
        for (city, article, excerpt) in citations(&values) {
            checked += 1;
            let Some(body) = seeds[city.as_str()].get(&article) else {
                problems.push(format!("{name}: {city} {article} is not an article of the seed"));
                continue;
            };
            // An excerpt may elide (…) and comment (— …): each quoted piece must be in the article.
            let quoted = excerpt.split(" — ").next().unwrap_or("").split(" (").next().unwrap_or("");
            for piece in quoted.split(['…', '；', ';']).map(normalise).filter(|p| p.chars().count() >= 4) {
                let piece = piece.trim_matches(|c: char| ",.。".contains(c)).to_owned();
                if !body.contains(&piece) {
                    problems.push(format!("{name}: {city} {article} does not say {piece:?}"));
                }
            }
        }
    }
    assert!(checked >= 40, "only {checked} citations found");
    assert!(problems.is_empty(), "{} of {checked} citations are wrong:\n{}", problems.len(), problems.join("\n"));
}
