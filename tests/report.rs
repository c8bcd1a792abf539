//! `runway report` through the binary: a self-contained, escaped HTML page with its
//! chart, and Markdown, on a book with a hostile account name.

mod common;

use common::{runway_in, stderr, stdout};
use std::path::Path;

const HEAD: &str = "account_id,account_name,arr,currency,renewal_date,owner,health_score,stage\n";
const EVIL: &str =
    "<script>alert(1)</script> & <img src=x onerror=alert(2)> [x](javascript:alert(3)) | \u{202E}";

fn run(dir: &Path, db: &Path, today: &str, args: &[&str]) -> std::process::Output {
    let o = runway_in(dir)
        .args(args)
        .arg("--db")
        .arg(db)
        .args(["--today", today])
        .output()
        .unwrap();
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    o
}

fn book() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.db");
    let write = |name: &str, health: u8, stage: &str| {
        let file = dir.path().join(name);
        let rows = format!(
            "{HEAD}E1,\"{EVIL}\",50000,USD,2026-12-10,\"Owner <b>\",{health},{stage}\nN1,Plain Co,20000,USD,2026-12-11,Dana,80,engaged\n"
        );
        std::fs::write(&file, rows).unwrap();
        file
    };
    let f1 = write("one.csv", 80, "engaged");
    run(
        dir.path(),
        &db,
        "2026-11-15",
        &["import", "accounts", f1.to_str().unwrap()],
    );
    run(dir.path(), &db, "2026-11-15", &["snapshot"]);
    let f2 = write("two.csv", 30, "proposal");
    run(
        dir.path(),
        &db,
        "2026-11-22",
        &["import", "accounts", f2.to_str().unwrap()],
    );
    (dir, db)
}

/// Every tag opened is closed in order (void and self-closed tags aside), and no
/// text between tags holds a raw `<` — a small well-formedness check.
fn balanced(html: &str) -> Result<(), String> {
    const VOID: &[&str] = &["meta", "br", "img", "!doctype"];
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        let j = rest[i..].find('>').ok_or("unclosed tag")? + i;
        let tag = &rest[i + 1..j];
        if tag.contains('<') {
            return Err(format!("raw '<' inside a tag: {tag}"));
        }
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/')
            .collect::<String>()
            .to_lowercase();
        if tag.starts_with('/') {
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        } else if !tag.ends_with('/') && !tag.starts_with('?') && !VOID.contains(&name.as_str()) {
            stack.push(name);
        }
        rest = &rest[j + 1..];
    }
    if stack.is_empty() {
        Ok(())
    } else {
        Err(format!("left open: {stack:?}"))
    }
}

#[test]
fn html_report_is_self_contained_escaped_and_private() {
    let (dir, db) = book();
    let out = dir.path().join("report.html");
    let o = run(
        dir.path(),
        &db,
        "2026-11-22",
        &["report", "--html", "-o", out.to_str().unwrap()],
    );
    assert!(stderr(&o).contains("wrote the report"));
    assert!(stdout(&o).is_empty());
    let html = std::fs::read_to_string(&out).unwrap();
    balanced(&html).unwrap();
    assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img"),
        "the name is shown, escaped"
    );
    assert!(!html.contains('\u{202E}'), "bidi controls are made inert");
    assert!(html.contains("<svg"), "the trend chart is inline SVG");
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    for section in [
        "Headline numbers",
        "What moved since 2026-11-15",
        "At risk",
        "Team",
        "Win/loss",
    ] {
        assert!(html.contains(section), "{section}");
    }
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn markdown_report_escapes_and_goes_to_stdout() {
    let (dir, db) = book();
    let o = run(dir.path(), &db, "2026-11-22", &["report", "--md"]);
    let md = stdout(&o);
    assert!(md.starts_with("# Renewal report 2026-Q4"));
    assert!(md.contains("\\<script\\>alert\\(1\\)"), "{md}");
    assert!(!md.contains("](javascript"));
    assert!(md.contains("newly at risk"), "{md}");
    // --md or --html, one of them.
    let o = runway_in(dir.path())
        .args(["report", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!o.status.success());
}
