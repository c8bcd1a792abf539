//! The proposal document as it leaves runway — `runway proposal` and the cockpit's
//! `x` (export) and `y` (copy) all make it here, from a proposal already read, so the
//! approvals check (issue 12: nothing the customer sees promises more than someone
//! approved) and the formats are one code path.

use crate::domain::Date;
use crate::domain::config::Config;
use crate::domain::proposal_approval::{self as approval, Approval, Policy};
use crate::domain::proposal_rules::{self, Draft, ProposalFacts};
use crate::io::proposal_doc::{self, ProposalDoc};

/// The document's format. (Parsed by clap for `runway proposal --format`.)
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocFormat {
    Md,
    Html,
    Txt,
    Json,
}

/// A proposal as read from the book: the account, its open renewal's draft and the
/// approvals recorded on it.
pub struct ProposalSource<'a> {
    pub account_name: &'a str,
    pub account_id: &'a str,
    /// The renewal's currency code.
    pub currency: &'a str,
    pub renewal_date: Option<Date>,
    pub facts: &'a ProposalFacts,
    pub draft: &'a Draft,
    pub approvals: &'a [Approval],
}

/// The document in `format`. A document for the customer (Markdown, HTML, text) is
/// refused while an option lacks the approval its discount needs — the error names
/// each one — unless `draft` asks for the copy bannered "DRAFT — not approved". JSON
/// is data for scripts, not a customer document, and says what is missing instead.
pub fn document(
    src: &ProposalSource,
    cfg: &Config,
    today: Date,
    format: DocFormat,
    draft: bool,
) -> anyhow::Result<String> {
    let prices = proposal_rules::price_all(src.facts, src.draft, cfg);
    let warnings = proposal_rules::warnings(src.facts, src.draft, cfg);
    let missing = approval::missing(src.draft, src.approvals, &Policy::from_config(cfg));
    if !missing.is_empty() && !draft && format != DocFormat::Json {
        let reasons: Vec<String> = missing
            .iter()
            .map(|m| format!("  {}", m.reason()))
            .collect();
        anyhow::bail!(
            "not written: the customer would see options nobody has approved yet\n{}\n(--draft writes an internal copy marked \"DRAFT — not approved\")",
            reasons.join("\n")
        );
    }
    let currency = cfg.book.cur(src.currency);
    let doc = ProposalDoc {
        account_name: src.account_name,
        account_id: src.account_id,
        currency: &currency,
        current_arr: src.facts.arr,
        today,
        renewal_date: src.renewal_date,
        valid_days: cfg.proposal.validity_days,
        draft: src.draft,
        prices: &prices,
        warnings: &warnings,
        value_framing: src.draft.value_framing.as_deref(),
        not_approved: !missing.is_empty(),
        approvals: src.approvals,
        missing: &missing,
        signature: crate::io::text::signature(&cfg.user.name, &cfg.user.title),
    };
    Ok(match format {
        DocFormat::Md => proposal_doc::markdown(&doc),
        DocFormat::Html => proposal_doc::html(&doc),
        DocFormat::Txt => proposal_doc::text(&doc),
        DocFormat::Json => crate::io::out::json_pretty(&proposal_doc::json(&doc)) + "\n",
    })
}
