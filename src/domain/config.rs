//! Every threshold a team might disagree with, with the defaults from the rules.
//!
//! These are plain data types (serde only); reading and validating the TOML file is
//! `crate::config`'s job. `deny_unknown_fields` everywhere so a misspelt key is an
//! error that names it rather than a silently ignored setting.

use serde::{Deserialize, Serialize};

pub use super::config_portfolio::{LearningRules, PortfolioRules};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub user: UserConfig,
    pub book: BookConfig,
    pub segments: SegmentRules,
    pub health: HealthRules,
    pub queue: QueueRules,
    pub stakeholders: StakeholderRules,
    pub signals: SignalRules,
    pub priority: PriorityWeights,
    pub forecast: ForecastRules,
    pub playbook: PlaybookRules,
    pub approval: ApprovalMatrix,
    pub ownership: OwnershipRules,
    pub multi_year: MultiYearRules,
    pub proposal: ProposalDefaults,
    pub save: SaveRules,
    pub store: StoreRules,
    pub backup: BackupRules,
    pub portfolio: PortfolioRules,
    pub learning: LearningRules,
    pub ui: UiConfig,
    /// Key overrides: action name → key, e.g. `palette = "ctrl-p"`.
    pub keys: BTreeMap<String, String>,
    /// Exchange rates into the book's currency (`GBP = 1.17`: one pound is 1.17 of
    /// the book currency). Empty: totals stay one figure per currency.
    pub fx: BTreeMap<String, f64>,
}

