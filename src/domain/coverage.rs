//! Stakeholder coverage: who on their side we really reach, and the gaps that put a
//! renewal at risk (§10). Each warning carries a short next step in our own words.

use super::Date;
use super::book::Stakeholder;
use super::stakeholder::{ContactStatus, Role, Sentiment, Thread};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    SingleThreaded,
    NoEconomicBuyer,
    NoDecisionMaker,
    ChampionGone,
    DetractorInBuyingRole,
    StaleContacts,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CoverageWarning {
    pub kind: Warning,
    /// What is wrong, naming the people involved.
    pub text: String,
    /// What to do next.
    pub next_step: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub single_threaded: bool,
    /// Buying roles with no active person we have a thread to.
    pub missing_roles: Vec<Role>,
    pub champion_left: bool,
    /// Names of active contacts not reached within the stale limit.
    pub stale_contacts: Vec<String>,
    pub warnings: Vec<CoverageWarning>,
}

/// Is this person someone we actually reach: still there, and either tied to a named
/// thread of ours (`our_thread` or `our_contact`) or really contacted within
/// `stale_days`? A CRM export rarely says which of our people owns each relationship;
/// a contact last week is a live thread all the same. A person with neither is not
/// covered; a stale contact with no named thread is not covered either.
pub fn engaged(s: &Stakeholder, today: Date, stale_days: i64) -> bool {
    s.status == ContactStatus::Active
        && (s.our_thread.is_some()
            || s.our_contact
                .as_deref()
                .is_some_and(|c| !c.trim().is_empty())
            || days_since_contact(s, today).is_some_and(|d| (0..=stale_days).contains(&d)))
}

/// How we reach an engaged person, in words: the named thread, else our contact's
/// name, else the recent contact.
pub fn tie(s: &Stakeholder, today: Date) -> String {
    match (s.our_thread, s.our_contact.as_deref()) {
        (Some(t), Some(c)) if !c.trim().is_empty() => format!("{} ({c})", t.label()),
        (Some(t), _) => t.label().to_string(),
        (None, Some(c)) if !c.trim().is_empty() => c.to_string(),
        _ => match days_since_contact(s, today) {
            Some(d) => format!("contact {d}d ago"),
            None => "contact".to_string(),
        },
    }
}

/// Days since the last real contact, if any.
pub fn days_since_contact(s: &Stakeholder, today: Date) -> Option<i64> {
    s.last_contact.map(|d| (today - d).num_days())
}

/// Stale: active, and not reached for longer than `stale_days` (or never reached).
pub fn is_stale(s: &Stakeholder, today: Date, stale_days: i64) -> bool {
    s.status == ContactStatus::Active && days_since_contact(s, today).is_none_or(|d| d > stale_days)
}

/// Which of our threads usually covers a role (the map's "should" line).
pub fn natural_thread(role: Role) -> Thread {
    match role {
        Role::User | Role::Champion => Thread::Csm,
        Role::EconomicBuyer => Thread::SalesLeader,
        Role::DecisionMaker => Thread::Executive,
        Role::TechnicalBuyer => Thread::Technical,
        Role::LegalProcurement => Thread::SalesLeader,
    }
}

