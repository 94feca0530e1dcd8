//! How many, where and when: the counts next to a trigger, the place where the act
//! happened (never the dateline or a speaker's whereabouts), the date of the act (never the
//! date it was reported), and whether the text places it well before the report.

use crate::cues::Cue;
use crate::{Art, Cand, EventCoder};
use chrono::{Datelike, Duration, NaiveDate};
use sitrep_core::{Count, Entity, EntityKind, Event, EventDate, Place, PlaceUse, Precision, Quantity, Span};
use sitrep_recognize::ctx::floor_boundary;

pub(crate) fn fill(coder: &EventCoder, a: &Art, group: &[Cand], ev: &mut Event) {
    size(coder, a, group, ev);
    location(coder, a, group, ev);
    date(coder, a, group, ev);
}

/// Where the group's triggers stand: from the first start to the last end.
fn reach(group: &[Cand]) -> (usize, usize) {
    (group.iter().map(|c| c.start).min().unwrap_or(0), group.iter().map(|c| c.end).max().unwrap_or(0))
}

impl EventCoder {
    /// The sector of the people a count names, or None when the noun does not count people.
    fn unit_sector(&self, q: &Quantity) -> Option<String> {
        let Some(u) = &q.unit else { return Some(String::new()) };
        let u = u.to_lowercase();
        if let Some(s) = self.person_units.get(&u) {
            return Some(s.clone());
        }
        let last = u.split_whitespace().last().unwrap_or("");
        self.person_units.get(last).cloned()
    }
}

fn size(coder: &EventCoder, a: &Art, group: &[Cand], ev: &mut Event) {
    let mut used: Vec<Span> = Vec::new();
    for c in group {
        let t = coder.trig(c);
        let slot = match t.size.as_str() {
            "killed" => &mut ev.size.killed,
            "injured" => &mut ev.size.injured,
            "arrested" => &mut ev.size.arrested,
            "displaced" => &mut ev.size.displaced,
            _ => continue,
        };
        if slot.is_some() {
            continue;
        }
        let (lo, hi) = c.clause;
        // "At least 58 people, including 11 children, were killed": 11 is part of the 58.
        let ok = |q: &&Quantity| {
            coder.unit_sector(q).is_some() && !used.contains(&q.span) && !a.hits.ends_just_before(Cue::CountPart, q.span.0, 2)
        };
        let after_end = a.word_forward(c.end, 6, hi);
        let before_start = a.word_back(c.tok, 10, lo);
        let near: Vec<&Quantity> = a.quantities.starting_in(before_start, after_end).iter().map(|&i| &a.rec.quantities[i]).collect();
        let after = || near.iter().copied().filter(|q| q.span.0 >= c.end && q.span.1 <= after_end).find(ok);
        let before = || near.iter().copied().filter(|q| q.span.1 <= c.start).rfind(ok);
        // "500 people … were killed", "9,000 families have been driven out": the count is the subject.
        let subject_first = c.construction == "passive" || t.pos == "passive" || t.size == "displaced";
        let q = if subject_first { before().or_else(after) } else { after().or_else(before) };
        let Some(q) = q else { continue };
        used.push(q.span);
        *slot = Some(Count { count: q.count, qualifier: q.qualifier, text: q.text.clone(), span: q.span });
        // "killing 10 children": with no named party, the people counted are the recipients.
        if ev.recipient.is_empty() && t.size != "arrested" {
            if let Some(p) = people(coder, a, q) {
                ev.recipient.push(p);
            }
        }
    }
}

