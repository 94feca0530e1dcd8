//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez & Satta 2011) with the root
//! at the end of the buffer, and its dynamic oracle (Goldberg & Nivre 2013).
//!
//! Configuration: a stack, a buffer `b..n` followed by the root (index `n`), and the arcs
//! made so far. Transitions:
//!
//! - `SHIFT`: push the buffer front (never the root);
//! - `LEFT(l)`: the buffer front becomes the head of the stack top, which is popped; with the
//!   root at the front only when the stack holds one word (which becomes the sentence root);
//! - `RIGHT(l)`: the word below the stack top becomes its head; the top is popped.
//!
//! Every word is popped exactly once, with a head; the root takes exactly one dependent and only
//! as the very last transition. So every transition sequence, whatever the scores, ends in a
//! single projective tree, in exactly `2n` transitions.

/// "No token" in the `u16` arrays.
pub(crate) const NONE: u16 = u16::MAX;

/// Label codes are [`crate::Dep`] codes; code 0 is `ROOT`. Classes: `SHIFT`, then `LEFT(l)` for
/// l in 1..N_LABELS, then `RIGHT(l)`.
pub(crate) const N_LABELS: usize = 45;
pub(crate) const N_CLASSES: usize = 1 + 2 * (N_LABELS - 1);
pub(crate) const SHIFT: usize = 0;

#[inline]
pub(crate) fn left(label: u8) -> usize {
    label as usize
}

#[inline]
pub(crate) fn right(label: u8) -> usize {
    N_LABELS - 1 + label as usize
}

/// The move and label of a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    Shift,
    Left(u8),
    Right(u8),
}

#[inline]
pub(crate) fn decode(class: usize) -> Move {
    if class == SHIFT {
        Move::Shift
    } else if class < N_LABELS {
        Move::Left(class as u8)
    } else {
        Move::Right((class - (N_LABELS - 1)) as u8)
    }
}

/// A parser configuration, with the child links the features read. Reused across sentences.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub n: usize,
    pub stack: Vec<u16>,
    /// Buffer front; `n` is the root.
    pub b: usize,
    pub heads: Vec<u16>,
    pub labels: Vec<u8>,
    /// Leftmost and second-leftmost left child; rightmost and second-rightmost right child.
    pub lc1: Vec<u16>,
    pub lc2: Vec<u16>,
    pub rc1: Vec<u16>,
    pub rc2: Vec<u16>,
    /// Numbers of left and right children (saturating).
    pub nl: Vec<u8>,
    pub nr: Vec<u8>,
}

/// Which kinds of transition are legal.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Legal {
    pub shift: bool,
    pub left: bool,
    pub right: bool,
    /// The only legal transition attaches the last word to the root.
    pub to_root: bool,
}

impl Legal {
    /// The transition there is no choice about (attach to the root; shift when no arc is
    /// legal), or `None` when the classifier must choose. Parsing and training share it.
    pub fn forced(self) -> Option<Move> {
        if self.to_root {
            Some(Move::Left(0))
        } else if !self.left && !self.right {
            Some(Move::Shift)
        } else {
            None
        }
    }
}

impl State {
    pub fn reset(&mut self, n: usize) {
        debug_assert!(n < NONE as usize - 1);
        self.n = n;
        self.b = 0;
        self.stack.clear();
        for v in [&mut self.heads, &mut self.lc1, &mut self.lc2, &mut self.rc1, &mut self.rc2] {
            v.clear();
            v.resize(n, NONE);
        }
        for v in [&mut self.labels, &mut self.nl, &mut self.nr] {
            v.clear();
            v.resize(n, 0);
        }
    }

    pub fn is_terminal(&self) -> bool {
        self.b == self.n && self.stack.is_empty()
    }

    pub fn legal(&self) -> Legal {
        let depth = self.stack.len();
        let at_root = self.b == self.n;
        Legal { shift: !at_root, left: depth > 0 && (!at_root || depth == 1), right: depth > 1, to_root: at_root && depth == 1 }
    }

    /// Applies a legal move. (`Left` at the root ignores its label: the dependent is `ROOT`.)
    pub fn apply(&mut self, m: Move) {
        match m {
            Move::Shift => {
                self.stack.push(self.b as u16);
                self.b += 1;
            }
            Move::Left(label) => {
                let d = self.stack.pop().expect("LEFT needs a stack");
                if self.b == self.n {
                    self.heads[d as usize] = d;
                    self.labels[d as usize] = 0;
                } else {
                    let h = self.b;
                    self.attach(h, d, label);
                    // Left children arrive right to left.
                    self.lc2[h] = self.lc1[h];
                    self.lc1[h] = d;
                    self.nl[h] = self.nl[h].saturating_add(1);
                }
            }
            Move::Right(label) => {
                let d = self.stack.pop().expect("RIGHT needs two on the stack");
                let h = *self.stack.last().expect("RIGHT needs two on the stack") as usize;
                self.attach(h, d, label);
                // Right children arrive left to right.
                self.rc2[h] = self.rc1[h];
                self.rc1[h] = d;
                self.nr[h] = self.nr[h].saturating_add(1);
            }
        }
    }

    #[inline]
    fn attach(&mut self, h: usize, d: u16, label: u8) {
        self.heads[d as usize] = h as u16;
        self.labels[d as usize] = label;
    }
}

