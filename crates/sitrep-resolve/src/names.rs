//! Which words are a place mention at all, before any reading is chosen: whole capitalised
//! names first ("Washington Square" is one mention, never Washington), no pronoun, function
//! word or single letter, and the large places the recognizer had no cue for.

use super::{Resolver, Spans, MAX_CANDIDATES, MIN_POPULATION};
use sitrep_core::{EntityKind, Place, PlaceUse, Span};
use sitrep_gazetteer::Feature;
use sitrep_recognize::{Ctx, Recognized};
use sitrep_segment::TokenKind;
use std::collections::HashMap;

/// Longest capitalised name run looked at, in tokens: names are short, and the bound keeps
/// an all-capitals or title-case text linear.
const MAX_RUN: usize = 8;

impl Resolver {
    /// A capitalised word that can be part of a name here.
    fn name_word(&self, ctx: &Ctx, i: usize) -> bool {
        ctx.tokens.get(i).is_some_and(|t| t.kind == TokenKind::Word) && ctx.is_cap(i)
    }

    /// The token range `[a, b)` of the capitalised name around tokens `[ti, tj)`: adjacent
    /// capitalised words on both sides, "St. Michael's" inside, never crossing another
    /// mention (`others`) or a word that opens the clause with a function word ("The",
    /// "In"). At most `MAX_RUN` tokens.
    pub(crate) fn name_run(&self, ctx: &Ctx, ti: usize, tj: usize, others: &Spans, own: Span) -> (usize, usize) {
        let free = |k: usize| !others.overlaps_except(ctx.tokens[k].start, ctx.tokens[k].end, own);
        let (mut a, mut b) = (ti, tj);
        // rightwards: "Washington Square", "Mt. Kenya National Park"
        while b - a < MAX_RUN && b < ctx.tokens.len() && b > 0 {
            let glued = ctx.tokens[b].start == ctx.tokens[b - 1].end;
            if ctx.adjacent(b - 1) && !glued && self.name_word(ctx, b) && free(b) && !self.is_never(ctx.word(b)) {
                b += 1;
            } else if !glued
                && ctx.adjacent(b - 1)
                && ctx.word(b).len() == 1
                && ctx.is_cap(b)
                && ctx.adjacent(b)
                && self.name_word(ctx, b + 1)
                && free(b + 1)
            {
                // a middle initial: "George W Bush"
                b += 2;
            } else if glued
                && ctx.word(b) == "."
                && ctx.word(b - 1).len() <= 3
                && self.name_word(ctx, b + 1)
                && ctx.adjacent(b)
                && free(b + 1)
            {
                // an abbreviation inside the name: "Mt. Kenya National Park"
                // (never across "'s": "Toronto's Pearson airport" is two places)
                b += 2;
            } else {
                break;
            }
        }
        // leftwards: "South Charleston", "St. Paul", "Little Portugal"
        while b - a < MAX_RUN && a > 0 {
            let k = a - 1;
            let word_ok = |k: usize| {
                self.name_word(ctx, k)
                    && free(k)
                    && !self.is_never(ctx.word(k))
                    && !(ctx.opens_clause(k) && self.function_words.contains(&ctx.lower(k)))
            };
            if ctx.adjacent(k) && ctx.tokens[a].start != ctx.tokens[k].end && word_ok(k) {
                a -= 1;
            } else if ctx.word(k) == "."
                && k > 0
                && ctx.tokens[k].start == ctx.tokens[k - 1].end
                && word_ok(k - 1)
                && ctx.word(k - 1).len() <= 3
            {
                // an abbreviation: "St. Paul", "Mt. Kenya"
                a -= 2;
            } else {
                break;
            }
        }
        (a, b)
    }

    /// A pronoun, function word or single letter: never a place. Compared as written, so
    /// "US" is not "Us".
    pub(crate) fn is_never(&self, word: &str) -> bool {
        self.never.contains(word) || word.chars().filter(|c| c.is_alphanumeric()).count() < 2
    }

    /// Tokens `[a, b)` read as a person's name: at least two words, the first a common given
    /// name, the second not a geographic word ("Jordan Valley", "Victoria Falls" stay places).
    fn person_name(&self, ctx: &Ctx, a: usize, b: usize) -> bool {
        b - a >= 2
            && self.names.is_given(ctx.word(a))
            && ctx.is_cap(a + 1)
            && !self.not_places.contains(&ctx.lower(a + 1))
            && !self.name_heads.contains_key(&ctx.lower(b - 1))
    }

