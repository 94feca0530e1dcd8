//! Quantities: "15", "8,000", "1.5 million", "twenty-five", "two hundred", "dozens",
//! with the qualifier before them ("at least", "more than", "nearly", "up to").
//! Years, dates, percentages and money are not counts and are left out.

use crate::{set, Ctx, Phrases};
use sitrep_core::{DateMention, Qualifier, Quantity, Span};
use sitrep_lexicon::{PhraseMatcherBuilder, QuantitiesData};
use sitrep_segment::TokenKind;

#[derive(Clone, Copy, Debug)]
enum Piece {
    Num(u64),
    Scale(u64),
    Vague(u64, Qualifier),
}

pub struct QuantityRecognizer {
    pieces: Vec<Piece>,
    qualifier_of: Vec<Qualifier>,
    not_units: std::collections::HashSet<String>,
    non_count_units: std::collections::HashSet<String>,
    measure_suffixes: Vec<String>,
    identifier_markers: Vec<String>,
    partitive: std::collections::HashSet<String>,
    number_joiners: std::collections::HashSet<String>,
}

pub fn parse_qualifier(s: &str) -> Qualifier {
    match s {
        "at_least" => Qualifier::AtLeast,
        "about" => Qualifier::About,
        "more_than" => Qualifier::MoreThan,
        "up_to" => Qualifier::UpTo,
        _ => Qualifier::Exact,
    }
}

impl QuantityRecognizer {
    /// Adds number words and qualifiers to `b` (sets `set::NUMBER_WORDS`, `set::QUALIFIERS`).
    pub fn new(data: &QuantitiesData, b: &mut PhraseMatcherBuilder) -> QuantityRecognizer {
        b.set(set::NUMBER_WORDS);
        let mut pieces = Vec::new();
        for (w, n) in &data.numbers {
            b.add(w, pieces.len() as u32);
            pieces.push(Piece::Num(*n));
        }
        for (w, n) in &data.scales {
            // one-letter scales ("m", "k") only right after digits, handled below
            if w.len() > 2 {
                b.add(w, pieces.len() as u32);
            }
            pieces.push(Piece::Scale(*n));
        }
        for v in &data.vague {
            for w in &v.words {
                b.add(w, pieces.len() as u32);
            }
            pieces.push(Piece::Vague(v.count, v.qualifier));
        }
        b.set(set::QUALIFIERS);
        let mut qualifier_of = Vec::new();
        for (i, p) in data.qualifiers.iter().enumerate() {
            for ph in &p.phrases {
                b.add(ph, i as u32);
            }
            qualifier_of.push(p.qualifier);
        }
        QuantityRecognizer {
            pieces,
            qualifier_of,
            not_units: data.not_units.iter().map(|w| w.to_lowercase()).collect(),
            non_count_units: data.non_count_units.iter().map(|w| w.to_lowercase()).collect(),
            measure_suffixes: data.measure_suffixes.clone(),
            identifier_markers: data.identifier_markers.clone(),
            partitive: data.partitive.iter().map(|w| w.to_lowercase()).collect(),
            number_joiners: data.number_joiners.iter().map(|w| w.to_lowercase()).collect(),
        }
    }

    pub fn find(&self, ctx: &Ctx, phrases: &mut Phrases, dates: &[DateMention]) -> Vec<Quantity> {
        let text = ctx.text;
        // 1. pieces: dictionary words and digit tokens, in order
        let quals = phrases.take(set::QUALIFIERS);
        let mut hits: Vec<(usize, usize, Piece)> =
            phrases.take(set::NUMBER_WORDS).iter().map(|m| (m.start, m.end, self.pieces[m.payload as usize])).collect();
        for t in ctx.tokens.iter().filter(|t| t.kind == TokenKind::Number) {
            if let Some(n) = parse_digits(&text[t.start..t.end]) {
                hits.push((t.start, t.end, Piece::Num(n)));
            }
        }
        hits.sort_by_key(|h| (h.0, std::cmp::Reverse(h.1)));
        let in_date = |s: usize, e: usize| crate::actors::overlaps_date(dates, s, e);

        let mut out = Vec::new();
        let mut i = 0;
        while i < hits.len() {
            // 2. merge a run of pieces joined by spaces, hyphens or "and"
            let (start, mut end, first) = hits[i];
            let mut run = vec![first];
            let mut j = i + 1;
            while j < hits.len() {
                let gap = &text[end..hits[j].0];
                let joins = gap == " " || gap == "-" || self.is_joiner(gap);
                let continues = match (*run.last().expect("non-empty"), hits[j].2) {
                    (_, Piece::Scale(_)) => true,
                    (Piece::Scale(_), Piece::Num(_)) => true,
                    // "twenty five", "twenty-five"
                    (Piece::Num(a), Piece::Num(b)) => (20..100).contains(&a) && a % 10 == 0 && b < 10,
                    _ => false,
                };
                if !joins || !continues || hits[j].0 < end {
                    break;
                }
                run.push(hits[j].2);
                end = hits[j].1;
                j += 1;
            }
            // one-letter scale right after digits: "5m", "2 bn" are money, skip below anyway
            i = j.max(i + 1);
            let Some((count, vague_q)) = value(&run) else {
                continue;
            };
            if in_date(start, end) || self.not_a_count(ctx, start, end, count) {
                continue;
            }
            // 3. qualifier right before
            let mut qstart = start;
            let mut qualifier = vague_q.unwrap_or(Qualifier::Exact);
            let k = quals.partition_point(|q| q.end <= start);
            if let Some(q) =
                k.checked_sub(1).map(|k| &quals[k]).filter(|q| start - q.end <= 1 && text[q.end..start].chars().all(|c| c == ' '))
            {
                qualifier = self.qualifier_of[q.payload as usize];
                qstart = q.start;
            }
            // 4. the noun counted
            let unit = unit_after(ctx, end, &self.partitive).filter(|u| !self.not_units.contains(u));
            out.push(Quantity { text: text[qstart..end].to_string(), span: Span(qstart, end), count, qualifier, unit });
        }
        out
    }

