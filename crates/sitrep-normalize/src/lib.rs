//! Normalize → the first stage after ingest.
//!
//! Produces a cleaned copy of the article that later stages read, plus a map from every
//! byte of that copy back to a character offset of the input, so spans stay true to the
//! text *as given*. What it cleans:
//! - HTML entities (`&amp;`, `&#8217;`, `&rsquo;`),
//! - UTF-8 read as Windows-1252 ("â€œ" → “),
//! - curly quotes and apostrophes → `"` and `'`; en/em dashes → `-`,
//! - non-breaking and exotic spaces → space; soft hyphens, zero-width characters, BOM → dropped,
//! - `\r\n` and `\r` → `\n`,
//! - lines holding only a separator (`|`, `***`, `---`) → emptied (a paragraph break).
//!
//! It also tells whether the text is caseless (all lower- or all upper-case scraped text),
//! so recognizers stop relying on capitals.

use sitrep_core::Span;

/// The normalized text and its way back to the input.
#[derive(Debug, Clone)]
pub struct Normalized {
    pub text: String,
    /// `map[b]` = input character offset of normalized byte `b`; `map[text.len()]` = input length in chars.
    map: Vec<u32>,
    /// True when the input has (almost) no case distinction, e.g. all-lowercase scraped text.
    pub caseless: bool,
}

impl Normalized {
    /// Input character offset for a normalized byte offset (must be a char boundary or the end).
    pub fn orig_offset(&self, byte: usize) -> usize {
        self.map[byte.min(self.map.len() - 1)] as usize
    }

    /// Maps a `[start, end)` byte range of the normalized text to input character offsets.
    pub fn orig_span(&self, span: Span) -> Span {
        let s = self.orig_offset(span.0);
        let e = self.orig_offset(span.1).max(s);
        Span(s, e)
    }
}

/// Normalizes `input`. Never fails, never panics; every input char is accounted for in the map.
pub fn normalize(input: &str) -> Normalized {
    let mut out = String::with_capacity(input.len());
    let mut map: Vec<u32> = Vec::with_capacity(input.len() + 1);
    // Work line by line so separator lines can be dropped without a second pass.
    let mut char_base: u32 = 0;
    let mut upper = 0usize;
    let mut lower = 0usize;
    for line in input.split_inclusive('\n') {
        if is_separator_line(line) {
            let line_chars = line.chars().count() as u32;
            // Keep only the newline (if any), mapped to its own position.
            if line.ends_with('\n') {
                push(&mut out, &mut map, '\n', char_base + line_chars - 1);
            }
            char_base += line_chars;
            continue;
        }
        let mut byte = 0;
        let mut ci: u32 = 0; // chars consumed in this line
        while byte < line.len() {
            let rest = &line[byte..];
            // Most text is printable ASCII that needs no cleaning: copy such runs whole, one
            // map entry per byte, rather than char by char.
            let plain = rest.bytes().take_while(|&b| matches!(b, b' '..=b'~') && b != b'&').count();
            if plain > 0 {
                let run = &rest[..plain];
                upper += run.bytes().filter(u8::is_ascii_uppercase).count();
                lower += run.bytes().filter(u8::is_ascii_lowercase).count();
                out.push_str(run);
                map.extend(char_base + ci..char_base + ci + plain as u32);
                byte += plain;
                ci += plain as u32;
                continue;
            }
            let c = rest.chars().next().expect("non-empty");
            let orig = char_base + ci;
            if c.is_uppercase() {
                upper += 1;
            } else if c.is_lowercase() {
                lower += 1;
            }
            // HTML entity: &name; &#123; &#x7B;
            if c == '&' {
                if let Some((decoded, used_bytes, used_chars)) = decode_entity(rest) {
                    for d in decoded.chars() {
                        push_clean(&mut out, &mut map, d, orig);
                    }
                    byte += used_bytes;
                    ci += used_chars;
                    continue;
                }
            }
            // UTF-8 that was decoded as Windows-1252: a lead char followed by continuation chars.
            if ('\u{C2}'..='\u{F4}').contains(&c) {
                if let Some((fixed, used_bytes, used_chars)) = fix_mojibake(rest) {
                    push_clean(&mut out, &mut map, fixed, orig);
                    byte += used_bytes;
                    ci += used_chars;
                    continue;
                }
            }
            byte += c.len_utf8();
            ci += 1;
            if c == '\r' {
                // \r\n → \n (the \n is pushed next round); lone \r → \n
                if !line[byte..].starts_with('\n') {
                    push(&mut out, &mut map, '\n', orig);
                }
                continue;
            }
            push_clean(&mut out, &mut map, c, orig);
        }
        char_base += ci;
    }
    map.push(char_base);
    let letters = upper + lower;
    let caseless = letters >= 20 && (upper * 100 < letters || lower * 100 < letters);
    Normalized { text: out, map, caseless }
}

