//! The ACLED view of an event: the first `acled_rule` of `events.toml` whose conditions
//! hold (modes, territory, who acts, who is hit, what else the sentence says), else the
//! trigger's own default.

use crate::cues::Cue;
use crate::{has_sector, Art, Cand, EventCoder};
use sitrep_core::{Acled, Entity, EntityKind, Event};
use sitrep_lexicon::SectorGroups;

/// "Explosions/Remote violence/Air/drone strike" → ("Explosions/Remote violence", "Air/drone strike"),
/// after the event types of [`sitrep_core::taxonomy::ACLED_TYPES`].
pub fn split(s: &str) -> Option<Acled> {
    let (t, sub) = sitrep_core::taxonomy::split_acled(s)?;
    Some(Acled { event_type: t.to_string(), sub_event_type: sub.unwrap_or("").to_string() })
}

pub(crate) fn is_state(e: &Entity, g: &SectorGroups) -> bool {
    matches!(e.kind, EntityKind::State | EntityKind::StateAgent) || (e.kind != EntityKind::ArmedGroup && has_sector(e, &g.state))
}

fn is_nonstate(e: &Entity, g: &SectorGroups) -> bool {
    e.kind == EntityKind::ArmedGroup || has_sector(e, &g.nonstate)
}

fn is_armed(e: &Entity, g: &SectorGroups) -> bool {
    e.kind == EntityKind::ArmedGroup || has_sector(e, &g.armed)
}

fn is_civil(e: &Entity, g: &SectorGroups) -> bool {
    has_sector(e, &g.civilian)
}

pub(crate) fn view(coder: &EventCoder, a: &Art, group: &[Cand], ev: &Event, mob: bool) -> Option<Acled> {
    let territory = group.iter().any(|c| coder.trig(c).territory);
    let s = &a.ctx.sentences[ev.sentence.index];
    let g = &coder.data.cues.sectors;
    for r in &coder.data.acled_rule {
        if !r.category.is_empty() && !r.category.contains(&ev.category) {
            continue;
        }
        if !r.mode.is_empty() && !ev.mode.iter().any(|m| r.mode.contains(m)) {
            continue;
        }
        if r.territory.is_some_and(|t| t != territory) || r.mob.is_some_and(|m| m != mob) {
            continue;
        }
        if !r.group_has.is_empty()
            && !group.iter().map(|c| coder.trig(c)).any(|t| t.category == ev.category && t.acled.starts_with(&r.group_has))
        {
            continue;
        }
        let actor_ok = match r.actor.as_str() {
            "state" => ev.actor.iter().any(|e| is_state(e, g)),
            "nonstate" => ev.actor.iter().any(|e| is_nonstate(e, g)),
            _ => true,
        };
        if !actor_ok {
            continue;
        }
        if r.recipient_armed.is_some_and(|want| want != ev.recipient.iter().any(|e| is_armed(e, g))) {
            continue;
        }
        if r.recipient_civilian
            .is_some_and(|want| want != (ev.recipient.iter().any(|e| is_civil(e, g)) && !ev.recipient.iter().any(|e| is_armed(e, g))))
        {
            continue;
        }
        if !r.recipient_sector.is_empty() && !ev.recipient.iter().any(|e| e.sector.iter().any(|s| r.recipient_sector.contains(s))) {
            continue;
        }
        let cue = match r.sentence_has.as_str() {
            "" => None,
            "riot" => Some(Cue::Riot),
            "intervention" => Some(Cue::Intervention),
            "excessive_force" => Some(Cue::ExcessiveForce),
            "protest_context" => Some(Cue::ProtestContext),
            _ => continue,
        };
        if cue.is_some_and(|c| !a.hits.any_inside(c, s.start, s.end)) {
            continue;
        }
        return split(&r.acled);
    }
    // The act's own word decides before a casualty word ("died in a firefight": a battle).
    let views = group.iter().map(|c| coder.trig(c)).filter(|t| t.category == ev.category && !t.acled.is_empty());
    let (acts, casualties): (Vec<_>, Vec<_>) = views.partition(|t| t.size.is_empty());
    acts.into_iter().chain(casualties).map(|t| t.acled.as_str()).next().and_then(split)
}
