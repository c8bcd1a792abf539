//! The `w` (why) explanation: each roll-up and retention formula written out with the
//! period's own inputs, so a manager can check a figure by hand in the forecast call.

use crate::domain::money::{Cur, Money};
use crate::domain::portfolio::{Figures, Flows, Period};

fn pct(r: Option<f64>) -> String {
    r.map_or_else(
        || "— (nothing due at the start)".into(),
        |r| format!("{:.1} %", r * 100.0),
    )
}

fn retention(out: &mut Vec<String>, title: &str, f: &Flows, cur: &Cur) {
    let m = |x: Money| x.format(cur);
    out.push(format!(
        "{title}: start {}, expansion {}, contraction {}, churn {}",
        m(f.start),
        m(f.expansion),
        m(f.contraction),
        m(f.churn)
    ));
    out.push(format!(
        "  GRR = (start − churn − contraction) / start = ({} − {} − {}) / {} = {}",
        m(f.start),
        m(f.churn),
        m(f.contraction),
        m(f.start),
        pct(f.grr())
    ));
    out.push(format!(
        "  NRR = (start + expansion − contraction − churn) / start = ({} + {} − {} − {}) / {} = {}",
        m(f.start),
        m(f.expansion),
        m(f.contraction),
        m(f.churn),
        m(f.start),
        pct(f.nrr())
    ));
}

/// Lines for an info popup: commit, best case, pipeline, weighted, against target,
/// then GRR and NRR (actual over closed renewals, forecast with open ones at their
/// expected outcome), each with its inputs. `who` names whose figures these are.
pub fn explain(f: &Figures, period: &Period, who: &str, cur: &Cur) -> Vec<String> {
    let m = |x: Money| x.format(cur);
    let open_commit = f.commit - f.closed_won;
    let open_best = f.best_case - f.commit;
    let mut out = vec![
        format!(
            "{who}, {} ({} to {}), {}: {} renewals due, {} at the start",
            period.label,
            period.from,
            period.to,
            f.currency,
            f.count,
            m(f.renewals_due)
        ),
        String::new(),
        format!(
            "Commit = open commit + closed won = {} + {} = {}",
            m(open_commit),
            m(f.closed_won),
            m(f.commit)
        ),
        format!(
            "Best case = open best case + open commit + closed won = {} + {} + {} = {}",
            m(open_best),
            m(open_commit),
            m(f.closed_won),
            m(f.best_case)
        ),
        format!(
            "Pipeline = every open renewal not omitted = {} ({} omitted, left out)",
            m(f.pipeline),
            m(f.omitted)
        ),
        format!(
            "Forecast = closed won + open at value (target, else ARR) = {} + {} = {}",
            m(f.closed_won),
            m(f.forecast - f.closed_won),
            m(f.forecast)
        ),
        format!(
            "Weighted = closed won + Σ probability × value of open renewals = {}",
            m(f.weighted)
        ),
        format!(
            "Against target = forecast − target = {} − {} = {}",
            m(f.forecast),
            m(f.target),
            m(f.against_target())
        ),
        String::new(),
    ];
    retention(&mut out, "Actual, closed renewals", &f.actual, cur);
    retention(
        &mut out,
        "Forecast, closed and open renewals",
        &f.expected,
        cur,
    );
    out.push(
        "  An open renewal counts at its expected outcome: churn (1 − p) × ARR; \
         expansion or contraction p × (value − ARR), p its probability."
            .into(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_formula_shows_its_inputs_and_adds_up() {
        let f = Figures {
            currency: "USD".into(),
            count: 3,
            renewals_due: Money::from_major(300),
            target: Money::from_major(320),
            forecast: Money::from_major(280),
            weighted: Money::from_major(200),
            commit: Money::from_major(150),
            best_case: Money::from_major(230),
            pipeline: Money::from_major(180),
            closed_won: Money::from_major(100),
            actual: Flows {
                start: Money::from_major(100),
                expansion: Money::from_major(10),
                contraction: Money::from_major(5),
                churn: Money::from_major(20),
            },
            ..Default::default()
        };
        let p = crate::domain::portfolio::quarter_of("2026-11-22".parse().unwrap(), 1);
        let lines = explain(&f, &p, "Everyone", &Cur::new("USD", None));
        let text = lines.join("\n");
        assert!(text.contains("Commit = open commit + closed won = $50 + $100 = $150"));
        assert!(text.contains("= $80 + $50 + $100 = $230"), "{text}");
        assert!(
            text.contains(
                "GRR = (start − churn − contraction) / start = ($100 − $20 − $5) / $100 = 75.0 %"
            ),
            "{text}"
        );
        assert!(text.contains("($100 + $10 − $5 − $20) / $100 = 85.0 %"));
        assert!(text.contains("Against target = forecast − target = $280 − $320 = -$40"));
        // Nothing at the start: no ratio, said in words.
        assert!(text.contains("— (nothing due at the start)"));
    }
}
