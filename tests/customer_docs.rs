//! What reaches a customer (issue 12): nothing internal in a save plan, and money
//! in the row's currency and the book's number style.

mod common;
use common::*;

/// Every plan in the demo book, exported for the customer, carries none of the
/// internal words: problem text, root cause, lost-cause signs, probability, notes.
#[test]
fn customer_save_plans_never_carry_internal_text() {
    use runway::io::save_plan as sp;
    let (_d, store) = demo_store();
    let cfg = runway::domain::config::Config::default();
    let mut plans = 0;
    for (id, _) in store.account_names().unwrap() {
        let Some(plan) = store.save_plan(&id).unwrap() else {
            continue;
        };
        plans += 1;
        let view = sp::SaveView::build(&plan, today(), &cfg);
        let md = sp::customer_markdown(&plan, &view, today());
        let mut internal: Vec<String> = Vec::new();
        for (_, it) in &plan.items {
            internal.push(it.problem.clone());
            internal.extend(it.root_cause.clone());
        }
        internal.extend(plan.lost_cause_signs.iter().cloned());
        internal.extend(plan.escalation_brief.clone());
        internal.extend(plan.debrief.clone());
        for (_, c) in &plan.concessions {
            internal.extend(c.rationale.clone());
            internal.extend(c.alternatives.clone());
        }
        for word in internal.iter().filter(|w| w.len() > 3) {
            assert!(!md.contains(word.as_str()), "{id}: {word:?} in\n{md}");
        }
        for word in [
            "probability",
            "Probability",
            "root cause",
            "lost cause",
            "Competitor",
            "competitor",
        ] {
            assert!(!md.contains(word), "{id}: {word:?} in\n{md}");
        }
        // What we commit to is there: each open item's owner.
        for (_, it) in &plan.items {
            if !matches!(it.status.as_str(), "done" | "verified") {
                assert!(
                    md.contains(&format!("owner on our side: {}", it.owner)),
                    "{id}\n{md}"
                );
            }
        }
    }
    assert!(plans >= 2, "the demo book has save plans");
}

/// The CSM's customer wording replaces the internal problem text.
#[test]
fn customer_wording_is_what_the_customer_reads() {
    use runway::io::save_plan as sp;
    let (_d, mut store) = demo_store();
    let cfg = runway::domain::config::Config::default();
    let plan = store.save_plan("DEMO-005").unwrap().unwrap();
    let (item_id, mut item) = plan
        .items
        .iter()
        .find(|(_, it)| !matches!(it.status.as_str(), "done" | "verified"))
        .cloned()
        .unwrap();
    item.problem = "Procurement comparing Competitor X".into();
    item.customer_wording = Some("Making the value of the platform clear".into());
    store
        .write(|tx| tx.update_save_item(item_id, &item, "2026-11-22T09:00"))
        .unwrap();
    let plan = store.save_plan("DEMO-005").unwrap().unwrap();
    let view = sp::SaveView::build(&plan, today(), &cfg);
    let md = sp::customer_markdown(&plan, &view, today());
    assert!(
        md.contains("**Making the value of the platform clear**"),
        "{md}"
    );
    assert!(!md.contains("Competitor X"), "{md}");
    let json = sp::plan_json(&plan, &view, today());
    assert!(
        json.to_string()
            .contains("Making the value of the platform clear")
    );
}
