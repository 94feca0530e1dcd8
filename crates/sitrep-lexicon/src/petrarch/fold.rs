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

/// The first eight bytes of a key as a big-endian number, zero-padded. Keys sorted by their
/// bytes are sorted by these numbers too, so a search narrows on one array of numbers before
/// it reads any key's text.
pub fn prefix8(key: &str) -> u64 {
    let mut b = [0u8; 8];
    let n = key.len().min(8);
    b[..n].copy_from_slice(&key.as_bytes()[..n]);
    u64::from_be_bytes(b)
}
