//! Keys as data. Every action has a name, a section, a description and default keys;
//! the user's `[keys]` table overrides them by name. The footer hints and the `?`
//! overlay are generated from this table, so they always tell the truth.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    // Everywhere
    Quit,
    Help,
    Palette,
    CommandLine,
    NextPane,
    PrevPane,
    FocusNext,
    FocusPrev,
    PaneQueue,
    PaneAccount,
    PaneSave,
    PaneProposal,
    PanePortfolio,
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    Open,
    Back,
    Undo,
    Redo,
    Reload,
    Copy,
    // Queue
    Why,
    Agenda,
    CycleWindow,
    SortNext,
    SortReverse,
    Filter,
    FilterMine,
    FilterSegment,
    FilterHealth,
    FilterStage,
    FilterAtRisk,
    FilterBehind,
    FilterStalled,
    ShowSnoozed,
    ToggleStepsDue,
    Mark,
    MarkAll,
    NewAccount,
    AdvanceStage,
    SetStage,
    MilestoneDone,
    AssignOwner,
    Snooze,
    SetProbability,
    AddNote,
    FlagAtRisk,
    CloseRenewal,
    // Account
    AddStakeholder,
    EditStakeholder,
    RemoveStakeholder,
    MarkDeparted,
    LogSignal,
    EditSegment,
    WriteBrief,
    AccountNote,
    AccountMilestoneDone,
    ResolveSignal,
    Zoom,
    // Proposal
    TierLeft,
    TierRight,
    EditTier,
    Recommend,
    ToggleBundle,
    SetProposalStatus,
    AcceptTier,
    ExportProposal,
    ValueFraming,
    ApproveTier,
    RulesInFull,
    // Save plan
    SaveStart,
    SaveAssess,
    SaveAddItem,
    SaveEditItem,
    SaveDeleteItem,
    SaveCycleStatus,
    SaveQuickFix,
    SaveAddConcession,
    SaveApprove,
    SaveEscalate,
    SaveExport,
    SaveClose,
    SaveLogHours,
    // Portfolio
    PortfolioZoom,
    PortfolioWhy,
    PeriodNext,
    PeriodPrev,
    TeamSort,
    TeamGroup,
    SetCategory,
}

/// Where a key applies: everywhere, or only on one pane (checked first, so a pane
/// may reuse a letter another pane uses for something else).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ctx {
    Global,
    Queue,
    Account,
    Save,
    Proposal,
    Portfolio,
}

/// One row of the key table.
pub struct Binding {
    pub action: Action,
    pub name: &'static str,
    pub ctx: Ctx,
    pub section: &'static str,
    pub help: &'static str,
    /// Short label for the footer; `None` keeps it out of the footer.
    pub hint: Option<&'static str>,
    pub defaults: &'static [&'static str],
}

const fn b(
    action: Action,
    name: &'static str,
    ctx: Ctx,
    section: &'static str,
    help: &'static str,
    hint: Option<&'static str>,
    defaults: &'static [&'static str],
) -> Binding {
    Binding {
        action,
        name,
        ctx,
        section,
        help,
        hint,
        defaults,
    }
}

use Ctx::{Account as A, Global as G, Portfolio as F, Proposal as P, Queue as Q, Save as S};

