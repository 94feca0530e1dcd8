//! Training and evaluation (used by the `sitrep-syntax-train` binary and by tests; not part of
//! the stable API).
//!
//! Deterministic by construction: sentences are shuffled with a fixed-seed generator, weights
//! are integers until they are averaged, and nothing that reaches the weights depends on hash
//! map iteration order (the export sorts by feature hash). The two jackknife taggers, and then
//! the final tagger and the parser, train on two threads, each on its own data.

use crate::features::{self, Lex, Node, N_PARSE_FEATS, N_TAG_FEATS};
use crate::model::write::{self, Row};
use crate::model::MAX_FEATS;
use crate::system::{self, Gold, Move, State, N_CLASSES, N_LABELS};
use crate::{argmax, best_legal, tag_greedy, Dep, Parser, Scorer, Tag, SCORES};
use std::path::Path;
use std::time::Instant;

/// One sentence of a CoNLL-U file: words, tags, heads (`n` for the root) and label codes.
#[derive(Debug, Clone)]
pub struct Sentence {
    pub words: Vec<String>,
    pub tags: Vec<u8>,
    pub heads: Vec<u16>,
    pub labels: Vec<u8>,
}

impl Sentence {
    /// Exactly one root and no cycle.
    pub fn is_tree(&self) -> bool {
        let n = self.words.len();
        if self.heads.iter().filter(|&&h| h as usize == n).count() != 1 {
            return false;
        }
        (0..n).all(|i| {
            let mut at = i;
            for _ in 0..=n {
                if at == n {
                    return true;
                }
                at = self.heads[at] as usize;
            }
            false
        })
    }
}

/// Reads the sentences of a CoNLL-U file (XPOS, HEAD and DEPREL columns); comment lines,
/// multi-word token ranges and empty nodes are skipped. Errors name the file and line.
pub fn read_conllu(path: &Path) -> Result<Vec<Sentence>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_conllu(&text).map_err(|(line, msg)| format!("{}:{line}: {msg}", path.display()))
}

/// [`read_conllu`] over text; errors are (line, message).
pub fn parse_conllu(text: &str) -> Result<Vec<Sentence>, (usize, String)> {
    let mut out = Vec::new();
    let mut cur = Sentence { words: vec![], tags: vec![], heads: vec![], labels: vec![] };
    let mut raw_heads: Vec<(usize, usize)> = Vec::new();
    let finish = |cur: &mut Sentence, raw: &mut Vec<(usize, usize)>, out: &mut Vec<Sentence>| -> Result<(), (usize, String)> {
        if cur.words.is_empty() {
            return Ok(());
        }
        let n = cur.words.len();
        for (i, &(h, line)) in raw.iter().enumerate() {
            if h > n {
                return Err((line, format!("head {h} outside a sentence of {n} tokens")));
            }
            cur.heads[i] = if h == 0 { n as u16 } else { (h - 1) as u16 };
            if h == 0 {
                cur.labels[i] = Dep::ROOT as u8;
            } else if cur.labels[i] == Dep::ROOT as u8 {
                cur.labels[i] = Dep::Dep as u8;
            }
        }
        raw.clear();
        out.push(std::mem::replace(cur, Sentence { words: vec![], tags: vec![], heads: vec![], labels: vec![] }));
        Ok(())
    };
    for (k, line) in text.lines().enumerate() {
        let line_no = k + 1;
        if line.trim().is_empty() {
            finish(&mut cur, &mut raw_heads, &mut out)?;
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 8 {
            return Err((line_no, format!("{} columns, want 10", cols.len())));
        }
        if cols[0].contains(['-', '.']) {
            continue;
        }
        if cur.words.len() >= u16::MAX as usize - 2 {
            return Err((line_no, "sentence too long".into()));
        }
        let tag: Tag = cols[4].parse().map_err(|e| (line_no, format!("XPOS: {e}")))?;
        let dep: Dep = cols[7].parse().map_err(|e| (line_no, format!("DEPREL: {e}")))?;
        let head: usize = cols[6].parse().map_err(|_| (line_no, format!("HEAD `{}` is not a number", cols[6])))?;
        cur.words.push(cols[1].to_string());
        cur.tags.push(tag as u8);
        cur.heads.push(0);
        cur.labels.push(dep as u8);
        raw_heads.push((head, line_no));
    }
    finish(&mut cur, &mut raw_heads, &mut out)?;
    Ok(out)
}

/// Makes a tree projective by lifting non-projective arcs to the head's head, shortest
/// first, until none is left (the arc-hybrid system makes only projective trees).
pub fn projectivize(heads: &mut [u16]) {
    let n = heads.len();
    let dominated = |heads: &[u16], a: usize, mut d: usize| {
        for _ in 0..=n {
            if d == a {
                return true;
            }
            if d >= n {
                return false;
            }
            d = heads[d] as usize;
        }
        false
    };
    for _ in 0..n * n {
        let mut worst: Option<(usize, usize)> = None;
        for d in 0..n {
            let h = heads[d] as usize;
            if h >= n {
                continue;
            }
            let (lo, hi) = if h < d { (h, d) } else { (d, h) };
            if (lo + 1..hi).any(|k| !dominated(heads, h, k)) && worst.is_none_or(|(_, len)| hi - lo < len) {
                worst = Some((d, hi - lo));
            }
        }
        let Some((d, _)) = worst else { return };
        heads[d] = heads[heads[d] as usize];
    }
}

/// One slot of the trainer's feature table: the feature hash (0: empty) and where its row lies
/// in the entry arena. Rows grow by moving to the end of the arena with twice the room.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u64,
    start: u32,
    len: u8,
    cap: u8,
    /// How many updates the feature took part in (saturating).
    updates: u16,
}

