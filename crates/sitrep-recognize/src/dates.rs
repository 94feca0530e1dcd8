//! Dates: "March 10, 2002", "10 March", "May 2015", "in 2014", "on Sunday", "last week",
//! "earlier this year", "three days ago". Relative ones resolve against the publication
//! date; without one they keep `value: null` and their precision, never a guess.

use crate::{set, Ctx, Phrases};
use chrono::{Datelike, Duration, NaiveDate};
use regex::Regex;
use sitrep_core::{DateMention, Precision, Span};
use sitrep_lexicon::{DatesData, PhraseMatcherBuilder};
use std::collections::HashMap;

pub struct DateRecognizer {
    relative_rules: Vec<(String, i32)>,
    months: HashMap<String, u32>,
    /// Full month names (abbreviations need a day or year next to them).
    full_months: Vec<String>,
    weekdays: HashMap<String, u32>,
    absolute: Regex,
    weekday: Regex,
    year: Regex,
    ago: Regex,
    shifts: HashMap<String, i32>,
    ago_units: HashMap<String, String>,
    future_cues: Vec<String>,
    /// `ago_numbers`, lower-case.
    ago_numbers: HashMap<String, i64>,
    year_modifiers: Vec<String>,
    ambiguous_months: Vec<String>,
}

fn alternation(words: impl Iterator<Item = String>) -> String {
    let mut v: Vec<String> = words.map(|w| regex::escape(&w.to_lowercase())).collect();
    v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    v.dedup();
    v.join("|")
}

impl DateRecognizer {
    /// Adds the relative-date phrases to `b` (set `set::RELATIVE_DATES`).
    pub fn new(data: &DatesData, b: &mut PhraseMatcherBuilder) -> DateRecognizer {
        b.set(set::RELATIVE_DATES);
        let mut relative_rules = Vec::new();
        for (i, r) in data.relative.iter().enumerate() {
            for p in &r.phrases {
                b.add(p, i as u32);
            }
            relative_rules.push((r.unit.to_string(), r.offset));
        }
        let mut months = HashMap::new();
        let mut full_months = Vec::new();
        for (i, names) in data.months.iter().enumerate() {
            for n in names {
                months.insert(n.to_lowercase(), i as u32 + 1);
            }
            if let Some(full) = names.first() {
                full_months.push(full.to_lowercase());
            }
        }
        let mut weekdays = HashMap::new();
        for (i, names) in data.weekdays.iter().enumerate() {
            if let Some(full) = names.first() {
                weekdays.insert(full.to_lowercase(), i as u32);
            }
        }
        let month_alt = alternation(months.keys().cloned());
        let absolute = Regex::new(&format!(
            r"(?i)(?-u:\b)(?:(?P<d1>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?)?(?P<m>{month_alt})(?-u:\b)\.?(?:\s+(?P<d2>[0-9]{{1,2}})(?:st|nd|rd|th)?(?-u:\b))?(?:,?\s+(?P<y>(?:1[89]|20)[0-9][0-9])(?-u:\b))?"
        ))
        .expect("date regex");
        let shift_alt = alternation(data.weekday_shifts.keys().cloned());
        let weekday =
            Regex::new(&format!(r"(?i)(?-u:\b)(?:(?P<shift>{shift_alt})\s+)?(?P<w>{})(?-u:\b)", alternation(weekdays.keys().cloned())))
                .expect("weekday regex");
        let year = Regex::new(&format!(
            r"(?i)(?-u:\b)(?P<prep>{})\s+(?P<y>(?:1[89]|20)[0-9][0-9])(?-u:\b)",
            alternation(data.year_prepositions.iter().cloned())
        ))
        .expect("year regex");
        let ago_numbers: HashMap<String, i64> = data.ago_numbers.iter().map(|(k, v)| (k.to_lowercase(), *v)).collect();
        let number_alt = match alternation(ago_numbers.keys().cloned()) {
            words if words.is_empty() => String::new(),
            words => format!("|{words}"),
        };
        let ago = Regex::new(&format!(
            r"(?i)(?-u:\b)(?P<n>[0-9]{{1,3}}{number_alt})\s+(?P<u>{})\s+ago(?-u:\b)",
            alternation(data.ago_units.keys().cloned())
        ))
        .expect("ago regex");
        DateRecognizer {
            relative_rules,
            months,
            full_months,
            weekdays,
            absolute,
            weekday,
            year,
            ago,
            shifts: data.weekday_shifts.iter().map(|(k, v)| (k.to_lowercase(), *v)).collect(),
            ago_units: data.ago_units.iter().map(|(k, v)| (k.to_lowercase(), v.clone())).collect(),
            future_cues: data.future_cues.iter().map(|w| w.to_lowercase()).collect(),
            ago_numbers,
            year_modifiers: data.year_modifiers.iter().map(|w| w.to_lowercase()).collect(),
            ambiguous_months: data.ambiguous_months.iter().map(|w| w.to_lowercase()).collect(),
        }
    }

