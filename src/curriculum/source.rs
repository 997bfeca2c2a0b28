//! Where a curriculum's files come from: the copy embedded in the binary, or a folder.
//! This is the only part of the curriculum code that touches the file system.

use std::borrow::Cow;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use include_dir::{Dir, DirEntry, include_dir};

/// The largest curriculum file read, so a stray huge file can't exhaust memory.
pub const MAX_FILE_BYTES: u64 = 5 * 1024 * 1024;

/// How deep below the root files are listed (root, step folders, one level of assets).
const MAX_DEPTH: usize = 3;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/curriculum");

/// One file of a curriculum tree.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the root, `/`-separated.
    pub path: String,
    /// The markdown text, or why it could not be read. Non-markdown files are listed only.
    pub text: Option<Result<Cow<'static, str>, ReadProblem>>,
}

/// Why a file could not be read, and at which line (0 for the whole file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadProblem {
    /// 1-based line, or 0.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// All files of a curriculum, read up front so loading and validation are pure.
#[derive(Clone, Debug)]
pub struct SourceTree {
    /// How diagnostics name the root folder (`curriculum` for the embedded copy).
    pub root: String,
    /// Every file, sorted by path.
    pub files: Vec<SourceFile>,
}

impl SourceTree {
    /// The roadmap embedded in the binary at build time.
    pub fn embedded() -> Self {
        let mut files = Vec::new();
        collect_embedded(&EMBEDDED, &mut files);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Self {
            root: "curriculum".into(),
            files,
        }
    }

    /// Reads the curriculum folder `dir`: markdown files up to [`MAX_FILE_BYTES`] each;
    /// links leaving the folder are refused. Errors only when `dir` itself can't be listed.
    pub fn from_dir(dir: &Path) -> io::Result<Self> {
        let root = fs::canonicalize(dir)?;
        if !root.is_dir() {
            return Err(io::Error::new(io::ErrorKind::NotADirectory, "not a folder"));
        }
        let mut files = Vec::new();
        walk(&root, &root, 0, &mut files)?;
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Self {
            root: dir.display().to_string().trim_end_matches('/').to_string(),
            files,
        })
    }

    /// Builds a tree from in-memory files (for tests and generated curricula).
    pub fn from_files<I, P, T>(root: &str, files: I) -> Self
    where
        I: IntoIterator<Item = (P, T)>,
        P: Into<String>,
        T: Into<String>,
    {
        let mut files: Vec<SourceFile> = files
            .into_iter()
            .map(|(p, t)| SourceFile {
                path: p.into(),
                text: Some(Ok(Cow::Owned(t.into()))),
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Self {
            root: root.into(),
            files,
        }
    }

    /// How a diagnostic names the file at relative `path`.
    pub fn display(&self, path: &str) -> String {
        if path.is_empty() {
            self.root.clone()
        } else {
            format!("{}/{}", self.root, path)
        }
    }

    /// Whether a file exists at relative `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .is_ok()
    }
}

fn is_markdown(path: &str) -> bool {
    path.ends_with(".md")
}

fn collect_embedded(dir: &'static Dir<'static>, out: &mut Vec<SourceFile>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(d) => collect_embedded(d, out),
            DirEntry::File(f) => {
                let path = f.path().to_string_lossy().replace('\\', "/");
                let text = is_markdown(&path).then(|| match f.contents_utf8() {
                    Some(s) => Ok(Cow::Borrowed(s)),
                    None => Err(utf8_problem(f.contents())),
                });
                out.push(SourceFile { path, text });
            }
        }
    }
}

fn walk(root: &Path, dir: &Path, depth: usize, out: &mut Vec<SourceFile>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let full = entry.path();
        let Some(rel) = relative(root, &full) else {
            continue;
        };
        let meta = match fs::symlink_metadata(&full) {
            Ok(m) => m,
            Err(e) => {
                out.push(failed(rel, format!("cannot be read: {e}")));
                continue;
            }
        };
        let (target, meta) = if meta.file_type().is_symlink() {
            match fs::canonicalize(&full) {
                Ok(t) if t.starts_with(root) => match fs::metadata(&t) {
                    Ok(m) => (t, m),
                    Err(e) => {
                        out.push(failed(rel, format!("cannot be read: {e}")));
                        continue;
                    }
                },
                Ok(_) => {
                    out.push(failed(
                        rel,
                        "is a link to a place outside the curriculum folder",
                    ));
                    continue;
                }
                Err(e) => {
                    out.push(failed(rel, format!("is a broken link: {e}")));
                    continue;
                }
            }
        } else {
            (full, meta)
        };
        if meta.is_dir() {
            if depth + 1 < MAX_DEPTH && !meta.file_type().is_symlink() {
                walk(root, &target, depth + 1, out)?;
            }
            continue;
        }
        if !is_markdown(&rel) || depth >= 2 {
            out.push(SourceFile {
                path: rel,
                text: None,
            });
            continue;
        }
        // A named pipe or a device would block or never end: only regular files are read.
        if !meta.is_file() {
            out.push(failed(rel, "is not a regular file"));
            continue;
        }
        if meta.len() > MAX_FILE_BYTES {
            out.push(failed(
                rel,
                format!(
                    "is {:.1} MB; curriculum files may be at most 5 MB",
                    meta.len() as f64 / 1_048_576.0
                ),
            ));
            continue;
        }
        let text = match fs::read(&target) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(s) => Ok(Cow::Owned(s)),
                Err(e) => Err(utf8_problem(e.as_bytes())),
            },
            Err(e) => Err(ReadProblem {
                line: 0,
                message: format!("cannot be read: {e}"),
            }),
        };
        out.push(SourceFile {
            path: rel,
            text: Some(text),
        });
    }
    Ok(())
}

fn failed(path: String, message: impl Into<String>) -> SourceFile {
    SourceFile {
        path,
        text: Some(Err(ReadProblem {
            line: 0,
            message: message.into(),
        })),
    }
}

/// Describes invalid UTF-8, naming the line of the first bad byte.
fn utf8_problem(bytes: &[u8]) -> ReadProblem {
    let valid = match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    };
    ReadProblem {
        line: bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1,
        message: "is not valid UTF-8 text (save the file as UTF-8)".into(),
    }
}

fn relative(root: &Path, full: &Path) -> Option<String> {
    let rel: PathBuf = full.strip_prefix(root).ok()?.to_path_buf();
    let parts: Vec<String> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Option<_>>()?;
    Some(parts.join("/"))
}