/// Running sums for averaging one weight.
#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    total: i64,
    stamp: u64,
}

/// An averaged perceptron with sparse rows: integer weights, lazily averaged. Features live in
/// an open-addressed table (one cache miss to find a row) and rows in one arena of packed
/// `(weight << 32) | class` words (one more to read it).
struct Perceptron {
    classes: usize,
    slots: Vec<Slot>,
    used: usize,
    entries: Vec<u64>,
    accs: Vec<Acc>,
    time: u64,
}

#[inline]
fn pack(class: u8, w: i32) -> u64 {
    ((w as u32 as u64) << 32) | class as u64
}

#[inline]
fn unpack(e: u64) -> (usize, i32) {
    ((e & 0xff) as usize, (e >> 32) as u32 as i32)
}

impl Scorer for Perceptron {
    type Score = i32;
    /// As the model file's scorer, in passes so that the cache misses of different features
    /// overlap: home slots first, then the probes, then the rows' first entries, then the sums.
    fn score(&self, feats: &[u64], scores: &mut [i32]) {
        let feats = &feats[..feats.len().min(MAX_FEATS)];
        let mask = self.slots.len() - 1;
        let mut first = [0u64; MAX_FEATS];
        for (k, &f) in feats.iter().enumerate() {
            first[k] = self.slots[(Self::key(f) as usize) & mask].key;
        }
        let mut found = [(0u32, 0u8); MAX_FEATS];
        let mut n_found = 0;
        for (k, &f) in feats.iter().enumerate() {
            let key = Self::key(f);
            if first[k] == 0 {
                continue;
            }
            if let Some(i) = self.find(key) {
                let s = &self.slots[i];
                found[n_found] = (s.start, s.len);
                n_found += 1;
            }
        }
        let mut head = [0u64; MAX_FEATS];
        for (h, &(start, len)) in head.iter_mut().zip(&found[..n_found]) {
            if len > 0 {
                *h = self.entries[start as usize];
            }
        }
        for (&h, &(start, len)) in head.iter().zip(&found[..n_found]) {
            if len == 0 {
                continue;
            }
            let (c, w) = unpack(h);
            scores[c] += w;
            for &e in &self.entries[start as usize + 1..start as usize + len as usize] {
                let (c, w) = unpack(e);
                scores[c] += w;
            }
        }
    }
}

