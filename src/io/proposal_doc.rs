//! The customer-facing proposal: Markdown (the source of truth), HTML and a plain-text
//! email body, all from one model so the three never disagree.

use crate::domain::Date;
use crate::domain::money::Money;
use crate::domain::proposal::TierPrice;
use crate::domain::proposal_rules::{Draft, TierName};
use crate::domain::text::inert;
use chrono::Duration;
use serde_json::{Value, json};

/// Everything a proposal document says.
pub struct ProposalDoc<'a> {
    pub account_name: &'a str,
    pub account_id: &'a str,
    /// The renewal's currency in the book's number style.
    pub currency: &'a crate::domain::money::Cur,
    /// What the customer pays today.
    pub current_arr: Money,
    pub today: Date,
    pub renewal_date: Option<Date>,
    pub valid_days: i64,
    pub draft: &'a Draft,
    pub prices: &'a [TierPrice; 3],
    pub warnings: &'a [String],
    /// The line tying the expansion to an outcome, if the CSM wrote one.
    pub value_framing: Option<&'a str>,
    /// Written without an approval it needs (`--draft`): every section carries the
    /// banner, so no page of it can pass for the real thing.
    pub not_approved: bool,
    pub approvals: &'a [crate::domain::proposal_approval::Approval],
    pub missing: &'a [crate::domain::proposal_approval::Missing],
    /// The sender's name and title closing the email body (empty lines dropped).
    pub signature: String,
}

/// The banner a `--draft` copy carries on every section.
pub const DRAFT_BANNER: &str = "DRAFT — not approved";

fn banner_md(d: &ProposalDoc) -> String {
    if d.not_approved {
        format!("> **{DRAFT_BANNER}** — internal copy, not for the customer.\n\n")
    } else {
        String::new()
    }
}

fn includes(d: &ProposalDoc, i: usize) -> String {
    let t = &d.draft.tiers[i];
    let mut parts = vec!["your current subscription".to_string()];
    match t.expansion {
        crate::domain::proposal::Expansion::None => {}
        crate::domain::proposal::Expansion::Percent(bp) => parts.push(format!(
            "expansion worth {}% of today's subscription",
            bp as f64 / 100.0
        )),
        crate::domain::proposal::Expansion::Units { units, unit_price } => parts.push(format!(
            "{units} more seats at {} each",
            unit_price.format(d.currency)
        )),
    }
    if t.term_years > 1 {
        parts.push(format!("a {}-year commitment", t.term_years));
    }
    parts.join(", ")
}

fn terms(d: &ProposalDoc, i: usize) -> String {
    let t = &d.draft.tiers[i];
    let p = &d.prices[i];
    let mut s = match t.pricing {
        crate::domain::proposal::Pricing::Fixed if t.term_years > 1 => {
            "The same price every year of the term".to_string()
        }
        crate::domain::proposal::Pricing::Fixed => "Twelve months at current terms".to_string(),
        crate::domain::proposal::Pricing::Stepped => format!(
            "Price rises {}% a year, agreed now",
            t.step_bp as f64 / 100.0
        ),
        crate::domain::proposal::Pricing::ExpansionFriendly => format!(
            "A lower committed base; growth billed as used (about {} a year at today's plan)",
            p.overage.format(d.currency)
        ),
    };
    let clauses = crate::domain::proposal::clause_texts(t.clauses);
    if !clauses.is_empty() {
        s.push_str("; with ");
        s.push_str(&clauses.join(", "));
    }
    s
}

/// The customer-facing timeline, from the renewal date backwards; steps already past
/// are not shown as future dates.
fn timeline(d: &ProposalDoc) -> Vec<(String, String)> {
    let Some(r) = d.renewal_date else {
        return vec![("Agreement".into(), "as soon as you are ready".into())];
    };
    let when = |days: i64| {
        let dt = r - Duration::days(days);
        if dt <= d.today {
            "now".to_string()
        } else {
            dt.to_string()
        }
    };
    vec![
        ("Value review together".into(), when(60)),
        ("This proposal".into(), when(45)),
        ("Agreement on the option".into(), when(30)),
        (
            "Signed contract".into(),
            if r <= d.today {
                "as soon as possible".into()
            } else {
                format!("by {r}")
            },
        ),
    ]
}

