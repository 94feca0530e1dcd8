//! Who acts and who is acted upon, read from the dependency parse of the trigger's sentence
//! ([`EventCoder::parse_args`]): active ("X killed Y"), passive ("Y were killed by X"),
//! relative clauses ("gunmen who stormed"), participles (", killing 15 soldiers"),
//! coordination, control ("ordered troops to fire": the troops fire), nominal ("ISIL's
//! offensive", "Russian air strikes", "an attack on a market by militants", "the killing of
//! Y"), light verbs ("carried out an attack"), claims. Each argument becomes a mention, a state,
//! a pronoun's antecedent or a generic party ([`EventCoder::party`]).
//!
//! The order of mentions around the trigger ([`EventCoder::heuristic_roles`]) still reads
//! reported judgement ("the militias are not welcome", said Z: Z rejects the militias) and
//! refusals, and fills a role where the parse finds no party (plural pronouns resolved to the
//! subject of an earlier sentence, a subject the parse missed).

use crate::{Art, Cand, EventCoder};
use sitrep_core::{Entity, EntityKind, PlaceUse};
use sitrep_syntax::{Dep, Parse, Tag};

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

/// Most nested [`EventCoder::party`] calls (a pronoun's antecedent's member phrase's …).
const MAX_PARTY_DEPTH: u8 = 8;

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
                out.push(self.state_of(c, p));
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
        self.antecedent(a, c, p).into_iter().collect()
    }

    /// The pronoun at token `p` ("they"), resolved to the first subject of the nearest earlier
    /// sentence that names a group, a state or its agents.
    fn antecedent(&self, a: &Art, c: &Cand, p: usize) -> Option<Entity> {
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
                return Some(m);
            }
        }
        None
    }

    /// Fills `actor` and `recipient` of a candidate and names its construction: from the
    /// parse of its sentence, and from the order of mentions around it where the parse gives
    /// a role nothing.
    pub(crate) fn roles(&self, a: &Art, c: &mut Cand) {
        if c.construction == "refusal" || self.trig(c).speech {
            c.guessed = (true, true);
            return self.heuristic_roles(a, c, None);
        }
        // An act the topic gate will drop whatever its parties: its sentence is not parsed.
        if !self.trig(c).any_topic && a.topic.as_ref().is_some_and(|t| t.drops_sentence(c.sentence)) {
            return;
        }
        let Some(at) = self.locate(a, c) else {
            c.guessed = (true, true);
            return self.heuristic_roles(a, c, None);
        };
        let mut args = self.parse_args(a, c, &at);
        let mut actor = self.parties_of(a, c, &at, &args.actor, Generic::People);
        // "the attack that killed X", "the bombing wounded Y": an act named as the subject is
        // done by that act's actor ("… claimed responsibility for the attack").
        if actor.is_empty() {
            if let Some(&n) = args.actor.first().filter(|&&n| at.p.is_noun(n) && n != at.head) {
                let inner = self.nominal_args(a, &at, n);
                actor = self.parties_of(a, c, &at, &inner.actor, Generic::People);
                if actor.is_empty() {
                    actor = self.parties_of(a, c, &at, &inner.modifiers, Generic::No);
                }
            }
        }
        if actor.is_empty() {
            actor = self.parties_of(a, c, &at, &args.modifiers, Generic::No);
        }
        // A verbal or cooperative act's object is often a thing ("rejected the ultimatum"):
        // only people and groups become its parties.
        let things = if self.words.verbal.contains(&c.category) || self.words.cooperative.contains(&c.category) {
            Generic::People
        } else {
            Generic::Any
        };
        let mut recipient = self.parties_of(a, c, &at, &args.recipient, things);
        if recipient.is_empty() {
            recipient = self.parties_of(a, c, &at, &args.targets, things);
        }
        // The parse decides; the order of mentions speaks only for a role where the parse
        // finds no party (a pronoun of an earlier sentence, a subject the parse missed), with
        // the voice the parse gives.
        if actor.is_empty() || recipient.is_empty() {
            let v = at.head;
            let shape = (!at.p.is_verb(v), at.p.is_verb(v) && (self.trig(c).pos == "passive" || at.p.is_passive(v)));
            let mut h = c.clone();
            self.heuristic_roles(a, &mut h, Some(shape));
            if actor.is_empty() && recipient.is_empty() {
                args.construction = h.construction;
            }
            // The order of mentions never gives a role the party the parse put in the other
            // ("the journalist's kidnapping": the journalist suffered it, no one is named acting).
            let taken = |v: &[Entity], e: &Entity| v.iter().any(|x| x.span.0 < e.span.1 && e.span.0 < x.span.1);
            if actor.is_empty() {
                actor = h.actor.into_iter().filter(|e| !taken(&recipient, e)).collect();
                c.guessed.0 = !actor.is_empty();
            }
            if recipient.is_empty() {
                recipient = h.recipient.into_iter().filter(|e| !taken(&actor, e)).collect();
                c.guessed.1 = !recipient.is_empty();
            }
        }
        // "X and Y signed a truce": the first side acts, the other is its counterpart — also where
        // the order of mentions gave both sides ("delegates of X and Y sat down for talks"), where
        // the act's object is a common adversary ("X and Y mounted joint patrols against Z"), and
        // in an exchange whatever is exchanged ("X and Y swapped prisoners").
        if actor.len() > 1 && (self.words.symmetric.contains(&c.category) || self.trig(c).reciprocal) {
            let adversary =
                |e: &Entity| matches!(self.before(a, e.span.0, c.end), Before::Prep(w) if self.words.adversary_preps.contains(&w));
            let counterparts = recipient.is_empty() || self.trig(c).reciprocal || recipient.iter().all(adversary);
            if counterparts && actor[1..].iter().any(|e| e.name != actor[0].name) {
                recipient = actor.split_off(1);
                c.guessed.1 = c.guessed.0;
            }
        }
        // "dismissed the claim": an act named as the object, answered (`answered_acts`).
        if recipient.is_empty() && at.p.is_verb(at.head) {
            let p = at.p;
            c.answers = p
                .object(at.head)
                .filter(|&o| p.children_with(o, Dep::Det).any(|d| self.words.definite.contains(&self.pword(a, &at, d))))
                .and_then(|o| self.answered.get(&self.pword(a, &at, o)).map(|&k| (k, self.pword(a, &at, o))));
        }
        c.hands = self.other_side(a, c, &at, &actor);
        c.construction = args.construction;
        c.actor = actor;
        c.recipient = recipient;
    }

    /// "dismissed the plan" after "endorsed Kenya's $2 billion plan": the possessor of the same
    /// noun before the trigger, in its sentence or the two before (the nearest first).
    pub(crate) fn earlier_possessor(&self, a: &Art, c: &Cand, noun: &str) -> Vec<Entity> {
        let syn = a.input.doc.syntax;
        let floor = c.sentence.checked_sub(2).map_or(0, |s| a.ctx.sentences[s].start);
        for k in (a.ctx.tok_at_or_after(floor)..c.tok).rev() {
            if !crate::shares_stem(&a.lower(k), noun) {
                continue;
            }
            let Some((s, i)) = syn.locate_byte(a.ctx.tokens[k].start) else { continue };
            let p = syn.sentence(s);
            if i >= p.len() || !p.is_noun(i) {
                continue;
            }
            let at = At { p, first: syn.token_index(s, 0), lo: i, hi: i + 1, head: i };
            if let Some(e) = p.children_with(i, Dep::Poss).find_map(|ps| self.party(a, c, &at, ps, Generic::No)) {
                return vec![e];
            }
        }
        vec![]
    }

    /// The other side of a change of hands (`[cues.hands]`), never a party of `actor`: who takes
    /// the ground a withdrawal gives up (the subject of a taking verb in its sentence, "…, and
    /// al-Shabaab fighters walked in"; the "to" of its actor's handing verb, "and handed their
    /// posts to the UN force"), or who held the ground a capture takes ("retook the village from
    /// the militants"; the subject of a taking verb inside its clause, "a camp that Abu Sayyaf
    /// gunmen had held", "nine days after the Taliban had overrun it").
    fn other_side(&self, a: &Art, c: &Cand, at: &At, actor: &[Entity]) -> Vec<Entity> {
        let t = self.trig(c);
        let hands = &self.data.cues.hands;
        let cedes = t.mode.iter().any(|m| hands.ceding_modes.contains(m));
        let p = at.p;
        let v = at.head;
        if !(cedes || t.territory) || !p.is_verb(v) {
            return vec![];
        }
        // A verb of `table` with the particle its entry asks for ("took *over*").
        let carries = |x: usize, table: &std::collections::HashMap<String, Vec<String>>| {
            table
                .get(&self.pword(a, at, x))
                .is_some_and(|ps| ps.iter().any(|w| w.is_empty() || p.children(x).any(|k| self.pword(a, at, k) == *w)))
        };
        let objects_of = |x: usize, preps: &[String], out: &mut Vec<usize>| {
            for pr in p.children_with(x, Dep::Prep).filter(|&pr| preps.contains(&self.pword(a, at, pr))) {
                for o in p.children_with(pr, Dep::Pobj) {
                    out.extend(with_conjuncts(p, o));
                }
            }
        };
        let mut sides: Vec<usize> = Vec::new();
        if t.territory {
            objects_of(v, &hands.holder_preps, &mut sides);
        }
        let acting = self.actor_of(a, at, v, 0);
        let scope = if cedes { 0..p.len() } else { p.subtree(v) };
        for x in scope {
            if !p.is_verb(x) || p.children_with(x, Dep::Neg).next().is_some() {
                continue;
            }
            if cedes && carries(x, &self.handing) && (x == v || self.actor_of(a, at, x, 0) == acting) {
                objects_of(x, &hands.handing_preps, &mut sides);
            }
            if !(at.lo..at.hi).contains(&x) && carries(x, &self.taking) {
                if let Some(s) = self.actor_of(a, at, x, 0).filter(|&s| Some(s) != acting) {
                    sides.extend(with_conjuncts(p, s));
                }
            }
        }
        let overlaps = |e: &Entity| actor.iter().any(|x| x.name == e.name || (x.span.0 < e.span.1 && e.span.0 < x.span.1));
        self.parties_of(a, c, at, &sides, Generic::People).into_iter().filter(|e| !overlaps(e)).collect()
    }

    /// The roles from the order of mentions around the trigger: for a refusal and reported
    /// judgement, and for a role the parse gives no words to. `shape` is what the parse says of
    /// the trigger (a noun; passive), else the trigger's part of speech decides.
    fn heuristic_roles(&self, a: &Art, c: &mut Cand, shape: Option<(bool, bool)>) {
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
        let (noun, passive) = shape.unwrap_or((t.pos == "noun", t.pos == "passive"));
        if noun {
            c.construction = "nominal";
            c.actor = self.agent(a, c);
            if c.actor.is_empty() {
                c.actor = self.subject(a, c, lo, c.start);
            }
            if c.actor.is_empty() {
                c.actor = self.pronoun_subject(a, c);
            }
            c.recipient = self.object(a, c, true);
            return;
        }
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
        c.recipient = self.object(a, c, false);
    }
}

