//! The progress file on disk. A save locks a sibling `.lock` file, re-reads the file, merges,
//! writes a temp file in the same folder, fsyncs and renames it over the old one, so a crash
//! or a second instance never loses a change. A file that can't be read is never overwritten.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use jiff::Timestamp;
use thiserror::Error;

use super::fault::Fault;
use super::merge::merge;
use super::model::{Progress, VERSION};

/// The largest progress file read: years of study take a few hundred kilobytes, so a
/// bigger file is not a progress file, and reading it could exhaust memory.
pub const MAX_PROGRESS_BYTES: u64 = 64 * 1024 * 1024;

/// How long a save waits for another instance to finish its save (which takes
/// milliseconds): a stopped or hung process holding the lock must not freeze the app.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// The default progress file: `progress.json` in the platform's data folder
/// (`$XDG_DATA_HOME/roadmap` or `~/.local/share/roadmap` on Linux).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "roadmap").map(|d| d.data_dir().join("progress.json"))
}

/// What went wrong with the progress file.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The file was written by a newer roadmap; it is never written by this one.
    #[error(
        "progress file `{path}` was written by a newer version of roadmap (format {found}, this one knows {VERSION}); it was left untouched"
    )]
    NewerVersion {
        /// The file.
        path: PathBuf,
        /// Its format version.
        found: u64,
    },
    /// Saving is off for this session (the file couldn't be read or is newer).
    #[error("progress is not being saved: {reason}")]
    ReadOnly {
        /// Why.
        reason: String,
    },
    /// Writing failed; the previous file is unchanged.
    #[error("failed to save progress to `{path}`: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
}

/// The progress file and whether it may be written.
#[derive(Debug, Clone)]
pub struct Store {
    path: PathBuf,
    /// What `path` points to when it is a link: the file read and replaced.
    file: PathBuf,
    read_only: Option<String>,
    fault: Option<Fault>,
    /// How long a save waits for another instance's lock.
    lock_wait: Duration,
}

/// The result of opening the store.
#[derive(Debug)]
pub struct Opened {
    /// The store to save to.
    pub store: Store,
    /// What was on disk (empty for a new or unreadable file).
    pub progress: Progress,
    /// Something the learner must be told (a file moved aside, read-only mode).
    pub notice: Option<String>,
}

/// How the bytes on disk read.
enum OnDisk {
    Missing,
    Fine(Progress),
    Newer(u64),
    Broken(String),
}

impl Store {
    /// Opens the progress file at `path`. Never fails: a damaged file is moved aside
    /// (`progress.json.bad-<time>`), a newer or unreadable one makes the session read-only,
    /// and the notice says so. Honours the `ROADMAP_FAULT` test hook ([`Fault::from_env`]).
    pub fn open(path: PathBuf) -> Opened {
        Self::open_with(path, Fault::from_env())
    }