impl Perceptron {
    fn new(classes: usize) -> Perceptron {
        Perceptron { classes, slots: vec![Slot::default(); 1 << 16], used: 0, entries: Vec::new(), accs: Vec::new(), time: 0 }
    }

    #[inline]
    fn key(f: u64) -> u64 {
        f.max(1)
    }

    #[inline]
    fn find(&self, f: u64) -> Option<usize> {
        let key = Self::key(f);
        let mask = self.slots.len() - 1;
        let mut i = (key as usize) & mask;
        loop {
            let k = self.slots[i].key;
            if k == key {
                return Some(i);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    fn find_or_insert(&mut self, f: u64) -> usize {
        if let Some(i) = self.find(f) {
            return i;
        }
        if (self.used + 1) * 2 > self.slots.len() {
            let bigger = vec![Slot::default(); self.slots.len() * 2];
            let old = std::mem::replace(&mut self.slots, bigger);
            let mask = self.slots.len() - 1;
            for s in old.into_iter().filter(|s| s.key != 0) {
                let mut i = (s.key as usize) & mask;
                while self.slots[i].key != 0 {
                    i = (i + 1) & mask;
                }
                self.slots[i] = s;
            }
        }
        let key = Self::key(f);
        let mask = self.slots.len() - 1;
        let mut i = (key as usize) & mask;
        while self.slots[i].key != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = Slot { key, start: self.entries.len() as u32, ..Slot::default() };
        self.used += 1;
        i
    }

    fn tick(&mut self) {
        self.time += 1;
    }

    fn update(&mut self, feats: &[u64], good: usize, bad: usize) {
        let time = self.time;
        for &f in feats {
            let i = self.find_or_insert(f);
            self.slots[i].updates = self.slots[i].updates.saturating_add(1);
            for (class, delta) in [(good, 1), (bad, -1)] {
                let s = self.slots[i];
                let row = s.start as usize..s.start as usize + s.len as usize;
                let k = match self.entries[row.clone()].iter().position(|&e| unpack(e).0 == class) {
                    Some(k) => s.start as usize + k,
                    None => {
                        if s.len == s.cap {
                            // Move the row to the end of the arena with twice the room.
                            let cap = (s.cap as usize * 2).clamp(2, self.classes);
                            let start = self.entries.len();
                            self.entries.extend_from_within(row.clone());
                            self.accs.extend_from_within(row);
                            self.entries.resize(start + cap, 0);
                            self.accs.resize(start + cap, Acc::default());
                            self.slots[i].start = start as u32;
                            self.slots[i].cap = cap as u8;
                        }
                        let s = &mut self.slots[i];
                        let k = s.start as usize + s.len as usize;
                        s.len += 1;
                        self.entries[k] = pack(class as u8, 0);
                        self.accs[k] = Acc { total: 0, stamp: time };
                        k
                    }
                };
                let (_, w) = unpack(self.entries[k]);
                let acc = &mut self.accs[k];
                acc.total += (time - acc.stamp) as i64 * w as i64;
                acc.stamp = time;
                self.entries[k] = pack(class as u8, w + delta);
            }
        }
    }

    /// Averaged weights, quantized to i16, hottest features (most updates) first, ties by
    /// hash. Features that took part in fewer than `min_updates` updates, and weights whose
    /// magnitude is under `min_abs` (in averaged update units), are dropped.
    fn export(&self, min_abs: f64, min_updates: u32, quant: f64) -> (Vec<Row>, f64) {
        let time = self.time.max(1);
        let avg = |k: usize| {
            let (_, w) = unpack(self.entries[k]);
            let a = self.accs[k];
            (a.total + (time - a.stamp) as i64 * w as i64) as f64 / time as f64
        };
        let mut live: Vec<&Slot> = self.slots.iter().filter(|s| s.key != 0).collect();
        live.sort_unstable_by_key(|s| (std::cmp::Reverse(s.updates), s.key));
        let range = |s: &Slot| s.start as usize..s.start as usize + s.len as usize;
        let max = live.iter().flat_map(|s| range(s)).map(|k| avg(k).abs()).fold(0.0f64, f64::max).max(1e-9);
        let scale = quant / max;
        let mut rows = Vec::new();
        for s in live {
            if (s.updates as u32) < min_updates {
                continue;
            }
            let mut row: Vec<(u8, i16)> = range(s)
                .filter_map(|k| {
                    let a = avg(k);
                    let q = (a * scale).round().clamp(-32767.0, 32767.0) as i16;
                    (a.abs() >= min_abs && q != 0).then_some((unpack(self.entries[k]).0 as u8, q))
                })
                .collect();
            if !row.is_empty() {
                row.sort_unstable();
                rows.push((s.key, row));
            }
        }
        (rows, scale)
    }
}

/// A fixed-seed xorshift generator: the shuffles and the exploration draws.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, self.below(i + 1));
        }
    }
}