/// A trigger's place in its sentence's parse.
pub(crate) struct At<'p> {
    pub(crate) p: &'p Parse,
    /// Index in `seg.tokens` of the sentence's first token.
    pub(crate) first: usize,
    /// The trigger's tokens, sentence-relative `[lo, hi)`, and its head among them.
    pub(crate) lo: usize,
    pub(crate) hi: usize,
    pub(crate) head: usize,
}

/// Who acts and who is acted upon, as tokens of the sentence (heads of their phrases).
#[derive(Debug, Default)]
pub(crate) struct Args {
    pub(crate) actor: Vec<usize>,
    pub(crate) recipient: Vec<usize>,
    /// Objects of target prepositions: the recipient where `recipient` names no party.
    pub(crate) targets: Vec<usize>,
    /// Modifiers of a noun trigger ("police firing", "Russian air strikes"): the actor when
    /// they name a party.
    modifiers: Vec<usize>,
    construction: &'static str,
}

/// How far [`EventCoder::subject_of`] climbs from clause to clause ("…, killing 15 soldiers"
/// → the verb it hangs on → that verb's subject).
const MAX_CLIMB: usize = 4;

/// A relative pronoun ("who", "which", "that").
fn is_relative(p: &Parse, i: usize) -> bool {
    matches!(p.tags[i], Tag::WDT | Tag::WP)
}

/// `i` and the tokens coordinated or in apposition with it ("X, Y and Z", "another
/// businessman, Luis Sales").
fn with_conjuncts(p: &Parse, i: usize) -> Vec<usize> {
    let mut out = vec![i];
    let mut k = 0;
    while k < out.len() && out.len() < 16 {
        let j = out[k];
        // A list is often read as an apposition ("one office, one bus, and one transformer").
        out.extend(p.children(j).filter(|&c| matches!(p.deps[c], Dep::Conj | Dep::Appos) && !p.tags[c].is_verb()));
        k += 1;
    }
    out
}