#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    b(Action::Help, "help", G, "General", "Show or hide this help", Some("help"), &["?"]),
    b(Action::Palette, "palette", G, "General", "Go to an account by name (fuzzy)", Some("go to"), &["ctrl-p"]),
    b(Action::CommandLine, "command_line", G, "General", "Command line (:goto NAME, :q)", None, &[":"]),
    b(Action::Undo, "undo", G, "General", "Undo your last change, in any pane", Some("undo"), &["u"]),
    b(Action::Redo, "redo", G, "General", "Redo what you undid", None, &["ctrl-r"]),
    b(Action::Copy, "copy", G, "General", "Copy the brief, proposal text or save plan to the clipboard (OSC 52)", None, &["y"]),
    b(Action::Reload, "reload", G, "General", "Read the book again from the file", None, &["ctrl-l"]),
    b(Action::Quit, "quit", G, "General", "Quit (Ctrl-C always quits)", Some("quit"), &["q"]),
    b(Action::Back, "back", G, "General", "Close the overlay, clear filters, or go back", None, &["esc"]),
    b(Action::PaneQueue, "pane_queue", G, "Panes", "Renewal queue", None, &["1"]),
    b(Action::PaneAccount, "pane_account", G, "Panes", "Account and stakeholder map", None, &["2"]),
    b(Action::PaneSave, "pane_save", G, "Panes", "Save plan", None, &["3"]),
    b(Action::PaneProposal, "pane_proposal", G, "Panes", "Proposal builder", None, &["4"]),
    b(Action::PanePortfolio, "pane_portfolio", G, "Panes", "Portfolio: forecast, what moved, team, risk, win/loss", None, &["5"]),
    b(Action::FocusNext, "focus_next", G, "Panes", "Next panel (the next pane where a pane is one panel)", None, &["tab"]),
    b(Action::FocusPrev, "focus_prev", G, "Panes", "Previous panel (or pane)", None, &["backtab"]),
    b(Action::NextPane, "next_pane", G, "Panes", "Next pane", None, &["]"]),
    b(Action::PrevPane, "prev_pane", G, "Panes", "Previous pane", None, &["["]),
    b(Action::Down, "down", G, "Moving", "Down one row", None, &["j", "down"]),
    b(Action::Up, "up", G, "Moving", "Up one row", None, &["k", "up"]),
    b(Action::Top, "top", G, "Moving", "First row", None, &["g", "home"]),
    b(Action::Bottom, "bottom", G, "Moving", "Last row", None, &["G", "end"]),
    b(Action::PageDown, "page_down", G, "Moving", "Half a page down", None, &["ctrl-d", "pagedown"]),
    b(Action::PageUp, "page_up", G, "Moving", "Half a page up", None, &["ctrl-u", "pageup"]),
    b(Action::Open, "open", G, "Moving", "Open the selected account", None, &["enter"]),
    b(Action::Why, "why", Q, "Queue view", "Why this row: the score, risk, BEHIND, STALLED", Some("why"), &["w"]),
    b(Action::Agenda, "agenda", Q, "Queue view", "Today's agenda: milestones and reminders due", Some("agenda"), &["t"]),
    b(Action::CycleWindow, "window", Q, "Queue view", "Window: 30 / 60 / 90 / 120 / 180 days / all", None, &["W"]),
    b(Action::SortNext, "sort", Q, "Queue view", "Sort by the next column (priority first)", None, &["o"]),
    b(Action::SortReverse, "sort_reverse", Q, "Queue view", "Reverse the sort", None, &["O"]),
    b(Action::Filter, "filter", Q, "Filters", "Filter by text: account, owner, id; contacts and notes from 3 letters", Some("filter"), &["/"]),
    b(Action::FilterMine, "filter_mine", Q, "Filters", "Only mine: the renewals you lead ([user] name and role in config)", None, &["M"]),
    b(Action::FilterSegment, "filter_segment", Q, "Filters", "Segment: all / enterprise / mid-market / SMB", None, &["E"]),
    b(Action::FilterHealth, "filter_health", Q, "Filters", "Health band: all / red / yellow / green", None, &["H"]),
    b(Action::FilterStage, "filter_stage", Q, "Filters", "Stage: all / each open stage in turn", None, &["T"]),
    b(Action::FilterAtRisk, "filter_at_risk", Q, "Filters", "Only at risk", None, &["R"]),
    b(Action::FilterBehind, "filter_behind", Q, "Filters", "Only behind schedule", None, &["B"]),
    b(Action::FilterStalled, "filter_stalled", Q, "Filters", "Only stalled", None, &["L"]),
    b(Action::ShowSnoozed, "show_snoozed", Q, "Filters", "Show or hide snoozed renewals", None, &["Z"]),
    b(Action::ToggleStepsDue, "toggle_steps_due", Q, "Filters", "Show or hide rows past the window with a step due", None, &["D"]),
    b(Action::Mark, "mark", Q, "Triage", "Mark or unmark the row (stage, owner, snooze apply to all marked)", None, &["space"]),
    b(Action::NewAccount, "new_account", Q, "Triage", "Add an account by hand (also :new)", None, &["+"]),
    b(Action::MarkAll, "mark_all", Q, "Triage", "Mark every row shown; again clears all marks", None, &["V"]),
    b(Action::AdvanceStage, "advance_stage", Q, "Triage", "Advance to the next stage", Some("advance"), &["n"]),
    b(Action::SetStage, "set_stage", Q, "Triage", "Set the stage", None, &["N"]),
    b(Action::MilestoneDone, "milestone_done", Q, "Triage", "Mark the next milestone done (with a note)", Some("done"), &["x"]),
    b(Action::AssignOwner, "assign_owner", Q, "Triage", "Assign an owner", None, &["a"]),
    b(Action::Snooze, "snooze", Q, "Triage", "Snooze until a date, with a reason", None, &["z"]),
    b(Action::SetProbability, "set_probability", Q, "Triage", "Override the forecast probability", None, &["p"]),
    b(Action::AddNote, "add_note", Q, "Triage", "Add a note to the activity log", None, &["c"]),
    b(Action::FlagAtRisk, "flag_at_risk", Q, "Triage", "Flag at risk (records a risk signal)", None, &["!"]),
    b(Action::CloseRenewal, "close_renewal", Q, "Triage", "Close as won, churned or downgraded", None, &["C"]),
    b(Action::AddStakeholder, "add_stakeholder", A, "Stakeholders", "Add a person on their side", Some("add"), &["a"]),
    b(Action::EditStakeholder, "edit_stakeholder", A, "Stakeholders", "Edit the selected person", Some("edit"), &["e"]),
    b(Action::RemoveStakeholder, "remove_stakeholder", A, "Stakeholders", "Remove the selected person (asks first)", None, &["D"]),
    b(Action::MarkDeparted, "mark_departed", A, "Stakeholders", "Mark the selected person as left or changed role", Some("left"), &["l"]),
    b(Action::LogSignal, "log_signal", A, "Account", "Log a risk signal", Some("signal"), &["s"]),
    b(Action::EditSegment, "edit_segment", A, "Account", "Override the segment (with a reason) or clear it", None, &["S"]),
    b(Action::WriteBrief, "write_brief", A, "Account", "Write the pre-call brief (Markdown) and show where", Some("brief"), &["b"]),
    b(Action::AccountNote, "account_note", A, "Account", "Log a call, e-mail, meeting or note (Alt-Enter for a new line)", Some("log"), &["c"]),
    b(Action::ResolveSignal, "resolve_signal", A, "Account", "Resolve a risk signal (kept as history)", None, &["r"]),
    b(Action::Zoom, "zoom", A, "Account", "Open the focused panel full-screen (Enter too); Esc returns", Some("zoom"), &["z"]),
    b(Action::TierLeft, "tier_left", P, "Proposal", "Previous option (Good / Better / Best)", None, &["h", "left"]),
    b(Action::TierRight, "tier_right", P, "Proposal", "Next option", None, &["l", "right"]),
    b(Action::EditTier, "edit_tier", P, "Proposal", "Edit the selected option (saved as a new version)", Some("edit"), &["e"]),
    b(Action::Recommend, "recommend", P, "Proposal", "Mark the selected option as recommended", Some("recommend"), &["r"]),
    b(Action::ToggleBundle, "toggle_bundle", P, "Proposal", "Bundle expansion with the renewal, or run it separately", None, &["B"]),
    b(Action::SetProposalStatus, "proposal_status", P, "Proposal", "Set the status: draft, sent or declined", None, &["S"]),
    b(Action::AcceptTier, "accept_tier", P, "Proposal", "The customer accepted the selected option (sets target and stage)", Some("accept"), &["A"]),
    b(Action::ValueFraming, "value_framing", P, "Proposal", "Write the value framing line (a suggestion from the numbers is filled in)", None, &["v"]),
    b(Action::ApproveTier, "approve_tier", P, "Proposal", "Record who approved the selected option, at which level (needed above your own level)", None, &["a"]),
    b(Action::RulesInFull, "rules_in_full", P, "Proposal", "Every rule warning in full", None, &["w"]),
    b(Action::ExportProposal, "export_proposal", P, "Proposal", "Export the proposal (Markdown, HTML, email text) to the export folder", Some("export"), &["x"]),
    b(Action::AccountMilestoneDone, "account_milestone_done", A, "Account", "Mark the next playbook step done", None, &["x"]),
    b(Action::SaveStart, "save_start", S, "Save plan", "Start a save plan for this account", Some("start"), &["S"]),
    b(Action::SaveAssess, "save_assess", S, "Save plan", "Assess: checklist, tier, root cause, hours, override", Some("assess"), &["a"]),
    b(Action::SaveAddItem, "save_add_item", S, "Save plan", "Add a plan item", Some("add"), &["i"]),
    b(Action::SaveEditItem, "save_edit_item", S, "Save plan", "Edit the selected item", None, &["e"]),
    b(Action::SaveDeleteItem, "save_delete_item", S, "Save plan", "Delete the selected item", None, &["D"]),
    b(Action::SaveCycleStatus, "save_cycle_status", S, "Save plan", "Item status: open → in progress → done → verified", Some("status"), &["s"]),
    b(Action::SaveQuickFix, "save_quick_fix", S, "Save plan", "Quick-fix view: top 3 problems", None, &["f"]),
    b(Action::SaveAddConcession, "save_add_concession", S, "Save plan", "Add a concession", None, &["c"]),
    b(Action::SaveApprove, "save_approve", S, "Save plan", "Approve a concession (checked against the matrix)", None, &["A"]),
    b(Action::SaveEscalate, "save_escalate", S, "Save plan", "Escalation: next step (prepared → engaged → followed up → closed)", None, &["E"]),
    b(Action::SaveExport, "save_export", S, "Save plan", "Export the customer-facing plan (Markdown)", Some("export"), &["x"]),
    b(Action::SaveClose, "save_close", S, "Save plan", "Close the save as saved or lost", None, &["C"]),
    b(Action::PortfolioZoom, "portfolio_zoom", F, "Portfolio", "Open the focused section full-screen (Enter opens a row); Esc returns", Some("zoom"), &["z"]),
    b(Action::PortfolioWhy, "portfolio_why", F, "Portfolio", "The formulas behind the figures, with their inputs", Some("why"), &["w"]),
    b(Action::PeriodNext, "period_next", F, "Portfolio", "Next period (quarter)", Some("period"), &[">"]),
    b(Action::PeriodPrev, "period_prev", F, "Portfolio", "Previous period", None, &["<"]),
    b(Action::TeamSort, "team_sort", F, "Portfolio", "Team table: sort by the next column", None, &["o"]),
    b(Action::TeamGroup, "team_group", F, "Portfolio", "Team table: by owner, or by the ownership model's lead", None, &["b"]),
    b(Action::SetCategory, "set_category", F, "Portfolio", "Set the selected renewal's forecast category (commit, best case…)", Some("category"), &["c"]),
    b(Action::SaveLogHours, "save_log_hours", S, "Save plan", "Log hours spent on this save (for save ROI)", None, &["h"]),
    b(Action::Zoom, "save_zoom", S, "Save plan", "Open the focused panel full-screen (Enter too); Esc returns", None, &["z"]),
    b(Action::Zoom, "proposal_zoom", P, "Proposal", "Open the focused panel full-screen (Enter too); Esc returns", None, &["z"]),
];