/// The counted noun after a quantity as a party ("10 children"): the recognized mention of
/// those words when there is one ("people" → Nigerian civilians), else a group named by the
/// noun, kind and sectors from its generic-party entry (`agents.toml`) or the count's unit
/// sector, and its country from the event (`home_country`) where the entry inherits one — as a
/// generic party.
fn people(coder: &EventCoder, a: &Art, q: &Quantity) -> Option<Entity> {
    let unit = q.unit.as_ref()?;
    let rest = &a.ctx.text[q.span.1..];
    let off = rest.find(unit.as_str()).filter(|&o| o <= 12)?;
    let (s, e) = (q.span.1 + off, q.span.1 + off + unit.len());
    let covering = a.entities.starting_in(s, e).iter().map(|&k| &a.rec.entities[k]).find(|m| m.span.0 <= s && e <= m.span.1);
    if let Some(m) = covering {
        return Some(m.clone());
    }
    let lower = unit.to_lowercase();
    let entry = coder.parties.get(&lower).or_else(|| lower.split_whitespace().last().and_then(|w| coder.parties.get(w)));
    let sector = match entry {
        Some(x) if !x.sector.is_empty() => x.sector.clone(),
        _ => coder.unit_sector(q).filter(|s| !s.is_empty()).into_iter().collect(),
    };
    let ent = Entity {
        text: a.ctx.text[s..e].to_string(),
        name: unit.clone(),
        span: Span(s, e),
        sector,
        kind: entry.map_or(EntityKind::Group, |x| x.kind),
        ..Default::default()
    };
    if entry.is_some_and(|x| x.inherit_country) {
        a.homeless.borrow_mut().insert(ent.span);
    }
    a.parties.borrow_mut().push(ent.clone());
    Some(ent)
}

/// The country of an event's generic parties whose words name none ("killing two
/// pensioners"): that of the place where the act happened when the article confirms it (its
/// main country, or another place of that country), else the article's main country —
/// civilians shelled in Nikopol are Ukrainian whoever the story is mostly about.
pub(crate) fn home_country(a: &Art, ev: &mut Event) {
    let homeless = a.homeless.borrow();
    if homeless.is_empty() {
        return;
    }
    let main = a.rec.main_country.as_ref();
    let here = ev.location.as_ref().filter(|l| l.resolved).and_then(|l| {
        let c = l.country.as_ref()?;
        // Counted once per article: a look-up per event keeps a long article linear.
        let confirmed = main == Some(c) || a.place_countries().get(c).is_some_and(|&n| n >= 2);
        confirmed.then(|| c.clone())
    });
    let home = here.or_else(|| main.cloned());
    for e in ev.actor.iter_mut().chain(ev.recipient.iter_mut()) {
        if e.country.is_none() && homeless.contains(&e.span) {
            e.country = home.clone();
        }
    }
}

/// Places that can be an event's location: literal mentions (a capital standing for its
/// government is a metonym) that are not in the dateline and not where someone spoke
/// ("during a visit to Seoul", "reporting from Baghdad").
fn usable_place(a: &Art, p: &Place) -> bool {
    let in_dateline = a.input.doc.seg().dateline.as_ref().is_some_and(|d| p.span.0 < d.end && d.start < p.span.1);
    p.use_ == PlaceUse::Literal
        && !in_dateline
        && !a.hits.ends_just_before(Cue::SpeakerPlace, p.span.0, 6)
        && !a.hits.ends_just_before(Cue::NotLocationBefore, p.span.0, 6)
}

/// True when a locative preposition ("in", "at") stands right before the place.
fn locative(coder: &EventCoder, a: &Art, p: &Place) -> bool {
    // The few bytes before the place hold the preposition; trimming the whole text before
    // it would read a long run of spaces once per place and event.
    let text = a.ctx.text;
    let before = text[floor_boundary(text, p.span.0.saturating_sub(64))..p.span.0].trim_end();
    let before = before.strip_suffix("the").unwrap_or(before).trim_end();
    let word = before.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("").to_lowercase();
    coder.words.locative.contains(&word)
}

fn is_country(p: &Place) -> bool {
    p.feature.as_deref() == Some("country")
}