impl EventCoder {
    /// Where the trigger of `c` stands in the parse of its sentence (parsed now if it was not).
    pub(crate) fn locate<'s>(&self, a: &'s Art, c: &Cand) -> Option<At<'s>> {
        let syn = a.input.doc.syntax;
        let (s, lo) = syn.locate_byte(c.start)?;
        let hi = match syn.locate_byte(c.end.saturating_sub(1).max(c.start)) {
            Some((s2, last)) if s2 == s && last >= lo => last + 1,
            _ => lo + 1,
        };
        let p = syn.sentence(s);
        if hi > p.len() {
            return None;
        }
        let head = (lo..hi).find(|&i| p.head(i).is_none_or(|h| h < lo || h >= hi)).unwrap_or(lo);
        Some(At { p, first: syn.token_index(s, 0), lo, hi, head })
    }

    /// Whether a mention holds token `i` of the sentence.
    fn mention_at(&self, a: &Art, at: &At, i: usize) -> bool {
        let Some(t) = a.ctx.tokens.get(at.first + i) else { return false };
        a.entities.starting_in(t.start.saturating_sub(crate::TRIGGER_REACH), t.end).iter().any(|&k| {
            let s = a.rec.entities[k].span;
            s.0 <= t.start && t.end <= s.1
        })
    }

    fn pword(&self, a: &Art, at: &At, i: usize) -> String {
        a.lower(at.first + i)
    }

    /// The subject of verb `v` and whether it is acted upon (a passive subject): its own, or
    /// that of the clause it hangs on — a relative clause's noun ("gunmen who stormed"), a
    /// coordinated verb's ("stormed the village and killed"), the one ordered to act ("ordered
    /// troops to fire"), a participle's governing verb (", killing 15 soldiers").
    fn subject_of(&self, a: &Art, at: &At, v: usize, depth: usize) -> Option<(usize, bool)> {
        let p = at.p;
        if depth > MAX_CLIMB {
            return None;
        }
        let passive = p.is_passive(v);
        if let Some(s) = p.children(v).find(|&j| matches!(p.deps[j], Dep::Nsubj | Dep::Nsubjpass)) {
            let patient = p.deps[s] == Dep::Nsubjpass;
            if is_relative(p, s) && p.deps[v] == Dep::Relcl {
                return p.head(v).map(|h| (h, patient));
            }
            return Some((s, patient));
        }
        let h = p.head(v)?;
        match p.deps[v] {
            Dep::Relcl => Some((h, passive)),
            // "was fiercely opposed by Osgiliath": a participle the parse hangs on "was" as its
            // complement, with an agent of its own, is a passive; the subject of "was" undergoes it
            Dep::Acomp if p.tags[v] == Tag::VBN && p.is_verb(h) && p.children_with(v, Dep::Agent).next().is_some() => {
                p.subject(h).map(|s| (s, true))
            }
            // "a plan to fire missiles", "the decision to attack": who has the plan acts.
            Dep::Acl if p.tags[v] == Tag::VB && p.children_with(v, Dep::Aux).any(|x| p.tags[x] == Tag::TO) => {
                let gov = p.head(h).filter(|&g| p.is_verb(g) && matches!(p.deps[h], Dep::Dobj | Dep::Nsubjpass))?;
                self.actor_of(a, at, gov, depth + 1).map(|s| (s, passive))
            }
            // "Raiders on horseback burned 12 huts": a past form with a direct object of its own
            // is no participle but the finite verb the parser hung on a noun; the phrase that
            // noun closes ("on horseback") belongs to the subject before it, which acts.
            Dep::Acl if p.is_noun(h) && matches!(p.tags[v], Tag::VBN | Tag::VBD) && p.object(v).is_some_and(|o| o > v) => {
                let mut s = h;
                while let Some(g) =
                    p.head(s).filter(|_| p.deps[s] == Dep::Pobj).and_then(|pr| p.head(pr)).filter(|&g| p.is_noun(g) && g < s)
                {
                    s = g;
                }
                Some((s, false))
            }
            // "the soldiers killed in the ambush", "gunmen firing on the crowd".
            // An -ed form modifying a noun with no object of its own is a participle, even where
            // the tagger read a past tense ("nine members seized near Sirte").
            Dep::Acl if p.is_noun(h) => Some((h, passive || p.tags[v] == Tag::VBN || (p.tags[v] == Tag::VBD && p.object(v).is_none()))),
            Dep::Conj if p.is_verb(h) => {
                let (s, patient) = self.subject_of(a, at, h, depth + 1)?;
                Some((s, passive || (patient && p.tags[v] == Tag::VBN)))
            }
            // "urged al-Shabaab to release": the one urged acts, even where the parser missed
            // that a rare name is the object (a mention between the two verbs).
            Dep::Xcomp => match p.object(h).or_else(|| {
                p.children(h).find(|&j| {
                    h < j
                        && j < v
                        && !matches!(p.deps[j], Dep::Aux | Dep::Neg | Dep::Punct | Dep::Prep | Dep::Mark | Dep::Cc)
                        && self.mention_at(a, at, j)
                })
            }) {
                Some(o) => Some((o, passive)),
                None => self.subject_of(a, at, h, depth + 1).map(|(s, _)| (s, passive)),
            },
            // A finite verb has a subject of its own ("after the group overran …"): where the
            // parse found none it missed it, and lends none.
            Dep::Advcl | Dep::Pcomp | Dep::Npadvmod if p.tags[v].is_finite_verb() => None,
            Dep::Advcl | Dep::Pcomp | Dep::Npadvmod => {
                let gov = if p.deps[v] == Dep::Pcomp { p.head(h)? } else { h };
                if !p.is_verb(gov) {
                    return None;
                }
                // "accused the army of killing", "charged two men with planting": the one
                // accused is the one who did it.
                if p.deps[v] == Dep::Pcomp && self.words.control_preps.contains(&self.pword(a, at, h)) {
                    if let Some(o) = p.object(gov) {
                        return Some((o, passive));
                    }
                }
                let actor = self.actor_of(a, at, gov, depth + 1)?;
                Some((actor, passive))
            }
            _ => None,
        }
    }

    /// The token that acts for verb `v`: its active subject, or its passive agent.
    fn actor_of(&self, a: &Art, at: &At, v: usize, depth: usize) -> Option<usize> {
        match self.subject_of(a, at, v, depth)? {
            (s, false) => Some(s),
            (_, true) => self.agents(at, v).first().copied(),
        }
    }

    /// The `agent` ("by …") objects of verb `v`.
    fn agents(&self, at: &At, v: usize) -> Vec<usize> {
        let p = at.p;
        p.children_with(v, Dep::Agent).flat_map(|g| p.children_with(g, Dep::Pobj)).collect()
    }

    /// What verb `v` acts upon: its direct objects ("killed three farmers"), and the objects
    /// of the prepositions that name a target ("fired on protesters", "opened fire on them",
    /// "threw a grenade at a police van"), read where the direct objects name no party.
    fn objects(&self, a: &Art, at: &At, v: usize) -> (Vec<usize>, Vec<usize>) {
        let p = at.p;
        let inside = |i: usize| i >= at.lo && i < at.hi;
        let rel = |o: usize| if is_relative(p, o) && p.deps[v] == Dep::Relcl { p.head(v).unwrap_or(o) } else { o };
        let mut direct: Vec<usize> = p.children_with(v, Dep::Dobj).filter(|&o| !inside(o)).map(rel).collect();
        // "the man they killed": a relative clause with a subject and no object acts on its noun.
        if direct.is_empty()
            && p.deps[v] == Dep::Relcl
            && p.children(v).any(|j| p.deps[j] == Dep::Nsubj && !is_relative(p, j))
            && !p.children(v).any(|j| matches!(p.tags[j], Tag::WRB))
            && !p.children_with(v, Dep::Dobj).any(inside)
        {
            direct.extend(p.head(v));
        }
        // "called for young men to take up arms": the subject of the clause asked for (or the
        // object of "for" where the parser hung the infinitive on the verb).
        if direct.is_empty() {
            let asked = |k: usize| self.words.asked_marks.contains(&self.pword(a, at, k));
            for x in p.children(v).filter(|&x| matches!(p.deps[x], Dep::Advcl | Dep::Xcomp | Dep::Ccomp)) {
                if p.children_with(x, Dep::Mark).any(asked) {
                    direct.extend(p.children_with(x, Dep::Nsubj));
                } else if p.children_with(x, Dep::Aux).any(|t| p.tags[t] == Tag::TO) {
                    let before = p.children_with(v, Dep::Prep).filter(|&pr| pr < x && asked(pr));
                    direct.extend(before.flat_map(|pr| p.children_with(pr, Dep::Pobj)).filter(|&o| o < x));
                }
            }
        }
        let mut targets = Vec::new();
        // A preposition ending the trigger ("broke away from the group", "sat down with X").
        for pr in (at.lo..at.hi).filter(|&k| p.deps[k] == Dep::Prep && self.words.own_object_preps.contains(&self.pword(a, at, k))) {
            targets.extend(p.children_with(pr, Dep::Pobj).filter(|&o| !inside(o)));
        }
        // The trigger's own words ("opened fire on"), its object's ("fired shots at") and the verb's.
        let objs: Vec<usize> = p.children_with(v, Dep::Dobj).collect();
        for h in (at.lo..at.hi).chain([v]).chain(objs) {
            for pr in p.children_with(h, Dep::Prep) {
                let w = self.pword(a, at, pr);
                if self.words.recipient_preps.contains(&w) || self.words.partner_preps.contains(&w) {
                    for o in p.children_with(pr, Dep::Pobj) {
                        if !targets.contains(&o) {
                            targets.push(o);
                        }
                    }
                }
            }
        }
        (direct, targets)
    }

    /// The arguments the parse gives the trigger of `c`.
    pub(crate) fn parse_args(&self, a: &Art, c: &Cand, at: &At) -> Args {
        let p = at.p;
        let v = at.head;
        let mut args = Args::default();
        // "prepare to deploy": a verb form the parser read as the object of a preposition
        // "to" is the infinitive it is; it acts as the verb above would have it act.
        let infinitive = !c.noun_form
            && p.deps[v] == Dep::Pobj
            && p.head(v).is_some_and(|h| self.words.infinitive.contains(&self.pword(a, at, h)) && p.head(h).is_some_and(|g| p.is_verb(g)));
        if infinitive {
            let gov = p.head(v).and_then(|h| p.head(h)).unwrap_or(v);
            let s = p.object(gov).or_else(|| self.subject_of(a, at, gov, 1).filter(|x| !x.1).map(|x| x.0));
            if let Some(s) = s {
                args.actor = with_conjuncts(p, s);
                args.construction = "control";
                return args;
            }
        }
        if p.is_verb(v) {
            // "died", "were killed": the subject suffered it.
            let lexical = self.trig(c).pos == "passive";
            let passive = lexical || p.is_passive(v);
            let subj = self.subject_of(a, at, v, 0).map(|(s, patient)| (s, patient || lexical));
            args.construction = match p.deps[v] {
                _ if subj.is_some_and(|(s, _)| p.subject(v) != Some(s)) => match p.deps[v] {
                    Dep::Relcl => "relative",
                    Dep::Acl => "reduced-relative",
                    Dep::Conj => "coordinated",
                    Dep::Xcomp => "control",
                    Dep::Acomp => "passive",
                    _ => "participle",
                },
                _ if passive => "passive",
                _ => "active",
            };
            let mut agents = self.agents(at, v);
            match subj {
                Some((s, true)) => {
                    args.recipient = with_conjuncts(p, s);
                    if args.construction == "active" {
                        args.construction = "passive";
                    }
                }
                Some((s, false)) => args.actor = with_conjuncts(p, s),
                None => {}
            }
            if subj.is_some_and(|(_, patient)| patient) || passive {
                if let Some(&g) = agents.first() {
                    args.actor = with_conjuncts(p, g);
                }
            } else {
                agents.clear();
                let (direct, targets) = self.objects(a, at, v);
                for o in direct {
                    args.recipient.extend(with_conjuncts(p, o));
                }
                for o in targets {
                    args.targets.extend(with_conjuncts(p, o));
                }
            }
            return args;
        }
        self.nominal_args(a, at, v)
    }

    /// The arguments of a noun naming an act ("the army's shelling of the town", "an attack
    /// on a market by militants", "rebels carried out an attack", "claimed responsibility for
    /// the attack").
    fn nominal_args(&self, a: &Art, at: &At, n: usize) -> Args {
        let p = at.p;
        let mut args = Args { construction: "nominal", ..Default::default() };
        let mut by: Vec<usize> = Vec::new();
        let mut on: Vec<usize> = Vec::new();
        let mut between: Vec<usize> = Vec::new();
        for pr in p.children_with(n, Dep::Prep) {
            let w = self.pword(a, at, pr);
            if self.words.nominal_agent_preps.contains(&w) {
                by.extend(p.children_with(pr, Dep::Pobj));
            } else if self.words.recipient_preps.contains(&w) || self.words.nominal_recipient_preps.contains(&w) {
                on.extend(p.children_with(pr, Dep::Pobj));
            } else if self.words.partner_preps.contains(&w) {
                args.targets.extend(p.children_with(pr, Dep::Pobj));
            } else if self.words.between_preps.contains(&w) {
                between.extend(p.children_with(pr, Dep::Pobj).flat_map(|o| with_conjuncts(p, o)));
            }
        }
        // "the attack, carried out by militants".
        for acl in p.children_with(n, Dep::Acl) {
            by.extend(self.agents(at, acl));
        }
        // What the verb above says of who did it.
        let mut above: Option<(usize, &'static str)> = None;
        // The object of the verb above, which the act is done to.
        let mut object_above: Option<usize> = None;
        if let Some(h) = p.head(n) {
            let hw = self.pword(a, at, h);
            let light = p.is_verb(h) && self.words.light_verbs.contains(&hw);
            if light && p.deps[n] == Dep::Dobj {
                // "rebels carried out an attack", "police used tear gas".
                above = self.actor_of(a, at, h, 0).map(|s| (s, "light-verb"));
            } else if light && p.deps[n] == Dep::Nsubjpass {
                // "an attack was launched by rebels", "the assassination was perpetrated by …".
                above = self.agents(at, h).first().map(|&g| (g, "light-verb"));
            } else if p.deps[n] == Dep::Pobj && self.words.instrument_preps.contains(&hw) {
                // "police scattered a crowd with tear gas": who used it.
                let verb = p.ancestors(h).take(3).find(|&x| p.is_verb(x));
                above = verb.and_then(|x| self.actor_of(a, at, x, 0)).map(|s| (s, "instrument"));
                // … and the crowd it was used on suffered it (the parser may hang the
                // instrument on that crowd's own phrase: "a crowd of students with tear gas").
                object_above = p.ancestors(h).take(5).find(|&x| p.is_verb(x)).and_then(|x| p.object(x));
            } else if let Some(v) =
                p.head(h).filter(|&v| p.deps[n] == Dep::Pobj && p.is_verb(v) && self.words.prep_light_verbs.contains(&self.pword(a, at, v)))
            {
                // "migrants went on hunger strike", "the two groups agreed to a truce".
                above = self.actor_of(a, at, v, 0).map(|s| (s, "light-verb"));
            } else if p.deps[n] == Dep::Pobj {
                // "the group claimed responsibility for the attack".
                let noun = p.head(h).filter(|&r| self.words.responsibility.contains(&self.pword(a, at, r)));
                if let Some(verb) = noun.and_then(|r| p.head(r)).filter(|&x| p.is_verb(x)) {
                    above = self.actor_of(a, at, verb, 0).map(|s| (s, "claim"));
                } else if self.words.recipient_preps.contains(&hw) {
                    // "the ministry invited union leaders to talks", "drew the rebels into
                    // negotiations": the people the verb brings to the act are its counterpart.
                    object_above = p
                        .head(h)
                        .filter(|&v| p.is_verb(v))
                        .and_then(|v| p.object(v))
                        .filter(|&o| self.parties.contains_key(&self.pword(a, at, o)) || self.mention_at(a, at, o));
                }
            }
        }
        let poss: Vec<usize> = p.children_with(n, Dep::Poss).collect();
        let agent = by.first().copied().or(above.map(|x| x.0));
        if let Some(b) = agent {
            args.actor = with_conjuncts(p, b);
            if by.is_empty() {
                args.construction = above.map_or("nominal", |x| x.1);
            }
            // "Romero's assassination by a death squad": the possessor suffered it.
            for &o in &poss {
                args.recipient.extend(with_conjuncts(p, o));
            }
        } else if let Some(&o) = poss.first() {
            // "Galan's murder": the possessor suffered it, unless another phrase names who
            // suffered it ("the army's killing of civilians").
            if on.is_empty() && self.words.patient_possessive.contains(&self.pword(a, at, n)) {
                args.recipient.extend(with_conjuncts(p, o));
            } else {
                args.actor = with_conjuncts(p, o);
            }
        }
        for &o in &on {
            args.recipient.extend(with_conjuncts(p, o));
        }
        if let Some(o) = object_above.filter(|_| args.recipient.is_empty()) {
            args.recipient.extend(with_conjuncts(p, o));
        }
        // "gunbattles between the Comandos de la Frontera and a FARC faction": the sides after the
        // first are fought (who started it the phrase does not say: the first side is no actor).
        if between.len() > 1 && args.actor.is_empty() && args.recipient.is_empty() {
            args.recipient.extend(&between[1..]);
        }
        args.modifiers = p.children(n).filter(|&j| j < n && matches!(p.deps[j], Dep::Compound | Dep::Amod | Dep::Nmod)).collect();
        args
    }
}

