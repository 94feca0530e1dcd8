//! English inflection for lexicon entries: a trigger lists its lemma ("bomb", "open fire",
//! "air strike") and matches every form of it ("bombs", "bombed", "bombing", "bombings";
//! "opened fire"; "air strikes"). One mechanism for every list that wants it, so no list
//! spells out forms by hand and none forgets one.
//!
//! Regular rules live here; what no rule predicts (irregular verbs and plurals, verbs that
//! double their last consonant although their last syllable is not their only one) lives in
//! `morphology.toml`.

use crate::MorphologyData;

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Number of vowel groups, a cheap syllable count ("bomb" 1, "target" 2, "free" 1).
fn vowel_groups(w: &[u8]) -> usize {
    let mut n = 0;
    let mut prev = false;
    for &c in w {
        let v = is_vowel(c) || (c == b'y' && n > 0);
        if v && !prev {
            n += 1;
        }
        prev = v;
    }
    n
}

/// Whether the last consonant doubles before -ed/-ing: one-syllable words ending
/// consonant-vowel-consonant ("rob" → "robbed", "shell" no, "bomb" no), plus the listed
/// longer ones ("patrol", "kidnap", "admit").
fn doubles(w: &str, m: &MorphologyData) -> bool {
    if m.double.iter().any(|d| d == w) {
        return true;
    }
    let b = w.as_bytes();
    let n = b.len();
    n >= 3
        && b.iter().all(u8::is_ascii_lowercase)
        && !is_vowel(b[n - 1])
        && !matches!(b[n - 1], b'w' | b'x' | b'y')
        && is_vowel(b[n - 2])
        && !is_vowel(b[n - 3])
        && vowel_groups(b) == 1
}

fn sibilant(w: &str) -> bool {
    w.ends_with('s') || w.ends_with('x') || w.ends_with('z') || w.ends_with("ch") || w.ends_with("sh")
}

fn consonant_y(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() >= 2 && b[b.len() - 1] == b'y' && !is_vowel(b[b.len() - 2])
}

/// "-s" form of a verb, plural of a regular noun.
fn plural(w: &str) -> String {
    if consonant_y(w) {
        format!("{}ies", &w[..w.len() - 1])
    } else if sibilant(w) {
        format!("{w}es")
    } else {
        format!("{w}s")
    }
}

/// `w` + `suffix` ("-ed", "-ing"), doubling the last consonant where it doubles; for listed
/// longer verbs both spellings, as British and American usage differ ("kidnapped", "kidnaped").
fn suffixed(w: &str, suffix: &str, m: &MorphologyData) -> Vec<String> {
    if !doubles(w, m) {
        return vec![format!("{w}{suffix}")];
    }
    let last = &w[w.len() - 1..];
    let mut v = vec![format!("{w}{last}{suffix}")];
    if m.double.iter().any(|d| d == w) {
        v.push(format!("{w}{suffix}"));
    }
    v
}

fn past(w: &str, m: &MorphologyData) -> Vec<String> {
    if w.ends_with('e') {
        vec![format!("{w}d")]
    } else if consonant_y(w) {
        vec![format!("{}ied", &w[..w.len() - 1])]
    } else {
        suffixed(w, "ed", m)
    }
}

fn gerund(w: &str, m: &MorphologyData) -> Vec<String> {
    if let Some(stem) = w.strip_suffix("ie") {
        vec![format!("{stem}ying")]
    } else if w.ends_with('e') && !w.ends_with("ee") && !w.ends_with("oe") && !w.ends_with("ye") && w.len() > 2 {
        vec![format!("{}ing", &w[..w.len() - 1])]
    } else {
        suffixed(w, "ing", m)
    }
}

/// Every form of the verb `w` (lower case): itself, -s, past, participle, -ing and the
/// plural gerund ("bombings", "killings"), irregular forms from the table.
pub fn verb_forms(w: &str, m: &MorphologyData) -> Vec<String> {
    let mut out = vec![w.to_string()];
    if let Some(irr) = m.verb.get(w) {
        out.extend(irr.iter().cloned());
        // The -ing form of an irregular verb is regular unless listed ("striking").
        if !irr.iter().any(|f| f.ends_with("ing")) {
            out.extend(gerund(w, m));
        }
        if !irr.iter().any(|f| f.ends_with('s') && !f.ends_with("ss")) {
            out.push(plural(w));
        }
    } else {
        out.push(plural(w));
        out.extend(past(w, m));
        out.extend(gerund(w, m));
    }
    let ings: Vec<String> = out.iter().filter(|f| f.ends_with("ing")).map(|f| format!("{f}s")).collect();
    out.extend(ings);
    dedup(out)
}