fn words_of(s: &Sentence) -> Vec<&str> {
    s.words.iter().map(String::as_str).collect()
}

/// Trains a tagger on `sents` for `epochs` epochs.
fn train_tagger(sents: &[&Sentence], epochs: usize, seed: u64) -> Perceptron {
    let mut model = Perceptron::new(Tag::ALL.len());
    let mut rng = Rng(seed);
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let (mut lex, mut buf, mut tags) = (Vec::new(), String::new(), Vec::new());
    let mut feats = [0u64; N_TAG_FEATS];
    let mut scores = [0i32; SCORES];
    for _ in 0..epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let s = sents[k];
            features::lex_all(&words_of(s), &mut lex, &mut buf);
            tags.clear();
            for i in 0..lex.len() {
                features::tagger_features(&lex, &tags, i, &mut feats);
                scores.fill(0);
                model.score(&feats, &mut scores);
                let guess = argmax(&scores[..Tag::ALL.len()]);
                let gold = s.tags[i] as usize;
                if guess != gold {
                    model.update(&feats, gold, guess);
                }
                model.tick();
                tags.push(guess as u8);
            }
        }
    }
    model
}

/// Trains the parser on `sents` (trees only, projectivized) with the given predicted tags.
fn train_parser(sents: &[&Sentence], tags: &[Vec<u8>], epochs: usize, seed: u64, explore: f64) -> Perceptron {
    let mut model = Perceptron::new(N_CLASSES);
    let mut rng = Rng(seed);
    let mut order: Vec<usize> = (0..sents.len()).collect();
    let (mut lex, mut buf, mut nodes) = (Vec::<Lex>::new(), String::new(), Vec::<Node>::new());
    let mut st = State::default();
    let mut gold = Gold::default();
    let mut feats = [0u64; N_PARSE_FEATS];
    let mut scores = [0i32; SCORES];
    let mut costs = [0u32; N_CLASSES];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let s = sents[k];
            let n = s.words.len();
            features::lex_all(&words_of(s), &mut lex, &mut buf);
            features::nodes(&lex, &tags[k], &mut nodes);
            let mut heads = s.heads.clone();
            projectivize(&mut heads);
            gold.set(&heads, &s.labels);
            st.reset(n);
            while !st.is_terminal() {
                let legal = st.legal();
                let m = if let Some(m) = legal.forced() {
                    m
                } else {
                    features::parser_features(&st, &nodes, &mut feats);
                    scores.fill(0);
                    model.score(&feats, &mut scores);
                    let base = gold.costs(&st, legal);
                    let left_gold = gold.arc_label(&st, Move::Left(1));
                    let right_gold = gold.arc_label(&st, Move::Right(1));
                    costs[0] = base[0];
                    for l in 1..N_LABELS as u8 {
                        let pen = |g: Option<u8>| g.is_some_and(|g| g != l) as u32;
                        costs[system::left(l)] = base[1].saturating_add(pen(left_gold));
                        costs[system::right(l)] = base[2].saturating_add(pen(right_gold));
                    }
                    let guess = best_legal(&scores, legal);
                    // The best-scoring transition among the cheapest legal ones.
                    let mut best = usize::MAX;
                    for c in 0..N_CLASSES {
                        if costs[c] != u32::MAX
                            && (best == usize::MAX || costs[c] < costs[best] || (costs[c] == costs[best] && scores[c] > scores[best]))
                        {
                            best = c;
                        }
                    }
                    let next = if costs[guess] > costs[best] {
                        model.update(&feats, best, guess);
                        if epoch > 0 && rng.chance(explore) {
                            guess
                        } else {
                            best
                        }
                    } else {
                        guess
                    };
                    model.tick();
                    system::decode(next)
                };
                gold.track(&st, m);
                st.apply(m);
            }
        }
    }
    model
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub parser_epochs: usize,
    pub tagger_epochs: usize,
    /// Probability of following a wrong prediction (dynamic-oracle exploration), from epoch 2.
    pub explore: f64,
    pub prune: Prune,
}

