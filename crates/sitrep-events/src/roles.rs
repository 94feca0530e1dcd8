//! Who acts and who is acted upon, from the order of mentions around the trigger:
//! active ("X killed Y"), passive ("Y were killed by X"), control ("asked X to deploy": X
//! deploys), nominal ("ISIL's offensive", "Russian air strikes", "the killing of Y"),
//! reported judgement ("the militias are not welcome", said Z: Z rejects the militias),
//! and plural pronouns resolved to the subject of an earlier sentence.

use crate::cues::Cue;
use crate::{Art, Cand, EventCoder};
use sitrep_core::{Entity, EntityKind, PlaceUse};

/// How many tokens [`EventCoder::before`] skips back over titles, names and determiners
/// before it takes the mention to open its clause: bounded so that a long run of capitalised
/// words costs O(bound) per mention, not O(sentence).
const MAX_BEFORE_TOKENS: usize = 32;

/// What stands right before a mention, determiners skipped.
#[derive(Debug, PartialEq, Eq)]
enum Before {
    /// The clause starts here.
    Start,
    /// "and", "that", "as", an adverb: a new subject may start.
    Opener,
    /// A comma, bracket or quote mark.
    Punct,
    /// A preposition: the mention is an oblique ("in", "from", "by").
    Prep(String),
    /// Any other word: usually a verb, so the mention is its object.
    Other,
}

/// A country named as a party ("Turkey shot down …", "accused Russia"): the state.
fn state_of(p: &sitrep_core::Place) -> Entity {
    Entity {
        text: p.text.clone(),
        name: p.name.clone(),
        span: p.span,
        country: p.country.clone(),
        kind: EntityKind::State,
        ..Default::default()
    }
}

/// The pronoun at token `p` as a mention of `antecedent`, whose words stay reachable as an
/// alias ("They" → "Shia-led militias").
fn pronoun_mention(a: &Art, p: usize, antecedent: &Entity) -> Entity {
    let t = a.ctx.tokens[p];
    let mut m = antecedent.clone();
    if !m.aliases.contains(&antecedent.text) {
        m.aliases.push(antecedent.text.clone());
    }
    m.text = a.ctx.text[t.start..t.end].to_string();
    m.span = sitrep_core::Span(t.start, t.end);
    m
}

impl EventCoder {
    fn before(&self, a: &Art, start: usize, floor: usize) -> Before {
        let first = a.ctx.tok_at_or_after(start);
        let mut j = first;
        loop {
            // A run of capitalised words or determiners longer than any title and name
            // (a Title Case headline) reads as the start of the clause.
            if j == 0 || first - j >= MAX_BEFORE_TOKENS {
                return Before::Start;
            }
            j -= 1;
            let t = a.ctx.tokens[j];
            if t.start < floor {
                return Before::Start;
            }
            let w = a.lower(j);
            // "US President Joe Biden", "Russia's Foreign Minister X": titles and possessors
            // before a name belong to it.
            if w == "'s" || a.ctx.is_cap(j) {
                continue;
            }
            if !a.ctx.is_word(j) {
                return match w.as_str() {
                    "," | "(" | "\"" | "'" | "\u{201c}" | "\u{2018}" | ";" | ":" | "[" => Before::Punct,
                    "'s" => Before::Other,
                    _ if w.chars().all(|c| c == '-' || c == '\u{2013}' || c == '\u{2014}')
                        && t.end - t.start == 1
                        && a.ctx.tokens.get(j + 1).is_some_and(|n| n.start == t.end) =>
                    {
                        Before::Other
                    }
                    _ => Before::Punct,
                };
            }
            if self.words.determiners.contains(&w) {
                continue;
            }
            if self.words.prepositions.contains(&w) {
                return Before::Prep(w);
            }
            if self.words.openers.contains(&w) || self.words.adverbs.contains(&w) {
                return Before::Opener;
            }
            return Before::Other;
        }
    }

    fn subject_position(&self, a: &Art, start: usize, floor: usize) -> bool {
        matches!(self.before(a, start, floor), Before::Start | Before::Opener | Before::Punct)
    }

