//! The lookup key of a name. `data/build-gazetteer` applies the same steps (in
//! Python) to every name it indexes; the two must stay identical.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Characters read as an apostrophe: ’ ‘ ` ʼ ʻ ′ ʹ.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\u{2019}' | '\u{2018}' | '`' | '\u{02BC}' | '\u{02BB}' | '\u{2032}' | '\u{02B9}')
}

/// Whitespace (the Unicode White_Space property) and hyphens/dashes: each run is one space.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}')
}

/// The lookup key of `name`:
///
/// 1. compatibility decomposition (NFKD), combining marks dropped (`Ḩalab` → `Halab`);
/// 2. lower case (marks that lowering produces are dropped too);
/// 3. ’ ‘ ` ʼ ʻ ′ ʹ become `'`;
/// 4. every run of whitespace, hyphens and dashes becomes one space, none at either end.
///
/// `"Deir ez-Zor"` → `"deir ez zor"`, `"Al-Anbar"` → `"al anbar"`, `"Ta‘izz"` → `"ta'izz"`.
/// Other punctuation is kept (`"st. john's"`).
pub fn normalize(name: &str) -> String {
    let decomposed: String = name.nfkd().filter(|&c| !is_combining_mark(c)).collect();
    let lower = decomposed.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut pending_space = false;
    for c in lower.chars().filter(|&c| !is_combining_mark(c)) {
        let c = if is_apostrophe(c) { '\'' } else { c };
        if is_separator(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// The key without a leading article (`al `, `el `, `the `), if it has one and
/// something follows it. The index holds this form as an additional key of every
/// name that starts with an article, so `"Anbar"` finds `"Al Anbar"`.
pub fn strip_article(key: &str) -> Option<&str> {
    ["al ", "el ", "the "].iter().find_map(|a| key.strip_prefix(a)).filter(|rest| !rest.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        assert_eq!(normalize("Deir ez-Zor"), "deir ez zor");
        assert_eq!(normalize("  Al-Anbar "), "al anbar");
        assert_eq!(normalize("Ta‘izz"), "ta'izz");
        assert_eq!(normalize("Ma’rib"), "ma'rib");
        assert_eq!(normalize("Şa‘dah"), "sa'dah");
        assert_eq!(normalize("Ḩalab"), "halab");
        assert_eq!(normalize("Kyiv \u{2013} city"), "kyiv city");
        assert_eq!(normalize("İstanbul"), "istanbul");
        assert_eq!(normalize("SÃO PAULO"), "sao paulo");
        assert_eq!(normalize("Salah\u{00A0}ad\u{2011}Din"), "salah ad din");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize(" - "), "");
    }

    #[test]
    fn articles() {
        assert_eq!(strip_article("al anbar"), Some("anbar"));
        assert_eq!(strip_article("el fasher"), Some("fasher"));
        assert_eq!(strip_article("the gambia"), Some("gambia"));
        assert_eq!(strip_article("alanbar"), None);
        assert_eq!(strip_article("al "), None);
        assert_eq!(strip_article("an najaf"), None);
    }
}
