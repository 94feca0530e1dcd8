//! Readers of the PETRARCH dictionary formats (as documented in PETRARCH2's
//! `dictionaries.rst`). They never fail on content: a line they cannot read is left out and
//! reported as a [`Problem`] naming the file and the line, so one bad line never costs the rest
//! of a 50,000-line dictionary.

use super::{Actor, ActorsFile, Agent, AgentPlace, AgentsFile, DatedCode, Day, Discard, DiscardScope, DiscardsFile};
use super::{CrosswalkEntry, CrosswalkFile, Pattern, Synset, Verb, VerbGroup, VerbsFile};
use std::collections::HashMap;
use std::fmt;

/// A line a reader left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

struct Lines<'a> {
    file: &'a str,
    problems: Vec<Problem>,
}

impl Lines<'_> {
    fn problem(&mut self, line: usize, message: impl Into<String>) {
        self.problems.push(Problem { file: self.file.to_string(), line, message: message.into() });
    }
}

/// The line without its comment (`#` to the end; `;` too in actor files) and without an
/// XML-style comment line (`<!-- … -->`).
fn strip(line: &str, semicolon: bool) -> &str {
    let line = line.trim_end_matches(['\r', '\n']);
    if line.trim_start().starts_with("<!--") {
        return "";
    }
    let cut = line.find(|c| c == '#' || (semicolon && c == ';')).unwrap_or(line.len());
    line[..cut].trim_end()
}

/// A phrase as words separated by single spaces: `_` and blanks are word breaks, a trailing
/// `_` (PETRARCH's "no plural / whole word") is dropped.
fn phrase(s: &str) -> String {
    s.split(|c: char| c == '_' || c.is_whitespace()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The `[...]` groups of `s` and the text before the first of them. An unclosed `[` is an error.
fn brackets(s: &str) -> Result<(&str, Vec<&str>), String> {
    let head_end = s.find('[').unwrap_or(s.len());
    let mut groups = Vec::new();
    let mut rest = &s[head_end..];
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else { return Err(format!("unclosed `[` in `{}`", s.trim())) };
        groups.push(rest[open + 1..open + close].trim());
        rest = &rest[open + close + 1..];
    }
    Ok((&s[..head_end], groups))
}

/// A PETRARCH date: `YYYYMMDD`, or `YYMMDD` with years 00–30 read as 2000–2030 and 31–99 as
/// 1931–1999.
fn date(s: &str) -> Option<Day> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    match s.len() {
        8 => Day::new(n(0..4)?, n(4..6)?, n(6..8)?),
        6 => {
            let yy = n(0..2)?;
            Day::new(if yy <= 30 { 2000 + yy } else { 1900 + yy }, n(2..4)?, n(4..6)?)
        }
        _ => None,
    }
}

/// One `[CODE]`, `[CODE <date]`, `[CODE >date]` or `[CODE date-date]`.
fn dated_code(g: &str) -> Result<DatedCode, String> {
    let g = g.trim();
    let code = g.split_whitespace().next().ok_or("empty code `[]`")?.to_string();
    // `[HOBGOV 19950601 - 19990815]`: blanks around the `-` of a period (after the code, which
    // may be `---` itself: `[--- <950630]`)
    let dates = g[code.len()..].trim();
    let tight = dates.replace(" - ", "-").replace("- ", "-").replace(" -", "-");
    let mut parts = tight.split_whitespace();
    let Some(mut when) = parts.next() else { return Ok(DatedCode { code, from: None, until: None }) };
    // `[EGYGOV > 140608]`: a blank after `<` or `>`
    let joined;
    if when == "<" || when == ">" {
        joined = format!("{when}{}", parts.next().unwrap_or(""));
        when = &joined;
    }
    if let Some(extra) = parts.next() {
        return Err(format!("unexpected `{extra}` in `[{g}]`"));
    }
    let bad = || format!("unreadable date restriction `{when}` in `[{g}]`");
    let (from, until) = if let Some(d) = when.strip_prefix('<') {
        (None, Some(date(d).ok_or_else(bad)?))
    } else if let Some(d) = when.strip_prefix('>') {
        (Some(date(d).ok_or_else(bad)?), None)
    } else {
        let (a, b) = when.split_once('-').ok_or_else(bad)?;
        (Some(date(a).ok_or_else(bad)?), Some(date(b).ok_or_else(bad)?))
    };
    Ok(DatedCode { code, from, until })
}

