//! `sitrep explain`: each event of an article shown to a person — its category, modality,
//! rule and confidence, and its sentence with every span the event points to marked: in
//! ANSI colours on a terminal, as `[words](role)` markers otherwise.
//!
//! A consumer of [`ArticleOutput`] like the JSON writers: it reads the event stream and the
//! article text, and never reaches back into the pipeline.

use sitrep_core::{ArticleOutput, Count, Entity, Event, Span};
use std::fmt::Write;

/// The roles a span can play in an event, in the order they are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Trigger,
    Actor,
    Recipient,
    Location,
    Date,
    Count,
    ReportedBy,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Trigger => "trigger",
            Role::Actor => "actor",
            Role::Recipient => "recipient",
            Role::Location => "location",
            Role::Date => "date",
            Role::Count => "count",
            Role::ReportedBy => "reported_by",
        }
    }

    fn ansi(self) -> &'static str {
        match self {
            Role::Trigger => "\x1b[1;31m",
            Role::Actor => "\x1b[1;34m",
            Role::Recipient => "\x1b[33m",
            Role::Location => "\x1b[32m",
            Role::Date => "\x1b[35m",
            Role::Count => "\x1b[36m",
            Role::ReportedBy => "\x1b[2;37m",
        }
    }
}

const RESET: &str = "\x1b[0m";

/// Every (span, role) an event points to, in the input's character offsets.
pub fn spans(ev: &Event) -> Vec<(Span, Role)> {
    let mut v = vec![(ev.trigger.span, Role::Trigger)];
    v.extend(ev.actor.iter().map(|e| (e.span, Role::Actor)));
    v.extend(ev.recipient.iter().map(|e| (e.span, Role::Recipient)));
    v.extend(ev.location.iter().map(|p| (p.span, Role::Location)));
    v.extend(ev.date.iter().filter_map(|d| d.span).map(|s| (s, Role::Date)));
    let s = &ev.size;
    v.extend([&s.killed, &s.injured, &s.arrested, &s.displaced].into_iter().flatten().map(|c| (c.span, Role::Count)));
    v.extend(ev.reported_by.iter().map(|e| (e.span, Role::ReportedBy)));
    v
}

/// The sentence of `ev` with its spans marked. Spans outside the sentence (a location
/// inherited from an earlier sentence) are listed below it instead; overlapping spans keep
/// the first role listed.
pub fn highlight(text: &[char], ev: &Event, color: bool) -> String {
    let Span(ss, se) = ev.sentence.span;
    let (ss, se) = (ss.min(text.len()), se.min(text.len()));
    let mut marks: Vec<(Span, Role)> = spans(ev).into_iter().filter(|(s, _)| s.0 >= ss && s.1 <= se && s.0 < s.1).collect();
    // Stable: the trigger wins over an actor at the same place, and so on.
    marks.sort_by_key(|(s, _)| s.0);
    let mut out = String::new();
    let mut pos = ss;
    for (s, role) in marks {
        if s.0 < pos {
            continue; // overlaps a span already marked
        }
        out.extend(&text[pos..s.0]);
        let words: String = text[s.0..s.1].iter().collect();
        if color {
            let _ = write!(out, "{}{}{}", role.ansi(), words, RESET);
        } else {
            let _ = write!(out, "[{}]({})", words, role.name());
        }
        pos = s.1;
    }
    out.extend(&text[pos..se]);
    out.replace('\n', " ")
}

fn entity(e: &Entity) -> String {
    let mut parts = vec![];
    if e.name != e.text {
        parts.push(e.name.clone());
    }
    if let Some(c) = &e.country {
        parts.push(c.clone());
    }
    if !e.sector.is_empty() {
        parts.push(e.sector.join("+"));
    }
    if parts.is_empty() {
        format!("\"{}\"", e.text)
    } else {
        format!("\"{}\" ({})", e.text, parts.join(", "))
    }
}

fn count(c: &Count) -> String {
    let q = serde_name(&c.qualifier);
    format!("{} ({q}) \"{}\"", c.count, c.text)
}

/// An enum as the JSON output writes it (`AtLeast` → `at_least`), so people read the same words.
fn serde_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|x| x.as_str().map(str::to_string)).unwrap_or_default()
}

