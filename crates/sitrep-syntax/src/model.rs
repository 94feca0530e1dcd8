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
//! table section (offset a multiple of 64)
//!   0  u32    classes C (1..=127); W = C rounded up to a multiple of 16
//!   4  u32    features per decision
//!   8  u32    buckets B
//!  12  u32    rows area length R
//!  16  u32    buckets offset from the section start (a multiple of 64)
//!  20  u32    rows offset from the section start
//!  24  u16×128 the code book: the magnitudes of the 8-bit weight codes of inline rows
//!  ..  B buckets of 8 slots (u64), 64 bytes each; R bytes of rows
//! slot (u64): 0 = empty; else fingerprint (bits 32..64) and
//!   bit 31 clear: bits 0..31 = offset of the feature's row in the rows area;
//!   bit 31 set: the row inline, one or two (class, code) pairs: class in bits 0..7, code in
//!   bits 7..15, and if bit 30 is set a second class in bits 15..22 and code in bits 22..30;
//!   a code is a sign (bit 7) and an index into the code book (bits 0..7)
//! row: sparse: count n (u8, 1..=254), n class codes (u8), n weights (i16)
//!      dense:  255, then W weights (i16), one per class (0 past C)
//! ```
//!
//! A feature hash `f` is looked up in bucket `(f mod 2^32) · B / 2^32` and the buckets after
//! it, comparing fingerprints `(f >> 32) | 1`, until a bucket with an empty slot: usually one
//! cache line. Features are inserted hottest first (those that took part in the most training
//! updates), so the frequent ones sit in their home buckets and their rows lie together. Most features have only one or two weights (a feature met in one update has +1
//! for the right class and −1 for the wrong one); those live in the slot itself, so finding
//! the feature is reading its weights. Weights are averaged perceptron weights, scaled and
//! rounded to `i16`; scores are sums in saturating `i16` (the scale leaves room for the sums of
//! realistic feature sets). Rows with many classes are dense, so that adding one is a few vector
//! instructions instead of one scattered add per class.

use std::fmt;

pub const MAGIC: &[u8; 8] = b"SITRSYNX";
pub const FORMAT_VERSION: u32 = 1;
/// Bump when a feature template changes: old weights would be read with the wrong meaning.
pub const FEATURES_VERSION: u32 = 1;
const HEADER_LEN: usize = 40;
const TABLE_HEADER: usize = 24 + 2 * BOOK;
/// Entries of the code book.
const BOOK: usize = 128;
const BUCKET: usize = 8;
/// Marks a dense row.
const DENSE: u8 = 255;
const INLINE: u64 = 1 << 31;
const SECOND: u64 = 1 << 30;
/// The largest class number an inline entry can hold.
const MAX_CLASSES: usize = 127;

/// The row width of a table of `classes` classes: scores arrays are at least this long.
pub(crate) const fn width(classes: usize) -> usize {
    classes.div_ceil(16) * 16
}

/// The most features one decision may have.
pub(crate) const MAX_FEATS: usize = 80;

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

/// Asks the processor to bring the cache line of `byte` in, without waiting for it (a hint: it
/// changes no value and cannot fault).
#[inline(always)]
fn prefetch(byte: &u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `_mm_prefetch` only hints the cache; it reads nothing the program sees and never
    // faults, whatever the address (here a valid reference). SSE, which it needs, is part of
    // the x86_64 baseline.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(byte as *const u8 as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = byte;
}