/// Reads a PETRARCH `.actors` file: records of a primary phrase (optionally with codes on its
/// line), `+synonym` lines and tab-indented `[code date]` lines.
pub fn actors(file: &str, text: &str) -> (ActorsFile, Vec<Problem>) {
    let mut out = ActorsFile::default();
    let mut l = Lines { file, problems: Vec::new() };
    // a record stays open for its synonyms and codes until the next primary phrase
    let mut open = false;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = strip(raw, true);
        if line.trim().is_empty() {
            continue;
        }
        let indented = line.starts_with([' ', '\t']);
        let body = line.trim_start();
        let (head, groups) = match brackets(body) {
            Ok(x) => x,
            Err(e) => {
                l.problem(n, e);
                continue;
            }
        };
        let mut codes = Vec::new();
        for g in groups {
            match dated_code(g) {
                Ok(c) => codes.push(c),
                Err(e) => l.problem(n, e),
            }
        }
        if indented && head.trim().is_empty() {
            // a date restriction line
            match (open, out.actor.last_mut()) {
                (true, Some(a)) => a.codes.extend(codes),
                _ => l.problem(n, "a code line before any actor"),
            }
        } else if let Some(syn) = body.strip_prefix('+') {
            let p = phrase(head.strip_prefix('+').unwrap_or(head));
            let _ = syn;
            match (open, out.actor.last_mut()) {
                (true, Some(a)) if !p.is_empty() => {
                    a.synonyms.push(p);
                    a.codes.extend(codes);
                }
                (true, Some(_)) => l.problem(n, "an empty synonym"),
                _ => l.problem(n, "a synonym before any actor"),
            }
        } else {
            let p = phrase(head);
            if p.is_empty() {
                l.problem(n, "codes without a phrase");
                open = false;
                continue;
            }
            out.actor.push(Actor { name: p, synonyms: Vec::new(), codes });
            open = true;
        }
    }
    (out, l.problems)
}