/// What an action does, as the help says it (names an undo step when nothing better).
pub fn describe(action: Action) -> &'static str {
    BINDINGS
        .iter()
        .find(|b| b.action == action)
        .map_or("change", |b| b.help)
}

/// A key as the user writes it and as the screen shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub fn from_event(e: &KeyEvent) -> Key {
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        let code = match e.code {
            // Terminals report Ctrl-letters lower-case; shifted letters arrive as upper-case chars.
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Key { code, ctrl }
    }

    /// Reads `"j"`, `"G"`, `"ctrl-p"`, `"tab"`, `"backtab"`, `"enter"`, `"esc"`, `"f1"`...
    pub fn parse(s: &str) -> Option<Key> {
        let (ctrl, rest) = match s
            .strip_prefix("ctrl-")
            .or_else(|| s.strip_prefix("Ctrl-"))
            .or_else(|| s.strip_prefix("C-"))
        {
            Some(r) => (true, r),
            None => (false, s),
        };
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            f if f.len() >= 2
                && f.starts_with('f')
                && f[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n)) =>
            {
                KeyCode::F(f[1..].parse().ok()?)
            }
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
            }
        };
        Some(Key { code, ctrl })
    }

    pub fn display(&self) -> String {
        let base = match self.code {
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Backspace => "Backspace".to_string(),
            KeyCode::Delete => "Del".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            _ => "?".to_string(),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

/// Two bindings clash when they share a key where both apply: on the same pane, or
/// one everywhere and the other on a pane (the pane's would silently hide the other).
fn check_clashes(keys: &BTreeMap<&'static str, Vec<Key>>) -> Result<(), String> {
    let empty = Vec::new();
    for (i, a) in BINDINGS.iter().enumerate() {
        for b in &BINDINGS[i + 1..] {
            let overlap = a.ctx == b.ctx || a.ctx == Ctx::Global || b.ctx == Ctx::Global;
            if !overlap {
                continue;
            }
            let (ka, kb) = (
                keys.get(a.name).unwrap_or(&empty),
                keys.get(b.name).unwrap_or(&empty),
            );
            if let Some(k) = ka.iter().find(|k| kb.contains(k)) {
                return Err(format!(
                    "[keys]: {} is bound to both {} ({}) and {} ({}); give one of them another key",
                    k.display(),
                    a.name,
                    a.help,
                    b.name,
                    b.help
                ));
            }
        }
    }
    Ok(())
}

#[derive(Debug)]
pub struct Keymap {
    keys: BTreeMap<&'static str, Vec<Key>>,
}

impl Keymap {
    /// The defaults with the user's overrides; an unknown action or key is an error
    /// naming the `[keys]` entry.
    pub fn new(overrides: &BTreeMap<String, String>) -> Result<Keymap, String> {
        let mut keys: BTreeMap<&'static str, Vec<Key>> = BINDINGS
            .iter()
            .map(|b| {
                (
                    b.name,
                    b.defaults
                        .iter()
                        .map(|k| Key::parse(k).expect("built-in key parses"))
                        .collect(),
                )
            })
            .collect();
        for (name, spec) in overrides {
            let binding = BINDINGS.iter().find(|b| b.name == name).ok_or_else(|| {
                format!(
                    "[keys] {name}: no such action (known: {})",
                    BINDINGS
                        .iter()
                        .map(|b| b.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })?;
            let key = Key::parse(spec).ok_or_else(|| format!("[keys] {name} = \"{spec}\": not a key runway knows (examples: \"j\", \"ctrl-p\", \"tab\", \"f2\")"))?;
            keys.insert(binding.name, vec![key]);
        }
        check_clashes(&keys)?;
        Ok(Keymap { keys })
    }

    /// The action for a key on a pane: the pane's own keys first, then the global ones.
    pub fn action_for(&self, e: &KeyEvent, ctx: Ctx) -> Option<Action> {
        let k = Key::from_event(e);
        let hit = |want: Ctx| {
            BINDINGS
                .iter()
                .find(|b| b.ctx == want && self.keys.get(b.name).is_some_and(|ks| ks.contains(&k)))
                .map(|b| b.action)
        };
        if ctx != Ctx::Global {
            hit(ctx).or_else(|| hit(Ctx::Global))
        } else {
            hit(Ctx::Global)
        }
    }

    pub fn keys_of(&self, action: Action) -> &[Key] {
        BINDINGS
            .iter()
            .find(|b| b.action == action)
            .and_then(|b| self.keys.get(b.name))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// `(key, label)` pairs for the footer: the pane's hinted keys, then the global ones.
    pub fn hints(&self, ctx: Ctx) -> Vec<(String, &'static str)> {
        let pick = |want: Ctx| {
            BINDINGS
                .iter()
                .filter(move |b| b.ctx == want)
                .filter_map(|b| Some((self.keys.get(b.name)?.first()?.display(), b.hint?)))
        };
        let mut out: Vec<_> = if ctx == Ctx::Global {
            Vec::new()
        } else {
            pick(ctx).collect()
        };
        out.extend(pick(Ctx::Global));
        out
    }

    /// Every binding as Markdown tables, one per context, for the README (a test
    /// keeps the README's copy equal to this, so the documented keys are the keys).
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for (ctx, title) in [
            (Ctx::Global, "Everywhere"),
            (Ctx::Queue, "Queue (`1`)"),
            (Ctx::Account, "Account (`2`)"),
            (Ctx::Save, "Save plan (`3`)"),
            (Ctx::Proposal, "Proposal (`4`)"),
            (Ctx::Portfolio, "Portfolio (`5`)"),
        ] {
            out.push_str(&format!(
                "#### {title}\n\n| key | action | `[keys]` name |\n|---|---|---|\n"
            ));
            for b in BINDINGS.iter().filter(|b| b.ctx == ctx) {
                let keys = self
                    .keys
                    .get(b.name)
                    .map(|ks| {
                        ks.iter()
                            .map(|k| format!("`{}`", k.display()))
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default();
                out.push_str(&format!(
                    "| {keys} | {} | `{}` |\n",
                    b.help.replace('|', "\\|"),
                    b.name
                ));
            }
            out.push('\n');
        }
        out
    }

    /// Help rows for a pane: its own keys first, then the global ones, with the keys
    /// in force (after the user's overrides).
    pub fn help_rows_for(&self, ctx: Ctx) -> Vec<(&'static Binding, String)> {
        let row = |b: &'static Binding| {
            (
                b,
                self.keys
                    .get(b.name)
                    .map(|ks| ks.iter().map(Key::display).collect::<Vec<_>>().join(" / "))
                    .unwrap_or_default(),
            )
        };
        let mut out: Vec<_> = BINDINGS
            .iter()
            .filter(|b| b.ctx == ctx && ctx != Ctx::Global)
            .map(row)
            .collect();
        out.extend(BINDINGS.iter().filter(|b| b.ctx == Ctx::Global).map(row));
        out
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_defaults_do_not_clash() {
        Keymap::new(&BTreeMap::new()).expect("built-in keys are consistent");
    }

    #[test]
    fn an_override_that_shadows_another_key_is_refused() {
        let mut o = BTreeMap::new();
        o.insert("why".to_string(), "j".to_string());
        let e = Keymap::new(&o).unwrap_err();
        assert!(e.contains("down") && e.contains("why"), "{e}");
        // The same letter on two different panes is fine.
        let mut o = BTreeMap::new();
        o.insert("add_stakeholder".to_string(), "n".to_string());
        Keymap::new(&o).expect("n is only taken on the queue pane");
    }
    use super::*;

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn defaults_map_conventional_keys() {
        let km = Keymap::new(&BTreeMap::new()).unwrap();
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('j'), KeyModifiers::NONE), Ctx::Global),
            Some(Action::Down)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Down, KeyModifiers::NONE), Ctx::Global),
            Some(Action::Down)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT), Ctx::Global),
            Some(Action::Bottom)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('p'), KeyModifiers::CONTROL), Ctx::Global),
            Some(Action::Palette)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('d'), KeyModifiers::CONTROL), Ctx::Global),
            Some(Action::PageDown)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::BackTab, KeyModifiers::SHIFT), Ctx::Global),
            Some(Action::FocusPrev)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('x'), KeyModifiers::NONE), Ctx::Global),
            None
        );
    }

    #[test]
    fn overrides_replace_and_show_in_help() {
        let mut o = BTreeMap::new();
        o.insert("palette".to_string(), "ctrl-k".to_string());
        let km = Keymap::new(&o).unwrap();
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('k'), KeyModifiers::CONTROL), Ctx::Global),
            Some(Action::Palette)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('p'), KeyModifiers::CONTROL), Ctx::Global),
            None
        );
        assert!(
            km.hints(Ctx::Global)
                .contains(&("Ctrl-K".to_string(), "go to"))
        );
        assert!(
            km.help_rows_for(Ctx::Queue)
                .iter()
                .any(|(b, k)| k == "Ctrl-K" && b.help.contains("Go to"))
        );
    }

    #[test]
    fn pane_keys_come_first_and_never_clash() {
        let km = Keymap::new(&BTreeMap::new()).unwrap();
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('w'), KeyModifiers::NONE), Ctx::Queue),
            Some(Action::Why)
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('w'), KeyModifiers::NONE), Ctx::Global),
            None
        );
        assert_eq!(
            km.action_for(&ev(KeyCode::Char('j'), KeyModifiers::NONE), Ctx::Queue),
            Some(Action::Down)
        );
        for ctx in [Ctx::Queue, Ctx::Account, Ctx::Save, Ctx::Proposal] {
            let mut seen = std::collections::HashMap::new();
            for b in BINDINGS
                .iter()
                .filter(|b| b.ctx == ctx || b.ctx == Ctx::Global)
            {
                for k in b.defaults {
                    let key = Key::parse(k).unwrap();
                    if let Some(other) = seen.insert(key, b.name) {
                        panic!("{k} is bound to both {other} and {} on {ctx:?}", b.name);
                    }
                }
            }
        }
    }

    #[test]
    fn bad_overrides_are_named() {
        let mut o = BTreeMap::new();
        o.insert("teleport".to_string(), "t".to_string());
        assert!(Keymap::new(&o).unwrap_err().contains("teleport"));
        let mut o = BTreeMap::new();
        o.insert("quit".to_string(), "hyper-q".to_string());
        assert!(Keymap::new(&o).unwrap_err().contains("hyper-q"));
    }

    #[test]
    fn every_binding_has_a_unique_name_and_parseable_defaults() {
        let mut names: Vec<_> = BINDINGS.iter().map(|b| b.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), BINDINGS.len());
        for b in BINDINGS {
            for k in b.defaults {
                assert!(Key::parse(k).is_some(), "{k}");
            }
        }
    }
}
