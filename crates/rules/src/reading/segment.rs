//! Chinese word segmentation (jieba) with a small dictionary of government
//! terms, loaded once per process.

use std::sync::LazyLock;

use jieba_rs::Jieba;

/// Government terms jieba's general dictionary splits or tags wrongly
/// (编制 as a verb, 由市 as one word …).
const GOV_TERMS: &str = include_str!("../../data/gov_terms.dict");

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
        // …and a noun's last character to the conjunction after it (排涝车及调拨 → 车及/c).
        if t.tag == "c"
            && t.word.chars().count() == 2
            && !t.word.starts_with(['以', '及', '并', '和', '与'])
            && let Some(c @ ('及' | '和' | '与')) = t.word.chars().last()
        {
            let cut = t.word.len() - c.len_utf8();
            out.push(Word { text: &t.word[..cut], tag: "n", start: t.start, end: t.start + 1 });
            out.push(Word { text: &t.word[cut..], tag: "c", start: t.start + 1, end: t.end });
            continue;
        }
        out.push(Word { text: t.word, tag: t.tag, start: t.start, end: t.end });
    }
    out
}

/// Loads the dictionary now rather than on the first document.
pub fn warm_up() {
    LazyLock::force(&JIEBA);
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
        let w = words("购置大流量排涝车及调拨城南粮库");
        assert!(w.iter().any(|w| w.text == "及" && w.tag == "c"), "{w:?}");
        assert!(w.iter().all(|w| w.text.chars().count() == w.end - w.start), "{w:?}");
    }
}
