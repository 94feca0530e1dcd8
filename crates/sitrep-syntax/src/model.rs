//! The model file: two weight tables (tagger, parser) read where they lie.
//!
//! ```text
//! header (40 bytes, little-endian)
//!   0  magic  b"SITRSYNX"
//!   8  u32    format version (FORMAT_VERSION)
//!  12  u32    feature-set version (FEATURES_VERSION): the templates the weights were trained on
//!  16  u32×2  tagger table section: offset, length
//!  24  u32×2  parser table section: offset, length
//!  32  u32×2  metadata section (UTF-8 JSON, informational): offset, length
//! table section (offset a multiple of 8)
//!   0  u32    classes C (≤ 254); W = C rounded up to a multiple of 16
//!   4  u32    features per decision
//!   8  u32    slots (S)
//!  12  u32    rows area length (R)
//!  16  u64×S  slots: 0 = empty, else fingerprint << 32 | row offset
//!  ..  R bytes rows, each either
//!             sparse: count n (u8, 1..=254), n class codes (u8), n weights (i16)
//!             dense:  255, W weights (i16), one per class (0 past C)
//! ```
//!
//! A feature hash `f` is looked up by linear probing from slot `(f mod 2^32) · S / 2^32`,
//! comparing fingerprints `(f >> 32) | 1`, until an empty slot. Weights are averaged perceptron
//! weights, scaled and rounded to `i16`; scores are sums of weights in `i16`, saturating (the
//! scale leaves room for the sums of realistic feature sets). Rows with many classes are dense,
//! so that adding them is a few vector instructions instead of one scattered add per class.

use std::fmt;

pub const MAGIC: &[u8; 8] = b"SITRSYNX";
pub const FORMAT_VERSION: u32 = 1;
/// Bump when a feature template changes: old weights would be read with the wrong meaning.
pub const FEATURES_VERSION: u32 = 1;
const HEADER_LEN: usize = 40;
const TABLE_HEADER: usize = 16;

/// Why bytes are not a usable model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub String);

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "syntax model: {}", self.0)
    }
}

impl std::error::Error for ModelError {}

fn err<T>(msg: impl Into<String>) -> Result<T, ModelError> {
    Err(ModelError(msg.into()))
}

#[inline]
fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}

#[inline]
fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

/// Marks a dense row.
const DENSE: u8 = 255;

/// The row width of a table of `classes` classes: scores arrays are at least this long.
pub(crate) const fn width(classes: usize) -> usize {
    classes.div_ceil(16) * 16
}

/// Where one weight table lies in the model bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Table {
    pub classes: usize,
    pub width: usize,
    pub features: usize,
    slots_at: usize,
    n_slots: usize,
    rows_at: usize,
    rows_len: usize,
}

/// The sections of a model file.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    pub tagger: Table,
    pub parser: Table,
    pub meta: (usize, usize),
}

impl Layout {
    /// Reads the header and the table headers, checking that every section lies in the bytes.
    /// With `deep`, also checks every slot and row (a file from outside); without, trusts them
    /// (the compiled-in model, checked by a test).
    pub fn read(bytes: &[u8], deep: bool) -> Result<Layout, ModelError> {
        if bytes.len() < HEADER_LEN {
            return err(format!("{} bytes is shorter than the {HEADER_LEN}-byte header", bytes.len()));
        }
        if &bytes[..8] != MAGIC {
            return err("bad magic (not a sitrep syntax model)");
        }
        let version = u32_at(bytes, 8);
        if version != FORMAT_VERSION {
            return err(format!("format version {version}, this reader reads version {FORMAT_VERSION}"));
        }
        let fv = u32_at(bytes, 12);
        if fv != FEATURES_VERSION {
            return err(format!("feature-set version {fv}, this parser computes version {FEATURES_VERSION}"));
        }
        let section = |k: usize| -> Result<(usize, usize), ModelError> {
            let (off, len) = (u32_at(bytes, 16 + 8 * k) as usize, u32_at(bytes, 20 + 8 * k) as usize);
            if off.checked_add(len).is_none_or(|end| end > bytes.len()) {
                return err(format!("section {k} at {off}+{len} lies outside the {}-byte file", bytes.len()));
            }
            Ok((off, len))
        };
        let tagger = Table::read(bytes, section(0)?, deep, "tagger")?;
        let parser = Table::read(bytes, section(1)?, deep, "parser")?;
        let meta = section(2)?;
        if std::str::from_utf8(&bytes[meta.0..meta.0 + meta.1]).is_err() {
            return err("metadata is not UTF-8");
        }
        Ok(Layout { tagger, parser, meta })
    }
}