/// Reads a PETRARCH `.agents` file: `PHRASE {PLURALS} [~CODE]` lines and `!MARK! = A, B`
/// substitution sets, each mark expanded into one entry per element (with no plural formed).
pub fn agents(file: &str, text: &str) -> (AgentsFile, Vec<Problem>) {
    let mut out = AgentsFile::default();
    let mut l = Lines { file, problems: Vec::new() };
    let mut marks: HashMap<String, Vec<String>> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = strip(raw, false).trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('!') && line.contains('=') && !line.contains('[') {
            let (mark, list) = line.split_once('=').unwrap_or_default();
            let mark = mark.trim();
            if mark.len() < 3 || !mark.ends_with('!') {
                l.problem(n, format!("unreadable substitution set `{line}`"));
                continue;
            }
            marks.insert(mark.to_string(), list.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect());
            continue;
        }
        let (head, groups) = match brackets(line) {
            Ok(x) => x,
            Err(e) => {
                l.problem(n, e);
                continue;
            }
        };
        // `[~LEG}` (a typo in PETRARCH's own documentation) is read too: up to `]` or `}`
        let code_text = match groups.first() {
            Some(g) => g.to_string(),
            None => match line.find('[') {
                Some(k) => line[k + 1..].trim_end_matches(['}', ' ']).to_string(),
                None => {
                    l.problem(n, format!("no `[code]` in `{line}`"));
                    continue;
                }
            },
        };
        let (code, place) = if let Some(c) = code_text.strip_prefix('~') {
            (c.trim(), AgentPlace::After)
        } else if let Some(c) = code_text.strip_suffix('~') {
            (c.trim(), AgentPlace::Before)
        } else {
            l.problem(n, format!("the code `{code_text}` has no `~`"));
            continue;
        };
        if code.is_empty() || code.contains(char::is_whitespace) {
            l.problem(n, format!("unreadable code `{code_text}`"));
            continue;
        }
        let (stem, plurals) = match head.find('{') {
            Some(k) => {
                let Some(close) = head[k..].find('}') else {
                    l.problem(n, format!("unclosed `{{` in `{line}`"));
                    continue;
                };
                let list = head[k + 1..k + close].split_whitespace().map(phrase).filter(|p| !p.is_empty()).collect();
                (&head[..k], Some(list))
            }
            None => (head, None),
        };
        // expand `!MARK!`s (one per phrase is all the format uses; more are expanded in turn)
        let mut forms = vec![(stem.trim().to_string(), plurals)];
        let mut unknown = None;
        let mut rounds = 0;
        while let Some(k) = forms.iter().position(|f| f.0.matches('!').count() >= 2) {
            // a set whose elements hold marks again could expand for ever
            rounds += 1;
            if rounds > 64 {
                unknown = Some("(nested too deep)".to_string());
                break;
            }
            let (s, _) = forms.remove(k);
            let a = s.find('!').unwrap_or(0);
            let b = s[a + 1..].find('!').map_or(s.len(), |b| a + 1 + b);
            let mark = &s[a..=b.min(s.len() - 1)];
            match marks.get(mark) {
                Some(list) => {
                    for item in list {
                        forms.push((format!("{}{}{}", &s[..a], item, &s[b + 1..]), Some(Vec::new())));
                    }
                }
                None => {
                    unknown = Some(mark.to_string());
                    break;
                }
            }
        }
        if let Some(mark) = unknown {
            l.problem(n, format!("undefined substitution `{mark}`"));
            continue;
        }
        for (s, plurals) in forms {
            let p = phrase(&s);
            if p.is_empty() {
                l.problem(n, "an agent without a phrase");
                continue;
            }
            out.agent.push(Agent { phrase: p, plurals, code: code.to_string(), place });
        }
    }
    (out, l.problems)
}

/// Reads a PETRARCH discard list: `PHRASE` (discards the sentence) or `+PHRASE` (the story);
/// a trailing `_` asks for a whole-word match.
pub fn discards(file: &str, text: &str) -> (DiscardsFile, Vec<Problem>) {
    let mut out = DiscardsFile::default();
    let l = Lines { file, problems: Vec::new() };
    for raw in text.lines() {
        let line = strip(raw, false).trim();
        if line.is_empty() {
            continue;
        }
        let (scope, rest) = match line.strip_prefix('+') {
            Some(r) => (DiscardScope::Story, r.trim()),
            None => (DiscardScope::Sentence, line),
        };
        let word_end = rest.ends_with('_');
        let p = phrase(rest);
        if !p.is_empty() {
            out.discard.push(Discard { phrase: p, scope, word_end });
        }
    }
    (out, l.problems)
}

/// A CAMEO event code as written in a pattern or header: `[CODE]`, `[CODE:ALT]`, `[:ALT]`,
/// `[---]`. Codes are digits (and the `---` null code).
fn event_code(g: &str) -> Result<(Option<String>, Option<String>), String> {
    let g = g.trim();
    let one = |s: &str| -> Result<Option<String>, String> {
        let s = s.trim();
        if s.is_empty() || s == "---" {
            Ok(None)
        } else if s.len() <= 4 && s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(Some(s.to_string()))
        } else {
            Err(format!("unreadable event code `{s}`"))
        }
    };
    match g.split_once(':') {
        Some((a, b)) => Ok((one(a)?, one(b)?)),
        None => Ok((one(g)?, None)),
    }
}

