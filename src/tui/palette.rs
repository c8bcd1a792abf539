//! The Ctrl-P "go to account" palette.

use crate::fuzzy::Matcher;

pub struct Palette {
    pub input: String,
    pub matcher: Matcher,
    pub selected: usize,
}

impl Palette {
    pub fn new(names: &[String]) -> Palette {
        let mut p = Palette {
            input: String::new(),
            matcher: Matcher::default(),
            selected: 0,
        };
        p.matcher.update(names, "");
        p
    }

    pub fn push(&mut self, c: char, names: &[String]) {
        self.input.push(c);
        self.refresh(names);
    }

    pub fn pop(&mut self, names: &[String]) {
        self.input.pop();
        self.refresh(names);
    }

    fn refresh(&mut self, names: &[String]) {
        self.matcher.update(names, &self.input);
        self.selected = 0;
    }

    pub fn move_by(&mut self, delta: isize) {
        let n = self.matcher.hits().len();
        if n > 0 {
            self.selected = (self.selected as isize + delta).clamp(0, n as isize - 1) as usize;
        }
    }

    /// Index (into the names) of the chosen account.
    pub fn chosen(&self) -> Option<usize> {
        self.matcher.hits().get(self.selected).map(|h| h.index)
    }
}