fn push(out: &mut String, map: &mut Vec<u32>, c: char, orig: u32) {
    out.push(c);
    for _ in 0..c.len_utf8() {
        map.push(orig);
    }
}

/// Pushes `c` after folding quotes, dashes and spaces; drops invisible characters.
fn push_clean(out: &mut String, map: &mut Vec<u32>, c: char, orig: u32) {
    let folded = match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => ' ',
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => return,
        c if c.is_control() && c != '\n' => ' ',
        c => c,
    };
    push(out, map, folded, orig);
}

fn is_separator_line(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.chars().all(|c| matches!(c, '|' | '*' | '-' | '_' | '=' | '~' | '#' | '•' | '·' | '—' | '–') || c.is_whitespace())
}

/// Decodes one HTML entity at the start of `s`; returns the text and how many chars it used.
fn decode_entity(s: &str) -> Option<(String, usize, u32)> {
    let end = s.bytes().take(33).position(|b| b == b';')?;
    let body = &s[1..end];
    let ok = if let Some(num) = body.strip_prefix('#') {
        !num.is_empty()
            && (num.bytes().all(|b| b.is_ascii_digit())
                || ((num.starts_with('x') || num.starts_with('X')) && num.len() > 1 && num[1..].bytes().all(|b| b.is_ascii_hexdigit())))
    } else {
        !body.is_empty() && body.bytes().all(|b| b.is_ascii_alphanumeric())
    };
    if !ok {
        return None;
    }
    let entity = &s[..=end];
    let decoded = html_escape::decode_html_entities(entity);
    if decoded == entity {
        return None;
    }
    Some((decoded.into_owned(), entity.len(), entity.chars().count() as u32))
}

/// The Windows-1252 byte a char came from, if it can be one.
fn cp1252_byte(c: char) -> Option<u8> {
    let b = match c {
        '\u{20AC}' => 0x80,
        '\u{201A}' => 0x82,
        '\u{0192}' => 0x83,
        '\u{201E}' => 0x84,
        '\u{2026}' => 0x85,
        '\u{2020}' => 0x86,
        '\u{2021}' => 0x87,
        '\u{02C6}' => 0x88,
        '\u{2030}' => 0x89,
        '\u{0160}' => 0x8A,
        '\u{2039}' => 0x8B,
        '\u{0152}' => 0x8C,
        '\u{017D}' => 0x8E,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '\u{2022}' => 0x95,
        '\u{2013}' => 0x96,
        '\u{2014}' => 0x97,
        '\u{02DC}' => 0x98,
        '\u{2122}' => 0x99,
        '\u{0161}' => 0x9A,
        '\u{203A}' => 0x9B,
        '\u{0153}' => 0x9C,
        '\u{017E}' => 0x9E,
        '\u{0178}' => 0x9F,
        c if ('\u{80}'..='\u{FF}').contains(&c) => c as u32 as u8,
        _ => return None,
    };
    Some(b)
}

