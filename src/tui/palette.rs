//! The Ctrl-P "go to account" palette.

use crate::fuzzy::Matcher;
use crate::name_list::NameList;

pub struct Palette {
    pub input: String,
    pub matcher: Matcher,
    pub selected: usize,
    /// The account whose id is what was typed (`DEMO-003`), listed first: names are
    /// what the palette matches, but people paste ids from their CRM too.
    pub by_id: Option<usize>,
    /// Accounts found by a contact's name or a note's text (from three characters),
    /// listed after the name matches with the text that matched.
    pub also: Vec<crate::domain::search::SearchHit>,
}

/// One row of the palette: an account by name (index into the names) or one found in
/// a contact or a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Entry {
    Name(usize),
    Found(usize),
}

impl Palette {
    pub fn new(names: &NameList) -> Palette {
        let mut p = Palette {
            input: String::new(),
            matcher: Matcher::default(),
            selected: 0,
            by_id: None,
            also: Vec::new(),
        };
        p.matcher.update(names.names(), "");
        p
    }

    pub fn push(&mut self, c: char, names: &NameList) {
        self.input.push(c);
        self.refresh(names);
    }

    pub fn pop(&mut self, names: &NameList) {
        self.input.pop();
        self.refresh(names);
    }

    /// The names were read again (or first landed, in a large book): what was typed
    /// is matched against them afresh.
    pub fn renew(&mut self, names: &NameList) {
        self.matcher = Matcher::default();
        self.refresh(names);
    }

    fn refresh(&mut self, names: &NameList) {
        self.matcher.update(names.names(), &self.input);
        self.by_id = names.find_id(&self.input);
        self.selected = 0;
    }

    /// How many rows the palette lists.
    pub fn len(&self) -> usize {
        self.names_len() + self.also.len()
    }

    fn names_len(&self) -> usize {
        self.matcher.len() + usize::from(self.by_id.is_some())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The palette's `row`-th entry.
    pub fn entry(&self, row: usize) -> Option<Entry> {
        let n = self.names_len();
        if row >= n {
            return (row - n < self.also.len()).then_some(Entry::Found(row - n));
        }
        match (self.by_id, row) {
            (Some(i), 0) => Some(Entry::Name(i)),
            (Some(_), r) => self.matcher.get(r - 1).map(Entry::Name),
            (None, r) => self.matcher.get(r).map(Entry::Name),
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        let n = self.len();
        if n > 0 {
            self.selected = (self.selected as isize + delta).clamp(0, n as isize - 1) as usize;
        }
    }

    /// The id of the chosen account.
    pub fn chosen_id(&self, names: &NameList) -> Option<String> {
        match self.entry(self.selected)? {
            Entry::Name(i) => (i < names.len()).then(|| names.id(i).to_string()),
            Entry::Found(i) => self.also.get(i).map(|h| h.account_id.clone()),
        }
    }
}