/// Best of an ordered list: the first place finer than a country, else the first.
fn best<'p>(v: impl Iterator<Item = &'p Place> + Clone) -> Option<&'p Place> {
    v.clone().find(|p| !is_country(p)).or_else(|| v.clone().next())
}

fn location(coder: &EventCoder, a: &Art, group: &[Cand], ev: &mut Event) {
    let head = &group[0];
    let (start, end) = reach(group);
    let (lo, hi) = head.clause;
    let s = reach_of(a, group);
    // A demand or an accusation happens where it is made: only "in X"/"at X" places it,
    // never its object ("accusing Paris of …").
    let verbal = coder.words.verbal.contains(&ev.category);
    let first = context_start(a, head.sentence);
    let places: Vec<&Place> = a
        .places
        .starting_in(inherit_from(a, first, s.start), s.end)
        .iter()
        .map(|&i| (i, &a.rec.places[i]))
        .filter(|(_, p)| usable_place(a, p) && (!verbal || locative(coder, a, p)))
        .map(|(_, p)| p)
        .collect();
    let within = |x: usize, y: usize| places.iter().copied().filter(move |p| p.span.0 >= x && p.span.1 <= y);
    let found = best(within(start, hi))
        .or_else(|| best(within(lo, start).collect::<Vec<_>>().into_iter().rev()))
        .or_else(|| best(within(end, s.end)))
        .or_else(|| best(within(s.start, start).collect::<Vec<_>>().into_iter().rev()));
    if let Some(p) = found {
        ev.location = Some(p.clone());
        return;
    }
    if verbal {
        return;
    }
    // Inherit from earlier sentences of the same paragraph, and say so.
    let para = s.paragraph;
    for si in (first..head.sentence).rev() {
        let ps = &a.ctx.sentences[si];
        if ps.paragraph != para {
            break;
        }
        if let Some(p) = best(within(ps.start, ps.end).collect::<Vec<_>>().into_iter().rev()) {
            ev.location = Some(p.clone());
            ev.inferred.push("location".into());
            return;
        }
    }
}

fn date(coder: &EventCoder, a: &Art, group: &[Cand], ev: &mut Event) {
    let head = &group[0];
    let (start, end) = reach(group);
    let (lo, hi) = head.clause;
    let s = reach_of(a, group);
    let dateline = a.input.doc.seg().dateline.as_ref().map(|d| (d.start, d.end));
    // "said on Monday", "told Al Jazeera on Monday that": when it was said, not done.
    let reporting = |d: &sitrep_core::DateMention| {
        a.quotes.starting_in(d.span.0.saturating_sub(crate::MAX_QUOTE), d.span.1 + 256).iter().map(|&i| &a.rec.quotes[i]).any(|q| {
            q.cue
                .as_ref()
                .is_some_and(|cue| d.span.0 >= cue.span.1 && d.span.0 - cue.span.1 <= 30 && !(q.span.0 <= d.span.0 && d.span.1 <= q.span.1))
        }) || dateline.is_some_and(|(x, y)| d.span.0 < y && x < d.span.1)
    };
    let first = context_start(a, head.sentence);
    let dates: Vec<&sitrep_core::DateMention> =
        a.dates.starting_in(inherit_from(a, first, s.start), s.end).iter().map(|&i| &a.rec.dates[i]).filter(|d| !reporting(d)).collect();
    let within = |x: usize, y: usize| dates.iter().copied().filter(move |d| d.span.0 >= x && d.span.1 <= y);
    let found = within(start, hi)
        .next()
        .or_else(|| within(lo, start).next_back())
        .or_else(|| within(end, s.end).next())
        .or_else(|| within(s.start, start).next_back());
    let mut from_text = found;
    if from_text.is_none() {
        let para = s.paragraph;
        for si in (first..head.sentence).rev() {
            let ps = &a.ctx.sentences[si];
            if ps.paragraph != para {
                break;
            }
            if let Some(d) = within(ps.start, ps.end).next_back() {
                from_text = Some(d);
                ev.inferred.push("date".into());
                break;
            }
        }
    }
    if from_text.is_none() {
        // "announced on Tuesday that they had formed …": when it was said bounds when it was
        // done, closer than the week of publication
        let dateline = |d: &sitrep_core::DateMention| dateline.is_some_and(|(x, y)| d.span.0 < y && x < d.span.1);
        from_text = a.dates.starting_in(s.start, s.end).iter().map(|&i| &a.rec.dates[i]).find(|d| d.span.1 <= s.end && !dateline(d));
        if from_text.is_some() {
            ev.inferred.push("date".into());
        }
    }
    let published = a.input.doc.published;
    match from_text {
        Some(d) => {
            ev.date = Some(EventDate {
                value: d.value.clone(),
                end: d.end.clone(),
                precision: d.precision,
                text: d.text.clone(),
                span: Some(d.span),
            });
            let cue = a.hits.overlapping(Cue::Historical, d.span.0, d.span.1).is_some();
            let old = published.zip(latest_day(d)).is_some_and(|(p, l)| l < p - Duration::days(coder.data.cues.historical_days));
            ev.historical = cue || old;
        }
        None => {
            // No date in the text: the week of publication, flagged as inferred.
            if let Some(p) = published {
                ev.date = Some(EventDate {
                    value: Some(p.format("%Y-%m-%d").to_string()),
                    end: None,
                    precision: Some(Precision::Week),
                    text: String::new(),
                    span: None,
                });
                ev.inferred.push("date".into());
            }
        }
    }
}