    /// "ISIL, the armed group, said": a name followed by a speech verb is the source, not a party.
    fn is_attribution(&self, a: &Art, e: &Entity) -> bool {
        let first = a.ctx.tok_at_or_after(e.span.1);
        for i in first..first + 3 {
            let w = a.lower(i);
            if self.words.speech_verbs.contains(&w) {
                return true;
            }
            if !self.words.attribution_skip.contains(&w) {
                return false;
            }
        }
        false
    }

    /// Indices of usable mentions wholly inside `[lo, hi)`.
    fn mentions(&self, a: &Art, c: &Cand, lo: usize, hi: usize) -> Vec<usize> {
        let speaker = c.quote.and_then(|q| a.rec.quotes[q].speaker.as_ref().map(|s| s.span));
        a.entities
            .starting_in(lo, hi)
            .iter()
            .copied()
            .filter(|&i| {
                let e = &a.rec.entities[i];
                e.span.1 <= hi && Some(e.span) != speaker && !self.is_attribution(a, e)
            })
            .collect()
    }

    /// The subject before `pos` in `[lo, pos)`: the nearest mention in subject position,
    /// with the mentions coordinated with it ("X and Y attacked").
    fn subject(&self, a: &Art, c: &Cand, lo: usize, pos: usize) -> Vec<Entity> {
        let ms = self.mentions(a, c, lo, pos);
        let ents = &a.rec.entities;
        let Some(k) = ms.iter().rposition(|&i| self.subject_position(a, ents[i].span.0, lo)) else {
            return vec![];
        };
        let mut out = vec![ents[ms[k]].clone()];
        let mut j = k;
        // Coordinated subjects: "X and Y", "X, Y and Z".
        while j > 0 {
            let (prev, cur) = (&ents[ms[j - 1]], &ents[ms[j]]);
            if self.coordinated(a, prev.span.1, cur.span.0) {
                out.insert(0, prev.clone());
                j -= 1;
            } else {
                break;
            }
        }
        out
    }

    /// True when only "and", "or", commas, determiners and title words ("Turkish President")
    /// stand between two mentions.
    fn coordinated(&self, a: &Art, from: usize, to: usize) -> bool {
        if from > to {
            return false;
        }
        let (i, j) = (a.ctx.tok_at_or_after(from), a.ctx.tok_at_or_after(to));
        let mut conj = false;
        for k in i..j {
            let w = a.lower(k);
            if self.words.coordinators.contains(&w) {
                conj = true;
            } else if !(self.words.determiners.contains(&w) || a.ctx.is_cap(k)) {
                return false;
            }
        }
        conj || j == i
    }

    /// Mentions after the trigger that it acts upon: the first non-oblique one (and those
    /// coordinated with it) within ten words.
    fn object(&self, a: &Art, c: &Cand, nominal: bool) -> Vec<Entity> {
        let hi = a.word_forward(c.end, 10, c.clause.1);
        let ms = self.mentions(a, c, c.end, hi);
        let ents = &a.rec.entities;
        let mut out: Vec<Entity> = Vec::new();
        for &i in &ms {
            let e = &ents[i];
            if let Some(last) = out.last() {
                if self.coordinated(a, last.span.1, e.span.0) {
                    out.push(e.clone());
                    continue;
                }
                break;
            }
            let ok = match self.before(a, e.span.0, c.end) {
                Before::Prep(p) => self.words.recipient_preps.contains(&p) || (nominal && p == "of"),
                _ => true,
            };
            if ok {
                out.push(e.clone());
            } else if !nominal {
                // "fled Ramadi on Sunday as …": an oblique ends the search for an object.
                continue;
            }
        }
        if out.is_empty() {
            // "accused Russia of …", "sanctions against Iran": a country named as the object
            // acts as the state.
            let country = a.places.starting_in(c.end, hi).iter().map(|&i| &a.rec.places[i]).find(|p| {
                p.span.1 <= hi
                    && p.feature.as_deref() == Some("country")
                    && matches!(p.use_, PlaceUse::Literal | PlaceUse::Metonym)
                    && match self.before(a, p.span.0, c.end) {
                        Before::Prep(w) => self.words.recipient_preps.contains(&w) || (nominal && w == "of"),
                        _ => true,
                    }
            });
            if let Some(p) = country {
                out.push(state_of(p));
            }
        }
        out
    }