/// The whole explanation of one article.
pub fn render(out: &ArticleOutput, text: &str, color: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut s = String::new();
    let _ = writeln!(s, "article {} — {} event(s)", out.article.id, out.events.len());
    if !color {
        let _ = writeln!(s, "markers: [words](trigger|actor|recipient|location|date|count|reported_by)");
    }
    for (i, ev) in out.events.iter().enumerate() {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "#{} {} {}  confidence {:.2}  rule {}  id {}",
            i + 1,
            ev.category,
            serde_name(&ev.modality),
            ev.confidence,
            ev.rule,
            ev.id
        );
        let _ = writeln!(s, "  sentence {}: {}", ev.sentence.index, highlight(&chars, ev, color));
        if let Some(a) = &ev.acled {
            let _ = writeln!(s, "  acled      {} / {}", a.event_type, a.sub_event_type);
        }
        if !ev.mode.is_empty() || !ev.context.is_empty() {
            let dash = |v: &[String]| if v.is_empty() { "—".to_string() } else { v.join(", ") };
            let _ = writeln!(s, "  mode       {}   context {}", dash(&ev.mode), dash(&ev.context));
        }
        let list = |v: &[Entity]| if v.is_empty() { "—".to_string() } else { v.iter().map(entity).collect::<Vec<_>>().join("; ") };
        let _ = writeln!(s, "  actor      {}", list(&ev.actor));
        let _ = writeln!(s, "  recipient  {}", list(&ev.recipient));
        let inferred = |f: &str| if ev.inferred.iter().any(|x| x == f) { "  [inferred from context]" } else { "" };
        match &ev.location {
            Some(p) => {
                let _ = writeln!(s, "  location   \"{}\" → {}{}", p.text, p.name, inferred("location"));
            }
            None => {
                let _ = writeln!(s, "  location   —");
            }
        }
        match &ev.date {
            Some(d) => {
                let prec = d.precision.map(|p| serde_name(&p)).unwrap_or_default();
                let _ = writeln!(
                    s,
                    "  date       {} ({prec}) \"{}\"{}{}",
                    d.value.as_deref().unwrap_or("unresolved"),
                    d.text,
                    if ev.historical { "  historical" } else { "" },
                    inferred("date")
                );
            }
            None => {
                let _ = writeln!(s, "  date       —");
            }
        }
        for (name, c) in
            [("killed", &ev.size.killed), ("injured", &ev.size.injured), ("arrested", &ev.size.arrested), ("displaced", &ev.size.displaced)]
        {
            if let Some(c) = c {
                let _ = writeln!(s, "  {name:<10} {}", count(c));
            }
        }
        if !ev.reported_by.is_empty() {
            let _ = writeln!(s, "  reported   {}", list(&ev.reported_by));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_core::{SentenceRef, TextSpan};

    fn event() -> (String, Event) {
        let text = "Rebels seized Kidal on Sunday. Nothing else.".to_string();
        let ev = Event {
            category: "ASSAULT".into(),
            trigger: TextSpan { text: "seized".into(), span: Span(7, 13) },
            actor: vec![Entity { text: "Rebels".into(), name: "rebels".into(), span: Span(0, 6), ..Default::default() }],
            location: Some(sitrep_core::Place { text: "Kidal".into(), name: "Kidal".into(), span: Span(14, 19), ..Default::default() }),
            sentence: SentenceRef { index: 0, span: Span(0, 30) },
            rule: "assault.take-territory:active".into(),
            confidence: 0.8,
            ..Default::default()
        };
        (text, ev)
    }

    #[test]
    fn plain_markers_name_each_role() {
        let (text, ev) = event();
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(highlight(&chars, &ev, false), "[Rebels](actor) [seized](trigger) [Kidal](location) on Sunday.");
    }

    #[test]
    fn colour_wraps_spans_in_ansi_codes() {
        let (text, ev) = event();
        let chars: Vec<char> = text.chars().collect();
        let h = highlight(&chars, &ev, true);
        assert!(h.starts_with("\x1b[1;34mRebels\x1b[0m \x1b[1;31mseized\x1b[0m"), "{h:?}");
    }

    #[test]
    fn render_lists_rule_confidence_and_fields() {
        let (text, ev) = event();
        let out = ArticleOutput { events: vec![ev], ..Default::default() };
        let r = render(&out, &text, false);
        assert!(r.contains("#1 ASSAULT asserted  confidence 0.80  rule assault.take-territory:active"), "{r}");
        assert!(r.contains("location   \"Kidal\" → Kidal"), "{r}");
        assert!(r.contains("actor      \"Rebels\" (rebels)"), "{r}");
    }

    #[test]
    fn out_of_range_spans_do_not_panic() {
        let (_, mut ev) = event();
        ev.actor[0].span = Span(500, 600);
        ev.sentence.span = Span(0, 1000);
        let chars: Vec<char> = "short".chars().collect();
        assert_eq!(highlight(&chars, &ev, false), "short");
    }
}
