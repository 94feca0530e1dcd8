/// Folds a phrase to the key it is looked up by: lower case, every run of characters other
/// than letters and digits one space, trimmed ("KI-MOON" and "Ki-moon" → "ki moon").
pub fn key(phrase: &str) -> String {
    let mut out = String::with_capacity(phrase.len());
    let mut gap = false;
    for c in phrase.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}