    /// A word of `number_joiners` between spaces: " and ".
    fn is_joiner(&self, gap: &str) -> bool {
        gap.len() > 2
            && gap.starts_with(' ')
            && gap.ends_with(' ')
            && self.number_joiners.contains(&gap[1..gap.len() - 1].to_ascii_lowercase())
    }

    /// Percentages, money, years, identifiers ("Resolution 2254") and ages are not counts.
    fn not_a_count(&self, ctx: &Ctx, start: usize, end: usize, count: u64) -> bool {
        let text = ctx.text;
        let before = text[..start].trim_end_matches(' ');
        let after = text[end..].trim_start_matches(' ');
        if before.ends_with(['$', '£', '€', '¥']) || after.starts_with(['%']) {
            return true;
        }
        let next = after.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("").to_lowercase();
        if self.non_count_units.contains(&next) {
            return true;
        }
        if self.measure_suffixes.iter().any(|x| after.starts_with(x.as_str())) {
            return true;
        }
        let raw = &text[start..end];
        // "one of the …" is not a count
        if count == 1 && self.partitive.contains(&next) {
            return true;
        }
        if raw.len() == 4 && raw.bytes().all(|b| b.is_ascii_digit()) && (1800..=2100).contains(&count) && !next.ends_with('s') {
            return true;
        }
        // an identifier after a capitalised word: "Resolution 2254", "Article 7", "No. 5"
        if let Some(i) = ctx.tok_starting(start) {
            if i > 0 && !ctx.caseless {
                let prev = ctx.word(i - 1);
                if (ctx.is_cap(i - 1) && !ctx.is_sentence_start(i - 1) && raw.bytes().all(|b| b.is_ascii_digit()))
                    || self.identifier_markers.iter().any(|m| m == prev)
                {
                    return true;
                }
            }
        }
        false
    }
}

fn parse_digits(s: &str) -> Option<u64> {
    if !s.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.') {
        return None;
    }
    let clean: String = s.chars().filter(|c| *c != ',').collect();
    if clean.contains('.') {
        // decimals only count with a scale ("1.5 million"); keep the integer part scaled later
        let f: f64 = clean.parse().ok()?;
        return Some((f * 1000.0).round() as u64 | (1 << 63));
    }
    clean.parse().ok()
}

/// Value of a run of pieces. Decimals carry a marker bit and are scaled by 1000.
fn value(run: &[Piece]) -> Option<(u64, Option<Qualifier>)> {
    if let [Piece::Vague(n, q)] = run {
        return Some((*n, Some(*q)));
    }
    let mut total: u64 = 0;
    let mut cur: u64 = 0;
    let mut decimal = false;
    let mut any = false;
    for p in run {
        match *p {
            Piece::Num(n) if n & (1 << 63) != 0 => {
                decimal = true;
                cur += n & !(1 << 63);
                any = true;
            }
            Piece::Num(n) => {
                cur = cur.saturating_add(n);
                any = true;
            }
            Piece::Scale(s) => {
                let base = if cur == 0 { 1 } else { cur };
                if decimal {
                    cur = base.saturating_mul(s) / 1000;
                    decimal = false;
                } else {
                    cur = base.saturating_mul(s);
                }
                if s >= 1000 {
                    total = total.saturating_add(cur);
                    cur = 0;
                }
                any = true;
            }
            Piece::Vague(n, q) => {
                // "tens of thousands" style runs are listed by their vague reading
                return Some((n, Some(q)));
            }
        }
    }
    if decimal {
        // a bare decimal ("1.5") is not a count
        return None;
    }
    any.then_some((total.saturating_add(cur), None))
}