/// What the exported model leaves out.
#[derive(Debug, Clone, Copy)]
pub struct Prune {
    /// Averaged weights under this magnitude are dropped (in update units).
    pub tagger_min: f64,
    pub parser_min: f64,
    /// Features that took part in fewer updates are dropped.
    pub tagger_updates: u32,
    pub parser_updates: u32,
    /// The `i16` value the largest averaged weight of a table maps to (leaving room for sums).
    pub quant: f64,
    /// Rows with this many weights or more are written dense.
    pub tagger_dense: usize,
    pub parser_dense: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            parser_epochs: 10,
            tagger_epochs: 5,
            explore: 0.9,
            prune: Prune {
                tagger_min: 1.0,
                parser_min: 3.0,
                tagger_updates: 1,
                parser_updates: 1,
                quant: 2048.0,
                tagger_dense: 16,
                parser_dense: 12,
            },
        }
    }
}

/// Trained weights, before export.
pub struct Trained {
    tagger: Perceptron,
    parser: Perceptron,
    pub sentences: usize,
    pub parser_sentences: usize,
    pub jackknife_tag_accuracy: f64,
    pub seconds: f64,
    meta: String,
}

impl Trained {
    /// The model file, pruned as `prune` says; also the numbers of tagger and parser features.
    pub fn export(&self, prune: &Prune) -> (Vec<u8>, usize, usize) {
        let (trows, _) = self.tagger.export(prune.tagger_min, prune.tagger_updates, prune.quant);
        let (prows, _) = self.parser.export(prune.parser_min, prune.parser_updates, prune.quant);
        let meta = format!(
            "{{{},\"prune\":{{\"tagger_min\":{},\"tagger_updates\":{},\"parser_min\":{},\"parser_updates\":{},\"quant\":{},\"tagger_dense\":{},\"parser_dense\":{}}},\"tagger_features\":{},\"parser_features\":{}}}",
            self.meta,
            prune.tagger_min,
            prune.tagger_updates,
            prune.parser_min,
            prune.parser_updates,
            prune.quant,
            prune.tagger_dense,
            prune.parser_dense,
            trows.len(),
            prows.len()
        );
        let model = write::model(
            (Tag::ALL.len(), N_TAG_FEATS, &trows, prune.tagger_dense),
            (N_CLASSES, N_PARSE_FEATS, &prows, prune.parser_dense),
            &meta,
        );
        (model, trows.len(), prows.len())
    }
}

/// The fold of a sentence for the jackknife: by its lower-cased text, so a sentence and its
/// lower-cased copy fall in the same fold.
fn fold(s: &Sentence) -> usize {
    let mut h = 0u64;
    for w in &s.words {
        h = features::fmix(h ^ features::hash_str(0x77, &w.to_lowercase()));
    }
    (h & 1) as usize
}

fn tag_all(model: &Perceptron, sents: &[&Sentence]) -> Vec<Vec<u8>> {
    let (mut lex, mut buf) = (Vec::new(), String::new());
    sents
        .iter()
        .map(|s| {
            features::lex_all(&words_of(s), &mut lex, &mut buf);
            let mut tags = Vec::new();
            tag_greedy(model, &lex, &mut tags);
            tags
        })
        .collect()
}