    /// The feature a name's last word gives it ("Square" → street), if it is a head word.
    fn head_feature(&self, ctx: &Ctx, b: usize) -> Option<&str> {
        let last = ctx.lower(b - 1);
        self.name_heads.get(last.trim_end_matches('.')).map(String::as_str)
    }

    /// Settles the span of every place mention: drops pronouns, function words and single
    /// letters; grows a mention to the whole capitalised name it is part of; drops a place
    /// that only names an organisation or a building ("University of Alberta"). Returns, per
    /// remaining place, whether it is a whole name the gazetteer does not know (a street, a
    /// building): listed, never looked up.
    pub(crate) fn whole_names(&self, ctx: &Ctx, rec: &mut Recognized) -> Vec<bool> {
        let text = ctx.text;
        // (an abbreviation read as one is named by its division: "Ada, OK")
        rec.places.retain(|p| !self.is_never(&p.text) || (p.name != p.text && self.abbreviations.contains_key(&p.text)));
        if ctx.caseless {
            return vec![false; rec.places.len()];
        }
        // A name may swallow another place mention ("French" + "Quarter"), not a person or
        // an organisation or a date.
        let others = Spans::new(rec.entities.iter().map(|e| e.span).chain(rec.dates.iter().map(|d| d.span)));
        let mut settled = vec![false; rec.places.len()];
        let mut grown = Vec::new();
        let mut gone = vec![false; rec.places.len()];
        let mut extra = Vec::new();
        // "Georgia Whitcombe": a given name right before a person read from the surname alone
        // is that person's first name — the person grows, the place goes.
        for (i, p) in rec.places.iter().enumerate() {
            if !self.names.is_given(&p.text) {
                continue;
            }
            let after = p.span.1 + 1;
            if !text[p.span.1..].starts_with(' ') {
                continue;
            }
            if let Some(e) = rec.entities.iter_mut().find(|e| e.span.0 == after && e.kind == EntityKind::Person) {
                e.span = Span(p.span.0, e.span.1);
                e.text = text[e.span.0..e.span.1].to_string();
                if e.name == text[after..e.span.1] {
                    e.name = e.text.clone();
                }
                gone[i] = true;
            }
        }
        for (i, p) in rec.places.iter_mut().enumerate() {
            let (Some(ti), Some(tl)) = (ctx.tok_starting(p.span.0), ctx.tok_ending(p.span.1)) else { continue };
            // "the University of Alberta", "the Bank of England": an institution named after
            // the place, not the place itself: kept, read as a modifier of the name.
            if ti >= 2 && ctx.lower(ti - 1) == "of" && ctx.is_cap(ti - 2) && ctx.adjacent(ti - 2) {
                let head = ctx.lower(ti - 2);
                if self.org_heads.contains(&head) || self.name_heads.get(&head).is_some_and(|f| f == "building") {
                    p.use_ = PlaceUse::Adjective;
                    continue;
                }
            }
            // "Mr Jackson": a person
            if ti >= 1 && ctx.adjacent(ti - 1) && self.honorifics.contains(ctx.lower(ti - 1).trim_end_matches('.')) {
                gone[i] = true;
                continue;
            }
            // "George W. Bush": a name after an initial is a surname
            if ti >= 2
                && ctx.word(ti - 1) == "."
                && ctx.word(ti - 2).chars().count() == 1
                && ctx.is_cap(ti - 2)
                && ctx.tokens[ti - 1].start == ctx.tokens[ti - 2].end
            {
                gone[i] = true;
                continue;
            }
            let (a, b) = self.name_run(ctx, ti, tl + 1, &others, p.span);
            if (a, b) == (ti, tl + 1) {
                continue;
            }
            let whole = &text[ctx.tokens[a].start..ctx.tokens[b - 1].end];
            let head = self.head_feature(ctx, b);
            let mut grow = |p: &mut Place, (a, b): (usize, usize), feature: Option<&str>| {
                let (s, e) = (ctx.tokens[a].start, ctx.tokens[b - 1].end);
                grown.push(Span(s, e));
                p.span = Span(s, e);
                p.text = text[s..e].to_string();
                p.name = p.text.clone();
                p.country = None;
                p.use_ = PlaceUse::Literal;
                p.feature = feature.map(str::to_string);
                p.precision = feature.map(|_| 5);
            };
            let modifier = matches!(p.use_, PlaceUse::Adjective | PlaceUse::Demonym);
            if let Some(f) = head.filter(|_| !self.known(whole).area) {
                if modifier {
                    // "the French Quarter", "the Iranian Embassy": the whole name is a place of
                    // its own, and the adjective stays the country's
                    let (s, e) = (ctx.tokens[a].start, ctx.tokens[b - 1].end);
                    grown.push(Span(s, e));
                    let name = text[s..e].to_string();
                    extra.push(Place {
                        text: name.clone(),
                        name,
                        span: Span(s, e),
                        feature: Some(f.to_string()),
                        precision: Some(5),
                        ..Default::default()
                    });
                } else {
                    // "Tahrir Square", "Kabul International Airport": a place of its own
                    grow(p, (a, b), Some(f));
                    settled[i] = true;
                }
                continue;
            }
            // "New Haven", "South Charleston", "Lake Victoria"; in a longer name, the
            // longest known part that holds the mention ("Northern Ireland" in "the Northern
            // Ireland Assembly")
            let known = (a..=ti)
                .flat_map(|x| (tl + 1..=b).map(move |y| (x, y)))
                .filter(|&(x, y)| (x, y) != (ti, tl + 1))
                .filter(|&(x, y)| self.known(&text[ctx.tokens[x].start..ctx.tokens[y - 1].end]).any)
                .max_by_key(|&(x, y)| (y - x, std::cmp::Reverse(x)));
            let whole_known = known == Some((a, b));
            if let Some(k) = known {
                grow(p, k, None);
            }
            if whole_known {
                continue;
            }
            if modifier {
                continue;
            }
            if known.is_none() && self.person_name(ctx, a, b) {
                // "Vladimir Putin", "Maria Lopez", "Victoria Beckham": a person
                gone[i] = true;
            } else if self.org_heads.contains(&ctx.lower(b - 1)) && b > tl + 1 {
                // "the Ohio River Foundation": an organisation named after the place; kept,
                // read as a modifier of the name
                p.use_ = PlaceUse::Adjective;
            }
        }
        // Growing may make two mentions one ("French" + "Quarter"): keep the first of each
        // span and drop the mentions a grown name swallowed (not an adjective beside it).
        let grown = Spans::new(grown.into_iter());
        let mut all: Vec<(Place, bool)> = std::mem::take(&mut rec.places)
            .into_iter()
            .zip(settled)
            .enumerate()
            .filter(|(i, (p, _))| !gone[*i] && (!grown.contains_other(p.span) || matches!(p.use_, PlaceUse::Adjective | PlaceUse::Demonym)))
            .map(|(_, x)| x)
            .chain(extra.into_iter().map(|p| (p, true)))
            .collect();
        all.sort_by_key(|(p, _)| p.span.0);
        let mut seen = std::collections::HashSet::new();
        all.retain(|(p, _)| seen.insert(p.span));
        let settled;
        (rec.places, settled) = all.into_iter().unzip();
        settled
    }

