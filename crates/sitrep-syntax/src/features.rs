//! Feature extraction shared by training and parsing: per-token lexical hashes, the tagger's
//! feature templates and the parser's. Every feature is one `u64` hash: a template id mixed
//! with the values it combines. The same code computes features at training time and at parse
//! time, so the two can never disagree.

use crate::system::{State, NONE};

/// The 64-bit finalizer of MurmurHash3: a bijection that mixes every input bit into every
/// output bit. Feature hashes are final-mixed so their low bits (the table slot) and high bits
/// (the fingerprint) are both well spread.
#[inline]
pub(crate) const fn fmix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// FNV-1a over the bytes of `s`, seeded with a domain, final-mixed.
#[inline]
pub(crate) fn hash_str(domain: u64, s: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ domain.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for &b in s.as_bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    fmix(h)
}

/// A small value (tag code, label code, distance bucket, …) as a well-mixed hash in its domain.
#[inline]
pub(crate) const fn small(domain: u64, v: u64) -> u64 {
    fmix((domain << 40) ^ v ^ 0x5bd1_e995)
}

/// One feature: template `t` over up to three mixed values.
#[inline]
pub(crate) fn feat(t: u64, a: u64, b: u64, c: u64) -> u64 {
    fmix(small(0xfe, t) ^ a ^ b.rotate_left(21) ^ c.rotate_left(42))
}

const D_WORD: u64 = 1;
const D_SHAPE: u64 = 2;
const D_PREFIX: u64 = 3;
const D_SUFFIX: u64 = 4;
const D_TAG: u64 = 5;
const D_LABEL: u64 = 6;
const D_DIST: u64 = 7;
const D_VAL: u64 = 8;
const D_SPECIAL: u64 = 9;

/// The lexical hashes of one token, computed once per sentence.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Lex {
    /// The lower-cased form, ASCII digits as `0`.
    pub word: u64,
    /// Case-sensitive shape: `Xxxx`, `xxxx`, `dd.dd`, runs cut at four.
    pub shape: u64,
    pub prefix: u64,
    pub suffix2: u64,
    pub suffix3: u64,
    pub suffix4: u64,
}

/// Fills `out` with the lexical hashes of `words`, reusing `buf` for the normalized form.
pub(crate) fn lex_all(words: &[&str], out: &mut Vec<Lex>, buf: &mut String) {
    out.clear();
    out.extend(words.iter().map(|w| lex(w, buf)));
}

fn lex(word: &str, buf: &mut String) -> Lex {
    buf.clear();
    for c in word.chars() {
        if c.is_ascii() {
            buf.push(if c.is_ascii_digit() { '0' } else { c.to_ascii_lowercase() });
        } else {
            buf.extend(c.to_lowercase());
        }
    }
    let norm = buf.as_str();
    let suffix = |k: usize| {
        let start = norm.char_indices().rev().nth(k - 1).map_or(0, |(i, _)| i);
        hash_str(D_SUFFIX + 16 * k as u64, &norm[start..])
    };
    let prefix = norm.chars().next().map_or(0, |c| c as u64);
    let word_hash = hash_str(D_WORD, norm);
    let suffix2 = suffix(2);
    let suffix3 = suffix(3);
    let suffix4 = suffix(4);
    // The shape, hashed as it is made: class characters, runs of one class cut at four.
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let (mut last, mut run) = ('\0', 0);
    for c in word.chars() {
        let class = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if class == last {
            run += 1;
            if run > 4 {
                continue;
            }
        } else {
            last = class;
            run = 1;
        }
        h ^= class as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    Lex { word: word_hash, shape: small(D_SHAPE, h), prefix: small(D_PREFIX, prefix), suffix2, suffix3, suffix4 }
}

/// Mixed tag value (`NO_TAG` for none).
#[inline]
pub(crate) fn tag_value(t: u8) -> u64 {
    small(D_TAG, t as u64)
}

const NO_TAG: u8 = 254;
const ROOT_TAG: u8 = 253;

/// Number of tagger features per token.
pub(crate) const N_TAG_FEATS: usize = 20;

/// The tagger's features for token `i`, given the tags already chosen left of it.
pub(crate) fn tagger_features(lex: &[Lex], tags: &[u8], i: usize, out: &mut [u64; N_TAG_FEATS]) {
    let none = small(D_SPECIAL, 1);
    let at = |j: isize| -> Option<&Lex> {
        if j < 0 {
            None
        } else {
            lex.get(j as usize)
        }
    };
    let i_ = i as isize;
    let word = |j: isize| at(j).map_or(none ^ (j - i_) as u64, |l| l.word);
    let suf3 = |j: isize| at(j).map_or(none ^ (j - i_) as u64, |l| l.suffix3);
    let shape = |j: isize| at(j).map_or(none ^ (j - i_) as u64, |l| l.shape);
    let tag = |j: isize| tag_value(if j < 0 { NO_TAG } else { tags[j as usize] });
    let me = &lex[i];
    let (t1, t2) = (tag(i_ - 1), tag(i_ - 2));
    let first = small(D_SPECIAL, 2 + (i == 0) as u64);
    *out = [
        feat(0, 0, 0, 0),
        feat(1, me.word, 0, 0),
        feat(2, me.suffix2, 0, 0),
        feat(3, me.suffix3, 0, 0),
        feat(4, me.suffix4, 0, 0),
        feat(5, me.prefix, 0, 0),
        feat(6, me.shape, first, 0),
        feat(7, t1, 0, 0),
        feat(8, t1, t2, 0),
        feat(9, t1, me.word, 0),
        feat(10, word(i_ - 1), 0, 0),
        feat(11, suf3(i_ - 1), 0, 0),
        feat(12, word(i_ - 2), 0, 0),
        feat(13, word(i_ + 1), 0, 0),
        feat(14, suf3(i_ + 1), 0, 0),
        feat(15, word(i_ + 2), 0, 0),
        feat(16, shape(i_ + 1), 0, 0),
        feat(17, me.word, word(i_ + 1), 0),
        feat(18, word(i_ - 1), me.word, 0),
        feat(19, t1, me.suffix3, shape(i_ - 1)),
    ];
}

/// Per-token values the parser's features read: word, tag, and the two combined.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Node {
    pub w: u64,
    pub t: u64,
    pub wt: u64,
}