/// How far back a place or date may be inherited: a few sentences of the same paragraph.
const CONTEXT_SENTENCES: usize = 4;

/// And at most this many bytes before the trigger's reach: a few sentences of news, so that
/// the places and dates read per event stay bounded however long the sentences are.
const INHERIT_REACH: usize = CONTEXT_SENTENCES * crate::TRIGGER_REACH;

/// The group's sentence as its searches may read it: from its head's reach to the furthest
/// reach of its triggers, with the sentence's paragraph.
fn reach_of(a: &Art, group: &[Cand]) -> sitrep_segment::Sentence {
    let head = &group[0];
    let s = a.ctx.sentences[head.sentence];
    let end = group.iter().map(|c| c.reach.1).max().unwrap_or(head.reach.1).min(s.end);
    sitrep_segment::Sentence { start: head.reach.0, end, ..s }
}

/// Where the places and dates an event may inherit begin: the first context sentence, but
/// no more than [`INHERIT_REACH`] bytes before `start`.
fn inherit_from(a: &Art, first: usize, start: usize) -> usize {
    a.ctx.sentences[first].start.max(start.saturating_sub(INHERIT_REACH))
}

/// The first sentence whose places and dates an event in sentence `si` may inherit.
fn context_start(a: &Art, si: usize) -> usize {
    let para = a.ctx.sentences[si].paragraph;
    let mut first = si;
    while first > 0 && si - first < CONTEXT_SENTENCES && a.ctx.sentences[first - 1].paragraph == para {
        first -= 1;
    }
    first
}

/// The last day a date mention can mean.
fn latest_day(d: &sitrep_core::DateMention) -> Option<NaiveDate> {
    let v = d.end.as_deref().or(d.value.as_deref())?;
    let parts: Vec<i32> = v.split('-').filter_map(|x| x.parse().ok()).collect();
    match parts.as_slice() {
        [y, m, day] => NaiveDate::from_ymd_opt(*y, *m as u32, *day as u32),
        [y, m] => {
            let next = if *m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(*y, *m as u32 + 1, 1) };
            next.map(|n| n - Duration::days(1))
        }
        [y] => NaiveDate::from_ymd_opt(*y, 12, 31),
        _ => None,
    }
    .map(|x| if d.precision == Some(Precision::Week) && d.end.is_none() { x + Duration::days(6) } else { x })
    .filter(|x| x.year() > 0)
}