impl Table {
    fn read(bytes: &[u8], (off, len): (usize, usize), deep: bool, name: &str) -> Result<Table, ModelError> {
        if len < TABLE_HEADER {
            return err(format!("{name} table is {len} bytes"));
        }
        let classes = u32_at(bytes, off) as usize;
        let features = u32_at(bytes, off + 4) as usize;
        let n_slots = u32_at(bytes, off + 8) as usize;
        let rows_len = u32_at(bytes, off + 12) as usize;
        if classes == 0 || classes >= DENSE as usize || n_slots == 0 {
            return err(format!("{name} table: {classes} classes, {n_slots} slots"));
        }
        if TABLE_HEADER + 8 * n_slots + rows_len != len {
            return err(format!("{name} table: {n_slots} slots and {rows_len} row bytes do not make {len} bytes"));
        }
        let t = Table {
            classes,
            width: width(classes),
            features,
            slots_at: off + TABLE_HEADER,
            n_slots,
            rows_at: off + TABLE_HEADER + 8 * n_slots,
            rows_len,
        };
        if deep {
            t.check(bytes, name)?;
        }
        Ok(t)
    }

    /// Every slot points at a whole row of valid classes, and one slot at least is empty (so
    /// that probing ends).
    fn check(&self, bytes: &[u8], name: &str) -> Result<(), ModelError> {
        let rows = &bytes[self.rows_at..self.rows_at + self.rows_len];
        let mut empty = false;
        for i in 0..self.n_slots {
            let s = u64_at(bytes, self.slots_at + 8 * i);
            if s == 0 {
                empty = true;
                continue;
            }
            let at = s as u32 as usize;
            let n = *rows.get(at).unwrap_or(&0) as usize;
            if n == DENSE as usize {
                if at + 1 + 2 * self.width > rows.len() {
                    return err(format!("{name} table: slot {i} points outside the rows"));
                }
                continue;
            }
            if n == 0 || at + 1 + 3 * n > rows.len() {
                return err(format!("{name} table: slot {i} points outside the rows"));
            }
            if rows[at + 1..at + 1 + n].iter().any(|&c| c as usize >= self.classes) {
                return err(format!("{name} table: slot {i} has a class out of range"));
            }
        }
        if !empty {
            return err(format!("{name} table has no empty slot"));
        }
        Ok(())
    }

    /// Adds the weights of every feature in `feats` (at most [`MAX_FEATS`]) to `scores` (one
    /// per class, at least [`Table::width`] long), saturating.
    ///
    /// In passes, so that the memory reads of different features overlap instead of waiting for
    /// each other: first every feature's home slot is read (no branches on the loaded values),
    /// then the probes are resolved to row offsets, then every row's first byte is read, then
    /// the rows are added.
    #[inline]
    pub fn score(&self, bytes: &[u8], feats: &[u64], scores: &mut [i16]) {
        let slots = &bytes[self.slots_at..self.slots_at + 8 * self.n_slots];
        let rows = &bytes[self.rows_at..self.rows_at + self.rows_len];
        let n_slots = self.n_slots;
        let feats = &feats[..feats.len().min(MAX_FEATS)];
        let scores = &mut scores[..self.width];
        let slot = |i: usize| u64::from_le_bytes(slots[8 * i..8 * i + 8].try_into().expect("8 bytes"));
        let mut home = [0usize; MAX_FEATS];
        let mut first = [0u64; MAX_FEATS];
        for (k, &f) in feats.iter().enumerate() {
            home[k] = (((f & 0xffff_ffff) * n_slots as u64) >> 32) as usize;
            first[k] = slot(home[k]);
        }
        let mut found = [0usize; MAX_FEATS];
        let mut n_found = 0;
        for (k, &f) in feats.iter().enumerate() {
            let fp = ((f >> 32) as u32) | 1;
            let (mut i, mut s) = (home[k], first[k]);
            while s != 0 {
                if (s >> 32) as u32 == fp {
                    found[n_found] = s as u32 as usize;
                    n_found += 1;
                    break;
                }
                i += 1;
                if i == n_slots {
                    i = 0;
                }
                s = slot(i);
            }
        }
        // The rows' first bytes, all requested before any is used.
        let mut count = [0u8; MAX_FEATS];
        for k in 0..n_found {
            count[k] = rows[found[k]];
        }
        // Dense rows add into a fixed-size accumulator the compiler can keep in registers;
        // sparse rows scatter into `scores`.
        let mut acc = [0i16; SCORE_WIDTH];
        let dense = self.width;
        for (&at, &n) in found[..n_found].iter().zip(&count) {
            if n == DENSE {
                let w = &rows[at + 1..at + 1 + 2 * dense];
                for (a, b) in acc[..dense].iter_mut().zip(w.chunks_exact(2)) {
                    *a = a.saturating_add(i16::from_le_bytes([b[0], b[1]]));
                }
            } else {
                let n = n as usize;
                let cls = &rows[at + 1..at + 1 + n];
                let w = &rows[at + 1 + n..at + 1 + 3 * n];
                for (&c, b) in cls.iter().zip(w.chunks_exact(2)) {
                    let s = &mut scores[c as usize];
                    *s = s.saturating_add(i16::from_le_bytes([b[0], b[1]]));
                }
            }
        }
        for (s, a) in scores.iter_mut().zip(acc) {
            *s = s.saturating_add(a);
        }
    }
}

/// The widest row of any table (the parser's 89 classes, rounded up).
pub(crate) const SCORE_WIDTH: usize = 96;

