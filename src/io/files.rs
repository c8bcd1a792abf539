//! Writing files safely: to a temp file in the same directory, then renamed into
//! place (never a half-written file), created 0600, never through a symlink.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically. Refuses to replace a symlink.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace_atomic(path, |tmp| {
        let mut f = std::fs::OpenOptions::new().write(true).open(tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })
}

/// The temp file an atomic write of `path` goes through: hidden, in the same folder
/// (so the rename cannot cross file systems), named for runway and this process.
pub fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("runway");
    folder_of(path).join(format!(".{name}.{TEMP_MARK}{}.tmp", std::process::id()))
}

/// What marks a temp file as runway's own: `.NAME.runway-PID.tmp`.
const TEMP_MARK: &str = "runway-";

fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The process id in one of runway's own temp file names, or `None` for any other
/// file (only runway's names are ever swept).
fn temp_owner(file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, pid) = rest.rsplit_once(&format!(".{TEMP_MARK}"))?;
    pid.parse().ok()
}

/// Whether the process that made a temp file has gone (killed mid-export). Where
/// that cannot be asked, a temp file an hour old counts as left behind.
fn abandoned(pid: u32, path: &Path) -> bool {
    if pid == std::process::id() {
        return false;
    }
    if cfg!(target_os = "linux") {
        return !Path::new(&format!("/proc/{pid}")).exists();
    }
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() > 3600)
}

/// Removes runway's own temp files in `dir` whose writer is gone (an export killed
/// mid-write); nobody else's files are touched.
pub fn sweep_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(temp_owner) else {
            continue;
        };
        let path = e.path();
        let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
        if is_file && abandoned(pid, &path) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// For writers that fill a file themselves (SQLite's backup): creates the empty 0600
/// temp file for `path`, lets `fill` write it, then renames it into place. Refuses a
/// symlink at `path`; on any failure the temp file is removed and `path` untouched.
pub fn replace_atomic<E: From<std::io::Error>>(
    path: &Path,
    fill: impl FnOnce(&Path) -> Result<(), E>,
) -> Result<(), E> {
    refuse_symlink(path)?;
    sweep_temp_files(folder_of(path));
    let tmp = temp_beside(path);
    let result = (|| {
        drop(create_private(&tmp, true)?);
        fill(&tmp)?;
        std::fs::rename(&tmp, path)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn refuse_symlink(path: &Path) -> std::io::Result<()> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "{} is a symbolic link; refusing to write through it",
                path.display()
            ),
        ));
    }
    Ok(())
}

/// Writes `bytes` to a new file at `path`, never over an existing one.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = create_private(path, false)?;
    f.write_all(bytes)?;
    f.sync_all()
}

fn create_private(path: &Path, truncate_existing_tmp: bool) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true);
    if truncate_existing_tmp {
        let _ = std::fs::remove_file(path);
    }
    o.create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

/// A file name made only of safe characters from untrusted text (an account id):
/// letters, digits, `-` and `_`; everything else becomes `_`; never empty, never a
/// path, never hidden.
pub fn safe_file_stem(untrusted: &str) -> String {
    let s: String = untrusted
        .chars()
        .take(64)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_start_matches(['_', '-']).to_string();
    if s.is_empty() {
        "account".to_string()
    } else {
        s
    }
}

/// `dir/stem.ext` with a sanitised stem; the result is always inside `dir`.
pub fn safe_path_in(dir: &Path, untrusted_stem: &str, ext: &str) -> PathBuf {
    dir.join(format!("{}.{ext}", safe_file_stem(untrusted_stem)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_cannot_escape() {
        assert_eq!(safe_file_stem("../../etc/passwd"), "etc_passwd");
        assert_eq!(safe_file_stem("A-17"), "A-17");
        assert_eq!(safe_file_stem(""), "account");
        assert_eq!(safe_file_stem("..."), "account");
        assert_eq!(safe_file_stem("\u{202e}x"), "x");
        let p = safe_path_in(Path::new("/tmp/out"), "../x", "md");
        assert_eq!(p, Path::new("/tmp/out/x.md"));
    }

    #[test]
    fn left_behind_temp_files_are_swept_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        // A pid no process has (Linux's pid_max is at most 2^22).
        let dead = dir.path().join(".queue.csv.runway-99999999.tmp");
        let live = temp_beside(&dir.path().join("mine.csv"));
        let theirs = dir.path().join(".queue.csv.12345.tmp");
        let data = dir.path().join("runway-1.tmp");
        for p in [&dead, &live, &theirs, &data] {
            std::fs::write(p, b"x").unwrap();
        }
        assert_eq!(temp_owner(".a.b.runway-42.tmp"), Some(42));
        assert_eq!(temp_owner(".a.runway-x.tmp"), None);
        write_atomic(&dir.path().join("out.csv"), b"ok").unwrap();
        if cfg!(target_os = "linux") {
            assert!(!dead.exists());
        }
        assert!(live.exists() && theirs.exists() && data.exists());
    }

    #[test]
    fn atomic_write_is_private_and_refuses_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.md");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
            let link = dir.path().join("link.md");
            std::os::unix::fs::symlink(&p, &link).unwrap();
            assert!(write_atomic(&link, b"x").is_err());
            assert_eq!(std::fs::read(&p).unwrap(), b"two");
        }
        assert!(write_new(&p, b"three").is_err());
    }
}
