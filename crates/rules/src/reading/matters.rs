//! Grouping asks into matters: sub-asks about the same project, event or
//! measure (its time, place, organisation, budget, who attends it) are one
//! matter; asks about different objects are different matters.

use super::{
    asks::Ask,
    lexicon::{self, Category},
};

/// A matter: the asks that serve it, and what it is about.
#[derive(Debug, Clone)]
pub struct Matter {
    /// Indices into the reading's asks.
    pub asks: Vec<usize>,
    pub anchors: Vec<String>,
    pub category: Category,
    /// From the title only (no ask of the body serves it).
    pub from_title: bool,
    /// Opened by an ask that names nothing by its head (or refers back) but whose words
    /// share nothing with the main matter: a matter the reading is not sure of.
    pub weak: bool,
}

impl Matter {
    fn new(anchors: Vec<String>, category: Category, from_title: bool) -> Self {
        Self { asks: Vec::new(), anchors, category, from_title, weak: false }
    }
}

/// Two sets of specific words name the same thing: a word in common, or one
/// inside another (老旧小区 / 小区).
pub fn overlap(a: &[String], b: &[String]) -> bool {
    a.iter().any(|x| b.iter().any(|y| x == y || x.contains(y.as_str()) || y.contains(x.as_str()) || abbreviates(x, y)))
}

/// As `overlap`, but a word inside another counts only when it names something by itself
/// (图书馆 in 市图书馆, not 职业 in 职业技术学院).
pub fn overlap_named(a: &[String], b: &[String]) -> bool {
    let within = |x: &str, y: &str| x.chars().count() >= 3 && y.contains(x);
    a.iter().any(|x| b.iter().any(|y| x == y || within(x, y) || within(y, x) || abbreviates(x, y)))
}

/// One word is the other's abbreviation (简称): its characters stand in the
/// longer one in order, from its first to its last (博会 / 博览会, 综试区 / 综合试验区).
fn abbreviates(a: &str, b: &str) -> bool {
    let (short, long) = if a.chars().count() <= b.chars().count() { (a, b) } else { (b, a) };
    let (s, l): (Vec<char>, Vec<char>) = (short.chars().collect(), long.chars().collect());
    if s.len() < 2 || s.first() != l.first() || s.last() != l.last() {
        return false;
    }
    let mut rest = l.iter();
    s.iter().all(|c| rest.any(|d| d == c))
}

/// Groups the body's asks around the title's matters (if it names any by an
/// act). An ask joins the matter whose identity it shares; one that names
/// nothing, or refers back, joins the main (first) matter; any other opens a
/// matter of its own. Only an ask's identity (the head of its object) joins
/// it to a matter, so matters do not snowball over incidental words.
///
/// `field` is what an umbrella title says the matters are about (关于安全生产有关事项: 安全生产):
/// two asks of different kinds that share only it (安排安全生产专项资金 / 调整市安全生产委员会组成
/// 人员) are not one matter for that.
pub fn group(asks: &[Ask], title: &[(Vec<String>, Category)], field: &[String]) -> Vec<Matter> {
    let mut matters: Vec<Matter> = title.iter().map(|(a, c)| Matter::new(a.clone(), *c, true)).collect();
    // Each ask's specific words, segmented once.
    let specifics: Vec<Vec<String>> = asks.iter().map(|a| super::asks::specifics(&a.object)).collect();
    let units: Vec<&[String]> = asks.iter().map(|a| a.unit.as_slice()).collect();
    for (i, ask) in asks.iter().enumerate() {
        // 为仲裁院增加编制 / 为技师学院增加编制: the same kind of post, for different units.
        let for_another_unit = |m: &Matter| {
            m.asks
                .first()
                .is_some_and(|&j| !units[j].is_empty() && !units[i].is_empty() && !overlap(units[j], units[i]))
        };
        let only_the_field = |m: &Matter| {
            m.category != ask.category
                && !m.from_title
                && [m.category, ask.category]
                    .iter()
                    .all(|c| !matches!(c, Category::Coordination | Category::Attendance))
                && ask.anchors.iter().all(|a| field.iter().any(|f| f == a))
        };
        let joined = matters
            .iter()
            .position(|m| overlap(&m.anchors, &ask.anchors) && !for_another_unit(m) && !only_the_field(m))
            .or_else(|| {
                // Nothing specific of its own, a reference back, or a coordination meeting
                // (a means to a matter, whatever its sentence names): the main matter.
                let serves_main = ask.anchors.is_empty()
                    || ask.anaphoric
                    || (ask.category == Category::Coordination && !ask.additive);
                // 同意将[该楼]调剂给…使用 / 按上述标准调整[出租汽车运价]: a reference back, or no head,
                // yet words of its own the main matter's asks never use: not the main matter's.
                let own = &specifics[i];
                // A declared part of the one matter (给予以下支持： / 现就该项目有关事项请示如下：)
                // is no stranger, whatever it names.
                let declared_part = ask.anaphoric && ask.borrowed;
                let stranger = !own.is_empty()
                    && !declared_part
                    && ask.category != Category::Coordination
                    && !lexicon::supports(ask.category)
                    && matters.first().is_some_and(|m| {
                        let mut words = m.anchors.clone();
                        words.extend(m.asks.iter().flat_map(|&j| specifics[j].iter().cloned()));
                        !m.asks.is_empty() && !overlap(&words, own)
                    });
                // 为该中心核定编制 after posts for the schools: the 中心 the paragraph named is another unit.
                let other_unit = matters.first().is_some_and(for_another_unit);
                (serves_main && !stranger && !other_unit).then_some(0).filter(|_| !matters.is_empty())
            })
            // A matter that names nothing yet takes the first ask that does,
            // unless the writer adds that ask as something further (另外，…).
            // A matter that only refers back (承办该项赛事) already has its referent, and a
            // numbered item of its own is a matter of its own: neither takes it.
            .or_else(|| {
                if ask.additive {
                    return None;
                }
                matters.iter().position(|m| {
                    m.anchors.is_empty()
                        && !m.asks.iter().all(|&j| asks[j].anaphoric)
                        && m.asks.iter().all(|&j| ask.item == 0 || asks[j].item == ask.item || ask.borrowed)
                })
            });
        // Kept apart only by the umbrella's field: a matter the reading is not sure of.
        let by_field_only =
            joined.is_none() && matters.iter().any(|m| overlap(&m.anchors, &ask.anchors) && only_the_field(m));
        let weak = joined.is_none() && (ask.anchors.is_empty() || ask.anaphoric || by_field_only);
        match joined {
            Some(m) => {
                let matter = &mut matters[m];
                matter.asks.push(i);
                matter.from_title = false;
                if matter.anchors.is_empty() {
                    matter.anchors = ask.anchors.clone();
                }
                // Only an ask that names something itself says what kind of matter it is.
                let names = !ask.anchors.is_empty() && !ask.borrowed;
                if names
                    && (matter.category == Category::Other
                        || lexicon::supports(matter.category) && !lexicon::supports(ask.category))
                {
                    matter.category = ask.category;
                }
            }
            None => {
                let anchors = if weak { specifics[i].clone() } else { ask.anchors.clone() };
                let mut m = Matter::new(anchors, ask.category, false);
                m.weak = weak;
                m.asks.push(i);
                matters.push(m);
            }
        }
    }
    matters
}
