//! `y`: copies what the pane is about to the clipboard — the account's pre-call brief
//! (queue and account panes), the proposal's e-mail text, the customer-facing save
//! plan — through the terminal (OSC 52), so it works over SSH and inside tmux. What a
//! customer could receive goes through the same checks as an export: a proposal with
//! unapproved options is not copied.

use crate::tui::app::{App, Pane};

impl App {
    pub(crate) fn copy_current(&mut self) {
        let made = match self.pane {
            Pane::Queue | Pane::Account => self.brief_text().map(|t| ("the brief", t)),
            Pane::Proposal => self
                .proposal_text()
                .map(|t| ("the proposal's e-mail text", t)),
            Pane::Portfolio => {
                Err("nothing to copy here — runway report writes the weekly report".into())
            }
            Pane::Save => self
                .save_plan_text()
                .map(|t| ("the customer-facing save plan", t)),
        };
        self.message = Some(match made {
            Ok((what, text)) => match self.send_to_clipboard(&text) {
                Ok(()) => format!(
                    "copied {what}: {} characters, through the terminal (OSC 52)",
                    text.chars().count()
                ),
                Err(e) => format!("not copied: {e}"),
            },
            Err(e) => format!("not copied: {e}"),
        });
    }

    /// Sends `text` to the terminal's clipboard; in tests (no terminal) it is only
    /// kept in `copied`.
    fn send_to_clipboard(&mut self, text: &str) -> std::io::Result<()> {
        if text.len() > crate::tui::clipboard::MAX_BYTES {
            return Err(std::io::Error::other(format!(
                "{} kB is more than terminals take through OSC 52 ({} kB); export it instead",
                text.len() / 1000,
                crate::tui::clipboard::MAX_BYTES / 1000
            )));
        }
        if self.osc52 {
            crate::tui::clipboard::copy(text)?;
        }
        self.copied = Some(text.to_string());
        Ok(())
    }

    /// The brief of the account the pane is about: the opened one, or in the queue
    /// the selected row's (read without opening it: copying changes nothing else).
    fn brief_text(&self) -> Result<String, String> {
        let queued;
        let d = if self.pane == Pane::Queue {
            let id = self
                .queue
                .selected()
                .map(|r| &r.facts.account_id)
                .ok_or("no account selected")?;
            queued = self
                .store
                .account_detail(id, &self.cfg, self.today)
                .map_err(|e| e.to_string())?
                .ok_or("the account is no longer in the book")?;
            &queued
        } else {
            self.acct.detail.as_ref().ok_or("no account open")?
        };
        self.brief_of(d).map_err(|e| e.to_string())
    }

    fn save_plan_text(&self) -> Result<String, String> {
        let (plan, view) = self
            .save_plan_view()
            .ok_or("no save plan for this account")?;
        Ok(crate::io::save_plan::customer_markdown(
            &plan, &view, self.today,
        ))
    }
}