/// Which generic parties an argument with no mention in it may become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Generic {
    /// Any noun phrase: a person, a group, a building, a vehicle ("the embassy").
    Any,
    /// Only people and groups (`[[party]]` and `[[agent]]` nouns): who acts.
    People,
    /// None: the argument must hold a mention.
    No,
}

/// Dependents whose subtrees are no part of a party's phrase when looking for a mention in it.
fn outside_phrase(d: Dep) -> bool {
    matches!(d, Dep::Relcl | Dep::Acl | Dep::Advcl | Dep::Ccomp | Dep::Conj | Dep::Cc | Dep::Punct | Dep::Appos | Dep::Parataxis)
}

/// Left dependents that belong to a generic party's words ("two *armed* men", "*Afghan* villagers").
fn left_modifier(d: Dep) -> bool {
    matches!(d, Dep::Amod | Dep::Compound | Dep::Nummod | Dep::Nmod | Dep::Quantmod | Dep::Advmod | Dep::Npadvmod)
}

impl EventCoder {
    /// The entities for argument tokens `args` (with their coordinated tokens already in).
    fn parties_of(&self, a: &Art, c: &Cand, at: &At, args: &[usize], generic: Generic) -> Vec<Entity> {
        let mut out: Vec<Entity> = Vec::new();
        let mut push = |e: Entity| {
            if !out.iter().any(|x| x.span == e.span) {
                out.push(e);
            }
        };
        for &i in args {
            // "officials from Rwanda and Burundi": each named group is a party.
            if self.parties.contains_key(&self.pword(a, at, i)) {
                let groups = self.groups_of(a, c, at, i);
                if groups.len() > 1 {
                    groups.into_iter().for_each(&mut push);
                    continue;
                }
            }
            if let Some(e) = self.party(a, c, at, i, generic) {
                // "Iraqi special forces soldiers": a mention in a compound modifier names the
                // same party ("opposition blogger Pavel Nur" is the person alone: the modifier
                // is his affiliation).
                for j in at.p.children_with(i, Dep::Compound).filter(|_| e.kind != EntityKind::Person) {
                    if let Some(m) = self.party(a, c, at, j, Generic::No) {
                        if m.span.1 <= e.span.0 {
                            push(m);
                        }
                    }
                }
                push(e);
            }
        }
        out
    }