/// If `s` starts with the Windows-1252 rendering of one UTF-8 sequence, returns the
/// character it meant and how many bytes and chars the rendering used.
fn fix_mojibake(s: &str) -> Option<(char, usize, u32)> {
    let mut it = s.chars();
    let first = it.next()?;
    let lead = cp1252_byte(first)?;
    let need = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut buf = [0u8; 4];
    buf[0] = lead;
    let mut used = first.len_utf8();
    for slot in buf.iter_mut().take(need).skip(1) {
        let ch = it.next()?;
        used += ch.len_utf8();
        let b = cp1252_byte(ch)?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        *slot = b;
    }
    let fixed = std::str::from_utf8(&buf[..need]).ok()?;
    let c = fixed.chars().next()?;
    Some((c, used, need as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(input: &str, s: Span) -> String {
        input.chars().skip(s.0).take(s.1 - s.0).collect()
    }

    #[test]
    fn curly_quotes_and_apostrophes_fold() {
        let n = normalize("Iraq\u{2019}s \u{201C}not welcome\u{201D}");
        assert_eq!(n.text, "Iraq's \"not welcome\"");
    }

    #[test]
    fn mojibake_is_repaired_and_maps_to_all_its_chars() {
        let input = "he said \u{e2}\u{20ac}\u{153}no\u{e2}\u{20ac}\u{9d} today";
        let n = normalize(input);
        assert_eq!(n.text, "he said \"no\" today");
        // the normalized quote char spans the three input chars
        let q = n.text.find('"').unwrap();
        assert_eq!(slice(input, n.orig_span(Span(q, q + 1))), "\u{e2}\u{20ac}\u{153}");
        let no = n.text.find("no").unwrap();
        assert_eq!(slice(input, n.orig_span(Span(no, no + 2))), "no");
    }

    #[test]
    fn latin_mojibake_e_acute() {
        assert_eq!(normalize("M\u{c3}\u{a9}decins").text, "Médecins");
    }

    #[test]
    fn html_entities_decode() {
        let n = normalize("AT&amp;T &#8220;hi&#8221; &rsquo; &bogus; & alone");
        assert_eq!(n.text, "AT&T \"hi\" ' &bogus; & alone");
    }

    #[test]
    fn spaces_soft_hyphens_and_zero_width() {
        let input = "Ra\u{ad}madi\u{a0}city\u{200b}!";
        let n = normalize(input);
        assert_eq!(n.text, "Ramadi city!");
        let r = n.orig_span(Span(0, 6));
        assert_eq!(slice(input, r), "Ra\u{ad}madi");
    }

    #[test]
    fn separator_lines_become_blank() {
        let n = normalize("one.\n|\ntwo.\r\n***\r\nthree");
        assert_eq!(n.text, "one.\n\ntwo.\n\nthree");
    }

    #[test]
    fn caseless_detection() {
        assert!(normalize("the islamic state group overran ramadi on sunday, officials said").caseless);
        assert!(!normalize("The Islamic State group overran Ramadi on Sunday, officials said").caseless);
        assert!(!normalize("ok").caseless);
    }

    #[test]
    fn map_end_is_input_length() {
        let input = "a\u{2019}b\u{ad}";
        let n = normalize(input);
        assert_eq!(n.orig_offset(n.text.len()), input.chars().count());
    }

    proptest::proptest! {
        #[test]
        fn spans_map_monotonically_within_input(s in "\\PC*") {
            let n = normalize(&s);
            let total = s.chars().count();
            let mut last = 0;
            for (b, _) in n.text.char_indices().chain(std::iter::once((n.text.len(), ' '))) {
                let o = n.orig_offset(b);
                proptest::prop_assert!(o >= last && o <= total);
                last = o;
            }
            proptest::prop_assert_eq!(n.orig_offset(n.text.len()), total);
        }

        #[test]
        fn arbitrary_bytes_lossy_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let s = String::from_utf8_lossy(&bytes);
            let n = normalize(&s);
            proptest::prop_assert!(n.text.len() <= s.len() * 3 + 3);
        }
    }
}