    /// Capitalised names the recognizer had no cue for, added as places when the gazetteer
    /// and the text agree: a large place, a province, a region, a country or a continent
    /// ("fighting spread to Goma"); any known place followed by its country or province
    /// ("Phongsali, Laos"); any known place listed with places ("Kisumu, Siaya and
    /// Migori"); a clause-opening name the article names elsewhere or that is a province or
    /// a country ("California banned …"). Only whole names or their known heads count —
    /// "Vladimir Putin" is not Vladimir — and a name with a head word that holds a known large
    /// place ("Kabul International Airport") is added as one mention.
    pub(crate) fn find_unmarked(&self, ctx: &Ctx, rec: &mut Recognized) {
        if ctx.caseless {
            return;
        }
        let text = ctx.text;
        let mentions = Spans::new(
            rec.places.iter().map(|p| p.span).chain(rec.entities.iter().map(|e| e.span)).chain(rec.dates.iter().map(|d| d.span)),
        );
        // Capitalized words repeat through an article: look each one up once.
        let mut looked: HashMap<&str, Known> = HashMap::new();
        let mut known = |s: usize, e: usize| -> Known { *looked.entry(&text[s..e]).or_insert_with(|| self.known(&text[s..e])) };
        let place = |s: usize, e: usize| Place {
            text: text[s..e].to_string(),
            name: text[s..e].to_string(),
            span: Span(s, e),
            ..Default::default()
        };
        // Abbreviations first: they replace a place read from the same word ("Man" in
        // "Brandon, Man." is Manitoba, not Man, Ivory Coast).
        let mut found =
            self.abbreviations_in(ctx, &Spans::new(rec.entities.iter().map(|e| e.span).chain(rec.dates.iter().map(|d| d.span))));
        let mentions = if found.is_empty() {
            mentions
        } else {
            let taken = Spans::new(found.iter().map(|p| p.span));
            rec.places.retain(|p| !taken.overlaps(p.span.0, p.span.1));
            Spans::new(
                rec.places
                    .iter()
                    .chain(&found)
                    .map(|p| p.span)
                    .chain(rec.entities.iter().map(|e| e.span))
                    .chain(rec.dates.iter().map(|d| d.span)),
            )
        };
        // Runs not taken here, for the list and clause-start passes: (first token, end token).
        let mut left: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < ctx.tokens.len() {
            if !self.name_word(ctx, i) || self.is_never(ctx.word(i)) || mentions.overlaps(ctx.tokens[i].start, ctx.tokens[i].end) {
                i += 1;
                continue;
            }
            // "Although Mosul's economy …": a function word opening the clause is no part
            // of the name after it
            if ctx.opens_clause(i) && (self.function_words.contains(&ctx.lower(i)) || self.not_places.contains(&ctx.lower(i))) {
                i += 1;
                continue;
            }
            let (_, b) = self.name_run(ctx, i, i + 1, &mentions, Span(usize::MAX, usize::MAX));
            let (s, e) = (ctx.tokens[i].start, ctx.tokens[b - 1].end);
            if self.person_name(ctx, i, b) && !known(s, e).any {
                i = b;
                continue;
            }
            // "Kabul International Airport": a building named after a large place is one
            // mention, never the place.
            if let Some(f) = self.head_feature(ctx, b).filter(|_| b - i > 1 && !known(s, e).area) {
                if (i..b - 1).any(|k| known(ctx.tokens[k].start, ctx.tokens[k].end).large) {
                    let mut p = place(s, e);
                    p.feature = Some(f.to_string());
                    p.precision = Some(5);
                    found.push(p);
                }
                i = b;
                continue;
            }
            // "Phongsali, Laos", "Amarillo, Texas": any place the gazetteer knows
            if known(s, e).any && self.container_follows(ctx, b) {
                found.push(place(s, e));
                i = b;
                continue;
            }
            if ctx.opens_clause(i) {
                left.push((i, b));
                i = b;
                continue;
            }
            // The longest known name of up to three words from here: "Goma", "New Haven"
            // in "New Haven Police", "Ohio" in "the Ohio Department of …".
            let best = (i + 1..=b.min(i + 3)).rev().find(|&j| {
                let k = known(s, ctx.tokens[j - 1].end);
                // A one-word province or region must be a real name, not an acronym or a word
                // that is never a place alone ("Central").
                let one = j - i == 1;
                let word = ctx.word(i);
                k.large
                    || (k.area
                        && !(one
                            && (word.len() < 4 || word.chars().all(char::is_uppercase) || self.not_places.contains(&word.to_lowercase()))))
            });
            match best {
                Some(j) => {
                    found.push(place(s, ctx.tokens[j - 1].end));
                    i = j;
                }
                None => {
                    left.push((i, b));
                    i = b;
                }
            }
        }
        // Clause starts: a province or country by its name ("California banned …"),
        // or a name the article gives as a place elsewhere ("Mosul needs …").
        let named: std::collections::HashSet<String> = rec.places.iter().chain(&found).map(|p| p.text.clone()).collect();
        let mut rest = Vec::new();
        for &(i, b) in &left {
            if !ctx.opens_clause(i) {
                rest.push((i, b));
                continue;
            }
            let s = ctx.tokens[i].start;
            let hit = (i + 1..=b.min(i + 3)).rev().find(|&j| {
                let name = &text[s..ctx.tokens[j - 1].end];
                named.contains(name) || {
                    let k = known(s, ctx.tokens[j - 1].end);
                    let word = ctx.word(i);
                    (k.area || k.huge)
                        && (j - i > 1
                            || (word.len() >= 4
                                && !self.not_places.contains(&word.to_lowercase())
                                && !self.names.is_given(word)
                                && !self.names.is_surname(word)))
                }
            });
            match hit {
                Some(j) => found.push(place(s, ctx.tokens[j - 1].end)),
                None => rest.push((i, b)),
            }
        }
        // Lists: a known name next to a place with only a comma or "and" between them is a
        // place too ("Kisumu, Siaya, Migori"); repeated until nothing is added.
        rest.retain(|&(i, b)| known(ctx.tokens[i].start, ctx.tokens[b - 1].end).any);
        loop {
            let mut spans: Vec<Span> = rec.places.iter().chain(&found).map(|p| p.span).collect();
            spans.sort_unstable();
            let listed = |s: usize, e: usize| {
                let k = spans.partition_point(|x| x.0 < s);
                let before =
                    k.checked_sub(1).map(|k| spans[k]).filter(|x| x.1 <= s).is_some_and(|x| self.list_joins.contains(&text[x.1..s]));
                let after = spans.get(k).filter(|x| x.0 >= e).is_some_and(|x| self.list_joins.contains(&text[e..x.0]));
                before || after
            };
            let before = found.len();
            rest.retain(|&(i, b)| {
                let (s, e) = (ctx.tokens[i].start, ctx.tokens[b - 1].end);
                if listed(s, e) {
                    found.push(place(s, e));
                    false
                } else {
                    true
                }
            });
            if found.len() == before {
                break;
            }
        }
        if !found.is_empty() {
            rec.places.extend(found);
            rec.places.sort_by_key(|p| p.span.0);
        }
    }

