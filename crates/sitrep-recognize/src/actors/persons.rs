//! Person names: the cues that make a capitalised name a person (a title before or after it,
//! an honorific, a news outlet's possessive, speech next to it, a surname named before) and
//! the person it gives: name, role, sector and whose person it is.

use super::{last_ending_by, title_case, ActorRecognizer, ActorSet, Hit};
use crate::Ctx;
use sitrep_core::{Entity, EntityKind, Span};
use sitrep_lexicon::PhraseMatch;

/// What a title of `roles.toml` gives the person holding it.
pub(super) struct RoleInfo {
    pub(super) sector: Vec<String>,
    pub(super) media: bool,
}

/// What around a capitalised name says it names a person.
#[derive(Debug, Clone, Copy)]
pub(super) struct PersonCues<'a> {
    /// A title right before: "President Hassan", "the UN envoy, Volker Perthes".
    role_before: Option<&'a PhraseMatch>,
    /// A title in apposition after: "Tarik al-Abdullah, the secretary-general".
    role_after: Option<&'a PhraseMatch>,
    /// "Mr Hassan", "Dr. Nur".
    honorific: bool,
    /// A news outlet's reporter: "Al Jazeera's Zeina Khodr".
    media_owner: bool,
    /// The surname (or last part) of a person named before, as that mention.
    surname_of: Option<usize>,
    /// "said Halima Nur".
    speech_before: bool,
    /// "Hassan said".
    speech_after: bool,
    /// "Shekau, who pledged …".
    who_after: bool,
}

impl PersonCues<'_> {
    /// Whether the cues make the name a person. Speech next to it counts only for a name
    /// that is not all capitals (an acronym), has no place cue before it and is not a place
    /// named before; speech after it also needs `two_words_or_mid_sentence` (a single word
    /// opening a sentence before "said" may be anything).
    pub(super) fn person(&self, all_caps: bool, place_before: bool, known_place: bool, two_words_or_mid_sentence: bool) -> bool {
        self.role_before.is_some()
            || self.honorific
            || self.media_owner
            || (self.role_after.is_some() && !place_before)
            || self.surname_of.is_some()
            || ((self.speech_before || self.who_after) && !all_caps && !place_before && !known_place)
            || (self.speech_after && !all_caps && !place_before && !known_place && two_words_or_mid_sentence)
    }
}