    /// The entity an argument token names: a mention holding it, the state a country name
    /// stands for, a pronoun's antecedent, the mention nearest it in its phrase, its
    /// apposition's, or a generic party made from its noun phrase.
    pub(crate) fn party(&self, a: &Art, c: &Cand, at: &At, i: usize, generic: Generic) -> Option<Entity> {
        let depth = a.party_depth.get();
        if depth >= MAX_PARTY_DEPTH {
            return None;
        }
        a.party_depth.set(depth + 1);
        let found = self.party_at(a, c, at, i, generic);
        a.party_depth.set(depth);
        found
    }

    fn party_at(&self, a: &Art, c: &Cand, at: &At, i: usize, generic: Generic) -> Option<Entity> {
        let p = at.p;
        let gi = at.first + i;
        let t = *a.ctx.tokens.get(gi)?;
        // A parse that hangs a role on punctuation ("Dheere, who had sworn …") names no party.
        if !a.ctx.is_word(gi) {
            return None;
        }
        let floor = t.start.saturating_sub(crate::TRIGGER_REACH);
        let covering = |s: usize, e: usize| {
            a.entities
                .starting_in(floor, e)
                .iter()
                .map(|&k| &a.rec.entities[k])
                .filter(|m| m.span.0 <= s && e <= m.span.1)
                .max_by_key(|m| m.span.1 - m.span.0)
                .cloned()
        };
        // "a crowd of youths", "a group of rangers", "five of the guards": the party is the one held.
        if self.containers.contains(&self.pword(a, at, i)) || p.tags[i] == Tag::CD {
            let held = p
                .children_with(i, Dep::Prep)
                .find(|&j| self.words.member_preps.contains(&self.pword(a, at, j)))
                .and_then(|of| p.children_with(of, Dep::Pobj).next())
                .and_then(|j| self.party(a, c, at, j, generic));
            if held.is_some() {
                return held;
            }
        }
        // "a regional commander of the Clan del Golfo, Jhon Fredy Arenas": the person a singular
        // person noun's apposition names (the parser often hangs it on the group).
        if p.tags[i] == Tag::NN && self.parties.contains_key(&self.pword(a, at, i)) {
            let groups = p
                .children_with(i, Dep::Prep)
                .filter(|&j| self.words.member_preps.contains(&self.pword(a, at, j)))
                .flat_map(|j| p.children_with(j, Dep::Pobj));
            let named = std::iter::once(i).chain(groups).flat_map(|h| p.children_with(h, Dep::Appos)).find_map(|ap| {
                let t = a.ctx.tokens[at.first + ap];
                covering(t.start, t.end).filter(|e| e.kind == EntityKind::Person)
            });
            if named.is_some() {
                return named;
            }
        }
        if let Some(e) = covering(t.start, t.end) {
            // "fighters of the 3R armed group", "members of the FMLN": a generic noun's group
            // is named in its "of" phrase.
            if self.parties.contains_key(&e.text.to_lowercase()) {
                if let Some(g) = self.groups_of(a, c, at, i).into_iter().next() {
                    return Some(g);
                }
            }
            return Some(self.forces_of(c, e));
        }
        // "on Sunday": a date is no party.
        if a.dates.starting_in(floor, t.end).iter().any(|&k| a.rec.dates[k].span.0 <= t.start && t.end <= a.rec.dates[k].span.1) {
            return None;
        }
        if let Some(pl) =
            a.places.starting_in(floor, t.end).iter().map(|&k| &a.rec.places[k]).find(|pl| pl.span.0 <= t.start && t.end <= pl.span.1)
        {
            let country = pl.feature.as_deref() == Some("country");
            // A capital as the party of a political act ("accusing Berlin of meddling").
            let political = self.words.verbal.contains(&c.category) || self.words.cooperative.contains(&c.category);
            let capital = pl.country.as_ref().is_some_and(|iso| self.capitals.get(&pl.name.to_lowercase()) == Some(iso));
            return match pl.use_ {
                PlaceUse::Adjective => Some(self.national(c, pl)),
                PlaceUse::Literal | PlaceUse::Metonym if country => Some(self.state_of(c, pl)),
                // "Washington would …", "accusing Berlin of …": its government — the state, named
                // as the country.
                PlaceUse::Metonym => Some(self.capital_state(c, pl)),
                PlaceUse::Literal if political && capital => Some(self.capital_state(c, pl)),
                _ => None,
            };
        }
        if p.tags[i].is_pronoun() {
            return self
                .plural_antecedent(a, c, at, i)
                .or_else(|| self.pronoun_party(a, c, gi))
                .or_else(|| self.person_antecedent(a, c, at, i));
        }
        // The mention nearest the head inside its phrase ("members of the FMLN").
        let range = p.subtree(i);
        let cut: Vec<std::ops::Range<usize>> = p.children(i).filter(|&j| outside_phrase(p.deps[j])).map(|j| p.subtree(j)).collect();
        let (s, e) = (a.ctx.tokens[at.first + range.start].start, a.ctx.tokens[at.first + range.end - 1].end);
        let inside = a
            .entities
            .starting_in(s, e)
            .iter()
            .map(|&k| &a.rec.entities[k])
            .filter(|m| {
                m.span.1 <= e
                    && !cut.iter().any(|r| {
                        let (rs, re) = (a.ctx.tokens[at.first + r.start].start, a.ctx.tokens[at.first + r.end - 1].end);
                        m.span.0 < re && rs < m.span.1
                    })
            })
            .min_by_key(|m| if m.span.0 >= t.end { m.span.0 - t.end } else { t.start.saturating_sub(m.span.1) });
        if let Some(m) = inside {
            // "a rebel commander", "a Norwegian government delegation": a mention modifying a
            // person or group noun names whose it is; the party is the whole phrase, with the
            // mention's name, country and sectors.
            let head_noun = self.parties.contains_key(&self.pword(a, at, i));
            let modifies = m.span.1 <= t.start && m.kind != EntityKind::Person && a.ctx.text[m.span.1..t.start].trim().is_empty();
            if head_noun && modifies {
                let mut w = m.clone();
                w.span = sitrep_core::Span(m.span.0, t.end);
                w.text = a.ctx.text[m.span.0..t.end].to_string();
                w.refers_to = None;
                a.parties.borrow_mut().push(w.clone());
                return Some(w);
            }
            // A person or group noun is its own party unless its member phrase names the group
            // ("fighters of the RSF"); a mention deeper in its phrase is not it ("the principal
            // of a government school").
            if !(head_noun && generic != Generic::No) {
                return Some(m.clone());
            }
            if let Some(g) = self.groups_of(a, c, at, i).into_iter().next() {
                return Some(g);
            }
        }
        // "its drones", "the group's fighters": the possessor acts ("our province" is no
        // party acted upon).
        for ps in p.children_with(i, Dep::Poss).filter(|_| generic == Generic::People) {
            if let Some(e) = self.party(a, c, at, ps, Generic::No) {
                return Some(e);
            }
        }
        for ap in p.children_with(i, Dep::Appos) {
            if let Some(e) = self.party(a, c, at, ap, Generic::No) {
                return Some(e);
            }
        }
        if generic == Generic::No {
            return None;
        }
        // "shops owned by migrants", "a drone launched by the Houthis": a thing's owner or user
        // is the party (a person or group noun is its own).
        if !self.parties.contains_key(&self.pword(a, at, i)) {
            for acl in p.children_with(i, Dep::Acl).filter(|&v| p.tags[v] == Tag::VBN) {
                if let Some(e) = self.agents(at, acl).into_iter().find_map(|g| self.party(a, c, at, g, Generic::People)) {
                    return Some(e);
                }
            }
            // "a pickup carrying border police": who rides in it (`carrying_verbs`).
            for acl in p.children_with(i, Dep::Acl).filter(|&v| self.carrying.contains(&self.pword(a, at, v))) {
                if let Some(e) = p.object(acl).and_then(|o| self.party(a, c, at, o, Generic::People)) {
                    return Some(e);
                }
            }
        }
        self.generic_party(a, at, i, generic)
    }