    /// Division abbreviations: "B.C.", "NSW" anywhere, "Ky.", "OK" only right after
    /// "<Name>, " ("Ada, OK"). Named by the division's full name, with its country.
    fn abbreviations_in(&self, ctx: &Ctx, mentions: &Spans) -> Vec<Place> {
        let mut out = Vec::new();
        for i in 0..ctx.tokens.len() {
            let t = ctx.tokens[i];
            if t.kind != TokenKind::Word || !ctx.is_cap(i) || mentions.overlaps(t.start, t.end) {
                continue;
            }
            let dot = ctx.word(i + 1) == "." && ctx.tokens.get(i + 1).is_some_and(|d| d.start == t.end);
            let word = ctx.word(i);
            let with_dot = &ctx.text[t.start..t.end + usize::from(dot)];
            let (form, a) = match self.abbreviations.get(with_dot) {
                Some(a) => (with_dot, a),
                None => match self.abbreviations.get(word) {
                    Some(a) => (word, a),
                    None => continue,
                },
            };
            let inner_dot = form.trim_end_matches('.').contains('.');
            let standalone = inner_dot || (!form.contains('.') && form.len() >= 3);
            let after_place = i >= 2 && ctx.word(i - 1) == "," && ctx.is_cap(i - 2) && ctx.adjacent(i - 1);
            if standalone || after_place {
                let e = t.start + form.len();
                out.push(Place {
                    text: form.to_string(),
                    name: a.name.clone(),
                    span: Span(t.start, e),
                    country: Some(a.country.clone()),
                    feature: Some("admin1".into()),
                    precision: Some(2),
                    ..Default::default()
                });
            }
        }
        out
    }