fn names(people: &[&Stakeholder]) -> String {
    people
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Computes the coverage of one account's people.
pub fn coverage(people: &[Stakeholder], today: Date, stale_days: i64) -> Coverage {
    let mut c = Coverage::default();
    let engaged_people: Vec<&Stakeholder> = people
        .iter()
        .filter(|s| engaged(s, today, stale_days))
        .collect();
    let covered = |role: Role| engaged_people.iter().any(|s| s.role == Some(role));

    c.single_threaded = engaged_people.len() <= 1;
    if c.single_threaded {
        let text = match engaged_people.first() {
            Some(one) => format!("Only {} carries the relationship.", one.name),
            None => "Nobody on their side is actively engaged with us.".to_string(),
        };
        c.warnings.push(CoverageWarning {
            kind: Warning::SingleThreaded,
            text,
            next_step: "Ask your contact to introduce two more people; book a session with their team lead.".into(),
        });
    }
    for (role, kind, step) in [
        (
            Role::EconomicBuyer,
            Warning::NoEconomicBuyer,
            "Get a sales or CS leader in front of whoever signs off the budget, with an ROI summary.",
        ),
        (
            Role::DecisionMaker,
            Warning::NoDecisionMaker,
            "Set up an executive-to-executive conversation about their strategy.",
        ),
    ] {
        if !covered(role) {
            c.missing_roles.push(role);
            let present = people
                .iter()
                .any(|s| s.role == Some(role) && s.status == ContactStatus::Active);
            let text = if present {
                format!("We have no thread to their {}.", role.label())
            } else {
                format!("No {} is known on their side.", role.label())
            };
            c.warnings.push(CoverageWarning {
                kind,
                text,
                next_step: step.into(),
            });
        }
    }
    let gone: Vec<&Stakeholder> = people
        .iter()
        .filter(|s| s.role == Some(Role::Champion) && s.status != ContactStatus::Active)
        .collect();
    let active_champion = people
        .iter()
        .any(|s| s.role == Some(Role::Champion) && s.status == ContactStatus::Active);
    if !gone.is_empty() {
        c.champion_left = true;
        let text = if active_champion {
            format!(
                "Champion {} is gone; a new champion is in place.",
                names(&gone)
            )
        } else {
            format!(
                "Champion {} is gone and nobody has taken their place.",
                names(&gone)
            )
        };
        c.warnings.push(CoverageWarning {
            kind: Warning::ChampionGone,
            text,
            next_step: "Treat the relationship as reset: find who inherited their goals and re-prove the value to them.".into(),
        });
    }
    let detractors: Vec<&Stakeholder> = people
        .iter()
        .filter(|s| {
            s.status == ContactStatus::Active
                && s.sentiment == Sentiment::Detractor
                && s.role.is_some_and(|r| r != Role::User)
        })
        .collect();
    if !detractors.is_empty() {
        c.warnings.push(CoverageWarning {
            kind: Warning::DetractorInBuyingRole,
            text: format!("Detractor in a buying role: {}.", names(&detractors)),
            next_step:
                "Meet them to hear the objection first-hand; bring a fix or a reference customer."
                    .into(),
        });
    }
    let stale: Vec<&Stakeholder> = people
        .iter()
        .filter(|s| is_stale(s, today, stale_days))
        .collect();
    if !stale.is_empty() {
        c.stale_contacts = stale.iter().map(|s| s.name.clone()).collect();
        c.warnings.push(CoverageWarning {
            kind: Warning::StaleContacts,
            text: format!("No contact for over {stale_days} days: {}.", names(&stale)),
            next_step: "Reach out with something useful to them (a tip, a usage insight), not a renewal reminder.".into(),
        });
    }
    c
}

/// Facts about an account that decide whether it suits a multi-year deal (§8).
#[derive(Clone, Copy, Debug, Default)]
pub struct MultiYearFacts<'a> {
    pub first_renewal: bool,
    pub at_risk: bool,
    pub fast_growing: bool,
    pub industry: Option<&'a str>,
    pub healthy: bool,
}

/// The facts of one account's multi-year question, from what the book holds: the one
/// place the account pane, the proposal and the save assessment get them, so they
/// can never disagree about the same account. Fast-growing is the account's growth
/// flag; healthy is a green band; at risk is the queue's own rule.
pub fn multi_year_facts<'a>(
    account: &'a super::book::Account,
    row: Option<&super::queue::QueueRow>,
    first_renewal: bool,
) -> MultiYearFacts<'a> {
    MultiYearFacts {
        first_renewal,
        at_risk: row.is_some_and(|r| r.at_risk),
        fast_growing: account.growth,
        industry: account.industry.as_deref(),
        healthy: row.is_some_and(|r| r.band == Some(super::health::HealthBand::Green)),
    }
}

/// Industries with high churn, where locking in years is a poor bet.
const HIGH_CHURN_INDUSTRIES: &[&str] = &[
    "retail",
    "hospitality",
    "restaurants",
    "food service",
    "media",
];

