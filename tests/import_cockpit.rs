//! `:import` from the cockpit's command line: the import runs in the background with a
//! progress bar, its report shows in a popup, and the book on disk has the rows.

mod common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use runway::store::Store;
use runway::tui::app::{App, Overlay};

/// Ticks the app until the import overlay gives way to its report.
fn finish(app: &mut App) -> (String, Vec<String>) {
    for _ in 0..2_000 {
        app.tick();
        if let Overlay::Info { title, lines } = &app.overlay {
            return (title.clone(), lines.clone());
        }
        assert!(
            matches!(app.overlay, Overlay::Import(_)),
            "the import overlay stays up until the report"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("the import never finished");
}

/// Types `:LINE` and Enter.
fn command(app: &mut App, line: &str) {
    key(app, KeyCode::Char(':'));
    typed(app, line);
    key(app, KeyCode::Enter);
}

const GOOD: &str = "Account ID,Account Name,ARR,Renewal Date,CSM\r\n\
    N-1,Nimbus Outfitters,\"$48,000.00\",2027-01-15,Dana Reyes\r\n\
    N-2,Orchard Analytics,\"USD 120,000\",2026-12-20,Dana Reyes\r\n";

#[test]
fn import_from_the_command_line_lands_in_the_book() {
    let (dir, path) = temp_db();
    let file = dir.path().join("my export.csv");
    std::fs::write(&file, GOOD).unwrap();
    let mut app = app_on(Store::open(&path).unwrap(), 120, 40);
    assert!(screen(&app, 120, 40).contains(":import accounts FILE"));

    command(&mut app, &format!("import accounts \"{}\"", file.display()));
    assert!(app.busy(), "the import runs in the background");
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("Importing accounts"), "{shown}");
    assert!(shown.contains("Esc cancels"), "{shown}");

    let (title, lines) = finish(&mut app);
    let report = lines.join("\n");
    assert!(title.contains("Imported"), "{title}: {report}");
    assert!(report.contains("added 2"), "{report}");
    // The queue shows the new book at once…
    key(&mut app, KeyCode::Esc);
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("Orchard Analytics"), "{shown}");
    // …and it is on disk.
    drop(app);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.account_names().unwrap().len(), 2);
}

#[test]
fn a_refused_file_writes_nothing_and_says_why() {
    let (dir, path) = temp_db();
    let file = dir.path().join("bad.csv");
    std::fs::write(
        &file,
        "Account ID,Account Name,ARR,Renewal Date\r\nB-1,Bad Co,-5,2027-02-30\r\n",
    )
    .unwrap();
    let mut app = app_on(Store::open(&path).unwrap(), 120, 40);
    command(&mut app, &format!("import accounts {}", file.display()));
    let (title, lines) = finish(&mut app);
    let report = lines.join("\n");
    assert!(title.contains("nothing imported"), "{title}");
    assert!(report.contains("row 2, column ARR"), "{report}");
    assert!(report.contains("row 2, column Renewal Date"), "{report}");
    drop(app);
    assert!(
        Store::open(&path)
            .unwrap()
            .account_names()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_missing_file_and_a_bad_command_are_messages_not_crashes() {
    let (dir, path) = temp_db();
    let mut app = app_on(Store::open(&path).unwrap(), 80, 24);
    command(&mut app, "import people x.csv");
    assert!(
        app.message
            .as_deref()
            .unwrap_or("")
            .contains("not 'people'")
    );

    command(
        &mut app,
        &format!("import accounts {}", dir.path().join("nope.csv").display()),
    );
    let (_, lines) = finish(&mut app);
    assert!(lines.join("\n").contains("nope.csv"), "{lines:?}");
}

#[test]
fn a_dry_run_from_the_cockpit_changes_nothing() {
    let (dir, path) = temp_db();
    let file = dir.path().join("good.csv");
    std::fs::write(&file, GOOD).unwrap();
    let mut app = app_on(Store::open(&path).unwrap(), 120, 40);
    command(
        &mut app,
        &format!("import accounts {} --dry-run", file.display()),
    );
    let (title, lines) = finish(&mut app);
    assert!(title.contains("Dry run"), "{title}");
    assert!(lines.join("\n").contains("added 2"), "{lines:?}");
    drop(app);
    assert!(
        Store::open(&path)
            .unwrap()
            .account_names()
            .unwrap()
            .is_empty()
    );
}
