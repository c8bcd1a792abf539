//! `runway add account`: start a book, or grow one, without a CRM export.

use crate::domain::Date;
use crate::domain::config::Config;
use crate::domain::new_account::{self, NewAccount, NewAccountText};
use crate::store::Store;
use anyhow::Context;
use std::path::Path;

#[derive(clap::Subcommand, Debug)]
pub enum AddWhat {
    /// Add an account and its open renewal by hand (an id already in the book is refused)
    #[command(
        long_about = "Add an account and its open renewal by hand, then print it as `runway account ID` \
                      does. An id already in the book is refused and nothing changes. Adding to a --db \
                      path that does not exist yet creates the book."
    )]
    Account(AddAccountArgs),
}

#[derive(clap::Args, Debug)]
pub struct AddAccountArgs {
    /// The account's id (the CRM's id if it has one, so a later import updates it)
    pub id: String,
    /// The account's name
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// Annual recurring revenue, written as the book writes amounts (48,000 or 48.000)
    #[arg(long, value_name = "AMOUNT", allow_hyphen_values = true)]
    pub arr: String,
    /// The renewal date: 2027-03-31, the book's date order, or today, tomorrow, +30d,
    /// +6w, +3m, a weekday (the next one), eom
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    pub renewal: String,
    /// Who owns the renewal
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// Health score, 0 to 100
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub health: Option<String>,
    /// Renewal stage (not_started, prep, engaged, proposal, negotiating, verbal,
    /// contract_sent) [default: not_started]
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,
    /// ISO currency code of the ARR [default: the config's book.currency]
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
}

/// The typed fields, checked; every wrong field in one error, each line naming it.
pub fn read(a: &AddAccountArgs, cfg: &Config, today: Date) -> anyhow::Result<NewAccount> {
    let text = NewAccountText {
        id: &a.id,
        name: &a.name,
        arr: &a.arr,
        renewal: &a.renewal,
        owner: a.owner.as_deref(),
        health: a.health.as_deref(),
        stage: a.stage.as_deref(),
        currency: a.currency.as_deref(),
    };
    new_account::read(&text, today, &cfg.book)
        .map_err(|e| anyhow::anyhow!("the account was not added:\n{e}"))
}

/// Adds the account and returns it as `runway account ID` prints it.
pub fn add(store: &mut Store, cfg: &Config, today: Date, a: &NewAccount) -> anyhow::Result<String> {
    let now = format!("{today}T{}", chrono::Local::now().format("%H:%M:%S"));
    store.add_account(a, cfg, today, &now)?;
    crate::cli::account(store, cfg, today, &a.id, false)
}

/// [`add`] into a book that does not exist yet: it is created, and removed again if
/// the account could not be added, so a failure leaves no empty book behind.
pub fn add_to_new_book(
    db: &Path,
    cfg: &Config,
    today: Date,
    a: &NewAccount,
) -> anyhow::Result<String> {
    let result = (|| {
        let mut store = Store::open(db)?;
        add(&mut store, cfg, today, a)
    })();
    if result.is_err() {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    }
    result.with_context(|| format!("{}: the account was not added", db.display()))
}