pub fn markdown(d: &ProposalDoc) -> String {
    let name = inert(d.account_name).replace('|', "/");
    let cur = d.currency;
    let banner = banner_md(d);
    let mut o = format!("# Renewal proposal for {name}\n\n{banner}Hello {name} team,\n\n");
    o.push_str(&format!(
        "Thank you for another year together. Below are three ways to renew, from keeping things as they are to growing with a longer commitment. Today you invest {} a year.\n\n",
        d.current_arr.format(cur)
    ));
    if let Some(v) = d.value_framing {
        o.push_str(&format!(
            "**Why grow now:** {}\n\n",
            inert(v).replace('|', "/")
        ));
    }
    o.push_str("| | Good | Better | Best |\n|---|---|---|---|\n");
    let row = |label: &str, f: &dyn Fn(usize) -> String| {
        format!("| {label} | {} | {} | {} |\n", f(0), f(1), f(2))
    };
    o.push_str(&row("Includes", &|i| includes(d, i)));
    o.push_str(&row("First year", &|i| d.prices[i].annual[0].format(cur)));
    o.push_str(&row("Term", &|i| {
        format!(
            "{} year{}",
            d.draft.tiers[i].term_years,
            if d.draft.tiers[i].term_years > 1 {
                "s"
            } else {
                ""
            }
        )
    }));
    o.push_str(&row("Each year", &|i| {
        d.prices[i]
            .annual
            .iter()
            .map(|m| m.format(cur))
            .collect::<Vec<_>>()
            .join(" / ")
    }));
    o.push_str(&row("Total contract value", &|i| {
        d.prices[i].total_contract_value.format(cur)
    }));
    if d.prices.iter().any(|p| p.effective_unit_price.is_some()) {
        o.push_str(&row("Per seat, first year", &|i| {
            d.prices[i]
                .effective_unit_price
                .map(|m| m.format(cur))
                .unwrap_or_else(|| "—".into())
        }));
    }
    o.push_str(&row("Discount", &|i| {
        if d.prices[i].discount_bp == 0 {
            "—".into()
        } else {
            format!("{}%", d.prices[i].discount_bp as f64 / 100.0)
        }
    }));
    o.push_str(&row("Against Good, first year", &|i| {
        diff(d.prices[i].annual[0], d.prices[0].annual[0], cur)
    }));
    o.push_str(&row("", &|i| {
        if TierName::ALL[i] == d.draft.recommended {
            "**Recommended**".into()
        } else {
            String::new()
        }
    }));
    o.push_str(&format!("\n## Terms\n\n{banner}"));
    for (i, t) in TierName::ALL.iter().enumerate() {
        o.push_str(&format!("- **{}**: {}.\n", t.label(), terms(d, i)));
    }
    if !d.draft.bundled {
        o.push_str("\nWe suggest settling the renewal first; the Better and Best additions can follow as a separate step whenever you are ready.\n");
    }
    o.push_str(&format!("\n## What happens next\n\n{banner}"));
    for (step, when) in timeline(d) {
        o.push_str(&format!("- {step}: {when}\n"));
    }
    o.push_str(&format!(
        "\nThis proposal is valid until {}.\n",
        d.today + Duration::days(d.valid_days)
    ));
    o
}

fn diff(x: Money, good: Money, cur: &crate::domain::money::Cur) -> String {
    match (x - good).0 {
        0 => "—".into(),
        n if n > 0 => format!("+{}", Money(n).format(cur)),
        n => format!("−{}", Money(-n).format(cur)),
    }
}

/// A plain-text email body.
pub fn text(d: &ProposalDoc) -> String {
    let name = inert(d.account_name);
    let cur = d.currency;
    let banner = if d.not_approved {
        format!("*** {DRAFT_BANNER} — internal copy, not for the customer ***\n\n")
    } else {
        String::new()
    };
    let mut o = format!(
        "{banner}Hello {name} team,\n\nThank you for another year together. Here are three ways to renew:\n\n"
    );
    for (i, t) in TierName::ALL.iter().enumerate() {
        let rec = if *t == d.draft.recommended {
            " (our recommendation)"
        } else {
            ""
        };
        o.push_str(&format!(
            "{}{rec}: {} — {} in the first year, {} over {}. {}.\n\n",
            t.label(),
            includes(d, i),
            d.prices[i].annual[0].format(cur),
            d.prices[i].total_contract_value.format(cur),
            crate::io::text::count(d.draft.tiers[i].term_years as usize, "year", "years"),
            terms(d, i)
        ));
    }
    o.push_str(&banner);
    o.push_str("Next steps:\n");
    for (step, when) in timeline(d) {
        o.push_str(&format!("  - {step}: {when}\n"));
    }
    o.push_str(&format!(
        "\nThis proposal is valid until {}.\n\nBest regards,\n{}",
        d.today + Duration::days(d.valid_days),
        d.signature
    ));
    if d.not_approved {
        o.push_str(&format!("\n*** {DRAFT_BANNER} ***\n"));
    }
    o
}

