//! Renders the converted dictionaries as the TOML files of `data/lexicon/petrarch/`, one line
//! per record where it fits, so a diff of a re-import shows the entries that changed.

use super::{ActorsFile, AgentPlace, AgentsFile, CrosswalkFile, DatedCode, DiscardScope, DiscardsFile, VerbsFile};
use std::fmt::Write;

/// A TOML basic string.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", "))
}

fn header(out: &mut String, what: &str, sources: &[String]) {
    let _ = writeln!(out, "# {what}, converted by `sitrep dict import-petrarch` (see data/lexicon/petrarch/README.md).");
    let _ = writeln!(out, "# Source: {} — PETRARCH2 (openeventdata/petrarch2), MIT license.", sources.join(", "));
    let _ = writeln!(out, "# Generated: edit the source and re-run data/import-petrarch rather than editing this file.\n");
}

fn code(c: &DatedCode) -> String {
    let mut s = format!("{{ code = {}", quote(&c.code));
    if let Some(f) = c.from {
        let _ = write!(s, ", from = \"{}\"", f.iso());
    }
    if let Some(u) = c.until {
        let _ = write!(s, ", until = \"{}\"", u.iso());
    }
    s + " }"
}

pub fn actors(f: &ActorsFile, sources: &[String]) -> String {
    let mut out = String::new();
    header(&mut out, "Actors with CAMEO actor codes", sources);
    for a in &f.actor {
        let _ = writeln!(out, "[[actor]]\nname = {}", quote(&a.name));
        if !a.synonyms.is_empty() {
            let _ = writeln!(out, "synonyms = {}", list(&a.synonyms));
        }
        if !a.codes.is_empty() {
            let _ = writeln!(out, "codes = [{}]", a.codes.iter().map(code).collect::<Vec<_>>().join(", "));
        }
        out.push('\n');
    }
    out
}

pub fn agents(f: &AgentsFile, sources: &[String]) -> String {
    let mut out = String::new();
    header(&mut out, "Agent nouns and the codes they add", sources);
    for a in &f.agent {
        let mut s = format!("[[agent]]\nphrase = {}\ncode = {}\n", quote(&a.phrase), quote(&a.code));
        if let Some(p) = &a.plurals {
            let _ = writeln!(s, "plurals = {}", list(p));
        }
        if a.place == AgentPlace::Before {
            s.push_str("place = \"before\"\n");
        }
        out.push_str(&s);
        out.push('\n');
    }
    out
}

pub fn discards(f: &DiscardsFile, sources: &[String]) -> String {
    let mut out = String::new();
    header(&mut out, "Phrases that mark a sentence or story as not to be coded", sources);
    for d in &f.discard {
        let mut s = format!("[[discard]]\nphrase = {}\n", quote(&d.phrase));
        if d.scope == DiscardScope::Story {
            s.push_str("scope = \"story\"\n");
        }
        if d.word_end {
            s.push_str("word_end = true\n");
        }
        out.push_str(&s);
        out.push('\n');
    }
    out
}

pub fn verbs(f: &VerbsFile, sources: &[String]) -> String {
    let mut out = String::new();
    header(&mut out, "Verbs, synonym sets and patterns with CAMEO event codes", sources);
    let _ = writeln!(out, "transformation = {}\n", list(&f.transformation));
    for s in &f.synset {
        let _ = writeln!(out, "[[synset]]\nlabel = {}", quote(&s.label));
        if !s.nouns.is_empty() {
            let _ = writeln!(out, "nouns = {}", list(&s.nouns));
        }
        if !s.fixed.is_empty() {
            let _ = writeln!(out, "fixed = {}", list(&s.fixed));
        }
        out.push('\n');
    }
    for g in &f.group {
        let _ = writeln!(out, "[[group]]\nname = {}", quote(&g.name));
        if let Some(c) = &g.code {
            let _ = writeln!(out, "code = {}", quote(c));
        }
        if let Some(c) = &g.alt {
            let _ = writeln!(out, "alt = {}", quote(c));
        }
        out.push_str("verbs = [\n");
        for v in &g.verbs {
            let mut s = format!("  {{ lemma = {}", quote(&v.lemma));
            if v.head != 0 {
                let _ = write!(s, ", head = {}", v.head);
            }
            if !v.forms.is_empty() {
                let _ = write!(s, ", forms = {}", list(&v.forms));
            }
            if let Some(c) = &v.code {
                let _ = write!(s, ", code = {}", quote(c));
            }
            let _ = writeln!(out, "{s} }},");
        }
        out.push_str("]\npatterns = [\n");
        for p in &g.patterns {
            let mut parts = Vec::new();
            if !p.before.is_empty() {
                parts.push(format!("before = {}", quote(&p.before)));
            }
            if !p.after.is_empty() {
                parts.push(format!("after = {}", quote(&p.after)));
            }
            if let Some(c) = &p.code {
                parts.push(format!("code = {}", quote(c)));
            }
            if let Some(c) = &p.alt {
                parts.push(format!("alt = {}", quote(c)));
            }
            let _ = writeln!(out, "  {{ {} }},", parts.join(", "));
        }
        out.push_str("]\n\n");
    }
    out
}

