//! Quotes: direct ("…," he said; Kerry said: "…"; split "…," he said, "…") and indirect
//! ("X said (that) …", "X told Al Jazeera …", "according to X", "X saying …"), each with
//! its speaker resolved to an entity mention (pronouns and "our correspondent" included).

use crate::actors::{ActorRecognizer, ActorSet};
use crate::ctx::floor_boundary;
use crate::{set, Ctx, Phrases};
use sitrep_core::{Entity, EntityKind, Span};
use sitrep_lexicon::{PhraseMatch, PhraseMatcherBuilder, QuotesData};
use std::collections::HashSet;

const VERB: u32 = 0;
const GERUND: u32 = 1;
const ACCORDING: u32 = 2;

/// How far, in bytes, an attribution search reads on either side of its speech cue: the
/// cue's sentence, but never more than this. The segmenter bounds sentences already; this
/// bounds the work per cue on its own (a speaker or a reported clause stands well within a
/// few hundred bytes of its verb in news), so quotes cost O(cues × reach).
const ATTRIBUTION_REACH: usize = 1_000;

pub struct QuoteRecognizer {
    direct_only: HashSet<String>,
    clause_breaks: Vec<String>,
    trailing_adjuncts: HashSet<String>,
    skip_after_verb: Vec<String>,
}

/// A quote whose speaker is still a mention id of the [`ActorSet`].
#[derive(Debug, Clone)]
pub struct PendingQuote {
    pub speaker: Option<usize>,
    pub cue: Option<(usize, usize)>,
    pub span: (usize, usize),
    pub direct: bool,
}

impl QuoteRecognizer {
    /// Adds the speech cues to `b` (set `set::QUOTE_CUES`).
    pub fn new(data: &QuotesData, b: &mut PhraseMatcherBuilder) -> QuoteRecognizer {
        b.set(set::QUOTE_CUES);
        for v in &data.verbs {
            b.add(v, VERB);
        }
        for v in &data.gerunds {
            b.add(v, GERUND);
        }
        for v in &data.according {
            b.add(v, ACCORDING);
        }
        QuoteRecognizer {
            direct_only: data.direct_only.iter().map(|s| s.to_lowercase()).collect(),
            clause_breaks: data.clause_breaks.clone(),
            trailing_adjuncts: data.trailing_adjuncts.iter().map(|s| s.to_lowercase()).collect(),
            skip_after_verb: data.skip_after_verb.iter().map(|s| s.to_lowercase()).collect(),
        }
    }

