//! The customer's people and our threads to them.

crate::text_enum!(
    /// Their buying role.
    Role {
        User = "user": "user",
        Champion = "champion": "champion",
        EconomicBuyer = "economic_buyer": "economic buyer",
        DecisionMaker = "decision_maker": "decision maker",
        TechnicalBuyer = "technical_buyer": "technical buyer",
        LegalProcurement = "legal_procurement": "legal/procurement",
    }
);

impl Role {
    /// What a person in this role cares about.
    pub fn cares_about(self) -> &'static str {
        match self {
            Role::User => "daily usability",
            Role::Champion => "looking good internally",
            Role::EconomicBuyer => "ROI and budget",
            Role::DecisionMaker => "strategic fit",
            Role::TechnicalBuyer => "integration, security, risk",
            Role::LegalProcurement => "terms and compliance",
        }
    }
}

crate::text_enum!(
    Sentiment {
        Supporter = "supporter": "supporter",
        Neutral = "neutral": "neutral",
        Detractor = "detractor": "detractor",
    }
);

crate::text_enum!(
    ContactStatus {
        Active = "active": "active",
        Left = "left": "left",
        ChangedRole = "changed_role": "changed role",
    }
);

crate::text_enum!(
    /// Who on our side holds the relationship.
    Thread {
        Csm = "csm": "CSM",
        Executive = "executive": "our executive",
        Technical = "technical": "our technical team",
        SalesLeader = "sales_leader": "sales/CS leader",
    }
);
