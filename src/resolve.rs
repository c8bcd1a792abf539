//! One resolver for what a person types to name an account, used by every command,
//! and `:goto` (the palette's id lookup, `NameList::find_id`, agrees with its id
//! steps), so `runway account X` and `runway save X`
//! can never disagree about which account X is.
//!
//! Order: the exact id; the id ignoring case; the exact name (ignoring case); a
//! unique name containing every typed word; a unique fuzzy match. The first step
//! that finds anything decides: one account is the answer, several are ambiguous.

use crate::name_list::Texts;

/// What a query names.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    One(usize),
    /// Several candidates, best first (indexes into the lists).
    Many(Vec<usize>),
    None,
}

/// Resolves `query` against index-aligned `ids` and `names`.
pub fn resolve<I: Texts + ?Sized, N: Texts + ?Sized>(ids: &I, names: &N, query: &str) -> Resolved {
    let q = query.trim();
    if q.is_empty() {
        return Resolved::None;
    }
    if let Some(i) = (0..ids.count()).find(|&i| ids.text(i) == q) {
        return Resolved::One(i);
    }
    let decide = |found: Vec<usize>| match found.as_slice() {
        [] => None,
        [one] => Some(Resolved::One(*one)),
        _ => Some(Resolved::Many(found)),
    };
    let by_id: Vec<usize> = (0..ids.count())
        .filter(|&i| ids.text(i).eq_ignore_ascii_case(q))
        .collect();
    if let Some(r) = decide(by_id) {
        return r;
    }
    let lower = q.to_lowercase();
    let exact: Vec<usize> = (0..names.count())
        .filter(|&i| names.text(i).to_lowercase() == lower)
        .collect();
    if let Some(r) = decide(exact) {
        return r;
    }
    // Whole words as typed beat a scattered match: "copperleaf" is Copperleaf Hotels,
    // not Copper Kettle Cafe that fuzzy matching would also offer.
    let words: Vec<&str> = lower.split_whitespace().collect();
    let containing: Vec<usize> = (0..names.count())
        .filter(|&i| {
            let n = names.text(i).to_lowercase();
            words.iter().all(|w| n.contains(w))
        })
        .collect();
    if let Some(r) = decide(containing) {
        return r;
    }
    let fuzzy: Vec<usize> = crate::fuzzy::search(names, 0..names.count(), q)
        .into_iter()
        .map(|h| h.index)
        .collect();
    decide(fuzzy).unwrap_or(Resolved::None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> (Vec<String>, Vec<String>) {
        let rows = [
            ("DEMO-001", "Copperleaf Hotels"),
            ("DEMO-002", "Copper Kettle Cafe"),
            ("DEMO-003", "Blue Heron Bakeries"),
            ("DEMO-004", "Heron Point Dental"),
            ("demo-005", "Heron"),
            ("X-1", "DEMO-003 Holdings"),
        ];
        rows.iter()
            .map(|(i, n)| (i.to_string(), n.to_string()))
            .unzip()
    }

    #[test]
    fn the_order_is_id_name_words_fuzzy() {
        let (ids, names) = book();
        let r = |q| resolve(&ids, &names, q);
        // Exact id beats a name that contains it.
        assert_eq!(r("DEMO-003"), Resolved::One(2));
        // Id ignoring case.
        assert_eq!(r("demo-001"), Resolved::One(0));
        // Exact name beats names containing it ("Heron" is in three names).
        assert_eq!(r("heron"), Resolved::One(4));
        // Whole word contained beats a fuzzy match over two names.
        assert_eq!(r("copperleaf"), Resolved::One(0));
        assert_eq!(r("heron bak"), Resolved::One(2));
        // Several names containing the words are ambiguous.
        assert_eq!(r("copper"), Resolved::Many(vec![0, 1]));
        // Nothing contains "cplfhtl", one name matches it fuzzily.
        assert_eq!(r("cplfhtl"), Resolved::One(0));
        assert_eq!(r("zzz"), Resolved::None);
        assert_eq!(r("  "), Resolved::None);
    }
}