    pub fn find(&self, ctx: &Ctx, phrases: &mut Phrases, actors: &mut ActorSet, rec: &ActorRecognizer) -> Vec<PendingQuote> {
        let text = ctx.text;
        let cues = phrases.take(set::QUOTE_CUES);
        let mut out: Vec<PendingQuote> = Vec::new();
        let direct = direct_spans(text);
        let mut used_cues: HashSet<usize> = HashSet::new();

        // Direct quotes.
        let mut last_speaker: Option<usize> = None;
        let mut last_end = 0usize;
        for &(open, close) in &direct {
            let (mut cs, mut ce) = (open + 1, close);
            while ce > cs && matches!(text.as_bytes()[ce - 1], b',' | b' ') {
                ce -= 1;
            }
            while cs < ce && text.as_bytes()[cs] == b' ' {
                cs += 1;
            }
            if cs >= ce {
                continue;
            }
            let words = text[cs..ce].split_whitespace().count();
            let mut found = self.speaker_after(ctx, actors, rec, &cues, close + 1);
            if found.is_none() {
                found = self.speaker_before(ctx, actors, rec, &cues, open, None);
            }
            if let Some((_, c)) = found {
                used_cues.insert(c.start);
            }
            // an unattributed quote right after another one continues it (multi-paragraph quotes)
            let continues = found.is_none() && last_speaker.is_some() && text[last_end..open].trim().is_empty();
            let speaker = found.map(|f| f.0).or(if continues { last_speaker } else { None });
            if speaker.is_none() && words < 4 {
                continue; // scare quotes, titles
            }
            last_speaker = speaker;
            last_end = close + 1;
            out.push(PendingQuote { speaker, cue: found.map(|f| (f.1.start, f.1.end)), span: (cs, ce), direct: true });
        }

        // Indirect speech.
        let inside_direct = |b: usize| {
            let k = direct.partition_point(|&(_, c)| c <= b);
            direct.get(k).is_some_and(|&(o, _)| o < b)
        };
        for c in &cues {
            if used_cues.contains(&c.start) || inside_direct(c.start) {
                continue;
            }
            let word = text[c.start..c.end].to_lowercase();
            if c.payload == VERB && self.direct_only.contains(&word) {
                continue;
            }
            let si = ctx.sentence_of_byte(c.start);
            let Some(sent) = ctx.sentences.get(si) else {
                continue;
            };
            let (ss, se) = ctx.within_reach(sent.start, sent.end, c.start, c.end, ATTRIBUTION_REACH);
            let se = trim_end_punct(text, ss, se);
            match c.payload {
                ACCORDING => {
                    // "according to army spokesman Nimal Perera": the person, else the first actor
                    let ns = next_word_start(text, c.end);
                    let stop = find_before(text, ns, 60, &[',', '.', ';', '"']);
                    let cands = actors.inside(ns, stop);
                    let first = cands
                        .iter()
                        .copied()
                        .find(|&i| actors.mentions[i].entity.kind == EntityKind::Person)
                        .or_else(|| cands.first().copied());
                    let Some(mi) = first else { continue };
                    let me = actors.mentions[mi].entity.span.1;
                    let (qs, qe) =
                        if c.start <= ss + 1 { (skip_punct_space(text, me), se) } else { (ss, trim_end_punct(text, ss, c.start)) };
                    if qe > qs + 3 {
                        out.push(PendingQuote { speaker: Some(mi), cue: Some((c.start, c.end)), span: (qs, qe), direct: false });
                    }
                }
                _ => {
                    // "X said (that) …" / "X saying …"
                    if let Some((speaker, _)) = self.speaker_before(ctx, actors, rec, &[*c], c.start + 1, Some(c)) {
                        // "…, the agency said, warning …" / "…, X said on Monday.": the attribution closes a clause
                        let mut qs = skip_object(ctx, actors, &self.skip_after_verb, c.end);
                        let rest = text[qs..se.max(qs)].trim_start_matches(' ');
                        let first_word = rest.split(|ch: char| !ch.is_alphanumeric()).next().unwrap_or("").to_lowercase();
                        let sp0 = actors.mentions[speaker].entity.span.0;
                        let clause_before = text[ss..sp0.max(ss)].contains(", ");
                        if c.payload == VERB
                            && (rest.is_empty() || rest.starts_with(',') || (clause_before && self.trailing_adjuncts.contains(&first_word)))
                        {
                            let sp = actors.mentions[speaker].entity.span.0;
                            let before = &text[ss..sp.max(ss)];
                            if let Some(comma) = before.rfind(", ") {
                                let qe = trim_end_punct(text, ss, ss + comma);
                                if qe > ss + 3 && !text[ss..qe].contains('"') {
                                    out.push(PendingQuote {
                                        speaker: Some(speaker),
                                        cue: Some((c.start, c.end)),
                                        span: (ss, qe),
                                        direct: false,
                                    });
                                }
                            }
                            continue;
                        }
                        if text[qs..].starts_with('"') || text[qs..].starts_with(':') {
                            continue; // a direct quote, handled above
                        }
                        qs = skip_punct_space(text, qs);
                        if qs >= se {
                            continue; // nothing left of the sentence to report (fuzz: a cue at its very end)
                        }
                        let se = self.clause_end(text, qs, se);
                        if se > qs && text[qs..se].split_whitespace().count() >= 3 {
                            out.push(PendingQuote { speaker: Some(speaker), cue: Some((c.start, c.end)), span: (qs, se), direct: false });
                        }
                        continue;
                    }
                    // "…, police said." — attribution at the end of the sentence
                    if c.payload == VERB && trim_end_punct(text, ss, se) <= c.end + 1 {
                        let before = text[ss..c.start].trim_end();
                        if let Some(comma) = before.rfind(", ") {
                            let sp_start = ss + comma + 2;
                            if let Some(mi) = actors.mention_starting(sp_start).or_else(|| pronoun_mention(ctx, actors, rec, sp_start)) {
                                let qe = trim_end_punct(text, ss, ss + comma);
                                if qe > ss + 3 && !text[ss..qe].contains('"') {
                                    out.push(PendingQuote {
                                        speaker: Some(mi),
                                        cue: Some((c.start, c.end)),
                                        span: (ss, qe),
                                        direct: false,
                                    });
                                }
                            }
                        }
                    }
                }
            }
        }
        out.sort_by_key(|q| q.span);
        // a verb listed both as verb and gerund ("saying") yields the same quote twice
        out.dedup_by(|a, b| a.span == b.span && a.speaker == b.speaker && a.direct == b.direct);
        out
    }

    /// Reported speech stops at a clause break ("…, while local officials say …").
    fn clause_end(&self, text: &str, start: usize, end: usize) -> usize {
        let body = &text[start..end];
        self.clause_breaks.iter().filter_map(|b| body.find(b.as_str())).min().map(|i| start + i).unwrap_or(end)
    }

