//! Cue words around triggers, compiled into one set of the event coder's automaton (with the
//! triggers and mode words: one pass over an article finds them all).

use sitrep_lexicon::{Case, EventCues, PhraseMatch, PhraseMatcherBuilder};

/// What a cue phrase signals. The discriminant is the automaton payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum Cue {
    Negation,
    NegationException,
    Request,
    RequestNear,
    Plan,
    Predict,
    Hypothetical,
    SpeakerPlace,
    ReferenceVerb,
    ClauseBreak,
    Attribution,
    Historical,
    Riot,
    Intervention,
    ExcessiveForce,
    NoCasualty,
    Refusal,
    Protesters,
    ProtestContext,
    NotLocationBefore,
    NegationFar,
    NaturalCause,
    CountPart,
    Mob,
    Depiction,
    /// `[topic]` words, counted per sentence by the topic gate.
    TopicConflict,
    TopicPolitical,
    TopicDomain,
}

/// Longest cue phrase, in bytes, that lookups around a position allow for.
const MAX_CUE: usize = 256;

pub const N_CUES: usize = Cue::TopicDomain as usize + 1;

pub struct CueMatcher {
    /// The kind of each payload (the order of the lists below).
    kinds: Vec<Cue>,
}

impl CueMatcher {
    /// Adds the cue lists of `c`, plus `extra` lists of ready-made forms (the topic words), to
    /// the current set of `b`.
    pub fn new(c: &EventCues, extra: &[(Vec<String>, Cue)], b: &mut PhraseMatcherBuilder) -> CueMatcher {
        let lists: &[(&[String], Cue)] = &[
            (&c.negation, Cue::Negation),
            (&c.negation_exceptions, Cue::NegationException),
            (&c.request, Cue::Request),
            (&c.request_near, Cue::RequestNear),
            (&c.plan, Cue::Plan),
            (&c.predict, Cue::Predict),
            (&c.hypothetical, Cue::Hypothetical),
            (&c.speaker_place, Cue::SpeakerPlace),
            (&c.reference_verbs, Cue::ReferenceVerb),
            (&c.clause_breaks, Cue::ClauseBreak),
            (&c.attribution, Cue::Attribution),
            (&c.historical, Cue::Historical),
            (&c.riot, Cue::Riot),
            (&c.intervention, Cue::Intervention),
            (&c.excessive_force, Cue::ExcessiveForce),
            (&c.no_casualty, Cue::NoCasualty),
            (&c.refusal, Cue::Refusal),
            (&c.protesters, Cue::Protesters),
            (&c.protest_context, Cue::ProtestContext),
            (&c.not_location_before, Cue::NotLocationBefore),
            (&c.negation_far, Cue::NegationFar),
            (&c.natural_causes, Cue::NaturalCause),
            (&c.count_parts, Cue::CountPart),
            (&c.mobs, Cue::Mob),
            (&c.depiction, Cue::Depiction),
        ];
        let mut kinds = Vec::with_capacity(N_CUES);
        for (list, cue) in lists.iter().copied().chain(extra.iter().map(|(l, c)| (l.as_slice(), *c))) {
            for p in list {
                // Cues are function words: any case, even "Will" or "IF".
                b.add_with_case(p, kinds.len() as u32, Case::Insensitive);
            }
            kinds.push(cue);
        }
        debug_assert_eq!(kinds.len(), N_CUES, "every cue kind has its list");
        CueMatcher { kinds }
    }

    /// Every cue of a text, grouped by kind, each list sorted by start, from every hit of the
    /// cue set (sorted by start, longest first: `PhraseMatcher::find_all_sets`).
    pub fn hits(&self, found: Vec<PhraseMatch>) -> CueHits {
        let mut by_kind = vec![Vec::new(); N_CUES];
        for m in found {
            // A phrase longer than the lookups allow for could be missed: drop it here.
            if m.end - m.start <= MAX_CUE {
                by_kind[self.kinds[m.payload as usize] as usize].push((m.start, m.end));
            }
        }
        CueHits { by_kind }
    }
}

/// The cues of one article: byte ranges in the normalized text.
pub struct CueHits {
    by_kind: Vec<Vec<(usize, usize)>>,
}

impl CueHits {
    pub fn of(&self, cue: Cue) -> &[(usize, usize)] {
        &self.by_kind[cue as usize]
    }

    /// Hits of `cue` lying wholly inside `[lo, hi)`.
    pub fn inside(&self, cue: Cue, lo: usize, hi: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let v = self.of(cue);
        let first = v.partition_point(|h| h.0 < lo);
        v[first..].iter().copied().take_while(move |h| h.0 < hi).filter(move |h| h.1 <= hi)
    }

    pub fn any_inside(&self, cue: Cue, lo: usize, hi: usize) -> bool {
        self.inside(cue, lo, hi).next().is_some()
    }

    /// Hits starting in `[lo, hi)`; lists are sorted by start, so this is a binary search.
    fn starting_in(&self, cue: Cue, lo: usize, hi: usize) -> &[(usize, usize)] {
        let v = self.of(cue);
        &v[v.partition_point(|h| h.0 < lo)..v.partition_point(|h| h.0 < hi)]
    }

    /// A hit of `cue` overlapping `[lo, hi)`.
    pub fn overlapping(&self, cue: Cue, lo: usize, hi: usize) -> Option<(usize, usize)> {
        self.starting_in(cue, lo.saturating_sub(MAX_CUE), hi).iter().copied().find(|h| h.0 < hi && lo < h.1)
    }

    /// True when a hit of `cue` ends within `gap` bytes before `pos`.
    /// Whether a hit of `cue` covers `[lo, hi)` (a binary search, not a scan of every hit).
    pub fn covers(&self, cue: Cue, lo: usize, hi: usize) -> bool {
        self.starting_in(cue, lo.saturating_sub(MAX_CUE), lo + 1).iter().any(|h| h.0 <= lo && hi <= h.1)
    }

    pub fn ends_just_before(&self, cue: Cue, pos: usize, gap: usize) -> bool {
        self.starting_in(cue, pos.saturating_sub(MAX_CUE + gap), pos).iter().any(|h| h.1 <= pos && pos - h.1 <= gap)
    }
}
