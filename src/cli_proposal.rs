//! `runway proposal`: the customer document, and the approvals it needs first
//! (issue 12: nothing the customer sees promises more than someone approved).

use crate::cli::{DocFormat, Said};
use crate::domain::Date;
use crate::domain::approval::ApproverLevel;
use crate::domain::config::Config;
use crate::domain::proposal_approval::{self as approval, Policy};
use crate::domain::proposal_rules::{self, TierName};
use crate::store::Store;
use anyhow::{Context, bail};
use std::path::Path;

/// How `runway proposal` writes.
pub struct Opts<'a> {
    pub format: DocFormat,
    pub output: Option<&'a Path>,
    /// Write without the approvals, under a "DRAFT — not approved" banner.
    pub draft: bool,
}

/// `runway proposal ID [--md|--html|--txt|--json] [-o FILE] [--draft]`. A document for
/// the customer (Markdown, HTML, text) is refused while an option lacks the approval
/// its discount needs, unless `--draft` asks for the bannered internal copy. JSON is
/// data for scripts, not a customer document, and says what is missing instead.
pub fn proposal(
    store: &Store,
    cfg: &Config,
    today: Date,
    query: &str,
    o: Opts,
) -> anyhow::Result<Said> {
    use crate::io::proposal_doc::{self, ProposalDoc};
    let id = store.resolve_account(query)?;
    let d = store
        .account_detail(&id, cfg, today)?
        .context("the account vanished while reading it")?;
    let (facts, draft) = store
        .proposal_model(cfg, &d)?
        .context("no open renewal to propose for")?;
    let prices = proposal_rules::price_all(&facts, &draft, cfg);
    let warnings = proposal_rules::warnings(&facts, &draft, cfg);
    let approvals = store.proposal_approvals(&id)?;
    let missing = approval::missing(&draft, &approvals, &Policy::from_config(cfg));
    if !missing.is_empty() && !o.draft && o.format != DocFormat::Json {
        let reasons: Vec<String> = missing
            .iter()
            .map(|m| format!("  {}", m.reason()))
            .collect();
        bail!(
            "not written: the customer would see options nobody has approved yet\n{}\n(--draft writes an internal copy marked \"DRAFT — not approved\")",
            reasons.join("\n")
        );
    }
    let currency = cfg.book.cur(d.currency(&cfg.book.currency));
    let doc = ProposalDoc {
        account_name: &d.account.name,
        account_id: &d.account.id,
        currency: &currency,
        current_arr: facts.arr,
        today,
        renewal_date: d.row.as_ref().and_then(|r| r.facts.renewal_date),
        valid_days: cfg.proposal.validity_days,
        draft: &draft,
        prices: &prices,
        warnings: &warnings,
        value_framing: draft.value_framing.as_deref(),
        not_approved: !missing.is_empty(),
        approvals: &approvals,
        missing: &missing,
        signature: crate::io::text::signature(&cfg.user.name, &cfg.user.title),
    };
    let text = match o.format {
        DocFormat::Md => proposal_doc::markdown(&doc),
        DocFormat::Html => proposal_doc::html(&doc),
        DocFormat::Txt => proposal_doc::text(&doc),
        DocFormat::Json => crate::io::out::json_pretty(&proposal_doc::json(&doc)) + "\n",
    };
    match o.output {
        None => Ok(Said::Data(text)),
        Some(p) => {
            crate::io::files::write_atomic(p, text.as_bytes())
                .with_context(|| format!("{}: cannot write the proposal", p.display()))?;
            Ok(Said::Note(format!("wrote the proposal to {}", p.display())))
        }
    }
}

/// `--approve TIER --by NAME --level LEVEL`.
pub struct Approve<'a> {
    pub tier: &'a str,
    pub by: &'a str,
    pub level: &'a str,
}

/// Records an approval; the store refuses a level below what the option needs.
pub fn approve(
    store: &mut Store,
    cfg: &Config,
    today: Date,
    query: &str,
    a: Approve,
) -> anyhow::Result<String> {
    let id = store.resolve_account(query)?;
    let tier = TierName::parse(a.tier).context("the option is good, better or best")?;
    let level = ApproverLevel::parse(a.level)
        .context("the level is csm, manager, director or executive")?;
    let d = store
        .account_detail(&id, cfg, today)?
        .context("the account vanished while reading it")?;
    let (_, draft) = store
        .proposal_model(cfg, &d)?
        .context("no open renewal to propose for")?;
    let policy = Policy::from_config(cfg);
    store.write(|tx| {
        let rid = tx.open_renewal_id(&id)?;
        tx.approve_tier(&id, rid, &draft, tier, level, a.by, today, &policy)
    })?;
    Ok(format!(
        "recorded: {} approved {} for {} ({}) on {today}",
        crate::domain::text::inert(a.by.trim()),
        tier.label(),
        crate::domain::text::inert(&d.account.name),
        level.label()
    ))
}