    /// `"…," he said` / `"…," said Kerry` / `"…," our correspondent said`.
    fn speaker_after(
        &self,
        ctx: &Ctx,
        actors: &mut ActorSet,
        rec: &ActorRecognizer,
        cues: &[PhraseMatch],
        from: usize,
    ) -> Option<(usize, PhraseMatch)> {
        let text = ctx.text;
        let limit = find_before(text, from, 80, &['"', '\n']);
        let c = cues[cues.partition_point(|c| c.start < from)..].iter().take_while(|c| c.end <= limit).find(|c| c.payload != ACCORDING)?;
        let lead = &text[from..c.start];
        let lead_t = lead.trim_start_matches([',', ' ']);
        let sp_start = from + (lead.len() - lead_t.len());
        if lead_t.trim().is_empty() {
            // "said Kerry", "said rebel commander Rodrigo Londono": the first person in the
            // phrase after the verb, else the first actor
            let ns = next_word_start(text, c.end);
            if let Some(mi) = pronoun_mention(ctx, actors, rec, ns) {
                return Some((mi, *c));
            }
            let stop = find_before(text, ns, 60, &[',', '.', ';', '"']);
            let cands = actors.inside(ns, stop);
            let mi =
                cands.iter().copied().find(|&i| actors.mentions[i].entity.kind == EntityKind::Person).or_else(|| cands.first().copied())?;
            return Some((mi, *c));
        }
        // "he said", "Kerry said", "Ukrainian President Volodymyr Zelenskiy told": the subject
        // ends right before the verb
        let sp_end = from + lead.trim_end().len();
        let mi = actors
            .mention_ending(sp_end)
            .filter(|&mi| actors.mentions[mi].entity.span.0 >= sp_start)
            .or_else(|| actors.mention_starting(sp_start).filter(|&mi| actors.mentions[mi].entity.span.1 >= sp_end.saturating_sub(12)))
            .or_else(|| pronoun_mention(ctx, actors, rec, sp_start))?;
        Some((mi, *c))
    }

    /// `Kerry said: "…"`, `X told Al Jazeera that … "not very welcome"`: the subject of the
    /// nearest speech verb before `before` in the same sentence.
    fn speaker_before(
        &self,
        ctx: &Ctx,
        actors: &mut ActorSet,
        rec: &ActorRecognizer,
        cues: &[PhraseMatch],
        before: usize,
        only: Option<&PhraseMatch>,
    ) -> Option<(usize, PhraseMatch)> {
        let text = ctx.text;
        // the quote's own sentence only: a quote opening a sentence has nothing before it
        let si = ctx.sentence_of_byte(before);
        let sent = ctx.sentences.get(si)?;
        if sent.start >= before {
            return None;
        }
        let sent_start = ctx.within_reach(sent.start, sent.end, before, before, ATTRIBUTION_REACH).0;
        let c = match only {
            Some(c) => *c,
            None => *cues[..cues.partition_point(|c| c.end <= before)]
                .iter()
                .rev()
                .take_while(|c| c.start >= sent_start)
                .find(|c| c.payload != ACCORDING)?,
        };
        // pronoun right before the verb
        let head = text[sent_start..c.start].trim_end();
        let pw_start = sent_start + head.rfind(' ').map(|x| x + 1).unwrap_or(0);
        if let Some(mi) = pronoun_mention(ctx, actors, rec, pw_start)
            .filter(|_| sent_start + head.len() == pw_start + text[pw_start..].find(' ').unwrap_or(0))
        {
            return Some((mi, c));
        }
        // mentions in the clause before the verb
        let cands: Vec<usize> = actors.inside(sent_start, c.start);
        // "…, saying …" / "…, calling it …": the subject of the main clause speaks
        if c.payload == GERUND && text[sent_start..c.start].trim_end().ends_with(',') {
            let subject = cands.iter().copied().find(|&i| !matches!(actors.mentions[i].entity.kind, EntityKind::Unknown))?;
            return Some((subject, c));
        }
        let nearest = *cands.iter().max_by_key(|&&i| actors.mentions[i].entity.span.1)?;
        let gap = &text[actors.mentions[nearest].entity.span.1..c.start];
        // "X, reporting from Baghdad, said" / "X, secretary-general of …, told"
        if gap.trim_end().ends_with(',') || gap.contains(',') {
            if let Some(&m0) = cands
                .iter()
                .filter(|&&i| text[actors.mentions[i].entity.span.1..].starts_with(','))
                .min_by_key(|&&i| actors.mentions[i].entity.span.0)
            {
                return Some((m0, c));
            }
        }
        // the subject stands close to its verb ("officials say", "Abdullah said on Monday")
        if gap.len() > 40 || gap.contains('"') {
            return None;
        }
        if matches!(actors.mentions[nearest].entity.kind, EntityKind::Unknown) {
            return None;
        }
        Some((nearest, c))
    }
}

