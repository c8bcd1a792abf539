//! The Ctrl-P "go to account" palette.

use crate::fuzzy::Matcher;

pub struct Palette {
    pub input: String,
    pub matcher: Matcher,
    pub selected: usize,
    /// The account whose id is what was typed (`DEMO-003`), listed first: names are
    /// what the palette matches, but people paste ids from their CRM too.
    pub by_id: Option<usize>,
}

impl Palette {
    pub fn new(names: &[String]) -> Palette {
        let mut p = Palette {
            input: String::new(),
            matcher: Matcher::default(),
            selected: 0,
            by_id: None,
        };
        p.matcher.update(names, "");
        p
    }

    pub fn push(&mut self, c: char, names: &[String], ids: &[String]) {
        self.input.push(c);
        self.refresh(names, ids);
    }

    pub fn pop(&mut self, names: &[String], ids: &[String]) {
        self.input.pop();
        self.refresh(names, ids);
    }

    fn refresh(&mut self, names: &[String], ids: &[String]) {
        self.matcher.update(names, &self.input);
        self.by_id = crate::resolve::by_id(ids, &self.input);
        self.selected = 0;
    }

    /// How many rows the palette lists.
    pub fn len(&self) -> usize {
        self.matcher.hits().len() + usize::from(self.by_id.is_some())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Index (into the names) of the palette's `row`-th entry.
    pub fn entry(&self, row: usize) -> Option<usize> {
        match (self.by_id, row) {
            (Some(i), 0) => Some(i),
            (Some(_), r) => self.matcher.hits().get(r - 1).map(|h| h.index),
            (None, r) => self.matcher.hits().get(r).map(|h| h.index),
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        let n = self.len();
        if n > 0 {
            self.selected = (self.selected as isize + delta).clamp(0, n as isize - 1) as usize;
        }
    }

    /// Index (into the names) of the chosen account.
    pub fn chosen(&self) -> Option<usize> {
        self.entry(self.selected)
    }
}
