//! The component alone: keys and forms in, effects out — no store, no app.

use super::*;
use crate::domain::account_view::AccountDetail;
use crate::domain::book::Account;
use crate::domain::config::Config;
use crate::domain::queue::build_row;
use crate::domain::risk::SignalKind;
use crate::domain::stakeholder::{Role, Sentiment};
use crate::tui::form::FieldId;
use crate::tui::keymap::Action;

fn today() -> Date {
    "2026-11-22".parse().unwrap()
}

fn person(id: i64, name: &str, role: Option<Role>) -> Stakeholder {
    Stakeholder {
        id,
        account_id: "A-1".into(),
        name: name.into(),
        title: None,
        email: None,
        phone: None,
        role,
        sentiment: Sentiment::Neutral,
        status: ContactStatus::Active,
        last_contact: None,
        our_thread: None,
        our_contact: None,
    }
}

fn signal(id: i64, kind: SignalKind, note: &str) -> Signal {
    Signal {
        id,
        account_id: "A-1".into(),
        observed_on: today(),
        kind,
        value: None,
        note: Some(note.into()),
        resolved_on: None,
    }
}

/// Account A-1 ("Acme"), renewing in 60 days, with these people and open signals.
fn detail(people: Vec<Stakeholder>, signals: Vec<Signal>) -> AccountDetail {
    let cfg = Config::default();
    let row = build_row(
        crate::domain::queue::tests::facts(Some(60), today()),
        &cfg,
        today(),
        None,
    );
    let account = Account {
        id: "A-1".into(),
        name: "Acme".into(),
        ..Default::default()
    };
    crate::domain::account_view::assemble(
        account,
        Some(row),
        people,
        Vec::new(),
        (signals, Vec::new()),
        today(),
        &cfg,
    )
}

fn pane_with(d: AccountDetail) -> AccountPane {
    let mut p = AccountPane::new(today(), 45);
    p.set_detail(Some(d), Vec::new(), Default::default());
    p
}

fn two_people() -> AccountPane {
    pane_with(detail(
        vec![
            person(7, "Ottilie", Some(Role::Champion)),
            person(8, "Jasper", Some(Role::User)),
        ],
        vec![signal(31, SignalKind::UsageDecline, "logins down")],
    ))
}

/// The form the pane opens for `action`, and which form it is.
fn form_for(p: &mut AccountPane, action: Action) -> (Form, AccountForm) {
    match p.update(action) {
        Some(AccountEffect::OpenForm(f, kind)) => (*f, kind),
        other => panic!("{action:?} opens no form: {other:?}"),
    }
}

fn set(f: &mut Form, field: AccountField, value: &str) {
    let label = field.label();
    let fld = f
        .fields
        .iter_mut()
        .find(|x| x.label == label)
        .unwrap_or_else(|| panic!("form '{}' has no field '{label}'", f.title));
    fld.value = value.into();
}

fn write(p: &AccountPane, kind: &AccountForm, f: &Form) -> AccountWrite {
    match p.read_form(kind, f) {
        Ok(AccountEffect::Write(w)) => w,
        other => panic!("no write: {other:?}"),
    }
}

fn refused_on(p: &AccountPane, kind: &AccountForm, f: &Form) -> (String, Option<String>) {
    match p.read_form(kind, f) {
        Err(e) => (e.message, e.field),
        Ok(e) => panic!("accepted: {e:?}"),
    }
}

#[test]
fn panels_cycle_and_unzoom_with_no_account_but_other_keys_say_none_is_open() {
    let mut p = AccountPane::new(today(), 45);
    assert!(p.update(Action::FocusPrev).is_none());
    assert_eq!(p.panels.focus, PLAYBOOK);
    assert!(p.update(Action::FocusNext).is_none());
    assert_eq!(p.panels.focus, PEOPLE);
    p.panels.zoom = true;
    assert!(p.update(Action::Back).is_none());
    assert!(!p.panels.zoom);
    match p.update(Action::Down) {
        Some(AccountEffect::Message(m)) => assert!(m.starts_with("no account open"), "{m}"),
        other => panic!("{other:?}"),
    }
    let err = p
        .read_form(&AccountForm::Signal, &Form::new("x", Vec::new()))
        .unwrap_err();
    assert_eq!(err.message, "the account is no longer open");
}