    /// The named groups in the "of"/"from" phrase of a generic noun ("fighters of the Rapid
    /// Support Forces", "officials from Rwanda and Burundi": the states), not other generic
    /// nouns ("members of the public").
    fn groups_of(&self, a: &Art, c: &Cand, at: &At, i: usize) -> Vec<Entity> {
        let p = at.p;
        let Some(j) = p
            .children_with(i, Dep::Prep)
            .find(|&j| self.words.member_preps.contains(&self.pword(a, at, j)))
            .and_then(|of| p.children_with(of, Dep::Pobj).next())
        else {
            return vec![];
        };
        let named =
            |g: &Entity| !matches!(g.kind, EntityKind::Person | EntityKind::Unknown) && !self.parties.contains_key(&g.text.to_lowercase());
        // The group must be the phrase's head, not a modifier in it ("the principal of a
        // government school" belongs to no government).
        let heads = |k: usize, g: &Entity| {
            let t = a.ctx.tokens[at.first + k];
            g.span.0 <= t.start && t.end <= g.span.1
        };
        with_conjuncts(p, j)
            .into_iter()
            .filter_map(|k| self.party(a, c, at, k, Generic::No).filter(|g| heads(k, g)))
            .filter(named)
            .collect()
    }

    /// A noun phrase with no mention in it as a party of its own: the head noun with its left
    /// modifiers ("two armed men", "hector oqueli colindres"), kind and sectors from the head
    /// noun's entry (`agents.toml`), country from a national adjective or country name in it.
    fn generic_party(&self, a: &Art, at: &At, i: usize, generic: Generic) -> Option<Entity> {
        let p = at.p;
        if !p.is_noun(i) {
            return None;
        }
        let mut lo = i;
        let left: Vec<usize> = p.children(i).filter(|&j| j < i).collect();
        for &j in left.iter().rev() {
            let r = p.subtree(j);
            if !left_modifier(p.deps[j]) || r.end != lo {
                break;
            }
            lo = r.start;
        }
        // No leading punctuation or hyphen.
        while lo < i && !a.ctx.is_word(at.first + lo) {
            lo += 1;
        }
        let (s, e) = (a.ctx.tokens[at.first + lo].start, a.ctx.tokens[at.first + i].end);
        let text = &a.ctx.text[s..e];
        let lower = text.to_lowercase();
        let head = self.pword(a, at, i);
        // The longest listed ending of the phrase: "armed men" before "men".
        let words: Vec<&str> = lower.split_whitespace().collect();
        let ending = |k: usize| words[k..].join(" ");
        if (0..words.len()).any(|k| self.not_parties.contains(&ending(k))) || self.not_parties.contains(&head) {
            return None;
        }
        let mut entry = (0..words.len()).find_map(|k| self.parties.get(&ending(k))).or_else(|| self.parties.get(&head));
        // "nine coastguard members": the members of the body the noun before them names.
        if self.members.contains(&head) && words.len() > 1 {
            entry = self.parties.get(words[words.len() - 2]).or(entry);
        }
        // A name ("Hector Oqueli Colindres" in lower-case text) is a party too.
        let proper = p.tags[i].is_proper_noun();
        if entry.is_none() && generic != Generic::Any && !proper {
            return None;
        }
        // "the town of Waajid", "Abyei town": a place described, not a party ("the market in
        // Kotoba" is a party: the place is where it stands).
        let bytes = |r: std::ops::Range<usize>| (a.ctx.tokens[at.first + r.start].start, a.ctx.tokens[at.first + r.end - 1].end);
        let (ps, pe) = bytes(p.subtree(i));
        let elsewhere: Vec<(usize, usize)> = p
            .children(i)
            .filter(|&j| {
                p.deps[j] == Dep::Prep && !self.words.nominal_recipient_preps.contains(&self.pword(a, at, j)) || outside_phrase(p.deps[j])
            })
            .map(|j| bytes(p.subtree(j)))
            .collect();
        let place =
            a.places.starting_in(ps, pe).iter().map(|&k| &a.rec.places[k]).any(|pl| {
                pl.span.1 <= pe && pl.use_ == PlaceUse::Literal && !elsewhere.iter().any(|&(s, e)| s <= pl.span.0 && pl.span.1 <= e)
            });
        if entry.is_none() && place {
            return None;
        }
        // A weapon ("detonated a bomb", "fired rockets") is no party: a weapon word of an
        // assault's `mode_rule` heads the phrase ("an aid worker" and "two gunmen" are parties).
        let from = a.mode_hits.partition_point(|h| h.0 < s);
        if a.mode_hits[from..].iter().take_while(|h| h.0 < e).any(|h| {
            h.1 == e && self.data.mode_rule[h.2].category == "ASSAULT" && !self.parties.contains_key(&a.ctx.text[h.0..h.1].to_lowercase())
        }) {
            return None;
        }
        let mut country =
            a.places.starting_in(s, e).iter().map(|&k| &a.rec.places[k]).find(|pl| pl.span.1 <= e).and_then(|pl| pl.country.clone());
        // "the fishermen" after "19 Zambian fishermen": a definite phrase of the same head names
        // the same people, of the same country.
        if country.is_none() && p.children_with(i, Dep::Det).any(|d| self.words.definite.contains(&self.pword(a, at, d))) {
            let same_head = |x: &Entity| x.text.rsplit(' ').next().is_some_and(|w| w.eq_ignore_ascii_case(&head));
            country = a
                .parties
                .borrow()
                .iter()
                .rev()
                .find(|x| x.span.1 <= s && x.country.is_some() && same_head(x))
                .and_then(|x| x.country.clone());
        }
        // No country in its words: the event gives it (`home_country`) once its place is known.
        if country.is_none() && entry.is_some_and(|x| x.inherit_country) {
            a.homeless.borrow_mut().insert(sitrep_core::Span(s, e));
        }
        let (kind, sector) = entry.map_or((EntityKind::Unknown, vec![]), |x| (x.kind, x.sector.clone()));
        let ent = Entity {
            text: text.to_string(),
            name: text.to_string(),
            span: sitrep_core::Span(s, e),
            country,
            sector,
            kind,
            ..Default::default()
        };
        a.parties.borrow_mut().push(ent.clone());
        Some(ent)
    }

