//! Did it happen? Negated, hypothetical, requested, predicted, planned or asserted, from cue
//! words before the trigger inside its clause (and, for nouns, a modal right after:
//! "ISIL's offensive would be reversed").

use crate::cues::Cue;
use crate::{Art, Cand, EventCoder};
use sitrep_core::Modality;

impl EventCoder {
    pub(crate) fn modality(&self, a: &Art, c: &Cand) -> Modality {
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
            !a.hits.of(Cue::NegationException).iter().any(|x| x.0 <= s && e <= x.1)
        });
        let contracted = (a.ctx.tok_at_or_after(wide)..c.tok).any(|i| a.lower(i).ends_with("n't"));
        if neg || contracted {
            return Modality::Negated;
        }
        // Hypothetical: "if the talks fail, fighting would …", "sanctions if they were not freed".
        let s = &a.ctx.sentences[c.sentence];
        if a.hits.any_inside(Cue::Hypothetical, lo.max(s.start), c.start) || a.hits.any_inside(Cue::Hypothetical, c.end, after) {
            return Modality::Hypothetical;
        }
        // Requested: "asked X to deploy", "called for an investigation", "should be supplying".
        let req_far = a.word_back(c.tok, w + 5, lo);
        let asked = a.hits.inside(Cue::Request, req_far, c.start).any(|(_, e)| self.infinitive_between(a, e, c.start));
        if asked || a.hits.any_inside(Cue::RequestNear, near, c.start) {
            return Modality::Requested;
        }
        // Predicted: "could be forced", "is expected to", "the battle is expected to last".
        if a.hits.any_inside(Cue::Predict, near, c.start) || (nounish && a.hits.any_inside(Cue::Predict, c.end, after)) {
            return Modality::Predicted;
        }
        // Planned: "will", "plans to", "prepare to deploy", or a bare infinitive ("to retake").
        let prev_to = c.tok > 0 && a.lower(c.tok - 1) == "to" && a.ctx.tokens[c.tok - 1].start >= lo;
        if prev_to || a.hits.any_inside(Cue::Plan, near, c.start) || (nounish && a.hits.any_inside(Cue::Plan, c.end, after)) {
            return Modality::Planned;
        }
        Modality::Asserted
    }

    /// True when a "to" or "that" stands between a request cue and the act it asks for.
    fn infinitive_between(&self, a: &Art, from: usize, to: usize) -> bool {
        let i = a.ctx.tok_at_or_after(from);
        let j = a.ctx.tok_at_or_after(to);
        (i..j).any(|k| matches!(a.lower(k).as_str(), "to" | "that"))
    }
}