/// The slots of a bucket that end a search for fingerprint `fp`, as bits (slot `j` is bit `j`):
/// those holding `fp` and the empty ones.
#[inline(always)]
fn stops(bucket: &[u8; 64], fp: u32) -> u32 {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: the four 16-byte loads read the 64 bytes of `bucket` (unaligned loads, so any
    // address is fine); the other intrinsics compute on registers. SSE2 is part of the x86_64
    // baseline.
    unsafe {
        use std::arch::x86_64::*;
        let at = bucket.as_ptr() as *const __m128i;
        let (a, b) = (_mm_castsi128_ps(_mm_loadu_si128(at)), _mm_castsi128_ps(_mm_loadu_si128(at.add(1))));
        let (c, d) = (_mm_castsi128_ps(_mm_loadu_si128(at.add(2))), _mm_castsi128_ps(_mm_loadu_si128(at.add(3))));
        // the high and low halves of slots 0-3 and 4-7 (little-endian: high = odd dwords)
        let hi0 = _mm_castps_si128(_mm_shuffle_ps::<0b11_01_11_01>(a, b));
        let lo0 = _mm_castps_si128(_mm_shuffle_ps::<0b10_00_10_00>(a, b));
        let hi1 = _mm_castps_si128(_mm_shuffle_ps::<0b11_01_11_01>(c, d));
        let lo1 = _mm_castps_si128(_mm_shuffle_ps::<0b10_00_10_00>(c, d));
        let (f, zero) = (_mm_set1_epi32(fp as i32), _mm_setzero_si128());
        let m0 = _mm_or_si128(_mm_cmpeq_epi32(hi0, f), _mm_cmpeq_epi32(_mm_or_si128(hi0, lo0), zero));
        let m1 = _mm_or_si128(_mm_cmpeq_epi32(hi1, f), _mm_cmpeq_epi32(_mm_or_si128(hi1, lo1), zero));
        // each lane all ones or all zeros: packing keeps that, one byte per slot
        let m = _mm_packs_epi16(_mm_packs_epi32(m0, m1), zero);
        _mm_movemask_epi8(m) as u32
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let mut stop = 0u32;
        for j in 0..BUCKET {
            let s = u64::from_le_bytes(bucket[8 * j..8 * j + 8].try_into().expect("8 bytes"));
            stop |= (((s >> 32) as u32 == fp || s == 0) as u32) << j;
        }
        stop
    }
}

/// The home bucket of a feature hash, and its fingerprint.
#[inline]
fn home(f: u64, buckets: usize) -> (usize, u32) {
    ((((f & 0xffff_ffff) * buckets as u64) >> 32) as usize, ((f >> 32) as u32) | 1)
}

/// The hash table of a weight table: buckets and the rows they point to (absolute offsets).
#[derive(Debug, Clone, Copy)]
struct Part {
    buckets_at: usize,
    buckets: usize,
    rows_at: usize,
    rows_len: usize,
}

/// Where one weight table lies in the model bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Table {
    pub classes: usize,
    pub width: usize,
    pub features: usize,
    book: [i16; BOOK],
    part: Part,
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
    /// (the compiled-in model, checked by a test). Either way a corrupt file can make wrong
    /// parses or a panic, never undefined behaviour: every read is bounds-checked.
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
        let field = |k: usize| u32_at(bytes, off + 4 * k) as usize;
        let (classes, features) = (field(0), field(1));
        if classes == 0 || classes > MAX_CLASSES {
            return err(format!("{name} table: {classes} classes"));
        }
        let part = |k: usize| -> Result<Part, ModelError> {
            let (buckets, rows_len, buckets_rel, rows_rel) = (field(k), field(k + 1), field(k + 2), field(k + 3));
            let rows_end = rows_rel.checked_add(rows_len);
            if buckets == 0
                || buckets_rel < TABLE_HEADER
                || buckets.checked_mul(64).and_then(|b| b.checked_add(buckets_rel)) != Some(rows_rel)
                || rows_end.is_none_or(|end| end > len)
            {
                return err(format!("{name} table: its parts do not fit in its {len} bytes"));
            }
            Ok(Part { buckets_at: off + buckets_rel, buckets, rows_at: off + rows_rel, rows_len })
        };
        let part = part(2)?;
        let mut book = [0i16; BOOK];
        for (k, v) in book.iter_mut().enumerate() {
            let at = off + 24 + 2 * k;
            *v = i16::from_le_bytes([bytes[at], bytes[at + 1]]);
        }
        let t = Table { classes, width: width(classes), features, book, part };
        if deep {
            t.check(bytes, name)?;
        }
        Ok(t)
    }

    /// Every slot holds valid classes or points at a whole row of valid classes, and one slot
    /// at least is empty (so that probing ends).
    fn check(&self, bytes: &[u8], name: &str) -> Result<(), ModelError> {
        {
            let p = &self.part;
            let rows = &bytes[p.rows_at..p.rows_at + p.rows_len];
            let mut empty = false;
            for i in 0..p.buckets * BUCKET {
                let s = u64_at(bytes, p.buckets_at + 8 * i);
                if s == 0 {
                    empty = true;
                    continue;
                }
                let bad = |what: &str| err(format!("{name} table: slot {i} {what}"));
                if s & INLINE != 0 {
                    let second = s & SECOND != 0;
                    if (s & 0x7f) as usize >= self.classes || (second && ((s >> 15) & 0x7f) as usize >= self.classes) {
                        return bad("has a class out of range");
                    }
                    continue;
                }
                let at = s as u32 as usize;
                let n = *rows.get(at).unwrap_or(&0) as usize;
                if n == DENSE as usize {
                    if at + 1 + 2 * self.width > rows.len() {
                        return bad("points outside the rows");
                    }
                    continue;
                }
                if n == 0 || at + 1 + 3 * n > rows.len() {
                    return bad("points outside the rows");
                }
                if rows[at + 1..at + 1 + n].iter().any(|&c| c as usize >= self.classes) {
                    return bad("has a class out of range");
                }
            }
            if !empty {
                return err(format!("{name} table has no empty slot"));
            }
        }
        Ok(())
    }

    #[inline]
    fn decode(&self, code: u64) -> i16 {
        let v = self.book[(code & 0x7f) as usize];
        if code & 0x80 != 0 {
            // A damaged model may hold i16::MIN in its codebook (found by fuzzing).
            v.saturating_neg()
        } else {
            v
        }
    }

    /// Adds the weights of every feature in `feats` (at most [`MAX_FEATS`]) to `scores` (one
    /// per class, at least [`Table::width`] long), saturating.
    ///
    /// In passes, so that the memory reads of different features overlap instead of waiting for
    /// each other: every home bucket is touched first, with no branches on the loaded values;
    /// then the buckets are searched, inline weights added at once; then the first byte of
    /// every row found is read; then the rows are added. The order of the additions (inline
    /// weights in feature order, then rows in feature order) is part of the result: saturating
    /// sums do not commute.
    #[inline]
    pub fn score(&self, bytes: &[u8], feats: &[u64], scores: &mut [i16]) {
        let feats = &feats[..feats.len().min(MAX_FEATS)];
        let scores = &mut scores[..self.width];
        let mut found = [0usize; MAX_FEATS];
        let n_found = self.search(bytes, feats, scores, &mut found);
        // The rows' first cache lines, all requested before any is used.
        for &at in &found[..n_found] {
            prefetch(&bytes[at]);
        }
        let mut count = [0u8; MAX_FEATS];
        for k in 0..n_found {
            count[k] = bytes[found[k]];
        }
        for (&at, &n) in found[..n_found].iter().zip(&count) {
            if n == DENSE {
                // 16 classes (32 bytes) at a time: the width is a multiple of 16, and fixed-size
                // chunks compile to a few saturating vector adds.
                let w = &bytes[at + 1..at + 1 + 2 * scores.len()];
                for (s, w) in scores.chunks_exact_mut(16).zip(w.chunks_exact(32)) {
                    let s: &mut [i16; 16] = s.try_into().expect("16 scores");
                    let w: &[u8; 32] = w.try_into().expect("16 weights");
                    for k in 0..16 {
                        s[k] = s[k].saturating_add(i16::from_le_bytes([w[2 * k], w[2 * k + 1]]));
                    }
                }
            } else {
                let n = n as usize;
                let cls = &bytes[at + 1..at + 1 + n];
                let w = &bytes[at + 1 + n..at + 1 + 3 * n];
                for (&c, b) in cls.iter().zip(w.chunks_exact(2)) {
                    let s = &mut scores[c as usize];
                    *s = s.saturating_add(i16::from_le_bytes([b[0], b[1]]));
                }
            }
        }
    }

    /// Searches the table for `feats`: adds inline weights to `scores` and writes the absolute
    /// offsets of rows to `found`, returning how many.
    ///
    /// A bucket is searched without a branch per slot: the slots that hold the fingerprint and
    /// the empty ones are found at once, and the first of either ends the search (as a scan
    /// slot by slot would). Only a full bucket with no match sends the search on.
    #[inline]
    fn search(&self, bytes: &[u8], feats: &[u64], scores: &mut [i16], found: &mut [usize; MAX_FEATS]) -> usize {
        let p = &self.part;
        let slots = &bytes[p.buckets_at..p.buckets_at + 64 * p.buckets];
        let mut n_found = 0;
        for &f in feats {
            prefetch(&slots[64 * home(f, p.buckets).0]);
        }
        for &f in feats {
            let (mut b, fp) = home(f, p.buckets);
            let s = loop {
                let bucket: &[u8; 64] = slots[64 * b..64 * b + 64].try_into().expect("64 bytes");
                let stop = stops(bucket, fp);
                if stop != 0 {
                    let j = stop.trailing_zeros() as usize;
                    break u64::from_le_bytes(bucket[8 * j..8 * j + 8].try_into().expect("8 bytes"));
                }
                b += 1;
                if b == p.buckets {
                    b = 0;
                }
            };
            if s == 0 {
                continue;
            }
            if s & INLINE != 0 {
                let mut add = |class: u64, code: u64| {
                    let c = &mut scores[class as usize];
                    *c = c.saturating_add(self.decode(code));
                };
                add(s & 0x7f, (s >> 7) & 0xff);
                if s & SECOND != 0 {
                    add((s >> 15) & 0x7f, (s >> 22) & 0xff);
                }
            } else {
                found[n_found] = p.rows_at + s as u32 as usize;
                n_found += 1;
            }
        }
        n_found
    }
}

