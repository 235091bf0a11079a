//! Pairing the entries of two versions of a collection: by key
//! ([`keyed_by`]: removed, kept, added) or, for entries without one key,
//! by position in passes ([`Pairing`]).

/// How one entry of a keyed collection (properties, enum values, component
/// schemas, response statuses, media types, callback names) fared between
/// the two documents.
#[derive(Clone, Copy)]
pub(super) enum Keyed<'k, T> {
    Removed(&'k T),
    Added(&'k T),
    /// In both: the base's entry, then the head's.
    Kept(&'k T, &'k T),
}

/// The one added/removed/kept pairing of entries by `key`: the base's
/// entries in order (removed or kept), then the head's new ones.
pub(super) fn keyed_by<'k, T, K: PartialEq>(base: &'k [T], head: &'k [T], key: impl Fn(&T) -> K) -> Vec<Keyed<'k, T>> {
    let head_keys: Vec<K> = head.iter().map(&key).collect();
    let mut in_base = Vec::with_capacity(base.len());
    let mut out: Vec<Keyed<'k, T>> = base
        .iter()
        .map(|b| {
            let k = key(b);
            let found = head_keys.iter().position(|h| *h == k);
            in_base.push(k);
            match found {
                Some(j) => Keyed::Kept(b, &head[j]),
                None => Keyed::Removed(b),
            }
        })
        .collect();
    out.extend(
        head.iter()
            .zip(&head_keys)
            .filter(|(_, k)| !in_base.contains(k))
            .map(|(h, _)| Keyed::Added(h)),
    );
    out
}

/// Two lists paired by position in passes, for collections whose entries
/// have no single key (parameters, union alternatives): each pass pairs
/// every base entry still unpaired with the first unpaired head entry the
/// pass's test accepts.
pub(super) struct Pairing {
    pub(super) pairs: Vec<(usize, usize)>,
    /// Base entries not paired yet, in order.
    pub(super) left: Vec<usize>,
    /// Head entries already paired.
    pub(super) used: Vec<bool>,
}

impl Pairing {
    pub(super) fn new(base: usize, head: usize) -> Self {
        Pairing {
            pairs: Vec::new(),
            left: (0..base).collect(),
            used: vec![false; head],
        }
    }

    pub(super) fn pair(&mut self, i: usize, j: usize) {
        self.used[j] = true;
        self.pairs.push((i, j));
    }

    /// One pass; returns how many pairs there were before it, so that the
    /// caller can look at the pairs this pass made.
    pub(super) fn pass(&mut self, mut accepts: impl FnMut(usize, usize) -> bool) -> usize {
        let before = self.pairs.len();
        for i in std::mem::take(&mut self.left) {
            match (0..self.used.len()).find(|&j| !self.used[j] && accepts(i, j)) {
                Some(j) => self.pair(i, j),
                None => self.left.push(i),
            }
        }
        before
    }

    /// Head entries no pass paired.
    pub(super) fn unpaired_head(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.used.len()).filter(|&j| !self.used[j])
    }
}

/// [`keyed_by`] for collections of names.
pub(super) fn keyed<'k>(base: &'k [String], head: &'k [String]) -> Vec<Keyed<'k, String>> {
    keyed_by(base, head, |k| k.clone())
}
