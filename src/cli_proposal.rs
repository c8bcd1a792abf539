//! `runway proposal`: the customer document, and the approvals it needs first
//! (issue 12: nothing the customer sees promises more than someone approved).

use crate::cli::{DocFormat, Said};
use crate::domain::Date;
use crate::domain::approval::ApproverLevel;
use crate::domain::config::Config;
use crate::domain::proposal_approval::Policy;
use crate::domain::proposal_rules::TierName;
use crate::io::proposal_export::{ProposalSource, document};
use crate::store::Store;
use anyhow::Context;
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
    let id = store.resolve_account(query)?;
    let d = store
        .account_detail(&id, cfg, today)?
        .context("the account vanished while reading it")?;
    let (facts, draft) = store
        .proposal_model(cfg, &d)?
        .context("no open renewal to propose for")?;
    let approvals = store.proposal_approvals(&id)?;
    let src = ProposalSource {
        account_name: &d.account.name,
        account_id: &d.account.id,
        currency: d.currency(&cfg.book.currency),
        renewal_date: d.row.as_ref().and_then(|r| r.facts.renewal_date),
        facts: &facts,
        draft: &draft,
        approvals: &approvals,
    };
    let text = document(&src, cfg, today, o.format, o.draft)?;
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