/// Trains a model on `train`: two jackknife taggers tag the training sentences for the parser,
/// then the final tagger and the parser train side by side.
pub fn train(train: &[Sentence], cfg: &Config, log: &(dyn Fn(&str) + Sync)) -> Trained {
    let start = Instant::now();
    let all: Vec<&Sentence> = train.iter().collect();
    let folds: [Vec<usize>; 2] = {
        let mut f = [Vec::new(), Vec::new()];
        for (i, s) in train.iter().enumerate() {
            f[fold(s)].push(i);
        }
        f
    };
    log(&format!("{} sentences; jackknife folds of {} and {}", train.len(), folds[0].len(), folds[1].len()));
    // Jackknife: the tagger trained on one fold tags the other.
    let mut predicted: Vec<Vec<u8>> = vec![Vec::new(); train.len()];
    std::thread::scope(|sc| {
        let jobs: Vec<_> = (0..2)
            .map(|k| {
                let (mine, other) = (&folds[k], &folds[1 - k]);
                let all = &all;
                sc.spawn(move || {
                    let data: Vec<&Sentence> = mine.iter().map(|&i| all[i]).collect();
                    let tagger = train_tagger(&data, cfg.tagger_epochs, 0x5eed_0001 + k as u64);
                    let targets: Vec<&Sentence> = other.iter().map(|&i| all[i]).collect();
                    tag_all(&tagger, &targets)
                })
            })
            .collect();
        for (k, job) in jobs.into_iter().enumerate() {
            let tags = job.join().expect("jackknife tagger");
            for (&i, t) in folds[1 - k].iter().zip(tags) {
                predicted[i] = t;
            }
        }
    });
    let (right, total) = train
        .iter()
        .zip(&predicted)
        .flat_map(|(s, p)| s.tags.iter().zip(p))
        .fold((0usize, 0usize), |(r, t), (a, b)| (r + (a == b) as usize, t + 1));
    let jackknife = right as f64 / total.max(1) as f64;
    log(&format!("jackknife tag accuracy {jackknife:.4} ({:.0}s)", start.elapsed().as_secs_f64()));
    let trees: Vec<usize> = (0..train.len()).filter(|&i| train[i].is_tree()).collect();
    let tree_sents: Vec<&Sentence> = trees.iter().map(|&i| &train[i]).collect();
    let tree_tags: Vec<Vec<u8>> = trees.iter().map(|&i| std::mem::take(&mut predicted[i])).collect();
    let (tagger, parser) = std::thread::scope(|sc| {
        let t = sc.spawn(|| train_tagger(&all, cfg.tagger_epochs, 0x5eed_0003));
        let p = train_parser(&tree_sents, &tree_tags, cfg.parser_epochs, 0x5eed_0004, cfg.explore);
        (t.join().expect("tagger"), p)
    });
    log(&format!("trained ({:.0}s)", start.elapsed().as_secs_f64()));
    let meta = format!(
        "\"trainer\":\"sitrep-syntax-train\",\"sentences\":{},\"parser_sentences\":{},\"tagger_epochs\":{},\"parser_epochs\":{},\"explore\":{}",
        train.len(),
        tree_sents.len(),
        cfg.tagger_epochs,
        cfg.parser_epochs,
        cfg.explore
    );
    Trained {
        tagger,
        parser,
        sentences: train.len(),
        parser_sentences: tree_sents.len(),
        jackknife_tag_accuracy: jackknife,
        seconds: start.elapsed().as_secs_f64(),
        meta,
    }
}

/// Accuracy of a model on gold sentences.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    pub sentences: usize,
    pub tokens: usize,
    pub tag: f64,
    /// Over all tokens.
    pub uas: f64,
    pub las: f64,
    /// Over tokens whose gold label is not `punct` (the usual convention).
    pub uas_nopunct: f64,
    pub las_nopunct: f64,
    /// Parsing speed, one thread (tagging included), in CPU time where the system tells it.
    pub sentences_per_s: f64,
    pub tokens_per_s: f64,
}