/// The crosswalk, with its own header: it comes from PLOVER (CC BY-SA 4.0), not PETRARCH2.
pub fn crosswalk(f: &CrosswalkFile, sources: &[String]) -> String {
    let mut out = String::new();
    let _ =
        writeln!(out, "# CAMEO event code -> PLOVER category, mode and context, converted by `sitrep dict import-petrarch --crosswalk`.");
    let _ = writeln!(out, "# Source: {} — PLOVER (openeventdata/PLOVER), by Philip Schrodt; CC BY-SA 4.0:", sources.join(", "));
    let _ = writeln!(out, "# this file is shared under the same license (https://creativecommons.org/licenses/by-sa/4.0/).");
    let _ = writeln!(out, "# Generated: edit the source and re-run data/import-petrarch rather than editing this file.\n");
    out.push_str("code = [\n");
    for e in &f.code {
        let mut s = format!("  {{ cameo = {}, category = {}", quote(&e.cameo), quote(&e.category));
        if !e.mode.is_empty() {
            let _ = write!(s, ", mode = {}", quote(&e.mode));
        }
        if !e.context.is_empty() {
            let _ = write!(s, ", context = {}", list(&e.context));
        }
        let _ = writeln!(out, "{s} }},");
    }
    out.push_str("]\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::read;
    use super::*;

    #[test]
    fn every_file_reads_back_as_written() {
        let src = vec!["x.txt".to_string()];
        let (a, _) = read::actors("a", "HAMID_KARZAI_\n+KARZAI\n\t[AFGGOV >011222]\n\t[AFGELI]\nODD\"NAME\\ [X]\nNOCODE\n");
        assert_eq!(toml::from_str::<ActorsFile>(&actors(&a, &src)).unwrap(), a);
        let (g, _) = read::agents("g", "!P! = MAN, MEN\nPOLICE {} [~COP]\nAIR_FORCE [~MIL]\nBODY [NGO~]\nX!P! [~A]\n");
        assert_eq!(toml::from_str::<AgentsFile>(&agents(&g, &src)).unwrap(), g);
        let (d, _) = read::discards("d", "+5K RUN\nWORLD_CUP_\n");
        assert_eq!(toml::from_str::<DiscardsFile>(&discards(&d, &src)).unwrap(), d);
        let (v, _) = read::verbs("v", "&C\n+MONEY\n+CASH_\n--- ASK [020] ---\nASK [020]\nWIRE_+TAP {WIRE_+TAPS}\n- $ * (FOR \"AID\") [0233:011]\n~ a (a b Q) SAY = a b Q\n--- EMPTY [---] ---\n");
        assert_eq!(toml::from_str::<VerbsFile>(&verbs(&v, &src)).unwrap(), v);
        let (c, _) = read::crosswalk("c", "11: ACCUSE\n1124: ACCUSE, allege, military; legal\n");
        assert_eq!(toml::from_str::<CrosswalkFile>(&crosswalk(&c, &src)).unwrap(), c);
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(quote("a\"b\\c\u{1}"), "\"a\\\"b\\\\c\\u0001\"");
    }
}