    /// Opens the progress file at `path`, injecting `fault` into every read and write.
    /// A progress file that is a symbolic link (say into a synced folder) is followed, so
    /// saves replace the file it points to, not the link.
    pub fn open_with(path: PathBuf, fault: Option<Fault>) -> Opened {
        let file = match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                fs::canonicalize(&path).unwrap_or_else(|_| path.clone())
            }
            _ => path.clone(),
        };
        let mut store = Store {
            path,
            file,
            read_only: None,
            fault,
            lock_wait: LOCK_WAIT,
        };
        let display = store.path.display().to_string();
        match store.read() {
            Ok(OnDisk::Missing) => store.opened(Progress::default(), None),
            Ok(OnDisk::Fine(p)) => store.opened(p, None),
            Ok(OnDisk::Newer(found)) => {
                let reason = format!(
                    "`{display}` was written by a newer version of roadmap (format {found}); it is left untouched"
                );
                store.read_only = Some(reason.clone());
                store.opened(Progress::default(), Some(format!("{reason} and nothing will be saved")))
            }
            Ok(OnDisk::Broken(why)) => match store.move_aside_if_broken() {
                // Another instance wrote a good file meanwhile: read that one.
                Ok(None) => Self::open_with(store.path, store.fault),
                Ok(Some(bad)) => store.opened(
                    Progress::default(),
                    Some(format!(
                        "could not read progress file `{display}` ({why}); it was moved to `{}` and a fresh one started",
                        bad.display()
                    )),
                ),
                Err(e) => {
                    let reason = format!(
                        "progress file `{display}` is damaged ({why}) and could not be moved aside: {e}"
                    );
                    store.read_only = Some(reason.clone());
                    store.opened(Progress::default(), Some(format!("{reason}; nothing will be saved")))
                }
            },
            Err(e) => {
                let reason = format!("cannot read progress file `{display}`: {e}");
                store.read_only = Some(reason.clone());
                store.opened(Progress::default(), Some(format!("{reason}; nothing will be saved")))
            }
        }
    }

    fn opened(self, progress: Progress, notice: Option<String>) -> Opened {
        Opened {
            store: self,
            progress,
            notice,
        }
    }

    /// The progress file's path as given (a link stays a link; labs and notes live beside
    /// it).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Why saving is off, if it is.
    pub fn read_only(&self) -> Option<&str> {
        self.read_only.as_deref()
    }

    /// Saves `progress`, merged with whatever another instance saved meanwhile; returns
    /// the merged progress, which the caller should adopt.
    pub fn save(&self, progress: &Progress) -> Result<Progress, StoreError> {
        if let Some(reason) = &self.read_only {
            return Err(StoreError::ReadOnly {
                reason: reason.clone(),
            });
        }
        let write_err = |source| StoreError::Write {
            path: self.path.clone(),
            source,
        };
        if let Some(dir) = self.file.parent().filter(|d| !d.as_os_str().is_empty()) {
            private_dir(dir).map_err(write_err)?;
        }
        let _lock = self.lock().map_err(write_err)?;
        self.remove_stale_temps();
        let merged = match self.read().map_err(write_err)? {
            OnDisk::Missing => progress.clone(),
            OnDisk::Fine(disk) => merge(&disk, progress),
            OnDisk::Newer(found) => {
                return Err(StoreError::NewerVersion {
                    path: self.path.clone(),
                    found,
                });
            }
            OnDisk::Broken(_) => {
                self.move_aside().map_err(write_err)?;
                progress.clone()
            }
        };
        self.write_atomically(&merged).map_err(write_err)?;
        Ok(merged)
    }

    /// The injected fault's error, when `fault` is the one injected.
    fn inject(&self, fault: Fault) -> io::Result<()> {
        match self.fault {
            Some(f) if f == fault => Err(f.error()),
            _ => Ok(()),
        }
    }

    fn read(&self) -> io::Result<OnDisk> {
        if fs::symlink_metadata(&self.file).is_ok() {
            self.inject(Fault::Unreadable)?;
        }
        let meta = match fs::metadata(&self.file) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(OnDisk::Missing),
            Err(e) => return Err(e),
        };
        if meta.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a folder, not a file",
            ));
        }
        // A pipe or a device could block or never end: only regular files are read.
        if !meta.is_file() {
            return Err(io::Error::other("it is not a regular file"));
        }
        if meta.len() > MAX_PROGRESS_BYTES {
            return Ok(OnDisk::Broken(format!(
                "it is {} MB, far larger than a progress file",
                meta.len() / (1024 * 1024)
            )));
        }
        Ok(parse(&fs::read(&self.file)?))
    }

    fn lock(&self) -> io::Result<File> {
        self.inject(Fault::ReadOnlyDir)?;
        let mut name = self.file.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        let file = private_options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(self.file.with_file_name(name))?;
        let deadline = Instant::now() + self.lock_wait;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        format!(
                            "another roadmap process has been saving for over {} s (it holds the lock); try again, or end that process",
                            self.lock_wait.as_secs()
                        ),
                    ));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(e),
            }
        }
    }

    /// Moves a damaged file aside, holding the lock and reading it again first, so a good
    /// file another instance just wrote in its place is never moved.
    fn move_aside_if_broken(&self) -> io::Result<Option<PathBuf>> {
        let _lock = self.lock()?;
        match self.read()? {
            OnDisk::Broken(_) => self.move_aside().map(Some),
            _ => Ok(None),
        }
    }

    /// Temp files left by a save that was killed before its rename. Called with the lock
    /// held, when no other save can be writing one.
    fn remove_stale_temps(&self) {
        let (Some(dir), Some(name)) = (self.file.parent(), self.file.file_name()) else {
            return;
        };
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let mut prefix = name.to_os_string();
        prefix.push(".tmp-");
        let prefix = prefix.to_string_lossy().into_owned();
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            if entry.file_name().to_string_lossy().starts_with(&prefix)
                && entry.file_type().is_ok_and(|t| t.is_file())
            {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    fn move_aside(&self) -> io::Result<PathBuf> {
        self.inject(Fault::ReadOnlyDir)?;
        let stamp = Timestamp::now().strftime("%Y%m%dT%H%M%S%.fZ").to_string();
        let mut name = self.file.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".bad-{stamp}"));
        let bad = self.file.with_file_name(name);
        fs::rename(&self.file, &bad)?;
        Ok(bad)
    }

    fn write_atomically(&self, progress: &Progress) -> io::Result<()> {
        let mut json = serde_json::to_vec_pretty(progress).map_err(io::Error::other)?;
        json.push(b'\n');
        let mut name = self.file.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".tmp-{}", std::process::id()));
        let tmp = self.file.with_file_name(name);
        self.inject(Fault::ReadOnlyDir)?;
        let result = (|| {
            let mut file = private_options()
                .write(true)
                .create(true)
                .truncate(true)
                .open(&tmp)?;
            self.inject(Fault::FullDisk)?;
            file.write_all(&json)?;
            file.sync_all()?;
            fs::rename(&tmp, &self.file)
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result?;
        if let Some(dir) = self.file.parent().filter(|d| !d.as_os_str().is_empty())
            && let Ok(d) = File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// Reads the file's bytes: fine, newer, or broken with the reason.
fn parse(bytes: &[u8]) -> OnDisk {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return OnDisk::Broken("the file is empty".into());
    }
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            return OnDisk::Broken(format!(
                "invalid JSON at line {}, column {}",
                e.line(),
                e.column()
            ));
        }
    };
    match value.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v > u64::from(VERSION) => return OnDisk::Newer(v),
        Some(_) => {}
        None => return OnDisk::Broken("it has no `version` field".into()),
    }
    match serde_json::from_value(value) {
        Ok(p) => OnDisk::Fine(p),
        Err(e) => OnDisk::Broken(format!("unexpected content: {e}")),
    }
}

