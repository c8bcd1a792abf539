//! Who may approve a discount: the approval matrix (§14), thresholds from config.

use super::config::ApprovalMatrix;

crate::text_enum!(
    /// Approval levels, lowest first.
    ApproverLevel {
        Csm = "csm": "CSM",
        Manager = "manager": "manager",
        Director = "director": "director",
        Executive = "executive": "VP/executive",
    }
);

/// The lowest level allowed to approve a discount of `discount_bp` basis points
/// (5% = 500). At a limit the lower level may still approve: 5% is the CSM's, 5.01% the
/// manager's.
pub fn required_approver(discount_bp: i64, m: &ApprovalMatrix) -> ApproverLevel {
    // Compare in basis points so 5.01 vs 5 is exact.
    let bp = |limit: f64| (limit * 100.0).round() as i64;
    if discount_bp <= bp(m.csm_max) {
        ApproverLevel::Csm
    } else if discount_bp <= bp(m.manager_max) {
        ApproverLevel::Manager
    } else if discount_bp <= bp(m.director_max) {
        ApproverLevel::Director
    } else {
        ApproverLevel::Executive
    }
}

/// Can someone at `level` approve this discount?
pub fn may_approve(level: ApproverLevel, discount_bp: i64, m: &ApprovalMatrix) -> bool {
    level >= required_approver(discount_bp, m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_boundaries() {
        let m = ApprovalMatrix::default();
        assert_eq!(required_approver(0, &m), ApproverLevel::Csm);
        assert_eq!(required_approver(500, &m), ApproverLevel::Csm);
        assert_eq!(required_approver(501, &m), ApproverLevel::Manager);
        assert_eq!(required_approver(1500, &m), ApproverLevel::Manager);
        assert_eq!(required_approver(2500, &m), ApproverLevel::Director);
        assert_eq!(required_approver(2501, &m), ApproverLevel::Executive);
        assert_eq!(required_approver(3000, &m), ApproverLevel::Executive);
        assert!(may_approve(ApproverLevel::Director, 1500, &m));
        assert!(!may_approve(ApproverLevel::Csm, 1800, &m));
    }
}