/// Reads a PETRARCH verb dictionary: `&SYNSET` blocks of `+phrases`, `--- NAME [CODE] ---`
/// groups with their verbs (`VERB {FORMS} [CODE]`, `+` marking the verb of a multi-word one)
/// and `- BEFORE * AFTER [CODE]` patterns, and `~` transformations.
pub fn verbs(file: &str, text: &str) -> (VerbsFile, Vec<Problem>) {
    let mut out = VerbsFile::default();
    let mut l = Lines { file, problems: Vec::new() };
    enum In {
        Nothing,
        Synset,
        Group,
    }
    let mut state = In::Nothing;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = strip(raw, false).trim();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("---") {
            let inner = rest.trim_end().trim_end_matches('-').trim();
            let (name, groups) = match brackets(inner) {
                Ok(x) => x,
                Err(e) => {
                    l.problem(n, e);
                    state = In::Nothing;
                    continue;
                }
            };
            let (code, alt) = match groups.first().map(|g| event_code(g)) {
                Some(Ok(c)) => c,
                Some(Err(e)) => {
                    l.problem(n, e);
                    (None, None)
                }
                None => (None, None),
            };
            out.group.push(VerbGroup { name: phrase(name), code, alt, ..Default::default() });
            state = In::Group;
        } else if let Some(label) = line.strip_prefix('&') {
            let label = label.split_whitespace().next().unwrap_or("");
            if label.trim_end_matches('_').is_empty() {
                l.problem(n, "a synonym set without a label");
                state = In::Nothing;
                continue;
            }
            // a label ending in `_` forms no plurals for any of its phrases
            out.synset.push(Synset { label: label.to_string(), ..Default::default() });
            state = In::Synset;
        } else if let Some(rule) = line.strip_prefix('~') {
            out.transformation.push(rule.split_whitespace().collect::<Vec<_>>().join(" "));
        } else if let Some(pat) = line.strip_prefix('-') {
            let Some(g) = matches!(state, In::Group).then(|| out.group.last_mut()).flatten() else {
                l.problem(n, "a pattern outside a verb group");
                continue;
            };
            let Some(open) = pat.rfind('[') else {
                l.problem(n, "a pattern without `[code]`");
                continue;
            };
            let Some(close) = pat[open..].find(']') else {
                l.problem(n, "unclosed `[` in a pattern");
                continue;
            };
            let (code, alt) = match event_code(&pat[open + 1..open + close]) {
                Ok(c) => c,
                Err(e) => {
                    l.problem(n, e);
                    continue;
                }
            };
            let body = pat[..open].trim();
            let Some((before, after)) = body.split_once('*') else {
                l.problem(n, "a pattern without `*` (the verb)");
                continue;
            };
            let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            g.patterns.push(Pattern { before: norm(before), after: norm(after), code, alt });
        } else if let Some(member) = line.strip_prefix('+').filter(|_| matches!(state, In::Synset)) {
            let Some(s) = out.synset.last_mut() else { continue };
            let p = phrase(member);
            if p.is_empty() {
                l.problem(n, "an empty synonym");
            } else if member.trim_end().ends_with('_') || s.label.ends_with('_') {
                s.fixed.push(p);
            } else {
                s.nouns.push(p);
            }
        } else if matches!(state, In::Group) {
            let Some(g) = out.group.last_mut() else { continue };
            match verb(line) {
                Ok(v) => g.verbs.push(v),
                Err(e) => l.problem(n, e),
            }
        } else {
            l.problem(n, format!("unexpected line `{line}` outside a verb group or synonym set"));
        }
    }
    (out, l.problems)
}

/// `VERB`, `+MULTI_WORD {FORMS}`, `WIRE_+TAP [CODE]`.
fn verb(line: &str) -> Result<Verb, String> {
    let (head, groups) = brackets(line)?;
    let code = match groups.first() {
        Some(g) => event_code(g)?.0,
        None => None,
    };
    let (lemma_text, forms) = match head.find('{') {
        Some(k) => {
            let close = head[k..].find('}').ok_or_else(|| format!("unclosed `{{` in `{line}`"))?;
            let forms = head[k + 1..k + close].split_whitespace().map(|f| phrase(&f.replace('+', ""))).filter(|f| !f.is_empty()).collect();
            (&head[..k], forms)
        }
        None => (head, Vec::new()),
    };
    let words: Vec<&str> = lemma_text.split(|c: char| c == '_' || c.is_whitespace()).filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return Err(format!("a verb line without a verb: `{line}`"));
    }
    let head_word = words.iter().position(|w| w.starts_with('+')).unwrap_or(0);
    let lemma = words.iter().map(|w| w.trim_start_matches('+')).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
    if lemma.is_empty() {
        return Err(format!("a verb line without a verb: `{line}`"));
    }
    Ok(Verb { lemma, head: head_word, forms, code })
}

