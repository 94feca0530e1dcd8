//! Did it happen? Negated, hypothetical, requested, predicted, planned or asserted, from cue
//! words before the trigger inside its clause (and, for nouns, a modal right after:
//! "ISIL's offensive would be reversed").

use crate::cues::Cue;
use crate::{Art, Cand, EventCoder};
use sitrep_core::Modality;

/// Bytes before a "to" in which a plan cue ending with it may start ("is scheduled to").
const PLAN_CUE_REACH: usize = 64;

impl EventCoder {
    /// The modality, and whether it is `planned` with a bare infinitive right before the
    /// trigger ("an offensive *to retake* Mosul": a purpose that may join its act). A "to" that
    /// ends a plan cue is no bare infinitive ("plans to", "powers to detain").
    pub(crate) fn modality(&self, a: &Art, c: &Cand) -> (Modality, bool) {
        let m = self.modality_of(a, c);
        let infinitive = m == Modality::Planned && c.tok > 0 && self.words.infinitive.contains(&a.lower(c.tok - 1)) && {
            // Only cues ending at that "to" matter: a short look back keeps long clauses linear.
            let to = a.ctx.tokens[c.tok - 1];
            let lo = c.clause.0.max(to.start.saturating_sub(PLAN_CUE_REACH));
            !a.hits.inside(Cue::Plan, lo, c.start).any(|(s, e)| e == to.end && s < to.start)
        };
        (m, infinitive)
    }

    fn modality_of(&self, a: &Art, c: &Cand) -> Modality {
        let (lo, hi) = c.clause;
        let w = self.data.cues.window;
        let t = self.trig(c);
        let nounish = t.pos == "noun" || t.pos == "passive";
        let near = a.word_back(c.tok, 3, lo);
        let wide = a.word_back(c.tok, w, lo);
        let after = a.word_forward(c.end, 3, hi);

        // Negated: "did not attack", "No one was hurt", "denied carrying out the attack".
        let neg = a.hits.inside(Cue::Negation, wide, c.start).any(|(s, e)| {
            // "not clear", "not only": the cue is part of a phrase that does not negate.
            // (A binary search: scanning every exception of the article per cue was quadratic.)
            !a.hits.covers(Cue::NegationException, s, e)
        });
        let contracted = (a.ctx.tok_at_or_after(wide)..c.tok).any(|i| a.lower(i).ends_with("n't"));
        let denied = a.hits.any_inside(Cue::NegationFar, a.word_back(c.tok, w + 5, lo), c.start);
        // "threatened no one", "attacked nobody": the object denies the act.
        let nobody = a.hits.inside(Cue::NoCasualty, c.end, a.word_forward(c.end, 1, hi)).next().is_some();
        if neg || contracted || denied || nobody {
            return Modality::Negated;
        }
        // Hypothetical: "if the talks fail, fighting would …", "sanctions if they were not freed".
        let s = &a.ctx.sentences[c.sentence];
        // A threat or a demand is made even when its content is conditional ("threatened
        // sanctions if …"), so for speech acts only a condition before the act counts.
        let speech_act = self.words.verbal.contains(&t.category);
        if a.hits.any_inside(Cue::Hypothetical, lo.max(s.start), c.start)
            || (!speech_act && a.hits.any_inside(Cue::Hypothetical, c.end, after))
        {
            return Modality::Hypothetical;
        }
        // Requested: "asked X to deploy", "called for an investigation", "should be supplying".
        let req_far = a.word_back(c.tok, w + 5, lo);
        let asked = a.hits.inside(Cue::Request, req_far, c.start).any(|(_, e)| self.infinitive_between(a, e, c.start));
        if asked || a.hits.any_inside(Cue::RequestNear, near, c.start) {
            return Modality::Requested;
        }
        // Predicted: "could be forced", "is expected to", "the battle is expected to last".
        let mut predicted: Vec<(usize, usize)> = a.hits.inside(Cue::Predict, near, c.start).collect();
        if nounish {
            predicted.extend(a.hits.inside(Cue::Predict, c.end, after));
        }
        if !predicted.is_empty() {
            // "He said Washington would announce sanctions": in reported speech, an actor's
            // "would" + active verb is an intention; "would be reversed" stays a prediction.
            let only_would = predicted.iter().all(|&(s, e)| a.ctx.text[s..e].eq_ignore_ascii_case("would"));
            if only_would && (c.quote.is_some() || self.reported(a, c)) && t.pos != "noun" && !self.is_passive(a, c) {
                return Modality::Planned;
            }
            return Modality::Predicted;
        }
        // Planned: "will", "plans to", "prepare to deploy", or a bare infinitive ("to retake").
        // "managed to break through", "were able to retake": an implicative verb says the act
        // happened; its "to" plans nothing.
        let implied = c.tok > 1 && self.words.implicative.contains(&a.lower(c.tok - 2));
        let prev_to = c.tok > 0 && self.words.infinitive.contains(&a.lower(c.tok - 1)) && a.ctx.tokens[c.tok - 1].start >= lo && !implied;
        if prev_to || a.hits.any_inside(Cue::Plan, near, c.start) || (nounish && a.hits.any_inside(Cue::Plan, c.end, after)) {
            return Modality::Planned;
        }
        Modality::Asserted
    }

    /// Indirect speech: a speech verb earlier in the trigger's sentence ("vendors said they would march").
    fn reported(&self, a: &Art, c: &Cand) -> bool {
        let from = a.ctx.tok_at_or_after(a.word_back(c.tok, REPORTED_WORDS, a.ctx.sentences[c.sentence].start));
        (from..c.tok).any(|i| self.words.speech_verbs.contains(&a.lower(i)))
    }

    /// "would not step down", "will not accept any ceasefire": a refused cooperative act.
    pub(crate) fn refused(&self, a: &Art, c: &Cand) -> bool {
        self.words.cooperative.contains(&self.trig(c).category)
            && a.hits.any_inside(Cue::Refusal, a.word_back(c.tok, 3, c.clause.0), c.start)
    }

    /// "No one was hurt", "no casualties": a denial of casualties, not of an act.
    /// "No one was killed", "nobody was killed or hurt", "no arrests were made": a count of
    /// nobody, not a negated act.
    pub(crate) fn no_casualties(&self, a: &Art, c: &Cand) -> bool {
        let t = self.trig(c);
        matches!(t.size.as_str(), "killed" | "injured" | "arrested")
            && a.hits.any_inside(Cue::NoCasualty, a.word_back(c.tok, NO_CASUALTY_WORDS, c.clause.0), c.start)
    }

    /// True when a "to" or "that" stands between a request cue and the act it asks for.
    fn infinitive_between(&self, a: &Art, from: usize, to: usize) -> bool {
        let i = a.ctx.tok_at_or_after(from);
        let j = a.ctx.tok_at_or_after(to);
        (i..j).any(|k| self.words.request_links.contains(&a.lower(k)))
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

/// How far before a casualty word its "no one" may stand ("Nobody was killed or hurt").
const NO_CASUALTY_WORDS: usize = 5;

/// How far before a trigger the speech verb of indirect speech may stand.
const REPORTED_WORDS: usize = 12;