    /// What the gazetteer knows a name as.
    fn known(&self, name: &str) -> Known {
        let mut k = Known::default();
        for r in self.gaz.lookup(name).take(MAX_CANDIDATES) {
            k.any = true;
            k.large |= r.population >= MIN_POPULATION || matches!(r.feature, Feature::Country | Feature::Continent | Feature::Water);
            k.area |= !r.feature.is_populated_place();
            k.huge |= r.population >= HUGE;
        }
        k
    }

    /// ", Laos", ", Texas": a country or a province right after token `b` (not "Kenya's").
    fn container_follows(&self, ctx: &Ctx, b: usize) -> bool {
        if ctx.word(b) != "," || !self.name_word(ctx, b + 1) || !ctx.adjacent(b) {
            return false;
        }
        let (_, e) = self.name_run(ctx, b + 1, b + 2, &Spans::new(std::iter::empty()), Span(usize::MAX, usize::MAX));
        let after = &ctx.text[ctx.tokens[e - 1].end..];
        if after.starts_with("'s") || after.starts_with("’s") {
            return false;
        }
        let name = &ctx.text[ctx.tokens[b + 1].start..ctx.tokens[e - 1].end];
        self.country_words.contains_key(&name.to_lowercase())
            || self.gaz.lookup(name).take(MAX_CANDIDATES).any(|r| matches!(r.feature, Feature::Country | Feature::Admin1))
    }
}

/// What the gazetteer knows a capitalised name as.
#[derive(Debug, Default, Clone, Copy)]
struct Known {
    /// Any record at all.
    any: bool,
    /// A place of `MIN_POPULATION` people, a country, a continent or an ocean.
    large: bool,
    /// A province, region, continent, sea or country (not a populated place).
    area: bool,
    /// A city of `HUGE` people: a name even where any word is capitalised ("Karachi police said …").
    huge: bool,
}

/// Population of a city read as a place even at a clause start.
const HUGE: u32 = 500_000;