fn unit_after(ctx: &Ctx, end: usize, partitive: &std::collections::HashSet<String>) -> Option<String> {
    let mut i = ctx.tok_at_or_after(end);
    if partitive.contains(&ctx.lower(i)) {
        i += 1;
    }
    let w = ctx.word(i);
    let t = ctx.tokens.get(i)?;
    if t.kind != TokenKind::Word || t.start > end + 6 || ctx.text[end..t.start].contains(['\n', ',', '.']) {
        return None;
    }
    Some(w.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_lexicon::Lexicon;
    use sitrep_segment::Segmenter;

    fn q(text: &str) -> Vec<(String, u64, Qualifier, Option<String>)> {
        q_with(&Lexicon::builtin(), text)
    }

    fn q_with(lex: &Lexicon, text: &str) -> Vec<(String, u64, Qualifier, Option<String>)> {
        let seg = Segmenter::new(&lex.segment).segment(text, false);
        let ctx = Ctx::new(text, &seg, false);
        let mut b = PhraseMatcherBuilder::new();
        let dr = crate::dates::DateRecognizer::new(&lex.dates, &mut b);
        let qr = QuantityRecognizer::new(&lex.quantities, &mut b);
        let mut phrases = Phrases::find(&b.build(), &ctx);
        let dates = dr.find(&ctx, &mut phrases, None);
        qr.find(&ctx, &mut phrases, &dates).into_iter().map(|x| (x.text, x.count, x.qualifier, x.unit)).collect()
    }

    #[test]
    fn digits_words_and_qualifiers() {
        let got = q("At least 15 soldiers died; 8,000 people fled, nearly two hundred were hurt and twenty-five arrested.");
        assert_eq!(got[0], ("At least 15".into(), 15, Qualifier::AtLeast, Some("soldiers".into())));
        assert_eq!(got[1], ("8,000".into(), 8000, Qualifier::Exact, Some("people".into())));
        assert_eq!(got[2], ("nearly two hundred".into(), 200, Qualifier::About, None));
        assert_eq!(got[3], ("twenty-five".into(), 25, Qualifier::Exact, Some("arrested".into())));
    }

    #[test]
    fn scales_and_vague_amounts() {
        let got = q("Some 1.5 million people and dozens of civilians, more than 3,500 troops.");
        assert_eq!(got[0].1, 1_500_000);
        assert_eq!(got[0].2, Qualifier::About);
        assert_eq!(got[1], ("dozens of".into(), 24, Qualifier::AtLeast, Some("civilians".into())));
        assert_eq!(got[2].1, 3500);
        assert_eq!(got[2].2, Qualifier::MoreThan);
    }

    #[test]
    fn non_counts_are_skipped() {
        let got = q("A 15-year-old, Resolution 2254, 1,000 km away, $2 million, 40% and in 2014.");
        assert!(got.is_empty(), "{got:?}");
    }

    fn counts(got: &[(String, u64, Qualifier, Option<String>)]) -> Vec<u64> {
        got.iter().map(|x| x.1).collect()
    }

    #[test]
    fn measure_suffixes_and_identifier_markers_come_from_quantities_toml() {
        let text = "He got a five-year sentence; gate #3 held 40 people.";
        assert_eq!(counts(&q(text)), vec![40]);
        let mut lex = Lexicon::builtin();
        lex.quantities.measure_suffixes.clear();
        lex.quantities.identifier_markers.clear();
        assert_eq!(counts(&q_with(&lex, text)), vec![5, 3, 40]);
    }

    #[test]
    fn partitive_and_number_joiners_come_from_quantities_toml() {
        let text = "One of the guards died. Two hundred and fifty prisoners fled. Dozens of children wept.";
        let units = |got: &[(String, u64, Qualifier, Option<String>)]| got.iter().map(|x| x.3.clone()).collect::<Vec<_>>();
        let got = q(text);
        assert_eq!(counts(&got), vec![250, 24]);
        assert_eq!(units(&got), vec![Some("prisoners".into()), Some("children".into())]);
        let mut lex = Lexicon::builtin();
        lex.quantities.partitive.clear();
        lex.quantities.number_joiners.clear();
        assert_eq!(counts(&q_with(&lex, text)), vec![1, 200, 50, 24]);
    }
}
