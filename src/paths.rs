//! Where runway keeps things on this machine: the platform data folder (the book,
//! the log) and the export folder (briefs, plans, proposals).

use anyhow::Context;
use std::path::PathBuf;

/// The platform data folder (created 0700 when missing).
pub fn data_dir() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "runway")
        .context("cannot find a home folder for runway's data; pass --db PATH")?;
    let dir = dirs.data_dir().to_path_buf();
    create_private_dir(&dir)?;
    Ok(dir)
}

/// Creates `dir` (and its missing parents) readable by its owner only, when missing:
/// the data, backup and config folders hold customer data.
pub fn create_private_dir(dir: &std::path::Path) -> anyhow::Result<()> {
    if dir.exists() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
        .with_context(|| format!("{}: cannot create the folder", dir.display()))
}

/// Where exported documents go: the config's `book.export_dir`, else the data folder.
pub fn export_dir(cfg: &crate::domain::config::Config) -> anyhow::Result<PathBuf> {
    if cfg.book.export_dir.is_empty() {
        return data_dir();
    }
    let dir = PathBuf::from(&cfg.book.export_dir);
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("{}: cannot create the export folder", dir.display()))?;
    Ok(dir)
}

/// Makes sure `path` exists and is readable by its owner only (a log names accounts
/// and files), before another writer opens it with the default mode.
pub fn private_file(path: &std::path::Path) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        o.mode(0o600);
        o.open(path)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
    }
    #[cfg(not(unix))]
    o.open(path).map(drop)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &std::path::Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn logs_and_folders_are_private() {
        let d = tempfile::tempdir().unwrap();
        let log = d.path().join("runway.log");
        std::fs::write(&log, b"old line\n").unwrap();
        std::fs::set_permissions(&log, std::fs::Permissions::from_mode(0o644)).unwrap();
        super::private_file(&log).unwrap();
        assert_eq!(mode(&log), 0o600);
        assert_eq!(std::fs::read(&log).unwrap(), b"old line\n");
        let dir = d.path().join("a/b");
        super::create_private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
    }
}