fn esc(s: &str) -> String {
    inert(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A self-contained HTML page (no external resources), everything escaped.
pub fn html(d: &ProposalDoc) -> String {
    let md = markdown(d);
    let mut body = String::new();
    let mut in_table = false;
    for line in md.lines() {
        if let Some(cells) = line.strip_prefix('|') {
            if line.starts_with("|---") {
                continue;
            }
            if !in_table {
                body.push_str("<table>\n");
                in_table = true;
            }
            let cells: Vec<String> = cells
                .trim_end_matches('|')
                .split('|')
                .map(|c| format!("<td>{}</td>", esc(c.trim()).replace("**", "")))
                .collect();
            body.push_str(&format!("<tr>{}</tr>\n", cells.join("")));
            continue;
        }
        if in_table {
            body.push_str("</table>\n");
            in_table = false;
        }
        if line.starts_with(&format!("> **{DRAFT_BANNER}**")) {
            body.push_str(&format!(
                "<p class=\"draft\">{} — internal copy, not for the customer</p>\n",
                DRAFT_BANNER
            ));
        } else if let Some(h) = line.strip_prefix("# ") {
            body.push_str(&format!("<h1>{}</h1>\n", esc(h)));
        } else if let Some(h) = line.strip_prefix("## ") {
            body.push_str(&format!("<h2>{}</h2>\n", esc(h)));
        } else if let Some(li) = line.strip_prefix("- ") {
            body.push_str(&format!("<p>• {}</p>\n", esc(li).replace("**", "")));
        } else if !line.is_empty() {
            body.push_str(&format!("<p>{}</p>\n", esc(line)));
        }
    }
    if in_table {
        body.push_str("</table>\n");
    }
    format!(
        "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{}Renewal proposal — {}</title>\n<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}td{{border:1px solid #999;padding:.3em .6em}}table{{border-collapse:collapse}}{}</style></head>\n<body>\n{body}</body></html>\n",
        if d.not_approved {
            format!("{DRAFT_BANNER} — ")
        } else {
            String::new()
        },
        esc(d.account_name),
        if d.not_approved {
            // Fixed in print, so the banner repeats on every printed page.
            ".draft{border:3px solid #b00;color:#b00;font-weight:bold;padding:.5em;text-align:center}@media print{.draft{position:fixed;top:0;left:0;right:0;background:#fff}}"
        } else {
            ""
        },
    )
}

/// `--json`: the tiers and the warnings.
pub fn json(d: &ProposalDoc) -> Value {
    let tiers: Vec<Value> = TierName::ALL
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let p = &d.prices[i];
            json!({
                "name": t.as_str(),
                "annual_prices": p.annual.iter().map(|m| m.major_f64()).collect::<Vec<_>>(),
                "term_years": d.draft.tiers[i].term_years,
                "discount_pct": p.discount_bp as f64 / 100.0,
                "pricing": d.draft.tiers[i].pricing.as_str(),
                "total_contract_value": p.total_contract_value.major_f64(),
                "required_approver": p.required_approver.as_str(),
                "recommended": *t == d.draft.recommended,
            })
        })
        .collect();
    json!({
        "schema_version": crate::io::queue_json::SCHEMA_VERSION,
        "account_id": d.account_id,
        "currency": d.currency.code,
        "bundled": d.draft.bundled,
        "valid_until": (d.today + Duration::days(d.valid_days)).to_string(),
        "approved": d.missing.is_empty(),
        "approvals_missing": d.missing.iter().map(|m| json!({
            "tier": m.tier.as_str(),
            "discount_pct": m.discount_bp as f64 / 100.0,
            "needs": m.needs.as_str(),
        })).collect::<Vec<_>>(),
        "approvals": d.approvals.iter().map(|a| json!({
            "tier": a.tier.as_str(),
            "discount_pct": a.discount_bp as f64 / 100.0,
            "level": a.level.as_str(),
            "by": a.by,
            "on": a.on.to_string(),
        })).collect::<Vec<_>>(),
        "tiers": tiers,
        "warnings": d.warnings,
        "value_framing": d.value_framing,
    })
}
