//! A test hook: faults the store can be told to inject, so tests can check what a learner
//! sees when the disk is full, the folder can't be written or the file can't be read.
//! CI runs as root, where `chmod` changes nothing, so these can't be made for real there.
//!
//! Compiled in, but only honoured when `ROADMAP_FAULT` is set; an unknown value is ignored.

use std::io;

/// A fault injected into the progress store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Reading the progress file fails as for a file without read permission.
    Unreadable,
    /// Creating or renaming files in the progress folder fails as in a folder without
    /// write permission.
    ReadOnlyDir,
    /// Writing fails as on a full disk (after the temp file was created).
    FullDisk,
}

impl Fault {
    /// The fault named by `ROADMAP_FAULT`: `unreadable`, `read-only-dir` or `full-disk`.
    pub fn from_env() -> Option<Self> {
        std::env::var("ROADMAP_FAULT")
            .ok()
            .and_then(|v| Self::parse(&v))
    }

    /// Parses a fault's name.
    pub fn parse(name: &str) -> Option<Self> {
        match name.trim() {
            "unreadable" => Some(Self::Unreadable),
            "read-only-dir" => Some(Self::ReadOnlyDir),
            "full-disk" => Some(Self::FullDisk),
            _ => None,
        }
    }

    /// The error the real fault gives: EACCES, or ENOSPC for a full disk (the same numbers
    /// on Linux and macOS), so messages read exactly as they would.
    pub fn error(self) -> io::Error {
        match self {
            Self::Unreadable | Self::ReadOnlyDir => io::Error::from_raw_os_error(13),
            Self::FullDisk => io::Error::from_raw_os_error(28),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_and_errors_read_like_the_real_ones() {
        assert_eq!(Fault::parse("full-disk"), Some(Fault::FullDisk));
        assert_eq!(Fault::parse("read-only-dir"), Some(Fault::ReadOnlyDir));
        assert_eq!(Fault::parse("unreadable"), Some(Fault::Unreadable));
        assert_eq!(Fault::parse("nonsense"), None);
        assert_eq!(
            Fault::FullDisk.error().kind(),
            io::ErrorKind::StorageFull,
            "{}",
            Fault::FullDisk.error()
        );
        assert_eq!(
            Fault::Unreadable.error().kind(),
            io::ErrorKind::PermissionDenied
        );
    }
}
