//! The names of SPEC §2 that records and gold files use: PLOVER categories and ACLED event
//! types with their sub-event types, spelled exactly as the codebooks spell them. This is the
//! one copy in Rust: the event coder splits its ACLED strings with it and `sitrep eval`
//! checks gold files against it.

/// PLOVER's sixteen event categories.
pub const PLOVER_CATEGORIES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "REJECT",
    "ACCUSE",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// ACLED event types, each with its sub-event types.
pub const ACLED_TYPES: [(&str, &[&str]); 6] = [
    ("Battles", &["Armed clash", "Government regains territory", "Non-state actor overtakes territory"]),
    (
        "Explosions/Remote violence",
        &[
            "Chemical weapon",
            "Air/drone strike",
            "Suicide bomb",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Grenade",
        ],
    ),
    ("Violence against civilians", &["Sexual violence", "Attack", "Abduction/forced disappearance"]),
    ("Protests", &["Peaceful protest", "Protest with intervention", "Excessive force against protesters"]),
    ("Riots", &["Violent demonstration", "Mob violence"]),
    (
        "Strategic developments",
        &[
            "Agreement",
            "Arrests",
            "Change to group/activity",
            "Disrupted weapons use",
            "Headquarters or base established",
            "Looting/property destruction",
            "Non-violent transfer of territory",
            "Other",
        ],
    ),
];

/// Whether `s` is one of [`PLOVER_CATEGORIES`].
pub fn is_plover_category(s: &str) -> bool {
    PLOVER_CATEGORIES.contains(&s)
}

/// Splits "Type" or "Type/Sub-type" after the ACLED event type it starts with (types hold
/// slashes too: "Explosions/Remote violence/Air/drone strike"). `None` when no event type
/// starts it; the sub-type is returned as written, known or not (see [`is_acled`]).
pub fn split_acled(s: &str) -> Option<(&'static str, Option<&str>)> {
    ACLED_TYPES.iter().find_map(|(t, _)| {
        if s == *t {
            Some((*t, None))
        } else {
            s.strip_prefix(t).and_then(|r| r.strip_prefix('/')).map(|sub| (*t, Some(sub)))
        }
    })
}

/// `Ok` for a PLOVER category, else the error a data file or a gold file reports.
pub fn check_plover(s: &str) -> Result<(), String> {
    if is_plover_category(s) {
        Ok(())
    } else {
        Err(format!("unknown PLOVER category `{s}`, expected one of {}", PLOVER_CATEGORIES.join(", ")))
    }
}

/// The event type and sub-type of an ACLED string, else the error a data file or a gold
/// file reports (naming the known sub-types when the event type is right).
pub fn check_acled(s: &str) -> Result<(&'static str, Option<&str>), String> {
    match split_acled(s) {
        Some((t, sub)) if is_acled(s) => Ok((t, sub)),
        Some((t, _)) => Err(format!(
            "unknown ACLED type `{s}`: the sub-event types of {t} are {}",
            ACLED_TYPES.iter().find(|(x, _)| *x == t).map(|(_, subs)| subs.join("; ")).unwrap_or_default()
        )),
        None => Err(format!(
            "unknown ACLED type `{s}`: expected an event type ({}), optionally followed by /sub-event type",
            ACLED_TYPES.iter().map(|(t, _)| *t).collect::<Vec<_>>().join("; ")
        )),
    }
}

/// Whether `s` is an ACLED event type, or "Event type/Sub-event type", exactly as spelled.
pub fn is_acled(s: &str) -> bool {
    match split_acled(s) {
        Some((t, Some(sub))) => ACLED_TYPES.iter().any(|(x, subs)| *x == t && subs.contains(&sub)),
        Some((_, None)) => true,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acled_strings_split_after_the_event_type() {
        assert_eq!(
            split_acled("Explosions/Remote violence/Air/drone strike"),
            Some(("Explosions/Remote violence", Some("Air/drone strike")))
        );
        assert_eq!(split_acled("Battles"), Some(("Battles", None)));
        assert_eq!(
            split_acled("Strategic developments/Change to group/activity"),
            Some(("Strategic developments", Some("Change to group/activity")))
        );
        assert_eq!(split_acled("Battle"), None);
        assert_eq!(split_acled("Battlesx"), None);
    }

    #[test]
    fn only_the_codebook_spellings_are_acled() {
        assert!(is_acled("Riots"));
        assert!(is_acled("Explosions/Remote violence/Remote explosive/landmine/IED"));
        assert!(!is_acled("Riots/Looting"));
        assert!(!is_acled("battles"));
        assert!(!is_acled("Explosions"));
        assert_eq!(ACLED_TYPES.iter().map(|(_, s)| s.len()).sum::<usize>(), 25);
    }
}