/// A gold tree for the dynamic oracle: heads with the root as `n`, labels, and each word's
/// dependents.
#[derive(Debug, Default)]
pub(crate) struct Gold {
    pub heads: Vec<u16>,
    pub labels: Vec<u8>,
    deps_start: Vec<u32>,
    deps: Vec<u16>,
    on_stack: Vec<bool>,
}

impl Gold {
    /// `heads[i] == n` marks the root.
    pub fn set(&mut self, heads: &[u16], labels: &[u8]) {
        let n = heads.len();
        self.heads.clear();
        self.heads.extend_from_slice(heads);
        self.labels.clear();
        self.labels.extend_from_slice(labels);
        let mut count = vec![0u32; n + 2];
        for &h in heads {
            if (h as usize) < n {
                count[h as usize + 1] += 1;
            }
        }
        for i in 0..=n {
            count[i + 1] += count[i];
        }
        self.deps_start = count.clone();
        self.deps.clear();
        self.deps.resize(count[n] as usize, 0);
        let mut fill = count;
        for (d, &h) in heads.iter().enumerate() {
            if (h as usize) < n {
                self.deps[fill[h as usize] as usize] = d as u16;
                fill[h as usize] += 1;
            }
        }
        self.on_stack.clear();
        self.on_stack.resize(n, false);
    }

    fn deps(&self, h: usize) -> &[u16] {
        &self.deps[self.deps_start[h] as usize..self.deps_start[h + 1] as usize]
    }

    /// Keeps stack membership in step with the state: call with the state *before* applying `m`.
    pub fn track(&mut self, st: &State, m: Move) {
        match m {
            Move::Shift => self.on_stack[st.b] = true,
            Move::Left(_) | Move::Right(_) => {
                if let Some(&s0) = st.stack.last() {
                    self.on_stack[s0 as usize] = false;
                }
            }
        }
    }

    /// Structural costs (gold arcs made unreachable) of SHIFT, LEFT and RIGHT; `u32::MAX` when
    /// illegal. Needs every transition so far passed to [`Gold::track`].
    pub fn costs(&self, st: &State, legal: Legal) -> [u32; 3] {
        let n = st.n;
        let b = st.b;
        let depth = st.stack.len();
        let in_buffer = |k: usize| k >= b; // the root (n) is always in the buffer
        let deps_in_buffer = |h: usize| self.deps(h).iter().filter(|&&k| in_buffer(k as usize)).count() as u32;
        let mut costs = [u32::MAX; 3];
        if legal.shift {
            // b loses a head deeper in the stack than s0, and its dependents on the stack.
            let s0 = if depth > 0 { st.stack[depth - 1] as usize } else { usize::MAX };
            let h = self.heads[b] as usize;
            let mut c = (h < n && h != s0 && self.on_stack[h]) as u32;
            c += self.deps(b).iter().filter(|&&k| self.on_stack[k as usize]).count() as u32;
            costs[0] = c;
        }
        if depth > 0 {
            let s0 = st.stack[depth - 1] as usize;
            let h = self.heads[s0] as usize;
            let own = deps_in_buffer(s0);
            if legal.left {
                // s0 loses a head in s1 or the buffer other than b, and its buffer dependents.
                let s1 = if depth > 1 { st.stack[depth - 2] as usize } else { usize::MAX };
                costs[1] = ((h != b && (h == s1 || in_buffer(h))) as u32) + own;
            }
            if legal.right {
                // s0 loses a head in the buffer, and its buffer dependents.
                costs[2] = in_buffer(h) as u32 + own;
            }
        }
        costs
    }

    /// Whether `LEFT`/`RIGHT` would make the gold arc, so that only its gold label is free.
    pub fn arc_label(&self, st: &State, m: Move) -> Option<u8> {
        let depth = st.stack.len();
        let s0 = *st.stack.last()? as usize;
        let h = self.heads[s0] as usize;
        let gold_here = match m {
            Move::Left(_) => h == st.b,
            Move::Right(_) => depth > 1 && h == st.stack[depth - 2] as usize,
            Move::Shift => false,
        };
        gold_here.then(|| self.labels[s0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Following the cheapest transition from the start reproduces any projective gold tree.
    #[test]
    fn oracle_reproduces_projective_trees() {
        // "the man saw a dog with a tail" (heads 0-based, root = n)
        let n = 8;
        let heads: Vec<u16> = vec![1, 2, 8, 4, 2, 4, 7, 5];
        let labels: Vec<u8> = vec![20, 29, 0, 20, 21, 39, 20, 35];
        let mut gold = Gold::default();
        gold.set(&heads, &labels);
        let mut st = State::default();
        st.reset(n);
        while !st.is_terminal() {
            let legal = st.legal();
            let costs = gold.costs(&st, legal);
            let k = (0..3).min_by_key(|&k| costs[k]).unwrap();
            assert_eq!(costs[k], 0, "a zero-cost transition exists");
            let m = match k {
                0 => Move::Shift,
                1 => Move::Left(gold.arc_label(&st, Move::Left(1)).unwrap_or(1)),
                _ => Move::Right(gold.arc_label(&st, Move::Right(1)).unwrap_or(1)),
            };
            gold.track(&st, m);
            st.apply(m);
        }
        let want: Vec<u16> = heads.iter().enumerate().map(|(i, &h)| if h as usize == n { i as u16 } else { h }).collect();
        assert_eq!(st.heads, want);
        assert_eq!(&st.labels[..2], &labels[..2]);
    }
}
