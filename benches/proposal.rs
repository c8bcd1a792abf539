//! Proposal budgets: recalculation after a keystroke (≤ 1 ms) and export (≤ 20 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use runway::domain::config::Config;
use runway::domain::money::Money;
use runway::domain::proposal_rules::{self, ProposalFacts};
use runway::io::proposal_doc::{self, ProposalDoc};

fn bench(c: &mut Criterion) {
    let cfg = Config::default();
    let facts = ProposalFacts {
        arr: Money::from_major(15_000),
        healthy: true,
        industry: Some("Logistics".into()),
        ..Default::default()
    };
    let draft = proposal_rules::draft(&facts, &cfg);
    c.bench_function("proposal_recalculate", |b| {
        b.iter(|| {
            (
                proposal_rules::price_all(&facts, &draft, &cfg),
                proposal_rules::warnings(&facts, &draft, &cfg),
            )
        })
    });
    let prices = proposal_rules::price_all(&facts, &draft, &cfg);
    let warnings = proposal_rules::warnings(&facts, &draft, &cfg);
    let usd = cfg.book.cur("USD");
    let doc = ProposalDoc {
        account_name: "Kestrel Freight Co.",
        account_id: "A-1",
        currency: &usd,
        current_arr: facts.arr,
        today: "2026-11-22".parse().unwrap(),
        renewal_date: Some("2027-01-23".parse().unwrap()),
        valid_days: 30,
        draft: &draft,
        prices: &prices,
        warnings: &warnings,
        value_framing: None,
        not_approved: false,
        approvals: &[],
        missing: &[],
        signature: String::new(),
    };
    c.bench_function("proposal_export_md_html_txt", |b| {
        b.iter(|| {
            (
                proposal_doc::markdown(&doc).len(),
                proposal_doc::html(&doc).len(),
                proposal_doc::text(&doc).len(),
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