/// The most features one decision may have.
pub(crate) const MAX_FEATS: usize = 80;

/// Builds model files (the training binary's side of the format).
pub mod write {
    use super::*;

    /// One feature's weights: its hash and `(class, weight)` pairs (no zero weights).
    pub type Row = (u64, Vec<(u8, i16)>);

    /// Appends a table section for `rows` (distinct hashes; hottest first, so that they sit in
    /// their home slots and their rows lie together) to `out`.
    ///
    /// Rows with at least `dense_from` weights are written dense.
    pub fn table(out: &mut Vec<u8>, classes: usize, features: usize, rows: &[Row], dense_from: usize) {
        assert!(classes < DENSE as usize);
        let width = width(classes);
        // Load factor about 0.7: misses (most lookups) probe a few slots of one cache line.
        let n_slots = (rows.len() * 10 / 7 + 1).max(8);
        let mut slots = vec![0u64; n_slots];
        // Rows whose fingerprints meet in one probe run would shadow each other: the later one
        // is merged into the earlier (summed), deterministically, in the order given.
        let mut merged: Vec<Vec<(u8, i32)>> = Vec::new();
        let mut where_: Vec<usize> = vec![usize::MAX; n_slots];
        for (f, weights) in rows {
            let fp = ((f >> 32) as u32) | 1;
            let mut i = (((f & 0xffff_ffff) * n_slots as u64) >> 32) as usize;
            loop {
                if slots[i] == 0 {
                    slots[i] = (fp as u64) << 32;
                    where_[i] = merged.len();
                    merged.push(weights.iter().map(|&(c, w)| (c, w as i32)).collect());
                    break;
                }
                if (slots[i] >> 32) as u32 == fp {
                    let row = &mut merged[where_[i]];
                    for &(c, w) in weights {
                        match row.iter_mut().find(|e| e.0 == c) {
                            Some(e) => e.1 += w as i32,
                            None => row.push((c, w as i32)),
                        }
                    }
                    break;
                }
                i = (i + 1) % n_slots;
            }
        }
        let mut data: Vec<u8> = Vec::new();
        let mut offsets = Vec::with_capacity(merged.len());
        for row in &mut merged {
            row.sort_unstable();
            row.retain(|e| e.1 != 0);
            if row.is_empty() {
                // Every weight cancelled out in a merge: keep the slot, with one zero weight.
                row.push((0, 0));
            }
            offsets.push(data.len() as u32);
            let q = |w: i32| w.clamp(i16::MIN as i32, i16::MAX as i32) as i16;
            if row.len() >= dense_from {
                let mut dense = vec![0i16; width];
                for &(c, w) in row.iter() {
                    dense[c as usize] = q(w);
                }
                data.push(DENSE);
                dense.iter().for_each(|w| data.extend_from_slice(&w.to_le_bytes()));
            } else {
                data.push(row.len() as u8);
                data.extend(row.iter().map(|e| e.0));
                row.iter().for_each(|e| data.extend_from_slice(&q(e.1).to_le_bytes()));
            }
        }
        for (i, s) in slots.iter_mut().enumerate() {
            if *s != 0 {
                *s |= offsets[where_[i]] as u64;
            }
        }
        while !out.len().is_multiple_of(8) {
            out.push(0);
        }
        out.extend_from_slice(&(classes as u32).to_le_bytes());
        out.extend_from_slice(&(features as u32).to_le_bytes());
        out.extend_from_slice(&(n_slots as u32).to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        for s in &slots {
            out.extend_from_slice(&s.to_le_bytes());
        }
        out.extend_from_slice(&data);
    }

    /// A whole model file from its two tables and metadata text.
    /// Each table is given as (classes, features per decision, rows, dense from).
    pub fn model(tagger: (usize, usize, &[Row], usize), parser: (usize, usize, &[Row], usize), meta: &str) -> Vec<u8> {
        let mut out = vec![0u8; HEADER_LEN];
        out[..8].copy_from_slice(MAGIC);
        out[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
        out[12..16].copy_from_slice(&FEATURES_VERSION.to_le_bytes());
        let mut sections = [(0u32, 0u32); 3];
        for (k, (classes, features, rows, dense_from)) in [tagger, parser].into_iter().enumerate() {
            while !out.len().is_multiple_of(8) {
                out.push(0);
            }
            let start = out.len();
            table(&mut out, classes, features, rows, dense_from);
            // `table` pads before its header; the section starts at the header.
            let header = start + (8 - start % 8) % 8;
            sections[k] = (header as u32, (out.len() - header) as u32);
        }
        let start = out.len();
        out.extend_from_slice(meta.as_bytes());
        sections[2] = (start as u32, meta.len() as u32);
        for (k, (off, len)) in sections.iter().enumerate() {
            out[16 + 8 * k..20 + 8 * k].copy_from_slice(&off.to_le_bytes());
            out[20 + 8 * k..24 + 8 * k].copy_from_slice(&len.to_le_bytes());
        }
        out
    }
}