impl ActorRecognizer {
    /// What around the name run `[ti, tj)` says it names a person.
    pub(super) fn person_cues<'a>(
        &self,
        ctx: &Ctx,
        set: &ActorSet,
        roles: &'a [PhraseMatch],
        spans: &[(usize, usize, Hit)],
        ti: usize,
        tj: usize,
    ) -> PersonCues<'a> {
        let text = ctx.text;
        let (s, e) = (ctx.tokens[ti].start, ctx.tokens[tj - 1].end);
        // "President Hassan …", "the UN envoy, Volker Perthes,"
        let role_before = last_ending_by(roles, s).filter(|r| matches!(&text[r.end..s], " " | ", "));
        let honorific = ti > 0 && self.honorifics.contains(ctx.lower(ti - 1).trim_end_matches('.')) && ctx.adjacent(ti - 1);
        // "Al Jazeera's Zeina Khodr"
        let media_owner = ti >= 1 && ctx.word(ti - 1) == "'s" && {
            let k = spans.partition_point(|x| x.1 < ctx.tokens[ti - 1].start);
            spans
                .get(k)
                .is_some_and(|x| x.1 == ctx.tokens[ti - 1].start && matches!(x.2, Hit::Org(oi) if self.orgs[oi].kind == EntityKind::Media))
        };
        // "Tarik al-Abdullah, secretary-general of …"
        let role_after = roles[roles.partition_point(|r| r.start <= e)..].iter().take(1).find(|r| {
            // a title followed by a name belongs to that name ("…, police spokesman Abdirahman Osman")
            let titles_next = ctx.tok_starting(r.end + 1).is_some_and(|k| ctx.is_cap(k));
            !titles_next && r.start > e && r.start - e <= self.appositive_reach && {
                let gap = text[e..r.start].to_lowercase();
                gap == ", " || gap.strip_prefix(", ").and_then(|g| g.strip_suffix(' ')).is_some_and(|w| self.appositive_words.contains(w))
            }
        });
        let surname_of = self.surname_link(ctx, set, ti, tj);
        let speech_after = self.is_speech_after(ctx, set, e);
        // "said Halima Nur", "Shekau, who pledged …"
        let speech_before = ti > 0 && ctx.adjacent(ti - 1) && set.speech_starts.binary_search(&ctx.tokens[ti - 1].start).is_ok();
        let who_after = text[e..].starts_with(", who ");
        PersonCues { role_before, role_after, honorific, media_owner, surname_of, speech_before, speech_after, who_after }
    }

    /// The person the name `[s, e)` names, with its cues: the name (the head's, for a
    /// surname), role, sector and country; and the mention it links to.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn person_entity(
        &self,
        ctx: &Ctx,
        set: &ActorSet,
        cues: &PersonCues,
        spans: &[(usize, usize, Hit)],
        main: Option<usize>,
        s: usize,
        e: usize,
    ) -> (Entity, Option<usize>) {
        let text = ctx.text;
        let name_text = &text[s..e];
        let PersonCues { role_before, role_after, media_owner, surname_of, .. } = *cues;
        let mut ent = Entity {
            text: name_text.to_string(),
            // caseless text: "john kerry" is named "John Kerry"
            name: if ctx.caseless { title_case(name_text) } else { name_text.to_string() },
            span: Span(s, e),
            kind: EntityKind::Person,
            ..Default::default()
        };
        let mut link = None;
        if let Some(mi) = surname_of {
            let head = set.mentions[mi].link.unwrap_or(mi);
            let h = &set.mentions[head].entity;
            ent.name = h.name.clone();
            ent.country = h.country.clone();
            ent.sector = h.sector.clone();
            ent.role = h.role.clone();
            link = Some(head);
        }
        let role = role_before.or(role_after);
        if let Some(r) = role {
            let info = &self.role_info[r.payload as usize];
            ent.role = Some(text[r.start..r.end].to_string());
            for sct in &info.sector {
                if !ent.sector.contains(sct) {
                    ent.sector.push(sct.clone());
                }
            }
            if info.media && !ent.sector.contains(&self.journalist) {
                ent.sector.push(self.journalist.clone());
            }
        }
        if media_owner && !ent.sector.contains(&self.journalist) {
            ent.sector.push(self.journalist.clone());
            ent.role.get_or_insert_with(|| "journalist".into());
        }
        // Whose person: a country or organisation right before the title ("US Secretary
        // of State"), else, for office holders, the article's country.
        if ent.country.is_none() {
            if let Some(r) = role_before {
                let k = spans.partition_point(|x| x.1 <= r.start);
                if let Some(&(_, _, h)) = k.checked_sub(1).map(|k| &spans[k]).filter(|x| r.start - x.1 <= 1) {
                    match h {
                        Hit::Country(ci) | Hit::Adjective(ci) | Hit::Capital(ci) => ent.country = Some(self.countries[ci].iso3.clone()),
                        Hit::Org(oi) => {
                            if self.orgs[oi].kind == EntityKind::Media {
                                ent.sector.push(self.journalist.clone());
                            } else {
                                ent.country = self.orgs[oi].country.clone();
                            }
                        }
                        Hit::Group(gi) | Hit::GroupContext(gi) => {
                            ent.country = self.groups[gi].countries.first().cloned();
                            ent.sector.extend(self.groups[gi].sector.iter().cloned());
                        }
                        _ => {}
                    }
                }
            }
        }
        if ent.country.is_none() && role.is_some() && !ent.sector.contains(&self.journalist) {
            ent.country = main.map(|ci| self.countries[ci].iso3.clone());
        }
        ent.sector.dedup();
        (ent, link)
    }
}
