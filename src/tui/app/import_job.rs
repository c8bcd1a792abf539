//! `:import` in the cockpit: the import runs on its own thread with its own
//! connection to the book, so the screen keeps drawing a progress bar and Esc can
//! cancel (the import's one transaction is rolled back: nothing is written).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// What an import run ends with: the report's lines, and whether the book changed
/// (so the panes reload only when they must).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished {
    pub title: String,
    pub lines: Vec<String>,
    pub wrote: bool,
}

enum Msg {
    Progress(u64, u64),
    Done(Finished),
}

/// A running import, as the progress overlay shows it.
pub struct ImportJob {
    pub label: String,
    pub done: u64,
    pub total: u64,
    pub cancelling: bool,
    /// Another runway is writing the book; the import waits for it.
    pub waiting: bool,
    pub started: std::time::Instant,
    cancel: Arc<AtomicBool>,
    rx: Receiver<Msg>,
}

/// The work itself: given a progress callback (bytes done, bytes total → keep
/// going?), runs the import and describes how it ended.
pub type Work = Box<dyn FnOnce(&mut dyn FnMut(u64, u64) -> bool) -> Finished + Send>;

impl ImportJob {
    pub fn start(label: String, work: Work) -> ImportJob {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&cancel);
        std::thread::spawn(move || {
            let progress_tx = tx.clone();
            let mut progress = move |done: u64, total: u64| {
                let _ = progress_tx.send(Msg::Progress(done, total));
                !stop.load(Ordering::Relaxed)
            };
            let finished = work(&mut progress);
            let _ = tx.send(Msg::Done(finished));
        });
        ImportJob {
            label,
            done: 0,
            total: 0,
            cancelling: false,
            waiting: false,
            started: std::time::Instant::now(),
            cancel,
            rx,
        }
    }

    /// Asks the import to stop at its next progress report.
    pub fn cancel(&mut self) {
        self.cancelling = true;
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Takes in what the thread has reported: `Some` once it has finished.
    pub fn poll(&mut self) -> Option<Finished> {
        loop {
            match self.rx.try_recv() {
                Ok(Msg::Progress(done, total)) if (done, total) == crate::io::import::WAITING => {
                    self.waiting = true;
                }
                Ok(Msg::Progress(done, total)) => {
                    self.waiting = false;
                    self.done = done;
                    self.total = total;
                }
                Ok(Msg::Done(f)) => return Some(f),
                Err(TryRecvError::Empty) => return None,
                // The thread died without a word (a panic): say so rather than spin.
                Err(TryRecvError::Disconnected) => {
                    return Some(Finished {
                        title: "Import failed".into(),
                        lines: vec![
                            "The import stopped unexpectedly; nothing was written.".into(),
                            "Try `runway import … --dry-run` in a shell for details.".into(),
                        ],
                        wrote: false,
                    });
                }
            }
        }
    }

    /// 0.0–1.0 through the file.
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            (self.done as f64 / self.total as f64).clamp(0.0, 1.0)
        }
    }
}

/// The import `req` asks for, run on a second connection to the book at `db` (the
/// cockpit's own connection only reads meanwhile, so the two never contend).
pub fn work_for(
    req: crate::tui::cmdline::ImportRequest,
    db: std::path::PathBuf,
    cfg: crate::domain::config::Config,
    today: crate::domain::Date,
) -> Work {
    Box::new(move |progress| {
        let failed = |why: String| Finished {
            title: "Import failed — nothing written".into(),
            lines: vec![why],
            wrote: false,
        };
        let opts = req.flags.options(&cfg, today);
        let mut store = match crate::store::Store::open(&db) {
            Ok(s) => s,
            Err(e) => return failed(e.to_string()),
        };
        let kind = req.kind.as_str();
        match crate::io::import::import_file(&mut store, req.kind, &req.file, &opts, progress) {
            Err(e) => failed(e.to_string()),
            Ok(report) => Finished {
                title: if report.cancelled {
                    "Import cancelled — nothing written".into()
                } else if report.refused() {
                    format!("{kind} refused — nothing imported")
                } else if report.dry_run {
                    format!("Dry run of {kind} — nothing written")
                } else {
                    format!("Imported {kind}")
                },
                lines: report.text().lines().map(str::to_string).collect(),
                wrote: report.written,
            },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(job: &mut ImportJob) -> Finished {
        for _ in 0..500 {
            if let Some(f) = job.poll() {
                return f;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        panic!("job never finished");
    }

    #[test]
    fn reports_progress_then_the_result() {
        let mut job = ImportJob::start(
            "x".into(),
            Box::new(|p| {
                p(50, 100);
                Finished {
                    title: "done".into(),
                    lines: vec![],
                    wrote: true,
                }
            }),
        );
        let f = wait(&mut job);
        assert!(f.wrote);
        assert_eq!((job.done, job.total), (50, 100));
        assert_eq!(job.ratio(), 0.5);
    }

    #[test]
    fn waiting_for_another_runway_is_shown_until_rows_move_again() {
        let (go_tx, go_rx) = channel::<()>();
        let mut job = ImportJob::start(
            "x".into(),
            Box::new(move |p| {
                p(40, 100);
                p(crate::io::import::WAITING.0, crate::io::import::WAITING.1);
                go_rx.recv().unwrap();
                p(60, 100);
                Finished {
                    title: "done".into(),
                    lines: vec![],
                    wrote: true,
                }
            }),
        );
        for _ in 0..500 {
            job.poll();
            if job.waiting {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        assert!(job.waiting);
        assert_eq!((job.done, job.total), (40, 100), "the bar keeps its place");
        go_tx.send(()).unwrap();
        wait(&mut job);
        assert!(!job.waiting);
        assert_eq!((job.done, job.total), (60, 100));
    }

    #[test]
    fn cancel_reaches_the_work() {
        let (go_tx, go_rx) = channel::<()>();
        let mut job = ImportJob::start(
            "x".into(),
            Box::new(move |p| {
                go_rx.recv().unwrap();
                let keep_going = p(1, 2);
                Finished {
                    title: if keep_going { "ran" } else { "cancelled" }.into(),
                    lines: vec![],
                    wrote: false,
                }
            }),
        );
        job.cancel();
        go_tx.send(()).unwrap();
        assert_eq!(wait(&mut job).title, "cancelled");
    }

    #[test]
    fn a_panicking_import_is_reported_not_hung() {
        let mut job = ImportJob::start("x".into(), Box::new(|_| panic!("boom")));
        assert_eq!(wait(&mut job).title, "Import failed");
    }
}