/// Builds model files (the training binary's side of the format).
pub mod write {
    use super::*;

    /// One feature's weights: its hash and `(class, weight)` pairs (no zero weights).
    pub type Row = (u64, Vec<(u8, i16)>);

    /// The code book: magnitudes 1 … 4096 in steps of about 6.8%, by repeated multiplication
    /// (exactly rounded, so the same on every machine).
    fn book() -> [i16; BOOK] {
        let mut book = [0i16; BOOK];
        let mut v = 1.0f64;
        let step = 1.0678f64;
        for (k, b) in book.iter_mut().enumerate() {
            *b = (v.round() as i64).max(k as i64 + 1).min(i16::MAX as i64) as i16;
            v *= step;
        }
        // Strictly increasing (the first steps are below one unit).
        for k in 1..BOOK {
            if book[k] <= book[k - 1] {
                book[k] = book[k - 1] + 1;
            }
        }
        book
    }

    /// The code of the book entry nearest to `w`, if `w` is within the book's range.
    fn code(book: &[i16; BOOK], w: i16) -> Option<u64> {
        let m = w.unsigned_abs() as i32;
        if w == 0 || m > book[BOOK - 1] as i32 {
            return None;
        }
        let k = book.partition_point(|&b| (b as i32) < m);
        let k = if k > 0 && (k == BOOK || m - book[k - 1] as i32 <= book[k] as i32 - m) { k - 1 } else { k };
        Some(k as u64 | if w < 0 { 0x80 } else { 0 })
    }

