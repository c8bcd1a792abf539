//! The portfolio's settings (`[portfolio]`, `[learning]`), apart from `config.rs` so
//! each file stays readable; `config::Config` holds them and re-exports the types.

use serde::{Deserialize, Serialize};

/// The forecast categories and periods of the portfolio view (issue 15).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PortfolioRules {
    /// The month (1-12) the fiscal year starts in; quarters count from it.
    pub fiscal_year_start_month: u32,
    /// Open stages whose renewals default to `commit`...
    pub commit_stages: Vec<String>,
    /// ...and to `best_case`; every other open stage defaults to `pipeline`.
    pub best_case_stages: Vec<String>,
    /// A red health score puts a renewal in `pipeline` whatever its stage.
    pub red_is_pipeline: bool,
    /// `runway moved` compares with the snapshot this many days ago by default.
    pub moved_days: i64,
}

impl Default for PortfolioRules {
    fn default() -> Self {
        PortfolioRules {
            fiscal_year_start_month: 1,
            commit_stages: vec!["verbal".into(), "contract_sent".into()],
            best_case_stages: vec!["proposal".into(), "negotiating".into()],
            red_is_pipeline: true,
            moved_days: 7,
        }
    }
}

/// Win/loss learning (§16).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LearningRules {
    /// One loss to a competitor is data; this many with the same reason, competitor
    /// or segment is a pattern.
    pub pattern_min: u32,
}

impl Default for LearningRules {
    fn default() -> Self {
        LearningRules { pattern_min: 3 }
    }
}

impl PortfolioRules {
    /// `(key, problem)` for the first bad value.
    pub fn validate(&self) -> Result<(), (String, String)> {
        let err = |k: &str, m: &str| Err((k.to_string(), m.to_string()));
        let p = self;
        if !(1..=12).contains(&p.fiscal_year_start_month) {
            return err(
                "portfolio.fiscal_year_start_month",
                "must be a month, 1 to 12",
            );
        }
        for (k, list) in [
            ("portfolio.commit_stages", &p.commit_stages),
            ("portfolio.best_case_stages", &p.best_case_stages),
        ] {
            let open = super::renewal::Stage::OPEN.iter().map(|s| s.as_str());
            if let Some(bad) = list.iter().find(|s| !open.clone().any(|o| o == s.as_str())) {
                return err(k, &format!("'{bad}' is not an open stage"));
            }
        }
        if p.commit_stages
            .iter()
            .any(|s| p.best_case_stages.contains(s))
        {
            return err(
                "portfolio.best_case_stages",
                "a stage cannot also be in commit_stages",
            );
        }
        if p.moved_days < 1 {
            return err("portfolio.moved_days", "must be at least 1");
        }
        Ok(())
    }
}

impl LearningRules {
    pub fn validate(&self) -> Result<(), (String, String)> {
        if self.pattern_min < 1 {
            return Err(("learning.pattern_min".into(), "must be at least 1".into()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_values_name_their_key() {
        let bad = |p: PortfolioRules| p.validate().unwrap_err().0;
        assert_eq!(
            bad(PortfolioRules {
                fiscal_year_start_month: 13,
                ..Default::default()
            }),
            "portfolio.fiscal_year_start_month"
        );
        assert_eq!(
            bad(PortfolioRules {
                commit_stages: vec!["won".into()],
                ..Default::default()
            }),
            "portfolio.commit_stages"
        );
        assert_eq!(
            bad(PortfolioRules {
                best_case_stages: vec!["verbal".into()],
                ..Default::default()
            }),
            "portfolio.best_case_stages"
        );
        assert!(PortfolioRules::default().validate().is_ok());
        assert!(LearningRules { pattern_min: 0 }.validate().is_err());
    }
}