    /// A country named as a party ("Israel intercepted", "froze funds to Nicaragua"): its armed
    /// forces on a military act, else the state with the sectors a state has as an actor
    /// (`agents.sector_codes.state`), as the recognizer gives "Iraq said".
    fn state_of(&self, c: &Cand, p: &sitrep_core::Place) -> Entity {
        let mut e = self.national(c, p);
        if e.sector.is_empty() {
            e.sector = self.state_sector.clone();
        }
        e
    }

    /// The state a capital stands for, named as the country.
    pub(crate) fn capital_state(&self, c: &Cand, pl: &sitrep_core::Place) -> Entity {
        let mut e = self.state_of(c, pl);
        if let Some(name) = pl.country.as_ref().and_then(|iso| self.country_names.get(iso)) {
            e.name = name.clone();
        }
        e
    }

    /// A state named as the party of a military act ("Eritrea has massed troops", "Israel
    /// intercepted two rockets") acts through its armed forces, as `state_of` has it.
    fn forces_of(&self, c: &Cand, mut e: Entity) -> Entity {
        if e.kind == EntityKind::State && e.sector == self.state_sector && self.trig(c).context.iter().any(|x| x == "military") {
            e.sector = self.data.cues.sectors.national_forces.clone();
        }
        e
    }

    /// A national adjective as a party ("Russian air strikes"): on a military act the armed
    /// forces, else the state.
    fn national(&self, c: &Cand, p: &sitrep_core::Place) -> Entity {
        let military = self.trig(c).context.iter().any(|x| x == "military");
        Entity {
            text: p.text.clone(),
            name: p.name.clone(),
            span: p.span,
            country: p.country.clone(),
            kind: if military { EntityKind::StateAgent } else { EntityKind::State },
            sector: if military { self.data.cues.sectors.national_forces.clone() } else { vec![] },
            ..Default::default()
        }
    }