    /// The buckets and rows for `rows` (hottest first).
    fn part(book: &[i16; BOOK], width: usize, rows: &[Row], dense_from: usize) -> (usize, Vec<u64>, Vec<u8>) {
        // Load about 0.85: a search that fails (most) usually ends in its home bucket.
        let n_buckets = (rows.len() * 100 / (85 * BUCKET) + 1).max(1);
        let mut slots = vec![0u64; n_buckets * BUCKET];
        let mut data: Vec<u8> = Vec::new();
        let q = |w: i32| w.clamp(i16::MIN as i32, i16::MAX as i32) as i16;
        // Two features whose fingerprints meet in one probe run would shadow each other: the
        // later one is dropped (rows come in a fixed order, so the result is too). With 31-bit
        // fingerprints this is rare.
        for (f, weights) in rows {
            let (mut b, fp) = home(*f, n_buckets);
            let free = 'find: loop {
                for j in 0..BUCKET {
                    let i = BUCKET * b + j;
                    if slots[i] == 0 {
                        break 'find Some(i);
                    }
                    if (slots[i] >> 32) as u32 == fp {
                        break 'find None;
                    }
                }
                b = (b + 1) % n_buckets;
            };
            let Some(i) = free else { continue };
            let mut row: Vec<(u8, i16)> = weights.iter().copied().filter(|e| e.1 != 0).collect();
            row.sort_unstable();
            if row.is_empty() {
                row.push((0, 0));
            }
            let codes: Vec<Option<u64>> = row.iter().map(|&(_, w)| code(book, w)).collect();
            if row.len() <= 2 && codes.iter().all(Option::is_some) {
                let mut s = ((fp as u64) << 32) | INLINE;
                for (k, (&(c, _), code)) in row.iter().zip(&codes).enumerate() {
                    let entry = c as u64 | (code.expect("checked") << 7);
                    s |= entry << (15 * k);
                }
                if row.len() == 2 {
                    s |= SECOND;
                }
                slots[i] = s;
                continue;
            }
            slots[i] = ((fp as u64) << 32) | data.len() as u64;
            if row.len() >= dense_from {
                let mut dense = vec![0i16; width];
                for &(c, w) in &row {
                    dense[c as usize] = q(w as i32);
                }
                data.push(DENSE);
                dense.iter().for_each(|w| data.extend_from_slice(&w.to_le_bytes()));
            } else {
                data.push(row.len() as u8);
                data.extend(row.iter().map(|e| e.0));
                row.iter().for_each(|e| data.extend_from_slice(&e.1.to_le_bytes()));
            }
        }
        assert!(data.len() < INLINE as usize, "rows area too large");
        (n_buckets, slots, data)
    }

    /// Appends a table section for `rows` (distinct hashes; hottest first, so that they sit in
    /// their home buckets and their rows lie together) to `out` (at a multiple of 64). Rows with
    /// at least `dense_from` weights are written dense; rows with one or two small weights inline.
    pub fn table(out: &mut Vec<u8>, classes: usize, features: usize, rows: &[Row], dense_from: usize) {
        assert!(classes <= MAX_CLASSES);
        let book = book();
        let (n_buckets, slots, data) = part(&book, width(classes), rows, dense_from);
        let start = out.len();
        let buckets_rel = TABLE_HEADER.div_ceil(64) * 64;
        let rows_rel = buckets_rel + 64 * n_buckets;
        for v in [classes, features, n_buckets, data.len(), buckets_rel, rows_rel] {
            out.extend_from_slice(&(v as u32).to_le_bytes());
        }
        book.iter().for_each(|b| out.extend_from_slice(&b.to_le_bytes()));
        out.resize(start + buckets_rel, 0);
        slots.iter().for_each(|s| out.extend_from_slice(&s.to_le_bytes()));
        out.extend_from_slice(&data);
    }

    /// How one table is written: classes, features per decision, rows (hottest first), and from
    /// how many weights a row is dense.
    pub type Spec<'a> = (usize, usize, &'a [Row], usize);

    /// A whole model file.
    pub fn model(tagger: Spec, parser: Spec, meta: &str) -> Vec<u8> {
        let mut out = vec![0u8; HEADER_LEN];
        out[..8].copy_from_slice(MAGIC);
        out[8..12].copy_from_slice(&FORMAT_VERSION.to_le_bytes());
        out[12..16].copy_from_slice(&FEATURES_VERSION.to_le_bytes());
        let mut sections = [(0u32, 0u32); 3];
        for (k, (classes, features, rows, dense_from)) in [tagger, parser].into_iter().enumerate() {
            // Sections start on 64-byte boundaries, so buckets are cache lines when the file is.
            out.resize(out.len().div_ceil(64) * 64, 0);
            let start = out.len();
            table(&mut out, classes, features, rows, dense_from);
            sections[k] = (start as u32, (out.len() - start) as u32);
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

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn book_codes_round_trip_closely() {
            let book = book();
            assert!(book.windows(2).all(|w| w[0] < w[1]));
            assert_eq!(book[0], 1);
            assert!(book[BOOK - 1] >= 4000, "{}", book[BOOK - 1]);
            for w in [1i16, -1, 2, 7, -30, 100, 999, -4000] {
                let c = code(&book, w).unwrap();
                let v = book[(c & 0x7f) as usize] * if c & 0x80 != 0 { -1 } else { 1 };
                assert!((v as f64 - w as f64).abs() <= 0.04 * w.abs() as f64 + 0.5, "{w} -> {v}");
            }
            assert_eq!(code(&book, 0), None);
            assert_eq!(code(&book, 30000), None);
        }
    }
}
