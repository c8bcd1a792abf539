//! `runway save` and `runway saves`: one account's save plan (or, before there is
//! one, the assessment it would start from) and the book's save metrics.

use crate::cli::{Said, export_dir, resolve_account};
use crate::domain::Date;
use crate::store::Store;
use anyhow::{Context, bail};
use std::path::Path;

/// `runway save ACCOUNT_ID [--json | --md [-o FILE]]`.
pub fn save(
    store: &Store,
    cfg: &crate::domain::config::Config,
    query: &str,
    md: bool,
    output: Option<&Path>,
    today: Date,
) -> anyhow::Result<Said> {
    use crate::io::save_plan as sp;
    let id = resolve_account(store, query)?;
    let Some(plan) = store.save_plan(&id)? else {
        // No plan yet: the assessment it would start from, for any open renewal.
        let d = store
            .account_detail(&id, cfg, today)?
            .with_context(|| format!("{id}: no such account"))?;
        let Some(a) = crate::domain::save_assessment::for_account(&d, &cfg.save) else {
            bail!("{id} has no open renewal and no save plan")
        };
        if md {
            bail!("{id} has no save plan to write yet (start one in the cockpit's save pane)");
        }
        let v = crate::io::save_assessment::pre_assessment_json(&id, &d.account.name, &a, today);
        return Ok(Said::Data(crate::io::out::json_pretty(&v) + "\n"));
    };
    let view = sp::SaveView::build(&plan, today, cfg);
    if !md {
        let mut v = sp::plan_json(&plan, &view, today);
        // The value side of the save shares the account's multi-year verdict.
        if let (Some(d), Some(o)) = (store.account_detail(&id, cfg, today)?, v.as_object_mut()) {
            o.insert(
                "multi_year".into(),
                serde_json::json!({ "candidate": d.multi_year.0, "reasons": d.multi_year.1 }),
            );
        }
        return Ok(Said::Data(crate::io::out::json_pretty(&v) + "\n"));
    }
    let path = match output {
        Some(p) if p == Path::new("-") => {
            return Ok(Said::Data(sp::customer_markdown(&plan, &view, today)));
        }
        Some(p) => {
            crate::io::files::write_atomic(
                p,
                sp::customer_markdown(&plan, &view, today).as_bytes(),
            )
            .with_context(|| format!("{}: cannot write", p.display()))?;
            p.to_path_buf()
        }
        None => sp::export(&plan, &view, today, &export_dir(cfg)?)?,
    };
    Ok(Said::Note(format!(
        "wrote the customer plan to {}",
        path.display()
    )))
}

/// `runway saves --json`.
pub fn saves(
    store: &Store,
    cfg: &crate::domain::config::Config,
    today: Date,
) -> anyhow::Result<String> {
    use crate::io::save_plan as sp;
    let m = sp::metrics(&store.save_counts(cfg, today)?, cfg);
    Ok(crate::io::out::json_pretty(&sp::metrics_json(&m)))
}