/// A noun and its plural ("strike", "strikes"; "gunman", "gunmen").
pub fn noun_forms(w: &str, m: &MorphologyData) -> Vec<String> {
    let mut out = vec![w.to_string()];
    match m.noun.get(w) {
        Some(irr) => out.extend(irr.iter().cloned()),
        None => {
            if let Some(stem) = w.strip_suffix("man").filter(|s| !s.is_empty() && m.man_plural) {
                out.push(format!("{stem}men"));
            } else {
                out.push(plural(w));
            }
        }
    }
    dedup(out)
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    v.retain(|x| seen.insert(x.clone()));
    v
}

/// The forms of a lemma phrase. A verb phrase inflects its first word ("open fire" →
/// "opened fire"), a noun phrase its last ("air strike" → "air strikes"). Words keep the
/// case the entry gives; inflection works on lower-case ASCII words and leaves others as
/// they are.
pub fn phrase_forms(phrase: &str, noun: bool, m: &MorphologyData) -> Vec<String> {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    if words.is_empty() {
        return vec![];
    }
    let at = if noun { words.len() - 1 } else { 0 };
    let w = words[at];
    if !w.bytes().all(|c| c.is_ascii_lowercase() || c == b'-') {
        return vec![words.join(" ")];
    }
    let forms = if noun { noun_forms(w, m) } else { verb_forms(w, m) };
    forms
        .into_iter()
        .map(|f| {
            let mut ws: Vec<&str> = words.clone();
            ws[at] = &f;
            ws.join(" ")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> MorphologyData {
        crate::Lexicon::builtin().morphology
    }

    fn has(forms: &[String], want: &[&str]) {
        for w in want {
            assert!(forms.iter().any(|f| f == w), "{w} missing from {forms:?}");
        }
    }

    #[test]
    fn regular_verbs() {
        let m = m();
        has(&verb_forms("bomb", &m), &["bomb", "bombs", "bombed", "bombing", "bombings"]);
        has(&verb_forms("kill", &m), &["kills", "killed", "killing", "killings"]);
        has(&verb_forms("rob", &m), &["robbed", "robbing"]);
        has(&verb_forms("seize", &m), &["seizes", "seized", "seizing"]);
        has(&verb_forms("bury", &m), &["buries", "buried", "burying"]);
        has(&verb_forms("ambush", &m), &["ambushes", "ambushed"]);
        has(&verb_forms("target", &m), &["targeted", "targeting"]);
        has(&verb_forms("die", &m), &["died", "dying"]);
        assert!(!verb_forms("target", &m).contains(&"targetted".to_string()));
        assert!(!verb_forms("shell", &m).contains(&"shelll".to_string()));
    }

    #[test]
    fn listed_irregular_and_doubling_verbs() {
        let m = m();
        has(&verb_forms("strike", &m), &["strikes", "struck", "striking"]);
        has(&verb_forms("break", &m), &["broke", "broken", "breaking"]);
        has(&verb_forms("drive", &m), &["drove", "driven", "driving"]);
        has(&verb_forms("shoot", &m), &["shot", "shooting", "shootings"]);
        has(&verb_forms("kidnap", &m), &["kidnapped", "kidnapping"]);
        has(&verb_forms("patrol", &m), &["patrolled", "patrolling"]);
    }

    #[test]
    fn nouns_and_phrases() {
        let m = m();
        has(&noun_forms("gunman", &m), &["gunmen"]);
        has(&noun_forms("clash", &m), &["clashes"]);
        has(&noun_forms("child", &m), &["children"]);
        has(&phrase_forms("air strike", true, &m), &["air strike", "air strikes"]);
        has(&phrase_forms("open fire", false, &m), &["opened fire", "opening fire", "opens fire"]);
        // Names and acronyms are left alone.
        assert_eq!(phrase_forms("UN", false, &m), vec!["UN".to_string()]);
    }
}