/// Creates `dir` (and its parents) readable by its owner only, when it doesn't exist.
fn private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Options that create files readable by their owner only.
fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    fn t(secs: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + secs).expect("valid time")
    }

    #[test]
    fn round_trip_keeps_everything() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub/progress.json");
        let opened = Store::open(path.clone());
        assert!(opened.notice.is_none());
        let mut p = opened.progress;
        p.roadmap_mut("r").set_done("s/a", true, "h", t(1));
        p.roadmap_mut("r").set_position("s/a", 42, t(2));
        let saved = opened.store.save(&p).expect("saves");
        assert_eq!(saved, p);
        let again = Store::open(path.clone());
        assert_eq!(again.progress, p);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
            let dir = path.parent().expect("a folder");
            let mode = fs::metadata(dir).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o700, "the progress folder is private too");
        }
    }

    #[test]
    fn a_save_merges_what_another_instance_wrote() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("progress.json");
        let one = Store::open(path.clone());
        let two = Store::open(path.clone());
        let mut a = one.progress.clone();
        a.roadmap_mut("r").set_done("s/a", true, "h", t(1));
        one.store.save(&a).expect("saves");
        let mut b = two.progress.clone();
        b.roadmap_mut("r").set_done("s/b", true, "h", t(2));
        let merged = two.store.save(&b).expect("saves");
        assert!(merged.roadmap("r").expect("r").is_done("s/a"));
        let disk = Store::open(path).progress;
        assert!(disk.roadmap("r").expect("r").is_done("s/a"));
        assert!(disk.roadmap("r").expect("r").is_done("s/b"));
    }

    #[test]
    fn damaged_files_are_moved_aside_with_their_bytes() {
        for bytes in [
            &b""[..],
            b"{\"version\": 1, \"roadm",
            b"\x00\xff\xfe garbage",
            b"[1,2,3]",
            b"{\"version\":1,\"roadmaps\":{\"r\":{\"lessons\":7}}}",
        ] {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("progress.json");
            fs::write(&path, bytes).expect("write");
            let opened = Store::open(path.clone());
            let notice = opened.notice.expect("a notice");
            assert!(notice.contains("progress.json"), "{notice}");
            assert!(notice.contains(".bad-"), "{notice}");
            let bad: Vec<_> = fs::read_dir(dir.path())
                .expect("list")
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().contains(".bad-"))
                .collect();
            assert_eq!(bad.len(), 1);
            assert_eq!(fs::read(bad[0].path()).expect("read"), bytes);
            assert!(opened.store.read_only().is_none());
            opened
                .store
                .save(&opened.progress)
                .expect("a fresh file can be saved");
        }
    }

    #[test]
    fn a_newer_version_is_never_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("progress.json");
        let future = br#"{"version": 2, "whatever": []}"#;
        fs::write(&path, future).expect("write");
        let opened = Store::open(path.clone());
        assert!(opened.notice.expect("notice").contains("newer version"));
        assert!(matches!(
            opened.store.save(&opened.progress),
            Err(StoreError::ReadOnly { .. })
        ));
        assert_eq!(fs::read(&path).expect("read"), future);
    }

    #[test]
    fn a_folder_in_place_of_the_file_makes_the_session_read_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("progress.json");
        fs::create_dir(&path).expect("mkdir");
        let opened = Store::open(path.clone());
        assert!(opened.store.read_only().is_some());
        assert!(opened.notice.expect("notice").contains("progress.json"));
        assert!(opened.store.save(&opened.progress).is_err());
        assert!(path.is_dir());
    }

    fn files_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn saved_once(path: &Path) -> (Progress, Vec<u8>) {
        let opened = Store::open_with(path.to_path_buf(), None);
        let mut p = opened.progress;
        p.roadmap_mut("r").set_done("s/a", true, "h", t(1));
        let p = opened.store.save(&p).expect("saves");
        (p, fs::read(path).expect("read"))
    }

    #[test]
    fn a_full_disk_keeps_the_old_file_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("progress.json");
        let (mut p, before) = saved_once(&path);
        let opened = Store::open_with(path.clone(), Some(Fault::FullDisk));
        assert!(opened.notice.is_none(), "reading still works");
        p.roadmap_mut("r").set_done("s/b", true, "h", t(2));
        let err = opened.store.save(&p).expect_err("the disk is full");
        let text = err.to_string();
        assert!(text.contains("progress.json"), "{text}");
        assert!(text.contains("No space left on device"), "{text}");
        assert_eq!(fs::read(&path).expect("read"), before);
        assert_eq!(
            files_in(dir.path()),
            ["progress.json", "progress.json.lock"]
        );
    }

    #[test]
    fn a_folder_that_cant_be_written_keeps_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("progress.json");
        let (mut p, before) = saved_once(&path);
        let opened = Store::open_with(path.clone(), Some(Fault::ReadOnlyDir));
        assert!(opened.notice.is_none());
        p.roadmap_mut("r").set_done("s/b", true, "h", t(2));
        let text = opened.store.save(&p).expect_err("can't write").to_string();
        assert!(text.contains("progress.json"), "{text}");
        assert!(text.contains("Permission denied"), "{text}");
        assert_eq!(fs::read(&path).expect("read"), before);
        // A damaged file in such a folder can't be moved aside: the session is read-only.
        fs::write(&path, b"{oops").expect("write");
        let opened = Store::open_with(path.clone(), Some(Fault::ReadOnlyDir));
        assert!(opened.store.read_only().is_some());
        let notice = opened.notice.expect("notice");
        assert!(notice.contains("could not be moved aside"), "{notice}");
        assert_eq!(fs::read(&path).expect("read"), b"{oops");
    }

    #[test]
    fn a_file_that_cant_be_read_makes_the_session_read_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("progress.json");
        let (p, before) = saved_once(&path);
        let opened = Store::open_with(path.clone(), Some(Fault::Unreadable));
        let notice = opened.notice.expect("notice");
        assert!(notice.contains("progress.json"), "{notice}");
        assert!(notice.contains("Permission denied"), "{notice}");
        assert!(opened.store.read_only().is_some());
        assert!(matches!(
            opened.store.save(&p),
            Err(StoreError::ReadOnly { .. })
        ));
        assert_eq!(fs::read(&path).expect("read"), before);
        // A file that isn't there yet is simply new.
        let fresh = Store::open_with(dir.path().join("other.json"), Some(Fault::Unreadable));
        assert!(fresh.notice.is_none());
    }

    #[test]
    fn temp_files_of_a_killed_save_are_removed_by_the_next_save() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("progress.json");
        fs::write(dir.path().join("progress.json.tmp-99999"), b"{half").expect("write");
        fs::write(dir.path().join("unrelated.tmp-1"), b"x").expect("write");
        saved_once(&path);
        assert_eq!(
            files_in(dir.path()),
            ["progress.json", "progress.json.lock", "unrelated.tmp-1"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_progress_file_stays_a_link_and_its_target_is_saved() {
        let dir = tempfile::tempdir().expect("tempdir");
        let synced = dir.path().join("synced");
        fs::create_dir(&synced).expect("mkdir");
        let target = synced.join("progress.json");
        saved_once(&target);
        let link = dir.path().join("progress.json");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        let opened = Store::open_with(link.clone(), None);
        assert!(opened.progress.roadmap("r").expect("r").is_done("s/a"));
        let mut p = opened.progress;
        p.roadmap_mut("r").set_done("s/b", true, "h", t(3));
        opened.store.save(&p).expect("saves");
        assert!(
            fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        let again = Store::open_with(target, None).progress;
        assert!(again.roadmap("r").expect("r").is_done("s/b"));
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_or_device_in_place_of_the_file_is_never_read_or_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let link = dir.path().join("progress.json");
        std::os::unix::fs::symlink("/dev/zero", &link).expect("symlink");
        let opened = Store::open_with(link.clone(), None);
        let notice = opened.notice.expect("a notice");
        assert!(notice.contains("not a regular file"), "{notice}");
        assert!(opened.store.read_only().is_some());
        assert!(opened.store.save(&opened.progress).is_err());
    }

    #[test]
    fn a_huge_file_is_moved_aside_without_being_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("progress.json");
        File::create(&path)
            .expect("create")
            .set_len(MAX_PROGRESS_BYTES + 1)
            .expect("sparse");
        let opened = Store::open_with(path.clone(), None);
        let notice = opened.notice.expect("a notice");
        assert!(
            notice.contains("far larger than a progress file"),
            "{notice}"
        );
        assert!(notice.contains(".bad-"), "{notice}");
        assert!(opened.store.read_only().is_none());
    }

    #[test]
    fn a_lock_held_too_long_fails_the_save_and_keeps_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("progress.json");
        let (mut p, before) = saved_once(&path);
        let held = OpenOptions::new()
            .write(true)
            .open(dir.path().join("progress.json.lock"))
            .expect("the lock file");
        held.lock().expect("locked by a stopped process");
        let mut opened = Store::open_with(path.clone(), None);
        opened.store.lock_wait = Duration::from_millis(50);
        p.roadmap_mut("r").set_done("s/b", true, "h", t(2));
        let text = opened.store.save(&p).expect_err("times out").to_string();
        assert!(text.contains("progress.json"), "{text}");
        assert!(text.contains("holds the lock"), "{text}");
        assert_eq!(fs::read(&path).expect("read"), before);
        drop(held);
        opened.store.save(&p).expect("saves once the lock is free");
    }
}
