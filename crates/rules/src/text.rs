//! Measures of a text that several checks share.

/// Han characters in a text (the measure of length and substance).
pub fn han_chars(text: &str) -> usize {
    text.chars().filter(|c| matches!(*c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF)).count()
}