#[test]
fn j_and_k_move_the_person_with_people_focused_and_scroll_any_other_panel() {
    let mut p = two_people();
    p.update(Action::Down);
    p.update(Action::Down);
    assert_eq!(p.sel, 1, "clamped at the last person");
    assert_eq!(p.selected_person().unwrap().name, "Ottilie");
    p.update(Action::Top);
    assert_eq!(p.sel, 0);
    p.update(Action::FocusNext);
    p.update(Action::FocusNext);
    assert_eq!(p.panels.focus, SIGNALS);
    p.update(Action::Down);
    p.update(Action::PageDown);
    assert_eq!((p.sel, p.panels.scroll[SIGNALS]), (0, 11));
    p.update(Action::Up);
    assert_eq!(p.panels.scroll[SIGNALS], 10);
    p.update(Action::Open);
    assert!(p.panels.zoom);
    p.update(Action::Zoom);
    assert!(!p.panels.zoom);
}

#[test]
fn another_account_starts_at_the_top_and_the_selection_stays_within_the_people() {
    let mut p = two_people();
    p.sel = 1;
    p.panels.focus = SIGNALS;
    p.panels.scroll_by(3);
    // The same account again (after a write): scroll and focus stay.
    p.set_detail(
        Some(detail(vec![person(7, "Ottilie", None)], Vec::new())),
        Vec::new(),
        Default::default(),
    );
    assert_eq!((p.sel, p.panels.scroll[SIGNALS]), (0, 3));
    let mut other = detail(Vec::new(), Vec::new());
    other.account.id = "B-2".into();
    p.set_detail(Some(other), Vec::new(), Default::default());
    assert_eq!((p.panels.focus, p.panels.scroll[SIGNALS]), (SIGNALS, 0));
}

#[test]
fn the_stakeholder_form_adds_edits_and_refuses_a_future_last_contact() {
    let mut p = two_people();
    let (mut f, kind) = form_for(&mut p, Action::AddStakeholder);
    assert_eq!(kind, AccountForm::Stakeholder(0));
    assert_eq!(f.note.as_deref(), Some("New person at Acme"));
    set(&mut f, AccountField::Name, "Rowan");
    set(&mut f, AccountField::Role, "economic_buyer");
    set(&mut f, AccountField::LastContact, "2026-12-01");
    let (msg, field) = refused_on(&p, &kind, &f);
    assert!(msg.contains("cannot be in the future"), "{msg}");
    assert_eq!(field.as_deref(), Some("Last contact"));
    set(&mut f, AccountField::LastContact, "2026-11-20");
    match write(&p, &kind, &f) {
        AccountWrite::SaveStakeholder { person, text } => {
            assert_eq!((person.id, person.role), (0, Some(Role::EconomicBuyer)));
            assert_eq!(person.account_id, "A-1");
            assert_eq!(text, "Added stakeholder Rowan (economic buyer)");
        }
        w => panic!("{w:?}"),
    }
    // Edit: the selected person, their values filled in.
    let (f, kind) = form_for(&mut p, Action::EditStakeholder);
    assert_eq!(kind, AccountForm::Stakeholder(8));
    assert_eq!(f.get(AccountField::Name), "Jasper");
    match write(&p, &kind, &f) {
        AccountWrite::SaveStakeholder { person, text } => {
            assert_eq!(person.id, 8);
            assert_eq!(text, "Updated stakeholder Jasper (user)");
        }
        w => panic!("{w:?}"),
    }
}

#[test]
fn removing_keeps_the_person_unless_yes_is_chosen() {
    let mut p = two_people();
    let (mut f, kind) = form_for(&mut p, Action::RemoveStakeholder);
    assert_eq!(kind, AccountForm::Remove(8));
    match p.read_form(&kind, &f) {
        Ok(AccountEffect::Message(m)) => assert_eq!(m, "kept — nothing removed"),
        other => panic!("{other:?}"),
    }
    set(&mut f, AccountField::Remove, "yes");
    assert_eq!(
        write(&p, &kind, &f),
        AccountWrite::RemoveStakeholder {
            id: 8,
            text: "Removed stakeholder Jasper".into()
        }
    );
}