    /// The first mention after the trigger introduced by "by" ("were asked by the government").
    fn agent(&self, a: &Art, c: &Cand) -> Vec<Entity> {
        let ms = self.mentions(a, c, c.end, c.clause.1);
        ms.into_iter()
            .map(|i| &a.rec.entities[i])
            .find(|e| self.before(a, e.span.0, c.end) == Before::Prep("by".into()))
            .cloned()
            .into_iter()
            .collect()
    }

    /// "The army said it had retaken …", "“We will not accept …,” Y said": a subject pronoun
    /// in reported speech stands for the speaker.
    fn speaker_subject(&self, a: &Art, c: &Cand) -> Vec<Entity> {
        let Some(q) = c.quote.map(|q| &a.rec.quotes[q]) else { return vec![] };
        let Some(sp) = &q.speaker else { return vec![] };
        let words = if q.direct { &self.words.speaker_pronouns_direct } else { &self.words.speaker_pronouns };
        let Some(p) = self.subject_pronoun(a, c, words) else { return vec![] };
        vec![pronoun_mention(a, p, sp)]
    }

    /// The last of `words` in subject position in the trigger's clause, before it.
    fn subject_pronoun(&self, a: &Art, c: &Cand, words: &std::collections::HashSet<String>) -> Option<usize> {
        let first = a.ctx.tok_at_or_after(c.clause.0);
        (first..c.tok).rev().find(|&i| words.contains(&a.lower(i)) && self.subject_position(a, a.ctx.tokens[i].start, c.clause.0))
    }

    /// "They" in subject position, resolved to the first subject of the nearest earlier
    /// sentence that names a group, a state or its agents.
    fn pronoun_subject(&self, a: &Art, c: &Cand) -> Vec<Entity> {
        let Some(p) = self.subject_pronoun(a, c, &self.words.pronouns) else { return vec![] };
        for back in 1..=2 {
            let Some(si) = c.sentence.checked_sub(back) else { break };
            let s = &a.ctx.sentences[si];
            // Its first subject: within the first TRIGGER_REACH bytes of it.
            let found =
                a.entities.starting_in(s.start, s.start + crate::TRIGGER_REACH).iter().map(|&i| (i, &a.rec.entities[i])).find(|(_, e)| {
                    e.span.1 <= s.end
                        && matches!(e.kind, EntityKind::ArmedGroup | EntityKind::StateAgent | EntityKind::Group | EntityKind::State)
                        && !self.is_attribution(a, e)
                        && self.subject_position(a, e.span.0, s.start)
                });
            if let Some((i, e)) = found {
                let mut m = pronoun_mention(a, p, e);
                m.refers_to = Some(e.refers_to.unwrap_or(i));
                return vec![m];
            }
        }
        vec![]
    }

    /// "after Turkey shot down …": a country name right before the trigger, in subject
    /// position, acts as the state.
    fn country_subject(&self, a: &Art, c: &Cand) -> Vec<Entity> {
        let near = a.word_back(c.tok, 3, c.clause.0);
        a.places
            .starting_in(near, c.start)
            .iter()
            .rev()
            .map(|&i| &a.rec.places[i])
            .find(|p| {
                p.span.1 <= c.start
                    && p.feature.as_deref() == Some("country")
                    && p.use_ == PlaceUse::Literal
                    && self.subject_position(a, p.span.0, c.clause.0)
            })
            .map(state_of)
            .into_iter()
            .collect()
    }

    /// "Russian air strikes", "ISIL's offensive": the possessor or national adjective right
    /// before a noun trigger.
    fn possessor(&self, a: &Art, c: &Cand) -> Vec<Entity> {
        let military = self.trig(c).context.iter().any(|x| x == "military");
        let close = |end: usize| end <= c.start && a.ctx.text[end..c.start].trim().trim_start_matches("'s").split_whitespace().count() <= 1;
        let ents = a.entities.starting_in(c.clause.0, c.start);
        if let Some(e) = ents.iter().rev().map(|&i| &a.rec.entities[i]).find(|e| close(e.span.1)) {
            return vec![e.clone()];
        }
        a.places
            .starting_in(c.clause.0, c.start)
            .iter()
            .rev()
            .map(|&i| &a.rec.places[i])
            .find(|p| p.use_ == PlaceUse::Adjective && close(p.span.1))
            .map(|p| Entity {
                text: p.text.clone(),
                name: p.name.clone(),
                span: p.span,
                country: p.country.clone(),
                // "Russian air strikes": a national adjective on a military act names the armed forces.
                kind: if military { EntityKind::StateAgent } else { EntityKind::State },
                sector: if military { self.data.cues.sectors.national_forces.clone() } else { vec![] },
                ..Default::default()
            })
            .into_iter()
            .collect()
    }