    /// "him", "she" in a role: the nearest person before it in its sentence — a named person
    /// or a singular noun phrase headed by a person noun ("beat *the man* to death, accusing
    /// *him*") — not the subject of the pronoun's own verb ("he" there is that subject: "the
    /// officer said he…"); else the person last named in the two sentences before.
    fn person_antecedent(&self, a: &Art, c: &Cand, at: &At, i: usize) -> Option<Entity> {
        let gi = at.first + i;
        if !self.words.person_pronouns.contains(&a.lower(gi)) {
            return None;
        }
        let p = at.p;
        let own_subject = p.head(i).and_then(|h| p.subject(h)).filter(|_| !matches!(p.deps[i], Dep::Nsubj | Dep::Nsubjpass));
        let start = a.ctx.tokens[at.first].start;
        let pron = a.ctx.tokens[gi];
        let person_before = |from: usize, to: usize| {
            a.entities
                .starting_in(from, to)
                .iter()
                .map(|&k| &a.rec.entities[k])
                .rfind(|e| e.kind == EntityKind::Person && e.span.1 <= to)
                .cloned()
        };
        for j in (0..i).rev() {
            if Some(j) == own_subject || !p.is_noun(j) || p.tags[j] == Tag::NNS || p.tags[j] == Tag::NNPS {
                continue;
            }
            let t = a.ctx.tokens[at.first + j];
            if let Some(e) = person_before(t.start.saturating_sub(crate::TRIGGER_REACH).max(start), t.end).filter(|e| e.span.1 >= t.end) {
                return Some(pronoun_mention(a, gi, &e));
            }
            let person_noun = self
                .parties
                .get(&self.pword(a, at, j))
                .is_some_and(|x| matches!(x.kind, EntityKind::Group | EntityKind::StateAgent | EntityKind::ArmedGroup));
            if person_noun && p.deps[j] != Dep::Compound {
                if let Some(e) = self.party(a, c, at, j, Generic::People) {
                    let m = pronoun_mention(a, gi, &e);
                    // The pronoun takes its antecedent's country when the event gives it one.
                    if a.homeless.borrow().contains(&e.span) {
                        a.homeless.borrow_mut().insert(m.span);
                    }
                    return Some(m);
                }
            }
        }
        let floor = c.sentence.checked_sub(2).map_or(0, |s| a.ctx.sentences[s].start);
        person_before(floor, start.min(pron.start)).map(|e| pronoun_mention(a, gi, &e))
    }

    /// "them" acted upon: the nearest plural party noun before it in its sentence that is no
    /// subject ("opened fire on the guards, wounding two of them"), as `person_antecedent` does
    /// for "him"; a subject is left to the pronoun's own resolution ("police said they would
    /// arrest them": not the police).
    fn plural_antecedent(&self, a: &Art, c: &Cand, at: &At, i: usize) -> Option<Entity> {
        let p = at.p;
        let gi = at.first + i;
        if !self.words.pronouns.contains(&a.lower(gi)) || matches!(p.deps[i], Dep::Nsubj | Dep::Nsubjpass | Dep::Poss) {
            return None;
        }
        // "The fishermen have been held since soldiers detained them": the subject of the clause a
        // time clause with its own subject hangs on is in reach ("police said they would arrest
        // them" is a reported clause: not the police).
        let h = p.head(i);
        let binds = |j: usize| {
            h.is_some_and(|h| {
                p.deps[h] == Dep::Advcl && p.head(h) == p.head(j) && p.subject(h).is_some_and(|s| s != j && !p.tags[s].is_pronoun())
            })
        };
        let j = (0..i).rev().find(|&j| {
            (!matches!(p.deps[j], Dep::Nsubj | Dep::Nsubjpass) || binds(j))
                && matches!(p.tags[j], Tag::NNS | Tag::NNPS)
                && p.deps[j] != Dep::Compound
                && (self.parties.contains_key(&self.pword(a, at, j)) || self.mention_at(a, at, j))
        })?;
        let e = self.party(a, c, at, j, Generic::People)?;
        let m = pronoun_mention(a, gi, &e);
        if a.homeless.borrow().contains(&e.span) {
            a.homeless.borrow_mut().insert(m.span);
        }
        Some(m)
    }

    /// A pronoun in a role: the speaker for "we"/"it" in reported speech, an earlier
    /// sentence's group for "they".
    fn pronoun_party(&self, a: &Art, c: &Cand, gi: usize) -> Option<Entity> {
        let w = a.lower(gi);
        if let Some(sp) = c.quote.and_then(|q| a.rec.quotes[q].speaker.as_ref().map(|s| (q, s))) {
            let words = if a.rec.quotes[sp.0].direct { &self.words.speaker_pronouns_direct } else { &self.words.speaker_pronouns };
            if words.contains(&w) {
                return Some(pronoun_mention(a, gi, sp.1));
            }
        }
        if self.words.pronouns.contains(&w) {
            return self.antecedent(a, c, gi);
        }
        None
    }
}