/// How the cockpit behaves in the terminal.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UiConfig {
    /// Click to select and wheel to scroll. Off by default: capturing the mouse takes
    /// the terminal's own text selection away.
    pub mouse: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UserConfig {
    /// The owner name that the "mine" filter matches; also signs customer emails.
    pub name: String,
    /// Your job title, under your name at the end of customer emails.
    pub title: String,
    /// Your part under the ownership model: "csm" (the default), "specialist" or
    /// "sales". "Mine" (M) shows the renewals you lead: a CSM's own renewals until a
    /// specialist or sales takes them over; a specialist's or seller's, every renewal
    /// the model hands to that role.
    pub role: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BookConfig {
    /// ISO 4217 code for amounts without one.
    pub currency: String,
    /// How to read ambiguous slash dates on import: "mdy", "dmy" or "" (refuse).
    pub date_order: String,
    /// Where briefs, plans and proposals are written; empty = the platform data dir.
    pub export_dir: String,
    /// How amounts are written: "1,234.56", "1.234,56", "1 234,56", or "" for each
    /// currency's usual style.
    pub number_format: String,
}

impl BookConfig {
    /// A currency as the book writes it (the configured number style, else the
    /// currency's usual one).
    pub fn cur(&self, code: &str) -> super::money::Cur {
        super::money::Cur::new(code, self.number_style())
    }

    pub fn number_style(&self) -> Option<super::money::NumberStyle> {
        super::money::NumberStyle::parse(&self.number_format)
            .ok()
            .flatten()
    }
}

impl Default for BookConfig {
    fn default() -> Self {
        BookConfig {
            currency: "USD".into(),
            date_order: String::new(),
            export_dir: String::new(),
            number_format: String::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SegmentRules {
    /// ARR (major units) at or above which an account is enterprise.
    pub enterprise_min: i64,
    /// ARR (major units) at or above which an account is mid-market.
    pub mid_market_min: i64,
}

impl Default for SegmentRules {
    fn default() -> Self {
        SegmentRules {
            enterprise_min: 100_000,
            mid_market_min: 10_000,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HealthRules {
    pub green_min: u8,
    pub yellow_min: u8,
}

impl Default for HealthRules {
    fn default() -> Self {
        HealthRules {
            green_min: 75,
            yellow_min: 50,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QueueRules {
    /// Days ahead the queue looks by default.
    pub window_days: i64,
    /// No stage change or activity for this many days = stalled.
    pub stalled_days: i64,
}

impl Default for QueueRules {
    fn default() -> Self {
        QueueRules {
            window_days: 90,
            stalled_days: 14,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StakeholderRules {
    /// A contact not reached for longer than this is stale.
    pub stale_contact_days: i64,
}

impl Default for StakeholderRules {
    fn default() -> Self {
        StakeholderRules {
            stale_contact_days: 45,
        }
    }
}

/// When the data itself is a risk signal (§11): thresholds for the signals Runway
/// derives from health snapshots, NPS/CSAT and usage readings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SignalRules {
    /// A fall of this many points since the previous health snapshot is a health drop.
    pub health_drop_points: u8,
    /// An NPS below this is negative feedback (NPS runs -100..100).
    pub nps_min: f64,
    /// A CSAT below this (percent) is negative feedback.
    pub csat_min: f64,
    /// An NPS or CSAT that fell this many points since the previous reading is
    /// negative feedback even when still above the line.
    pub feedback_drop_points: f64,
    /// Usage down by this share (percent) over `usage_window_days` is a usage decline.
    pub usage_drop_pct: f64,
    /// How far back the usage comparison looks from the latest reading.
    pub usage_window_days: i64,
}

impl Default for SignalRules {
    fn default() -> Self {
        SignalRules {
            health_drop_points: 10,
            nps_min: 0.0,
            csat_min: 70.0,
            feedback_drop_points: 10.0,
            usage_drop_pct: 20.0,
            usage_window_days: 90,
        }
    }
}

/// The most points each part of the queue priority can add (they sum to 100).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PriorityWeights {
    pub urgency: u32,
    pub value: u32,
    pub health: u32,
    pub risk: u32,
    /// Points per open risk signal, up to `risk`.
    pub per_signal: u32,
}

impl Default for PriorityWeights {
    fn default() -> Self {
        PriorityWeights {
            urgency: 40,
            value: 25,
            health: 20,
            risk: 15,
            per_signal: 5,
        }
    }
}

/// Forecast probability (percent) by stage, and how health and risk move it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ForecastRules {
    pub not_started: u8,
    pub prep: u8,
    pub engaged: u8,
    pub proposal: u8,
    pub negotiating: u8,
    pub verbal: u8,
    pub contract_sent: u8,
    pub green_adjust: i8,
    pub yellow_adjust: i8,
    pub red_adjust: i8,
    pub at_risk_adjust: i8,
}

impl Default for ForecastRules {
    fn default() -> Self {
        ForecastRules {
            not_started: 60,
            prep: 65,
            engaged: 70,
            proposal: 75,
            negotiating: 80,
            verbal: 90,
            contract_sent: 95,
            green_adjust: 5,
            yellow_adjust: -10,
            red_adjust: -25,
            at_risk_adjust: -10,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlaybookRules {
    /// Mid-market accounts at or above this ARR (major units) get the optional T-90 review.
    pub mid_market_review_min: i64,
    /// Which automated internal reminders run (days before the renewal).
    pub reminder_days: Vec<i64>,
}

impl Default for PlaybookRules {
    fn default() -> Self {
        PlaybookRules {
            mid_market_review_min: 50_000,
            reminder_days: vec![90, 60, 30, 14, 7],
        }
    }
}

/// Highest discount (percent) each level may approve; above `director_max` needs VP/executive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApprovalMatrix {
    pub csm_max: f64,
    pub manager_max: f64,
    pub director_max: f64,
}

impl Default for ApprovalMatrix {
    fn default() -> Self {
        ApprovalMatrix {
            csm_max: 5.0,
            manager_max: 15.0,
            director_max: 25.0,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OwnershipRules {
    /// "csm", "specialist_from_t60", "sales" or "hybrid".
    pub model: String,
    /// Hybrid: sales owns at or above this ARR (major units).
    pub sales_min: i64,
    /// Hybrid: renewal specialists run accounts below this ARR at volume.
    pub specialist_below: i64,
    /// Specialist model: the specialist takes over this many days before renewal.
    pub specialist_from_days: i64,
}

impl Default for OwnershipRules {
    fn default() -> Self {
        OwnershipRules {
            model: "csm".into(),
            sales_min: 50_000,
            specialist_below: 10_000,
            specialist_from_days: 60,
        }
    }
}

/// Multi-year incentive bands (percent discount) by term.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MultiYearRules {
    pub two_year_min: f64,
    pub two_year_max: f64,
    pub three_year_min: f64,
    pub three_year_max: f64,
}

impl Default for MultiYearRules {
    fn default() -> Self {
        MultiYearRules {
            two_year_min: 10.0,
            two_year_max: 20.0,
            three_year_min: 15.0,
            three_year_max: 25.0,
        }
    }
}

/// What a new proposal draft starts from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProposalDefaults {
    /// Better: a modest expansion, percent of current ARR.
    pub better_expansion_pct: f64,
    /// Best: the full expansion, percent of current ARR.
    pub best_expansion_pct: f64,
    /// Best: the multi-year term offered (2 or 3).
    pub best_term_years: u8,
    /// Stepped pricing: yearly increase, percent (the rules say 5–10).
    pub step_pct: f64,
    /// How long a proposal is valid, in days.
    pub validity_days: i64,
    /// The approval level of the person building proposals (csm, manager, director, executive).
    pub user_level: String,
}

impl Default for ProposalDefaults {
    fn default() -> Self {
        ProposalDefaults {
            better_expansion_pct: 10.0,
            best_expansion_pct: 20.0,
            best_term_years: 2,
            step_pct: 7.0,
            validity_days: 30,
            user_level: "csm".into(),
        }
    }
}

/// Save triage thresholds (§12, §15) in whole major units of ARR.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SaveRules {
    /// ARR from which an account is high value for save triage.
    pub value_high_arr: i64,
    /// ARR from which an account is medium value.
    pub value_medium_arr: i64,
    /// ARR from which executive escalation is suggested once our own options are exhausted.
    pub escalation_arr: i64,
    /// Weekly health checks scheduled when a save closes as saved (26 = six months).
    pub monitoring_weeks: u32,
    /// What an hour of the team's time costs (major units), for save ROI.
    pub hourly_cost: i64,
}

impl Default for SaveRules {
    fn default() -> Self {
        SaveRules {
            value_high_arr: 100_000,
            value_medium_arr: 25_000,
            escalation_arr: 50_000,
            monitoring_weeks: 26,
            hourly_cost: 100,
        }
    }
}

/// How long writes wait for another runway writing the same book.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StoreRules {
    /// Seconds an import waits for another runway's write to finish before giving up.
    pub import_wait_secs: u64,
}

impl Default for StoreRules {
    fn default() -> Self {
        StoreRules {
            import_wait_secs: 60,
        }
    }
}

/// The automatic daily backup of the book.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BackupRules {
    /// Copy the book into the data folder's `backups/` on the first run of each day.
    pub enabled: bool,
    /// Days of daily backups kept; older ones are removed after a good new one.
    pub keep_days: u32,
}

impl Default for BackupRules {
    fn default() -> Self {
        BackupRules {
            enabled: true,
            keep_days: 7,
        }
    }
}

impl Config {
    /// Checks relations between values that types alone cannot express.
    /// Returns `(key, problem)` for the first inconsistency.
    pub fn validate(&self) -> Result<(), (String, String)> {
        let err = |k: &str, m: &str| Err((k.to_string(), m.to_string()));
        if self.segments.mid_market_min <= 0 {
            return err("segments.mid_market_min", "must be above zero");
        }
        if self.segments.enterprise_min <= self.segments.mid_market_min {
            return err(
                "segments.enterprise_min",
                "must be above segments.mid_market_min",
            );
        }
        if self.health.green_min > 100 {
            return err("health.green_min", "must be between 0 and 100");
        }
        if self.health.yellow_min >= self.health.green_min {
            return err("health.yellow_min", "must be below health.green_min");
        }
        if self.save.value_medium_arr <= 0 || self.save.value_high_arr <= self.save.value_medium_arr
        {
            return err(
                "save.value_high_arr",
                "must be above save.value_medium_arr, which must be above zero",
            );
        }
        if self.save.hourly_cost < 1 {
            return err("save.hourly_cost", "must be at least 1");
        }
        if !(26..=52).contains(&self.save.monitoring_weeks) {
            return err("save.monitoring_weeks", "must be 26 to 52 (6–12 months)");
        }
        if self.queue.window_days < 1 {
            return err("queue.window_days", "must be at least 1");
        }
        if self.queue.stalled_days < 1 {
            return err("queue.stalled_days", "must be at least 1");
        }
        if self.stakeholders.stale_contact_days < 1 {
            return err("stakeholders.stale_contact_days", "must be at least 1");
        }
        let g = &self.signals;
        if g.health_drop_points == 0 || g.health_drop_points > 100 {
            return err("signals.health_drop_points", "must be 1 to 100");
        }
        if !(-100.0..=100.0).contains(&g.nps_min) {
            return err("signals.nps_min", "must be between -100 and 100");
        }
        if !(0.0..=100.0).contains(&g.csat_min) {
            return err("signals.csat_min", "must be between 0 and 100");
        }
        if !(g.feedback_drop_points > 0.0 && g.feedback_drop_points <= 200.0) {
            return err(
                "signals.feedback_drop_points",
                "must be above 0 and at most 200",
            );
        }
        if !(g.usage_drop_pct > 0.0 && g.usage_drop_pct <= 100.0) {
            return err("signals.usage_drop_pct", "must be above 0 and at most 100");
        }
        if g.usage_window_days < 1 {
            return err("signals.usage_window_days", "must be at least 1");
        }
        let f = &self.forecast;
        for (k, v) in [
            ("not_started", f.not_started),
            ("prep", f.prep),
            ("engaged", f.engaged),
            ("proposal", f.proposal),
            ("negotiating", f.negotiating),
            ("verbal", f.verbal),
            ("contract_sent", f.contract_sent),
        ] {
            if v > 100 {
                return err(&format!("forecast.{k}"), "is a percentage: 0 to 100");
            }
        }
        let a = &self.approval;
        if !(0.0..=100.0).contains(&a.csm_max)
            || a.csm_max > a.manager_max
            || a.manager_max > a.director_max
            || a.director_max > 100.0
        {
            return err(
                "approval",
                "limits must rise from csm_max to manager_max to director_max, within 0–100",
            );
        }
        let m = &self.multi_year;
        if m.two_year_min > m.two_year_max || m.three_year_min > m.three_year_max {
            return err("multi_year", "each band's min must not exceed its max");
        }
        if !["csm", "specialist_from_t60", "sales", "hybrid"]
            .contains(&self.ownership.model.as_str())
        {
            return err(
                "ownership.model",
                "must be one of csm, specialist_from_t60, sales, hybrid",
            );
        }
        self.portfolio.validate()?;
        self.learning.validate()?;
        if self.fx.values().any(|r| !r.is_finite() || *r <= 0.0) {
            return err("fx", "each rate must be a number above zero");
        }
        if let Err(e) = super::money::NumberStyle::parse(&self.book.number_format) {
            return err("book.number_format", &e);
        }
        if !["", "csm", "specialist", "sales"].contains(&self.user.role.as_str()) {
            return err("user.role", "must be \"csm\", \"specialist\" or \"sales\"");
        }
        if !["", "mdy", "dmy"].contains(&self.book.date_order.as_str()) {
            return err("book.date_order", "must be \"mdy\", \"dmy\" or empty");
        }
        if self.book.currency.len() != 3
            || !self.book.currency.chars().all(|c| c.is_ascii_uppercase())
        {
            return err(
                "book.currency",
                "must be a three-letter ISO code such as USD or EUR",
            );
        }
        let p = &self.proposal;
        if !(0.0..=500.0).contains(&p.better_expansion_pct)
            || !(0.0..=500.0).contains(&p.best_expansion_pct)
        {
            return err(
                "proposal",
                "expansion percentages must be between 0 and 500",
            );
        }
        if !(2..=3).contains(&p.best_term_years) {
            return err("proposal.best_term_years", "must be 2 or 3");
        }
        if !(0.0..=50.0).contains(&p.step_pct) {
            return err("proposal.step_pct", "must be between 0 and 50");
        }
        if p.validity_days < 1 {
            return err("proposal.validity_days", "must be at least 1");
        }
        if crate::domain::approval::ApproverLevel::parse(&p.user_level).is_none() {
            return err(
                "proposal.user_level",
                "must be csm, manager, director or executive",
            );
        }
        if !(1..=3600).contains(&self.store.import_wait_secs) {
            return err("store.import_wait_secs", "must be 1 to 3600 seconds");
        }
        if !(1..=366).contains(&self.backup.keep_days) {
            return err("backup.keep_days", "must be 1 to 366 days");
        }
        for d in &self.playbook.reminder_days {
            if ![90, 60, 30, 14, 7].contains(d) {
                return err(
                    "playbook.reminder_days",
                    "only 90, 60, 30, 14 and 7 are known reminders",
                );
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        assert_eq!(Config::default().validate(), Ok(()));
    }

    #[test]
    fn inconsistent_values_name_their_key() {
        let mut c = Config::default();
        c.health.yellow_min = 80;
        assert_eq!(c.validate().unwrap_err().0, "health.yellow_min");
        let mut c = Config::default();
        c.segments.enterprise_min = 5_000;
        assert_eq!(c.validate().unwrap_err().0, "segments.enterprise_min");
    }
}
