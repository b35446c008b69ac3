//! Chinese word segmentation (jieba) with a small dictionary of government
//! terms, loaded once per process.

use std::sync::LazyLock;

use jieba_rs::Jieba;
use rustc_hash::FxHashMap;

/// Government terms jieba's general dictionary splits or tags wrongly
/// (编制 as a verb, 由市 as one word …).
const GOV_TERMS: &str = include_str!("../../data/gov_terms.dict");

/// Words jieba knows, tagged as government writing uses them (印发, 核定: acts).
const GOV_TAGS: &str = include_str!("../../data/gov_tags.txt");

/// The dictionaries' tags by word. jieba keeps its own tag for a word it already knows (it
/// only takes the new frequency), so the tags are applied over its answer.
static TAGS: LazyLock<FxHashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let terms = GOV_TERMS.lines().filter_map(|l| {
        let mut it = l.split_whitespace();
        Some((it.next()?, it.nth(1)?))
    });
    let tags = GOV_TAGS.lines().filter(|l| !l.starts_with('#')).filter_map(|l| {
        let mut it = l.split_whitespace();
        Some((it.next()?, it.next()?))
    });
    terms.chain(tags).collect()
});

static JIEBA: LazyLock<Jieba> = LazyLock::new(|| {
    let mut jieba = Jieba::new();
    jieba.load_dict(&mut GOV_TERMS.as_bytes()).expect("the built-in dictionary of government terms parses");
    jieba
});

/// A word with its part of speech and its place (Unicode scalar offsets into
/// the text that was segmented).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'a> {
    pub text: &'a str,
    pub tag: &'a str,
    pub start: usize,
    pub end: usize,
}

impl Word<'_> {
    pub fn is(&self, words: &[&str]) -> bool {
        words.contains(&self.text)
    }

    pub fn is_punct(&self) -> bool {
        self.tag == "x"
    }

    /// A noun-like word that can name what an ask is about.
    pub fn nominal(&self) -> bool {
        self.tag.starts_with('n') || matches!(self.tag, "vn" | "j" | "l" | "i" | "an")
    }

    pub fn verb(&self) -> bool {
        self.tag.starts_with('v')
    }
}

/// Segments and tags `text`.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut out = Vec::new();
    for t in JIEBA.tag(text, true) {
        if t.word.trim().is_empty() {
            continue;
        }
        // jieba's HMM joins a conjunction or 向/为/对 to the body after it (及市停车管理中心 → 及市/n, 向省, 对市):
        // the conjunction (or preposition) is a word of its own.
        let mut chars = t.word.chars();
        if let (Some(c @ ('及' | '和' | '与' | '并' | '向' | '为' | '对')), Some('市' | '省' | '县' | '区')) =
            (chars.next(), chars.next())
        {
            let cut = c.len_utf8();
            let tag = if matches!(c, '向' | '为' | '对') { "p" } else { "c" };
            out.push(Word { text: &t.word[..cut], tag, start: t.start, end: t.start + 1 });
            out.push(Word { text: &t.word[cut..], tag: t.tag, start: t.start + 1, end: t.end });
            continue;
        }
        // …and a noun's last character to the conjunction after it (排涝车及调拨 → 车及/c, 审计科并追加 → 科并/c).
        if t.tag == "c"
            && t.word.chars().count() == 2
            && !t.word.starts_with(['以', '及', '并', '和', '与'])
            && let Some(c @ ('及' | '和' | '与' | '并')) = t.word.chars().last()
        {
            let cut = t.word.len() - c.len_utf8();
            out.push(Word { text: &t.word[..cut], tag: "n", start: t.start, end: t.start + 1 });
            out.push(Word { text: &t.word[cut..], tag: "c", start: t.start + 1, end: t.end });
            continue;
        }
        let tag = TAGS.get(t.word).copied().unwrap_or(t.tag);
        out.push(Word { text: t.word, tag, start: t.start, end: t.end });
    }
    out
}

/// Loads the dictionary now rather than on the first document.
pub fn warm_up() {
    LazyLock::force(&JIEBA);
    LazyLock::force(&TAGS);
    let _ = words("恳请市政府批准。");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn government_terms_are_words() {
        let w = words("恳请市政府批准增加事业编制5名");
        let texts: Vec<_> = w.iter().map(|w| w.text).collect();
        assert!(texts.contains(&"市政府") && texts.contains(&"事业编制"), "{texts:?}");
        let w = words("建议由市财政安排预备费");
        assert!(w.iter().any(|w| w.text == "由"), "{w:?}");
        let w = words("调整城区停车收费标准及市停车管理中心更名");
        assert!(w.iter().any(|w| w.text == "及" && w.tag == "c"), "{w:?}");
        assert!(w.iter().all(|w| w.text.chars().count() == w.end - w.start), "{w:?}");
        let w = words("对市公交集团给予购置补贴");
        assert!(w.iter().any(|w| w.text == "对" && w.tag == "p"), "{w:?}");
        let w = words("增设经济责任审计科并追加委托审计经费");
        assert!(w.iter().any(|w| w.text == "并" && w.tag == "c"), "{w:?}");
        let w = words("购置大流量排涝车及调拨城南粮库");
        assert!(w.iter().any(|w| w.text == "及" && w.tag == "c"), "{w:?}");
        assert!(w.iter().all(|w| w.text.chars().count() == w.end - w.start), "{w:?}");
    }

    #[test]
    fn the_dictionaries_tags_stand_over_jiebas_own() {
        // jieba knows 编制 (a verb to it) and 印发 (a proper noun): the dictionaries say otherwise.
        let w = words("拟核定编制8名，拟以市政府办公室名义印发");
        let tag = |t: &str| w.iter().find(|w| w.text == t).map(|w| w.tag);
        assert_eq!(tag("编制"), Some("n"), "{w:?}");
        assert_eq!(tag("印发"), Some("v"), "{w:?}");
        assert_eq!(tag("核定"), Some("v"), "{w:?}");
    }
}
