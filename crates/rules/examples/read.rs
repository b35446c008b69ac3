//! Prints the whole reading of a title and a body (a tool for reading the reading).
fn main() {
    let mut args = std::env::args().skip(1);
    let (title, body) = (args.next().unwrap_or_default(), args.next().unwrap_or_default());
    let r = gongwen_rules::reading::read(&title, &body);
    println!("{r:#?}\nseveral: {:?}", r.several_matters());
}