#[test]
fn a_departed_champion_is_warned_of_and_marked_with_what_happened() {
    let mut p = two_people();
    p.update(Action::Down);
    let (mut f, kind) = form_for(&mut p, Action::MarkDeparted);
    assert_eq!(kind, AccountForm::Departed(7));
    assert!(f.note.as_deref().unwrap().contains("they are the champion"));
    set(&mut f, AccountField::WhatHappened, "changed_role");
    match write(&p, &kind, &f) {
        AccountWrite::MarkDeparted { person, status, .. } => {
            assert_eq!((person.id, status), (7, ContactStatus::ChangedRole));
        }
        w => panic!("{w:?}"),
    }
    // The person went away meanwhile: said without a field.
    p.detail.as_mut().unwrap().stakeholders.clear();
    let (msg, field) = refused_on(&p, &kind, &f);
    assert_eq!(
        (msg.as_str(), field),
        ("that person is no longer listed", None)
    );
}

#[test]
fn people_keys_do_nothing_without_a_person() {
    let mut p = pane_with(detail(Vec::new(), Vec::new()));
    for a in [
        Action::EditStakeholder,
        Action::RemoveStakeholder,
        Action::MarkDeparted,
    ] {
        assert!(p.update(a).is_none(), "{a:?}");
    }
}

#[test]
fn a_signal_is_dated_today_or_earlier() {
    let mut p = two_people();
    let (mut f, kind) = form_for(&mut p, Action::LogSignal);
    assert_eq!(kind, AccountForm::Signal);
    assert_eq!(f.get(AccountField::ObservedOn), "2026-11-22");
    set(&mut f, AccountField::Kind, "competitive");
    set(&mut f, AccountField::Note, "Trialling a rival");
    set(&mut f, AccountField::Value, "40");
    set(&mut f, AccountField::ObservedOn, "2026-11-23");
    let (msg, field) = refused_on(&p, &kind, &f);
    assert!(msg.contains("cannot be in the future"), "{msg}");
    assert_eq!(field.as_deref(), Some("Observed on"));
    set(&mut f, AccountField::ObservedOn, "2026-11-21");
    match write(&p, &kind, &f) {
        AccountWrite::LogSignal { signal, text } => {
            assert_eq!(signal.kind, SignalKind::Competitive);
            assert_eq!(signal.value, Some(40.0));
            assert_eq!(signal.observed_on.to_string(), "2026-11-21");
            assert_eq!(text, "Risk signal logged (competitive): Trialling a rival");
        }
        w => panic!("{w:?}"),
    }
}