    pub fn find(&self, ctx: &Ctx, phrases: &mut Phrases, published: Option<NaiveDate>) -> Vec<DateMention> {
        let text = ctx.text;
        let mut out: Vec<DateMention> = Vec::new();
        let mk = |s: usize, e: usize, v: Option<String>, end: Option<String>, p: Precision, rel: bool| DateMention {
            text: text[s..e].to_string(),
            span: Span(s, e),
            value: v,
            end,
            precision: Some(p),
            relative: rel,
        };

        for m in phrases.take(set::RELATIVE_DATES) {
            let (unit, offset) = &self.relative_rules[m.payload as usize];
            let (v, end, p) = resolve_relative(unit, *offset, published);
            out.push(mk(m.start, m.end, v, end, p, true));
        }

        for c in self.absolute.captures_iter(text) {
            let all = c.get(0).expect("match");
            let m = c.name("m").expect("month");
            let mword = m.as_str().to_lowercase();
            let Some(&month) = self.months.get(&mword) else {
                continue;
            };
            let day = c.name("d1").or(c.name("d2")).and_then(|d| d.as_str().parse::<u32>().ok());
            let year = c.name("y").and_then(|y| y.as_str().parse::<i32>().ok());
            let full = self.full_months.contains(&mword);
            let capital = m.as_str().chars().next().is_some_and(|ch| ch.is_uppercase());
            // "march" the verb, "may" the modal, "Jan" the name: need capitals and, for
            // abbreviations and `ambiguous_months`, a day or year beside them.
            if !ctx.caseless && !capital {
                continue;
            }
            if (!full || self.ambiguous_months.contains(&mword)) && day.is_none() && year.is_none() {
                continue;
            }
            let (v, p) = match (day, year) {
                (Some(d), Some(y)) => (NaiveDate::from_ymd_opt(y, month, d).map(fmt_day), Precision::Day),
                (None, Some(y)) => (Some(format!("{y:04}-{month:02}")), Precision::Month),
                (Some(d), None) => (
                    published.and_then(|pd| {
                        let this = NaiveDate::from_ymd_opt(pd.year(), month, d)?;
                        // "March 10" in a January article is last year's.
                        let y = if this > pd + Duration::days(60) { pd.year() - 1 } else { pd.year() };
                        NaiveDate::from_ymd_opt(y, month, d).map(fmt_day)
                    }),
                    Precision::Day,
                ),
                (None, None) => (
                    published.map(|pd| {
                        let y = if month > pd.month() + 2 { pd.year() - 1 } else { pd.year() };
                        format!("{y:04}-{month:02}")
                    }),
                    Precision::Month,
                ),
            };
            out.push(mk(all.start(), all.end(), v, None, p, year.is_none()));
        }

        for c in self.weekday.captures_iter(text) {
            let w = c.name("w").expect("weekday");
            if !ctx.caseless && !w.as_str().chars().next().is_some_and(|ch| ch.is_uppercase()) {
                continue;
            }
            let Some(&wd) = self.weekdays.get(&w.as_str().to_lowercase()) else {
                continue;
            };
            let shift_word = c.name("shift").map(|s| s.as_str().to_lowercase());
            let shift = shift_word.as_deref().and_then(|s| self.shifts.get(s)).copied().unwrap_or(0);
            // "on" and "this" are not part of what the date says; "last"/"next" are.
            let start = if shift != 0 { c.get(0).expect("m").start() } else { w.start() };
            let future = shift > 0 || (shift == 0 && future_context(ctx, &self.future_cues, w.start()));
            let v = published.map(|pd| fmt_day(weekday_near(pd, wd, shift, future)));
            out.push(mk(start, w.end(), v, None, Precision::Day, true));
        }

        for c in self.year.captures_iter(text) {
            let y = c.name("y").expect("year");
            let prep = c.name("prep").expect("prep").as_str().to_lowercase();
            let start = if self.year_modifiers.contains(&prep) { c.get(0).expect("m").start() } else { y.start() };
            out.push(mk(start, y.end(), Some(y.as_str().to_string()), None, Precision::Year, false));
        }

        for c in self.ago.captures_iter(text) {
            let all = c.get(0).expect("m");
            let n = c.name("n").expect("n").as_str().to_lowercase();
            let n: i64 = self.ago_numbers.get(&n).copied().unwrap_or_else(|| n.parse().unwrap_or(1));
            let unit = self.ago_units.get(&c.name("u").expect("u").as_str().to_lowercase()).cloned().unwrap_or_default();
            let (v, p) = match unit.as_str() {
                "day" => (published.map(|pd| fmt_day(pd - Duration::days(n))), Precision::Day),
                "week" => (published.map(|pd| fmt_day(pd - Duration::days(7 * n))), Precision::Week),
                "month" => (published.map(|pd| fmt_month(shift_months(pd, -(n as i32)))), Precision::Month),
                _ => (published.map(|pd| format!("{:04}", pd.year() - n as i32)), Precision::Year),
            };
            out.push(mk(all.start(), all.end(), v, None, p, true));
        }

        // Keep the longest of overlapping mentions, in text order.
        out.sort_by(|a, b| a.span.0.cmp(&b.span.0).then(b.span.1.cmp(&a.span.1)));
        let mut kept: Vec<DateMention> = Vec::with_capacity(out.len());
        for d in out {
            match kept.last() {
                Some(k) if d.span.0 < k.span.1 => {
                    if d.span.len() > k.span.len() {
                        *kept.last_mut().expect("last") = d;
                    }
                }
                _ => kept.push(d),
            }
        }
        kept
    }
}