/// A pronoun at `start` ("he", "she") as a new person mention linked to the last person.
fn pronoun_mention(ctx: &Ctx, actors: &mut ActorSet, rec: &ActorRecognizer, start: usize) -> Option<usize> {
    let i = ctx.tok_starting(start)?;
    let w = ctx.lower(i);
    if !rec.person_pronouns.contains(&w) {
        return None;
    }
    if let Some(mi) = actors.mention_starting(start) {
        return Some(mi);
    }
    let ante = actors.last_person_before(start)?;
    let t = ctx.tokens[i];
    let a = &actors.mentions[ante].entity;
    let ent = Entity {
        text: ctx.text[t.start..t.end].to_string(),
        name: a.name.clone(),
        aliases: a.aliases.clone(),
        span: Span(t.start, t.end),
        country: a.country.clone(),
        sector: a.sector.clone(),
        role: a.role.clone(),
        kind: EntityKind::Person,
        ..Default::default()
    };
    Some(actors.push(ent, Some(ante), None))
}

/// Pairs of `"` marks: (open, close) byte offsets. Quotes close at the end of a paragraph.
fn direct_spans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'"' => match open {
                None => {
                    let prev = if i == 0 { b' ' } else { b[i - 1] };
                    if prev.is_ascii_whitespace() || matches!(prev, b'(' | b'[' | b'-' | b':' | b',') || i == 0 {
                        open = Some(i);
                    }
                }
                Some(o) => {
                    out.push((o, i));
                    open = None;
                }
            },
            b'\n' => {
                if let Some(o) = open.take() {
                    // a quote running on into the next paragraph: keep this part
                    out.push((o, i));
                }
            }
            _ => {}
        }
    }
    out
}

/// The first of `chars` in the `len` bytes from `from`, else `from + len` (or the end of the
/// text): a bounded search, where searching the rest of the text per cue would be quadratic in
/// text without those marks.
fn find_before(text: &str, from: usize, len: usize, chars: &[char]) -> usize {
    let lim = (from + len).min(text.len());
    text[from..floor_boundary(text, lim)].find(chars).map_or(lim, |x| from + x)
}

fn next_word_start(text: &str, from: usize) -> usize {
    from + (text[from..].len() - text[from..].trim_start_matches([' ', ',']).len())
}

fn skip_punct_space(text: &str, from: usize) -> usize {
    from + (text[from..].len() - text[from..].trim_start_matches([' ', ',', ':']).len())
}

/// End of a sentence without its final punctuation and closing marks.
fn trim_end_punct(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end_matches(['.', '!', '?', ' ', ',', ';', ':']).len()
}

/// After a speech verb: skip an indirect object ("told Al Jazeera"), a time ("on Monday")
/// and "that".
fn skip_object(ctx: &Ctx, actors: &ActorSet, skip: &[String], from: usize) -> usize {
    let text = ctx.text;
    let mut p = from;
    for _ in 0..4 {
        let ns = next_word_start(text, p);
        if let Some(mi) = actors.mention_starting(ns).filter(|&mi| {
            let e = &actors.mentions[mi].entity;
            matches!(e.kind, EntityKind::Media | EntityKind::Person) || text[ns..e.span.1].eq_ignore_ascii_case("reporters")
        }) {
            p = actors.mentions[mi].entity.span.1;
            continue;
        }
        // a short window is enough for the skip phrases (lower-casing the whole rest would be quadratic)
        let mut lim = (ns + 48).min(text.len());
        while !text.is_char_boundary(lim) {
            lim -= 1;
        }
        let rest = text[ns..lim].to_lowercase();
        if let Some(w) = skip
            .iter()
            .find(|w| rest.starts_with(w.as_str()) && (w.ends_with(' ') || !rest[w.len()..].starts_with(|c: char| c.is_alphanumeric())))
        {
            if w.ends_with(' ') {
                // "on Monday", "late on Sunday": skip the preposition and the next word
                let after = ns + w.len();
                let wl = text[after..].find([' ', ',']).unwrap_or(0);
                p = after + wl;
            } else {
                p = ns + w.trim_end().len();
            }
            continue;
        }
        break;
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_marks_pair_and_close_at_paragraph_end() {
        let t = "He said \"a b\" and \"c\nd\" e";
        assert_eq!(direct_spans(t), vec![(8, 12), (18, 20)]);
    }

    #[test]
    fn inch_marks_do_not_open_quotes() {
        assert!(direct_spans("a 5\" pipe").is_empty());
    }
}