#[test]
fn the_save_plan_offer_starts_one_only_on_yes() {
    let p = two_people();
    let (mut f, kind) = start_save_form("Risk signal logged (competitive): x");
    assert_eq!(kind, AccountForm::StartSave);
    assert_eq!(write(&p, &kind, &f), AccountWrite::StartSavePlan);
    set(&mut f, AccountField::StartASavePlanNow, "no");
    match p.read_form(&kind, &f) {
        Ok(AccountEffect::Message(m)) => assert_eq!(m, "saved: no save plan started"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn resolving_picks_one_of_the_open_signals() {
    let mut p = pane_with(detail(Vec::new(), Vec::new()));
    match p.update(Action::ResolveSignal) {
        Some(AccountEffect::Message(m)) => assert_eq!(m, "no open risk signal to resolve"),
        other => panic!("{other:?}"),
    }
    let mut p = two_people();
    let (mut f, kind) = form_for(&mut p, Action::ResolveSignal);
    assert_eq!(kind, AccountForm::Resolve(vec![31]));
    assert_eq!(
        write(&p, &kind, &f),
        AccountWrite::ResolveSignal {
            id: 31,
            on: today()
        }
    );
    set(&mut f, AccountField::Signal, "99");
    let (_, field) = refused_on(&p, &kind, &f);
    assert_eq!(field.as_deref(), Some("Signal"));
}

#[test]
fn a_segment_override_needs_a_reason_and_clearing_drops_it() {
    let mut p = two_people();
    let (mut f, kind) = form_for(&mut p, Action::EditSegment);
    assert_eq!(kind, AccountForm::Segment);
    set(&mut f, AccountField::RunAs, "mid_market");
    let (_, field) = refused_on(&p, &kind, &f);
    assert_eq!(field.as_deref(), Some("Reason"));
    set(&mut f, AccountField::Reason, "strategic logo");
    match write(&p, &kind, &f) {
        AccountWrite::SetSegment {
            segment: Some(_),
            reason: Some(r),
            text,
        } => {
            assert_eq!(r, "strategic logo");
            assert!(text.starts_with("Segment override: run as "), "{text}");
        }
        w => panic!("{w:?}"),
    }
    set(&mut f, AccountField::RunAs, "(none)");
    assert_eq!(
        write(&p, &kind, &f),
        AccountWrite::SetSegment {
            segment: None,
            reason: None,
            text: "Segment override cleared".into()
        }
    );
}

#[test]
fn an_activity_has_a_kind_and_a_summary_and_names_the_renewal() {
    let mut p = two_people();
    let (mut f, kind) = form_for(&mut p, Action::AccountNote);
    assert_eq!(kind, AccountForm::Note);
    let (_, field) = refused_on(&p, &kind, &f);
    assert_eq!(field.as_deref(), Some("Note"), "an empty note is refused");
    set(&mut f, AccountField::Type, "call");
    set(&mut f, AccountField::Note, "Walked through options");
    assert_eq!(
        write(&p, &kind, &f),
        AccountWrite::LogActivity {
            kind: ActivityKind::Call,
            note: "Walked through options".into(),
            renewal: Some(1)
        }
    );
}

#[test]
fn b_asks_for_the_brief_and_x_for_the_next_playbook_step() {
    let mut p = two_people();
    match p.update(Action::WriteBrief) {
        Some(AccountEffect::WriteBrief { account_id }) => assert_eq!(account_id, "A-1"),
        other => panic!("{other:?}"),
    }
    match p.update(Action::AccountMilestoneDone) {
        Some(AccountEffect::OpenMilestoneDone { form, renewal, key }) => {
            assert_eq!(renewal, 1);
            let next = p.detail.as_ref().unwrap().row.as_ref().unwrap();
            assert_eq!(key, next.next_milestone.as_ref().unwrap().key);
            assert!(form.note.as_deref().unwrap().starts_with("Acme: "));
        }
        other => panic!("{other:?}"),
    }
    p.detail.as_mut().unwrap().row = None;
    match p.update(Action::AccountMilestoneDone) {
        Some(AccountEffect::Message(m)) => assert_eq!(m, "no open playbook step on this renewal"),
        other => panic!("{other:?}"),
    }
}

/// The pane drawn alone into `w`×`h`, as text.
fn drawn(p: &AccountPane, w: u16, h: u16) -> String {
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    let theme = crate::tui::theme::Theme::mono();
    term.draw(|f| render(f, f.area(), p, &theme)).unwrap();
    let buf = term.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
        .collect()
}

#[test]
fn narrow_coverage_gives_way_first_then_the_map_so_the_bottom_row_keeps_a_line() {
    use super::render::narrow_heights;
    assert_eq!(
        narrow_heights(10, 3, 17),
        (10, 3),
        "room for all: unchanged"
    );
    assert_eq!(narrow_heights(10, 7, 17), (10, 4));
    assert_eq!(narrow_heights(10, 7, 13), (7, 3));
    assert_eq!(
        narrow_heights(10, 7, 5),
        (3, 3),
        "never below a title and a line"
    );
}

#[test]
fn many_people_never_push_the_other_panels_off_a_wide_pane() {
    let people = (1..=40)
        .map(|i| person(i, &format!("Person {i}"), None))
        .collect();
    let p = pane_with(detail(people, vec![signal(31, SignalKind::Budget, "cuts")]));
    let s = drawn(&p, 120, 36);
    for title in [
        "Their people (40)",
        "Risk signals: 1 open",
        "Recent activity",
        "Playbook",
    ] {
        assert!(s.contains(title), "{title} not drawn\n{s}");
    }
}