/// Whether to offer a multi-year commitment, with the reasons either way.
pub fn multi_year_candidate(f: &MultiYearFacts) -> (bool, Vec<String>) {
    let mut against = Vec::new();
    if f.first_renewal {
        against.push("first renewal: value not yet proven over a full term".to_string());
    }
    if f.at_risk {
        against.push("at risk: secure this renewal before asking for years".to_string());
    }
    if f.fast_growing {
        against.push("growing fast: fixed terms would be outgrown".to_string());
    }
    if let Some(ind) = f.industry
        && HIGH_CHURN_INDUSTRIES
            .iter()
            .any(|h| ind.eq_ignore_ascii_case(h))
    {
        against.push(format!("{ind} is a high-churn industry"));
    }
    if !against.is_empty() {
        return (false, against);
    }
    if f.healthy {
        (
            true,
            vec!["healthy and established: a discount for a longer commitment fits".to_string()],
        )
    } else {
        (
            false,
            vec!["health is not strong enough to ask for a longer commitment".to_string()],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        "2026-11-22".parse().unwrap()
    }

    fn person(
        name: &str,
        role: Role,
        thread: Option<Thread>,
        days_ago: Option<i64>,
    ) -> Stakeholder {
        Stakeholder {
            id: 0,
            account_id: "A".into(),
            name: name.into(),
            title: None,
            email: None,
            phone: None,
            role: Some(role),
            sentiment: Sentiment::Supporter,
            status: ContactStatus::Active,
            last_contact: days_ago.map(|d| today() - chrono::Duration::days(d)),
            our_thread: thread,
            our_contact: None,
        }
    }

    fn healthy() -> Vec<Stakeholder> {
        vec![
            person("Ana", Role::Champion, Some(Thread::Csm), Some(5)),
            person(
                "Ben",
                Role::EconomicBuyer,
                Some(Thread::SalesLeader),
                Some(20),
            ),
            person("Cy", Role::DecisionMaker, Some(Thread::Executive), Some(30)),
            person(
                "Di",
                Role::TechnicalBuyer,
                Some(Thread::Technical),
                Some(10),
            ),
        ]
    }

    #[test]
    fn a_well_covered_account_has_no_warnings() {
        let c = coverage(&healthy(), today(), 45);
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
        assert!(!c.single_threaded && !c.champion_left && c.missing_roles.is_empty());
    }

    #[test]
    fn single_threaded_when_one_engaged_contact() {
        let mut p = healthy();
        for s in p.iter_mut().skip(1) {
            s.our_thread = None;
            // Not reached within the stale limit either: no thread at all.
            s.last_contact = Some(today() - chrono::Duration::days(60));
        }
        let c = coverage(&p, today(), 45);
        assert!(c.single_threaded);
        assert_eq!(c.warnings[0].text, "Only Ana carries the relationship.");
        assert_eq!(
            c.missing_roles,
            vec![Role::EconomicBuyer, Role::DecisionMaker]
        );
        assert!(
            c.warnings
                .iter()
                .any(|w| w.text == "We have no thread to their economic buyer.")
        );
        assert!(
            coverage(&[], today(), 45).warnings[0]
                .text
                .contains("Nobody")
        );
    }

    /// An imported account: five people reached 4–20 days ago, and a file that cannot
    /// say which of our people owns each relationship.
    fn imported() -> Vec<Stakeholder> {
        vec![
            person("Ana", Role::Champion, None, Some(4)),
            person("Ben", Role::EconomicBuyer, None, Some(8)),
            person("Cy", Role::DecisionMaker, None, Some(12)),
            person("Di", Role::TechnicalBuyer, None, Some(16)),
            person("Ed", Role::User, None, Some(20)),
        ]
    }

    #[test]
    fn recent_contacts_are_threads_on_an_imported_book() {
        let c = coverage(&imported(), today(), 45);
        assert!(!c.single_threaded, "{:?}", c.warnings);
        assert!(c.missing_roles.is_empty(), "{:?}", c.missing_roles);
        assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    }

    #[test]
    fn covered_means_a_named_thread_or_a_contact_within_the_limit() {
        let mut p = imported();
        // The buyer last reached 45 days ago is still covered; 46 days is not.
        p[1].last_contact = Some(today() - chrono::Duration::days(45));
        assert!(engaged(&p[1], today(), 45));
        p[1].last_contact = Some(today() - chrono::Duration::days(46));
        assert!(!engaged(&p[1], today(), 45));
        let c = coverage(&p, today(), 45);
        assert_eq!(c.missing_roles, vec![Role::EconomicBuyer]);
        assert_eq!(c.stale_contacts, vec!["Ben"], "stale is still stale");
        // A named owner on our side covers them whatever the date says.
        p[1].our_contact = Some("Priya Shah".into());
        assert!(engaged(&p[1], today(), 45));
        assert_eq!(tie(&p[1], today()), "Priya Shah");
        let c = coverage(&p, today(), 45);
        assert!(c.missing_roles.is_empty());
        assert_eq!(c.stale_contacts, vec!["Ben"]);
        // Neither a thread nor any contact: uncovered.
        p[2].last_contact = None;
        assert!(!engaged(&p[2], today(), 45));
        assert_eq!(
            coverage(&p, today(), 45).missing_roles,
            vec![Role::DecisionMaker]
        );
        // One person reached recently, the rest never: single-threaded.
        let only: Vec<Stakeholder> = imported()
            .into_iter()
            .enumerate()
            .map(|(i, mut s)| {
                if i > 0 {
                    s.last_contact = None;
                }
                s
            })
            .collect();
        assert!(coverage(&only, today(), 45).single_threaded);
    }

    #[test]
    fn champion_gone_and_detractors() {
        let mut p = healthy();
        p[0].status = ContactStatus::Left;
        p[2].sentiment = Sentiment::Detractor;
        let c = coverage(&p, today(), 45);
        assert!(c.champion_left);
        assert!(
            c.warnings.iter().any(|w| w.kind == Warning::ChampionGone
                && w.text.contains("nobody has taken their place"))
        );
        assert!(
            c.warnings
                .iter()
                .any(|w| w.kind == Warning::DetractorInBuyingRole && w.text.contains("Cy"))
        );
        // A detractor who is only a user is not a buying-role warning.
        let mut p = healthy();
        p.push(Stakeholder {
            sentiment: Sentiment::Detractor,
            ..person("Ed", Role::User, None, Some(1))
        });
        assert!(
            !coverage(&p, today(), 45)
                .warnings
                .iter()
                .any(|w| w.kind == Warning::DetractorInBuyingRole)
        );
    }

    #[test]
    fn stale_after_the_limit_not_at_it() {
        let mut p = healthy();
        p[1].last_contact = Some(today() - chrono::Duration::days(45));
        assert!(coverage(&p, today(), 45).stale_contacts.is_empty());
        p[1].last_contact = Some(today() - chrono::Duration::days(46));
        assert_eq!(coverage(&p, today(), 45).stale_contacts, vec!["Ben"]);
        p[1].last_contact = None;
        assert_eq!(
            coverage(&p, today(), 45).stale_contacts,
            vec!["Ben"],
            "never contacted is stale"
        );
        p[1].status = ContactStatus::Left;
        assert!(
            coverage(&p, today(), 45).stale_contacts.is_empty(),
            "people who left are not stale contacts"
        );
    }

    #[test]
    fn multi_year_candidates() {
        let good = MultiYearFacts {
            healthy: true,
            industry: Some("Logistics"),
            ..Default::default()
        };
        assert!(multi_year_candidate(&good).0);
        let (ok, why) = multi_year_candidate(&MultiYearFacts {
            first_renewal: true,
            industry: Some("Retail"),
            healthy: true,
            ..Default::default()
        });
        assert!(!ok);
        assert_eq!(why.len(), 2);
        assert!(!multi_year_candidate(&MultiYearFacts::default()).0);
    }
}