fn fmt_day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn fmt_month(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

fn shift_months(d: NaiveDate, n: i32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + n;
    NaiveDate::from_ymd_opt(total.div_euclid(12), total.rem_euclid(12) as u32 + 1, 1).unwrap_or(d)
}

fn resolve_relative(unit: &str, offset: i32, published: Option<NaiveDate>) -> (Option<String>, Option<String>, Precision) {
    let Some(pd) = published else {
        let p = match unit {
            "day" => Precision::Day,
            "week" | "recent_days" => Precision::Week,
            "month" | "recent_weeks" | "recent_months" => Precision::Month,
            _ => Precision::Year,
        };
        return (None, None, p);
    };
    match unit {
        "day" => (Some(fmt_day(pd + Duration::days(offset as i64))), None, Precision::Day),
        "week" => {
            let monday = pd - Duration::days(pd.weekday().num_days_from_monday() as i64) + Duration::weeks(offset as i64);
            (Some(fmt_day(monday)), Some(fmt_day(monday + Duration::days(6))), Precision::Week)
        }
        "month" => (Some(fmt_month(shift_months(pd, offset))), None, Precision::Month),
        "recent_days" => (Some(fmt_day(pd - Duration::days(7))), Some(fmt_day(pd)), Precision::Week),
        "recent_weeks" => (Some(fmt_day(pd - Duration::days(30))), Some(fmt_day(pd)), Precision::Month),
        "recent_months" => (Some(fmt_day(pd - Duration::days(90))), Some(fmt_day(pd)), Precision::Month),
        _ => (Some(format!("{:04}", pd.year() + offset)), None, Precision::Year),
    }
}

/// The weekday `wd` (0 = Monday) nearest the publication date in the direction the text implies.
fn weekday_near(pd: NaiveDate, wd: u32, shift: i32, future: bool) -> NaiveDate {
    let cur = pd.weekday().num_days_from_monday() as i64;
    let wd = wd as i64;
    if future {
        let mut ahead = (wd - cur).rem_euclid(7);
        if ahead == 0 && shift > 0 {
            ahead = 7;
        }
        pd + Duration::days(ahead)
    } else {
        let mut back = (cur - wd).rem_euclid(7);
        if back == 0 && shift < 0 {
            back = 7;
        }
        pd - Duration::days(back)
    }
}

/// Future tense before the weekday in its sentence ("will meet on Tuesday").
fn future_context(ctx: &Ctx, cues: &[String], byte: usize) -> bool {
    let si = ctx.sentence_of_byte(byte);
    let Some(s) = ctx.sentences.get(si) else {
        return false;
    };
    let before = &ctx.text[s.start.min(byte)..byte].to_lowercase();
    cues.iter().any(|w| before.contains(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_lexicon::Lexicon;
    use sitrep_segment::Segmenter;

    fn dates(text: &str, published: Option<&str>) -> Vec<(String, Option<String>, Option<Precision>)> {
        dates_with(&Lexicon::builtin(), text, published)
    }

    fn dates_with(lex: &Lexicon, text: &str, published: Option<&str>) -> Vec<(String, Option<String>, Option<Precision>)> {
        let seg = Segmenter::new(&lex.segment).segment(text, false);
        let ctx = Ctx::new(text, &seg, false);
        let pd = published.map(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").unwrap());
        let mut b = PhraseMatcherBuilder::new();
        let r = DateRecognizer::new(&lex.dates, &mut b);
        r.find(&ctx, &mut Phrases::find(&b.build(), &ctx), pd).into_iter().map(|d| (d.text, d.value, d.precision)).collect()
    }

    fn v(t: &str, val: Option<&str>, p: Precision) -> (String, Option<String>, Option<Precision>) {
        (t.to_string(), val.map(str::to_string), Some(p))
    }

    #[test]
    fn weekdays_resolve_backwards_from_publication() {
        // 2015-05-18 was a Monday.
        let got = dates("Troops fled on Sunday. She spoke on Monday. They left last Monday.", Some("2015-05-18"));
        assert_eq!(
            got,
            vec![
                v("Sunday", Some("2015-05-17"), Precision::Day),
                v("Monday", Some("2015-05-18"), Precision::Day),
                v("last Monday", Some("2015-05-11"), Precision::Day)
            ]
        );
    }

    #[test]
    fn future_weekday_looks_ahead() {
        let got = dates("Talks will resume on Thursday.", Some("2015-05-18"));
        assert_eq!(got, vec![v("Thursday", Some("2015-05-21"), Precision::Day)]);
    }

    #[test]
    fn relative_phrases() {
        let got = dates("Earlier this year the city fell, and in recent days 500 died. Last week too.", Some("2015-05-18"));
        assert_eq!(got[0], v("Earlier this year", Some("2015"), Precision::Year));
        assert_eq!(got[1], v("in recent days", Some("2015-05-11"), Precision::Week));
        assert_eq!(got[2], v("Last week", Some("2015-05-11"), Precision::Week));
    }

    #[test]
    fn absolute_dates() {
        let got = dates("On March 10, 2002 and 4 July 2010, in May 2015, on 17 May, and in 2014.", Some("2015-05-18"));
        assert_eq!(
            got,
            vec![
                v("March 10, 2002", Some("2002-03-10"), Precision::Day),
                v("4 July 2010", Some("2010-07-04"), Precision::Day),
                v("May 2015", Some("2015-05"), Precision::Month),
                v("17 May", Some("2015-05-17"), Precision::Day),
                v("2014", Some("2014"), Precision::Year),
            ]
        );
    }

    #[test]
    fn unresolved_without_publication_date() {
        let got = dates("Gunmen attacked on Sunday, three days ago.", None);
        assert_eq!(got, vec![v("Sunday", None, Precision::Day), v("three days ago", None, Precision::Day)]);
    }

    #[test]
    fn modal_may_and_verb_march_are_not_dates() {
        assert!(dates("They may march on the capital.", Some("2015-05-18")).is_empty());
        assert!(dates("Resolution 2254 demands 1,000 km of road.", Some("2015-05-18")).is_empty());
    }

    #[test]
    fn ago_numbers_come_from_dates_toml() {
        let text = "Gunmen attacked three days ago and returned eleven days ago.";
        assert_eq!(dates(text, Some("2015-05-18")), vec![v("three days ago", Some("2015-05-15"), Precision::Day)]);
        let mut lex = Lexicon::builtin();
        lex.dates.ago_numbers.remove("three");
        lex.dates.ago_numbers.insert("eleven".into(), 11);
        assert_eq!(dates_with(&lex, text, Some("2015-05-18")), vec![v("eleven days ago", Some("2015-05-07"), Precision::Day)]);
    }

    #[test]
    fn year_modifiers_and_ambiguous_months_come_from_dates_toml() {
        let text = "Fighting resumed in early 2014 and again in May, officials said.";
        assert_eq!(dates(text, Some("2015-05-18")), vec![v("early 2014", Some("2014"), Precision::Year)]);
        let mut lex = Lexicon::builtin();
        lex.dates.year_modifiers.clear();
        lex.dates.ambiguous_months.clear();
        assert_eq!(
            dates_with(&lex, text, Some("2015-05-18")),
            vec![v("2014", Some("2014"), Precision::Year), v("May", Some("2015-05"), Precision::Month)]
        );
    }
}