/// The parser's per-token values for a tagged sentence, plus the root (index `n`) and the
/// "no token" value (index `n + 1`).
pub(crate) fn nodes(lex: &[Lex], tags: &[u8], out: &mut Vec<Node>) {
    out.clear();
    out.extend(lex.iter().zip(tags).map(|(l, &t)| {
        let t = tag_value(t);
        Node { w: l.word, t, wt: fmix(l.word ^ t.rotate_left(17)) }
    }));
    let root = tag_value(ROOT_TAG);
    out.push(Node { w: small(D_SPECIAL, 10), t: root, wt: small(D_SPECIAL, 11) });
    let none = tag_value(NO_TAG);
    out.push(Node { w: small(D_SPECIAL, 12), t: none, wt: small(D_SPECIAL, 13) });
}

/// Number of parser features per state.
pub(crate) const N_PARSE_FEATS: usize = 66;

#[inline]
fn dist_bucket(d: usize) -> u64 {
    let b = match d {
        0..=4 => d,
        5..=7 => 5,
        8..=15 => 6,
        _ => 7,
    };
    small(D_DIST, b as u64)
}

#[inline]
fn val(v: u8) -> u64 {
    small(D_VAL, v.min(6) as u64)
}

/// The parser's features for a state (Zhang & Nivre 2011's templates, fitted to the
/// arc-hybrid system and trimmed).
pub(crate) fn parser_features(st: &State, nodes: &[Node], out: &mut [u64; N_PARSE_FEATS]) {
    let n = st.n;
    let none_ix = n + 1;
    let ix = |p: u16| if p == NONE { none_ix } else { p as usize };
    let depth = st.stack.len();
    let s0 = if depth > 0 { st.stack[depth - 1] } else { NONE };
    let s1 = if depth > 1 { st.stack[depth - 2] } else { NONE };
    let s2 = if depth > 2 { st.stack[depth - 3] } else { NONE };
    let b = st.b;
    let n0 = b as u16; // the root is index n
    let n1 = if b + 1 < n {
        (b + 1) as u16
    } else if b + 1 == n {
        n as u16
    } else {
        NONE
    };
    let n2 = if b + 2 < n {
        (b + 2) as u16
    } else if b + 2 == n {
        n as u16
    } else {
        NONE
    };
    let child = |p: u16, arr: &[u16]| if p == NONE || p as usize >= n { NONE } else { arr[p as usize] };
    let s0l = child(s0, &st.lc1);
    let s0l2 = child(s0, &st.lc2);
    let s0r = child(s0, &st.rc1);
    let s0r2 = child(s0, &st.rc2);
    let n0l = child(n0, &st.lc1);
    let n0l2 = child(n0, &st.lc2);
    let s1r = child(s1, &st.rc1);
    let s1l = child(s1, &st.lc1);
    let nd = |p: u16| &nodes[ix(p)];
    let lab = |p: u16| if p == NONE { small(D_LABEL, 255) } else { small(D_LABEL, st.labels[p as usize] as u64) };
    let (s0n, s1n, s2n, n0n, n1n, n2n) = (nd(s0), nd(s1), nd(s2), nd(n0), nd(n1), nd(n2));
    let (s0ln, s0rn, n0ln, s1rn) = (nd(s0l), nd(s0r), nd(n0l), nd(s1r));
    let (s0l2n, s0r2n, n0l2n) = (nd(s0l2), nd(s0r2), nd(n0l2));
    let d = if s0 == NONE { small(D_DIST, 99) } else { dist_bucket(b - s0 as usize) };
    let d1 = if s1 == NONE { small(D_DIST, 98) } else { dist_bucket((s0 - s1) as usize) };
    let tok = |p: u16| p != NONE && (p as usize) < n;
    let (s0vl, s0vr, n0vl) = (
        if tok(s0) { val(st.nl[s0 as usize]) } else { val(7) },
        if tok(s0) { val(st.nr[s0 as usize]) } else { val(7) },
        if tok(n0) { val(st.nl[n0 as usize]) } else { val(7) },
    );
    *out = [
        feat(0, s0n.w, 0, 0),
        feat(1, s0n.t, 0, 0),
        feat(2, s0n.wt, 0, 0),
        feat(3, n0n.w, 0, 0),
        feat(4, n0n.t, 0, 0),
        feat(5, n0n.wt, 0, 0),
        feat(6, n1n.w, 0, 0),
        feat(7, n1n.t, 0, 0),
        feat(8, n1n.wt, 0, 0),
        feat(9, n2n.w, 0, 0),
        feat(10, n2n.t, 0, 0),
        feat(11, s1n.w, 0, 0),
        feat(12, s1n.t, 0, 0),
        feat(13, s1n.wt, 0, 0),
        feat(14, s2n.t, 0, 0),
        feat(15, s0ln.w, 0, 0),
        feat(16, s0ln.t, 0, 0),
        feat(17, lab(s0l), 0, 0),
        feat(18, s0rn.w, 0, 0),
        feat(19, s0rn.t, 0, 0),
        feat(20, lab(s0r), 0, 0),
        feat(21, n0ln.w, 0, 0),
        feat(22, n0ln.t, 0, 0),
        feat(23, lab(n0l), 0, 0),
        feat(24, s1rn.t, 0, 0),
        feat(25, lab(s1r), 0, 0),
        feat(26, nd(s1l).t, 0, 0),
        feat(27, s0l2n.t, lab(s0l2), 0),
        feat(28, s0r2n.t, lab(s0r2), 0),
        feat(29, n0l2n.t, lab(n0l2), 0),
        feat(30, s0n.wt, n0n.wt, 0),
        feat(31, s0n.wt, n0n.w, 0),
        feat(32, s0n.w, n0n.wt, 0),
        feat(33, s0n.wt, n0n.t, 0),
        feat(34, s0n.t, n0n.wt, 0),
        feat(35, s0n.w, n0n.w, 0),
        feat(36, s0n.t, n0n.t, 0),
        feat(37, n0n.t, n1n.t, 0),
        feat(38, n0n.t, n1n.t, n2n.t),
        feat(39, s0n.t, n0n.t, n1n.t),
        feat(40, s0n.t, n0n.t, n0ln.t),
        feat(41, s0n.t, s0ln.t, n0n.t),
        feat(42, s0n.t, s0rn.t, n0n.t),
        feat(43, s1n.t, s0n.t, n0n.t),
        feat(44, s1n.t, s0n.t, 0),
        feat(45, s1n.w, s0n.w, 0),
        feat(46, s1n.t, s0n.w, 0),
        feat(47, s1n.w, s0n.t, 0),
        feat(48, s1n.t, s1rn.t, s0n.t),
        feat(49, s0n.t, s0ln.t, s0l2n.t),
        feat(50, s0n.t, s0rn.t, s0r2n.t),
        feat(51, n0n.t, n0ln.t, n0l2n.t),
        feat(52, s0n.w, d, 0),
        feat(53, s0n.t, d, 0),
        feat(54, n0n.w, d, 0),
        feat(55, n0n.t, d, 0),
        feat(56, s0n.w, n0n.w, d),
        feat(57, s0n.t, n0n.t, d),
        feat(58, s1n.t, s0n.t, d1),
        feat(59, s1n.t, s0n.w, d1),
        feat(60, s0n.w, s0vr, 0),
        feat(61, s0n.t, s0vr, 0),
        feat(62, s0n.w, s0vl, 0),
        feat(63, s0n.t, s0vl, 0),
        feat(64, n0n.w, n0vl, 0),
        feat(65, n0n.t, n0vl, 0),
    ];
}