impl Metrics {
    pub fn json(&self) -> String {
        format!(
            "{{\"sentences\":{},\"tokens\":{},\"tag\":{:.4},\"uas\":{:.4},\"las\":{:.4},\"uas_nopunct\":{:.4},\"las_nopunct\":{:.4},\"sentences_per_s\":{:.0},\"tokens_per_s\":{:.0}}}",
            self.sentences,
            self.tokens,
            self.tag,
            self.uas,
            self.las,
            self.uas_nopunct,
            self.las_nopunct,
            self.sentences_per_s,
            self.tokens_per_s
        )
    }
}

/// CPU time of this thread so far (Linux), so that timings hold on a busy machine.
fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Parses `gold` with `parser` and scores it (gold roots count as head = self).
pub fn evaluate(parser: &Parser, gold: &[Sentence]) -> Metrics {
    let words: Vec<Vec<&str>> = gold.iter().map(words_of).collect();
    let (start, cpu) = (Instant::now(), thread_cpu_seconds());
    let parses: Vec<crate::Parse> = words.iter().map(|w| parser.parse(w)).collect();
    let secs = match (cpu, thread_cpu_seconds()) {
        // The kernel's CPU clock advances in scheduler ticks: too coarse for a short run.
        (Some(a), Some(b)) if b - a > 0.05 => b - a,
        _ => start.elapsed().as_secs_f64(),
    }
    .max(1e-9);
    let mut m = Metrics { sentences: gold.len(), ..Metrics::default() };
    let (mut tag, mut ua, mut la, mut np, mut uan, mut lan) = (0usize, 0usize, 0usize, 0usize, 0usize, 0usize);
    for (g, p) in gold.iter().zip(&parses) {
        let n = g.words.len();
        for i in 0..n {
            m.tokens += 1;
            tag += (p.tags[i] as u8 == g.tags[i]) as usize;
            let gh = if g.heads[i] as usize == n { i } else { g.heads[i] as usize };
            let head_ok = p.heads[i] as usize == gh;
            let label_ok = head_ok && p.deps[i] as u8 == g.labels[i];
            ua += head_ok as usize;
            la += label_ok as usize;
            if g.labels[i] != Dep::Punct as u8 {
                np += 1;
                uan += head_ok as usize;
                lan += label_ok as usize;
            }
        }
    }
    let t = m.tokens.max(1) as f64;
    let npf = np.max(1) as f64;
    m.tag = tag as f64 / t;
    m.uas = ua as f64 / t;
    m.las = la as f64 / t;
    m.uas_nopunct = uan as f64 / npf;
    m.las_nopunct = lan as f64 / npf;
    m.sentences_per_s = gold.len() as f64 / secs;
    m.tokens_per_s = m.tokens as f64 / secs;
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projectivize_lifts_crossing_arcs() {
        // n = 4, root 1; 2 -> 0 crosses the root's reach over 1, and 0 -> 3 spans 1 and 2.
        let mut heads = vec![2u16, 4, 1, 0];
        projectivize(&mut heads);
        // The shorter arc is lifted first (0 to 1), then 3 to 0's new head.
        assert_eq!(heads, vec![1, 4, 1, 1]);
    }

    #[test]
    fn reads_conllu() {
        let text = "# sent_id = a\n1\tGunmen\t_\t_\tNNS\t_\t2\tnsubj\t_\t_\n2\tkilled\t_\t_\tVBD\t_\t0\tROOT\t_\tSpaceAfter=No\n3\t.\t_\t_\t.\t_\t2\tpunct\t_\t_\n\n";
        let s = parse_conllu(text).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].heads, vec![1, 3, 1]);
        assert!(s[0].is_tree());
        let bad = "1\tx\t_\t_\tNNQ\t_\t0\tROOT\t_\t_\n";
        assert_eq!(parse_conllu(bad).unwrap_err().0, 1);
    }
}
