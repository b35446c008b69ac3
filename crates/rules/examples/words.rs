//! Prints how the reading segments each argument (a tool for reading the reading).
fn main() {
    for text in std::env::args().skip(1) {
        let ws = gongwen_rules::reading::segment::words(&text);
        println!("{}", ws.iter().map(|w| format!("{}/{}", w.text, w.tag)).collect::<Vec<_>>().join(" "));
    }
}