    /// Fills `actor` and `recipient` of a candidate and names its construction.
    pub(crate) fn roles(&self, a: &Art, c: &mut Cand) {
        let t = self.trig(c);
        let (lo, _) = c.clause;
        if c.construction == "refusal" {
            c.actor = self.subject(a, c, lo, c.start);
            if c.actor.is_empty() {
                c.actor = self.pronoun_subject(a, c);
            }
            return;
        }
        if t.speech {
            // The speaker judges or asks; the subject of the judgement is acted upon.
            let q = &a.rec.quotes[c.quote.unwrap_or_default()];
            c.actor = q.speaker.clone().into_iter().collect();
            let ms = self.mentions(a, c, c.reach.0, c.start);
            c.recipient = ms.last().map(|&i| a.rec.entities[i].clone()).into_iter().collect();
            c.construction = "speech";
            return;
        }
        // Control: "asked Shia-led militias to deploy" — the one asked is the one who acts.
        if c.modality == sitrep_core::Modality::Requested {
            let far = a.word_back(c.tok, self.data.cues.window + 5, lo);
            if let Some((_, cue_end)) = a.hits.inside(Cue::Request, far, c.start).last() {
                let ms = self.mentions(a, c, cue_end, c.start);
                let ents = &a.rec.entities;
                if let Some(&i) = ms.iter().find(|&&i| self.before(a, ents[i].span.0, cue_end) != Before::Prep("by".into())) {
                    c.actor = vec![ents[i].clone()];
                    c.construction = "control";
                    c.recipient = self.object(a, c, t.pos == "noun");
                    return;
                }
            }
        }
        if t.pos == "noun" {
            c.construction = "nominal";
            c.actor = self.possessor(a, c);
            if c.actor.is_empty() {
                c.actor = self.agent(a, c);
            }
            if c.actor.is_empty() {
                c.actor = self.subject(a, c, lo, c.start);
            }
            if c.actor.is_empty() {
                c.actor = self.pronoun_subject(a, c);
            }
            c.recipient = self.object(a, c, true);
            return;
        }
        let passive = t.pos == "passive" || self.is_passive(a, c);
        if passive {
            c.construction = "passive";
            c.recipient = self.subject(a, c, lo, c.start);
            if c.recipient.is_empty() {
                // "since they were arrested": the pronoun's antecedent was acted upon.
                c.recipient = self.pronoun_subject(a, c);
            }
            c.actor = self.agent(a, c);
            return;
        }
        c.actor = self.subject(a, c, lo, c.start);
        if c.actor.is_empty() {
            c.actor = self.speaker_subject(a, c);
        }
        if c.actor.is_empty() {
            c.actor = self.pronoun_subject(a, c);
        }
        if c.actor.is_empty() {
            c.actor = self.country_subject(a, c);
        }
        if c.actor.is_empty() {
            // ", killing 15 soldiers": the participle's subject is the sentence's subject.
            if lo > c.reach.0 {
                c.actor = self.subject(a, c, c.reach.0, c.start);
                if !c.actor.is_empty() {
                    c.construction = "participle";
                }
            }
        }
        c.recipient = self.object(a, c, false);
    }

    /// "were killed", "have been forced", "was reportedly shot".
    pub(crate) fn is_passive(&self, a: &Art, c: &Cand) -> bool {
        let mut i = c.tok;
        while i > 0 {
            i -= 1;
            if a.ctx.tokens[i].start < c.clause.0 {
                return false;
            }
            let w = a.lower(i);
            if self.words.adverbs.contains(&w) || w == "not" {
                continue;
            }
            // "should be supplying" is progressive, not passive.
            return self.words.passive_aux.contains(&w) && !a.ctx.text[c.start..c.end].ends_with("ing");
        }
        false
    }
}