/// Reads PLOVER's CAMEO → PLOVER table: `CODE: CATEGORY, MODE, CONTEXT; CONTEXT # comment`
/// (mode and context may be blank; a root line is `CODE: CATEGORY`). A category that is not one
/// of `sitrep_core::taxonomy`'s is reported.
pub fn crosswalk(file: &str, text: &str) -> (CrosswalkFile, Vec<Problem>) {
    let mut out = CrosswalkFile::default();
    let mut l = Lines { file, problems: Vec::new() };
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = strip(raw, false).trim();
        if line.is_empty() {
            continue;
        }
        // `~~~~~` closes the table
        if line.chars().all(|c| c == '~') {
            continue;
        }
        let Some((code, rest)) = line.split_once(':') else {
            l.problem(n, format!("no `CODE:` in `{line}`"));
            continue;
        };
        let code = code.trim();
        if code.is_empty() || !code.bytes().all(|b| b.is_ascii_digit()) {
            l.problem(n, format!("`{code}` is not a CAMEO event code"));
            continue;
        }
        let mut parts = rest.split(',').map(str::trim);
        let category = parts.next().unwrap_or("").to_string();
        if let Err(e) = sitrep_core::taxonomy::check_plover(&category) {
            l.problem(n, e);
            continue;
        }
        let mode = parts.next().unwrap_or("").to_string();
        let context = parts.next().unwrap_or("").split(';').map(|c| c.trim().to_string()).filter(|c| !c.is_empty()).collect();
        out.code.push(CrosswalkEntry { cameo: code.to_string(), category, mode, context });
    }
    (out, l.problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn actors_with_synonyms_and_dated_codes() {
        let text = "# header\nAFGHANISTAN_  [AFG]\n+AFGHAN_\n\nHAMID_KARZAI_  # CountryInfo.txt\n+KARZAI_\n\t[AFGELI 750101-000101]\n\t[AFGGOV >011222]\n\t[AFGELI]\nJAVIER_DE_CUELLAR_\t[IGOUNO 820101-911231] [ELI]\nSISI\n\t[EGYGOV > 140608]\nGOLLUM\n\t[HOBGOV 19950601 - 19990815]\nPRINCE OF DOL AMROTH\n\t[--- <950630]\n\t[DOL]\n";
        let (f, problems) = actors("a.txt", text);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(f.actor.len(), 6);
        assert_eq!(
            f.actor[5].codes[0],
            DatedCode { code: "---".into(), from: None, until: Some(Day(19950630)) },
            "the null code keeps its blank before a date"
        );
        assert_eq!(f.actor[4].codes[0].until, Some(Day(19990815)), "blanks around the `-` of a period are read");
        assert_eq!(f.actor[3].codes[0].from, Some(Day(20140608)), "a blank after `>` is read");
        assert_eq!((f.actor[0].name.as_str(), f.actor[0].synonyms.clone()), ("AFGHANISTAN", vec!["AFGHAN".to_string()]));
        let k = &f.actor[1];
        assert_eq!((k.name.as_str(), k.synonyms.as_slice()), ("HAMID KARZAI", &["KARZAI".to_string()][..]));
        assert_eq!(
            k.codes,
            vec![
                DatedCode { code: "AFGELI".into(), from: Some(Day(19750101)), until: Some(Day(20000101)) },
                DatedCode { code: "AFGGOV".into(), from: Some(Day(20011222)), until: None },
                DatedCode { code: "AFGELI".into(), from: None, until: None },
            ]
        );
        assert_eq!(f.actor[2].codes.len(), 2);
        assert_eq!(f.actor[2].codes[0].until, Some(Day(19911231)));
    }

    #[test]
    fn bad_actor_lines_are_reported_with_file_and_line_and_the_rest_is_read() {
        let text = "+ORPHAN\nBAN_KI-MOON\n\t[IGOUNO >20070101]\n\t[KORGOV 2004017-20061201]\n\t[X\nKOFI_ANNAN_ [IGOUNO]\n";
        let (f, problems) = actors("Phoenix.International.actors.txt", text);
        assert_eq!(f.actor.len(), 2);
        assert_eq!(f.actor[0].codes.len(), 1, "the unreadable date is left out");
        let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[0].starts_with("Phoenix.International.actors.txt:1: a synonym before any actor"), "{lines:?}");
        assert!(lines[1].starts_with("Phoenix.International.actors.txt:4: unreadable date restriction `2004017-20061201`"), "{lines:?}");
        assert!(lines[2].starts_with("Phoenix.International.actors.txt:5: unclosed `[`"), "{lines:?}");
    }

    #[test]
    fn agents_expand_substitution_sets_and_read_plurals() {
        let text = "!PERSON! = MAN, MEN\nCONGRESS!PERSON! [~LEG]\nPOLICE {} [~COP] # no plural\nATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]\nHUMAN_RIGHTS_BODY  [NGO~]\nHUSBAND!WHO! [~AGR]\nFARMER [AGR]\n";
        let (f, problems) = agents("ag.txt", text);
        let got: Vec<_> = f.agent.iter().map(|a| (a.phrase.as_str(), a.plurals.clone(), a.code.as_str(), a.place)).collect();
        assert_eq!(
            got,
            vec![
                ("CONGRESSMAN", Some(vec![]), "LEG", AgentPlace::After),
                ("CONGRESSMEN", Some(vec![]), "LEG", AgentPlace::After),
                ("POLICE", Some(vec![]), "COP", AgentPlace::After),
                ("ATTORNEY GENERAL", Some(vec!["ATTORNEYS GENERAL".to_string()]), "GOVATG", AgentPlace::After),
                ("HUMAN RIGHTS BODY", None, "NGO", AgentPlace::Before),
            ]
        );
        let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(lines, vec!["ag.txt:6: undefined substitution `!WHO!`".to_string(), "ag.txt:7: the code `AGR` has no `~`".to_string()]);
    }

    #[test]
    fn discards_know_story_and_word_end() {
        let (f, _) = discards("d.txt", "+5K RUN #  ELH\nWORLD_CUP_\nBADMINTON\n");
        let got: Vec<_> = f.discard.iter().map(|d| (d.phrase.as_str(), d.scope, d.word_end)).collect();
        assert_eq!(
            got,
            vec![
                ("5K RUN", DiscardScope::Story, false),
                ("WORLD CUP", DiscardScope::Sentence, true),
                ("BADMINTON", DiscardScope::Sentence, false)
            ]
        );
    }

    #[test]
    fn verbs_read_synsets_groups_verbs_and_patterns() {
        let text = "&CURRENCY\n+MONEY\n+CASH_\n&AUX_\n+WILL\n\n---  ASK   [020]  ---\nASK     [020]\nQUERY {QUERYING QUERIES QUERIED }\n+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF}\nWIRE_+TAP\n- * (FOR AID)   [0233]  # ASK\n- &MILITARY * EXERCISES  [062:062]\n- * (BEFORE COURT) [:173]\n- * NOTHING\n~ a (a b ATTACK) SAY = a b 015\n";
        let (f, problems) = verbs("v.txt", text);
        assert_eq!(f.synset.len(), 2);
        assert_eq!((f.synset[0].nouns.clone(), f.synset[0].fixed.clone()), (vec!["MONEY".to_string()], vec!["CASH".to_string()]));
        assert_eq!(f.synset[1].fixed, vec!["WILL".to_string()], "a label ending in _ forms no plurals");
        let g = &f.group[0];
        assert_eq!((g.name.as_str(), g.code.as_deref()), ("ASK", Some("020")));
        let verbs: Vec<_> = g.verbs.iter().map(|v| (v.lemma.as_str(), v.head, v.forms.len(), v.code.as_deref())).collect();
        assert_eq!(verbs, vec![("ASK", 0, 0, Some("020")), ("QUERY", 0, 3, None), ("CORDON OFF", 0, 2, None), ("WIRE TAP", 1, 0, None)]);
        assert_eq!(g.verbs[2].forms[0], "CORDONED OFF");
        let pats: Vec<_> = g.patterns.iter().map(|p| (p.before.as_str(), p.after.as_str(), p.code.as_deref(), p.alt.as_deref())).collect();
        assert_eq!(
            pats,
            vec![
                ("", "(FOR AID)", Some("0233"), None),
                ("&MILITARY", "EXERCISES", Some("062"), Some("062")),
                ("", "(BEFORE COURT)", None, Some("173"))
            ]
        );
        assert_eq!(f.transformation, vec!["a (a b ATTACK) SAY = a b 015".to_string()]);
        assert_eq!(problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(), vec!["v.txt:15: a pattern without `[code]`".to_string()]);
    }

    #[test]
    fn the_crosswalk_reads_category_mode_and_context() {
        let text = "# header\n11: ACCUSE\n1124: ACCUSE, allege, military; legal # war crimes\n100: REQUEST,  ,  # REQUEST\n12x: ACCUSE\n200: ASSUALT, , \n";
        let (f, problems) = crosswalk("c.txt", text);
        let got: Vec<_> = f.code.iter().map(|e| (e.cameo.as_str(), e.category.as_str(), e.mode.as_str(), e.context.len())).collect();
        assert_eq!(got, vec![("11", "ACCUSE", "", 0), ("1124", "ACCUSE", "allege", 2), ("100", "REQUEST", "", 0)]);
        let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].starts_with("c.txt:5: `12x` is not a CAMEO event code"), "{lines:?}");
        assert!(lines[1].starts_with("c.txt:6: ") && lines[1].contains("ASSUALT"), "{lines:?}");
    }

    fn lines_ok(problems: &[Problem], file: &str, text: &str) -> Result<(), TestCaseError> {
        let count = text.lines().count();
        for p in problems {
            prop_assert_eq!(p.file.as_str(), file);
            prop_assert!(p.line >= 1 && p.line <= count, "line {} of {}", p.line, count);
            let prefix = format!("{}:{}: ", file, p.line);
            prop_assert!(p.to_string().starts_with(&prefix));
        }
        Ok(())
    }

    /// Text made of the format's own characters, so the readers' branches are all reached.
    fn petrarch_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("\n"),
            Just("\t"),
            Just(" "),
            Just("["),
            Just("]"),
            Just("{"),
            Just("}"),
            Just("+"),
            Just("-"),
            Just("---"),
            Just("*"),
            Just("&"),
            Just("~"),
            Just("!"),
            Just("="),
            Just(","),
            Just(":"),
            Just("#"),
            Just(";"),
            Just("_"),
            Just("<"),
            Just(">"),
            Just("("),
            Just(")"),
            Just("AB"),
            Just("GOV"),
            Just("020"),
            Just("750101"),
            Just("20011222"),
            Just("é"),
            Just("<!--"),
        ];
        prop::collection::vec(piece, 0..80).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn readers_never_panic_and_name_file_and_line(text in petrarch_text()) {
            let (_, p) = actors("f.txt", &text);
            lines_ok(&p, "f.txt", &text)?;
            let (_, p) = agents("f.txt", &text);
            lines_ok(&p, "f.txt", &text)?;
            let (_, p) = discards("f.txt", &text);
            lines_ok(&p, "f.txt", &text)?;
            let (_, p) = verbs("f.txt", &text);
            lines_ok(&p, "f.txt", &text)?;
            let (_, p) = crosswalk("f.txt", &text);
            lines_ok(&p, "f.txt", &text)?;
        }

        #[test]
        fn readers_never_panic_on_any_text(text in any::<String>()) {
            let _ = actors("f.txt", &text);
            let _ = agents("f.txt", &text);
            let _ = discards("f.txt", &text);
            let _ = verbs("f.txt", &text);
            let _ = crosswalk("f.txt", &text);
        }
    }
}
