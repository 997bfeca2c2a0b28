//! The single boundary around the syntax highlighter (syntect with two-face's
//! extra syntaxes). It classifies code into [`Token`]s; themes pick colours.
//!
//! The syntax set and themes are loaded lazily, once per process, on the first
//! call that needs them: start-up and renders without code never pay for it.
//! syntect's pure-Rust regex engine costs roughly 0.1–0.5 ms per line, so
//! results are cached (a re-render after a resize highlights nothing again)
//! and a document's blocks can be highlighted on several threads at once.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};

use super::document::Token;

/// Blocks larger than this are shown plain: highlighting cost must stay bounded.
const MAX_HIGHLIGHT_BYTES: usize = 32 * 1024;
/// Blocks with a line longer than this (minified data) are shown plain.
const MAX_LINE_BYTES: usize = 1024;
/// The cache is emptied when it holds this many blocks.
const CACHE_ENTRIES: usize = 512;
/// At most this many threads highlight one document.
const MAX_THREADS: usize = 8;

/// One highlighted line: runs of text with their class (`None` for plain text).
pub type HighlightedLine = Vec<(Option<Token>, String)>;

type Highlighted = Arc<Vec<HighlightedLine>>;
type Cache = HashMap<(String, String), Highlighted>;

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// TextMate scope prefixes and the class each stands for, most specific first.
const CLASSES: &[(&str, Token)] = &[
    ("comment", Token::Comment),
    ("constant.character.escape", Token::String),
    ("string", Token::String),
    ("constant.numeric", Token::Number),
    ("constant", Token::Constant),
    ("support.constant", Token::Constant),
    ("variable.language", Token::Constant),
    ("keyword.operator", Token::Operator),
    ("keyword", Token::Keyword),
    ("storage.type", Token::Keyword),
    ("storage.modifier", Token::Keyword),
    ("entity.name.tag", Token::Keyword),
    ("markup.heading", Token::Keyword),
    ("entity.name.function", Token::Function),
    ("support.function", Token::Function),
    ("variable.function", Token::Function),
    ("entity.name.type", Token::Type),
    ("entity.name.class", Token::Type),
    ("entity.other.inherited-class", Token::Type),
    ("support.type.property-name", Token::Property),
    ("support.type", Token::Type),
    ("support.class", Token::Type),
    ("entity.other.attribute-name", Token::Property),
    ("meta.mapping.key", Token::Property),
    ("punctuation.definition.variable", Token::Variable),
    ("variable.other.readwrite.shell", Token::Variable),
    ("variable.parameter", Token::Variable),
    ("meta.annotation", Token::Meta),
    ("meta.decorator", Token::Meta),
    ("entity.name.section", Token::Meta),
    ("markup.inserted", Token::Inserted),
    ("markup.deleted", Token::Deleted),
];

fn classes() -> &'static [(Scope, Token)] {
    static SCOPES: OnceLock<Vec<(Scope, Token)>> = OnceLock::new();
    SCOPES.get_or_init(|| {
        CLASSES
            .iter()
            .filter_map(|(name, token)| Scope::new(name).ok().map(|s| (s, *token)))
            .collect()
    })
}

/// The class of the innermost scope on `stack` that has one.
fn classify(stack: &ScopeStack) -> Option<Token> {
    let classes = classes();
    stack.as_slice().iter().rev().find_map(|scope| {
        classes
            .iter()
            .find(|(prefix, _)| prefix.is_prefix_of(*scope))
            .map(|(_, token)| *token)
    })
}

fn cache() -> std::sync::MutexGuard<'static, Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let lock = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    // A poisoned cache only holds finished results: keep using it.
    lock.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The token syntect knows a fence language by, after common aliases.
fn token_for(lang: &str) -> Option<String> {
    let lower = lang.trim().to_ascii_lowercase();
    let token = match lower.as_str() {
        "" | "text" | "txt" | "plain" | "plaintext" | "output" | "none" => return None,
        "shell" | "sh" | "zsh" | "console" | "shell-session" => "bash",
        "dockerfile" | "docker" | "containerfile" => "Dockerfile",
        "golang" => "go",
        "javascript" | "node" => "js",
        "typescript" => "ts",
        "python" | "python3" | "py3" => "py",
        "rust" => "rs",
        "yml" => "yaml",
        "postgres" | "postgresql" | "psql" | "mysql" | "sqlite" => "sql",
        "jsonc" | "json5" => "json",
        other => other,
    };
    Some(token.to_owned())
}

fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
    let token = token_for(lang)?;
    let set = syntaxes();
    set.find_syntax_by_token(&token)
        .filter(|s| s.name != "Plain Text")
}

/// True when `lang` names a language the highlighter knows (loads it if needed).
#[cfg(test)]
pub(crate) fn is_known(lang: &str) -> bool {
    find_syntax(lang).is_some()
}

/// Whether `code` may be highlighted at all (cheap: no loading).
fn within_limits(lang: &str, code: &str) -> bool {
    !lang.trim().is_empty()
        && code.len() <= MAX_HIGHLIGHT_BYTES
        && code.split('\n').all(|l| l.len() <= MAX_LINE_BYTES)
}

/// Highlights `code` (already sanitised, tabs expanded) as `lang`: one entry
/// per `\n`-separated line, each a list of coloured runs without the newline.
/// `None` when the language is unknown, the code too large, or on any
/// highlighter error: the caller then shows the code plain.
pub fn highlight(lang: &str, code: &str) -> Option<Vec<HighlightedLine>> {
    highlight_shared(lang, code).map(|h| h.as_ref().clone())
}

/// [`highlight`], sharing the cached result.
pub(crate) fn highlight_shared(lang: &str, code: &str) -> Option<Highlighted> {
    if !within_limits(lang, code) {
        return None;
    }
    let key = (lang.to_owned(), code.to_owned());
    if let Some(hit) = cache().get(&key) {
        return Some(Arc::clone(hit));
    }
    let result = Arc::new(compute(lang, code)?);
    let mut cache = cache();
    if cache.len() >= CACHE_ENTRIES {
        cache.clear();
    }
    cache.insert(key, Arc::clone(&result));
    Some(result)
}

/// Highlights the `(lang, code)` blocks not yet cached on a few threads, so a
/// code-heavy document's first render takes the time of its largest block.
pub(crate) fn prewarm(blocks: &[(String, String)]) {
    let mut todo: Vec<&(String, String)> = {
        let cache = cache();
        blocks
            .iter()
            .filter(|(lang, code)| within_limits(lang, code))
            .filter(|(lang, code)| !cache.contains_key(&(lang.clone(), code.clone())))
            .collect()
    };
    if todo.len() < 2 {
        return;
    }
    todo.retain(|(lang, _)| find_syntax(lang).is_some());
    if todo.len() < 2 {
        return;
    }
    todo.sort_by_key(|(_, code)| std::cmp::Reverse(code.len()));
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(todo.len())
        .min(MAX_THREADS);
    if threads < 2 {
        return;
    }
    let next = AtomicUsize::new(0);
    let work = || {
        while let Some((lang, code)) = todo.get(next.fetch_add(1, Ordering::Relaxed)) {
            let _ = highlight_shared(lang, code);
        }
    };
    std::thread::scope(|s| {
        for _ in 1..threads {
            // If a thread cannot be started, the others do its share.
            let _ = std::thread::Builder::new().spawn_scoped(s, work);
        }
        work();
    });
}

fn compute(lang: &str, code: &str) -> Option<Vec<HighlightedLine>> {
    let syntax = find_syntax(lang)?;
    let set = syntaxes();
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut out = Vec::new();
    let mut buf = String::new();
    for line in code.split('\n') {
        buf.clear();
        buf.push_str(line);
        buf.push('\n');
        let ops = state.parse_line(&buf, set).ok()?;
        let mut runs: HighlightedLine = Vec::with_capacity(ops.len() + 1);
        let mut start = 0;
        for (pos, op) in ops {
            push_run(
                &mut runs,
                classify(&stack),
                buf.get(start..pos).unwrap_or(""),
            );
            stack.apply(&op).ok()?;
            start = pos;
        }
        push_run(&mut runs, classify(&stack), buf.get(start..).unwrap_or(""));
        out.push(runs);
    }
    Some(out)
}

/// Appends `text` (without a trailing newline) as a run, joining it to the last run of the same class.
fn push_run(runs: &mut HighlightedLine, token: Option<Token>, text: &str) {
    let text = text.strip_suffix('\n').unwrap_or(text);
    if text.is_empty() {
        return;
    }
    match runs.last_mut() {
        Some((last, run)) if *last == token => run.push_str(text),
        _ => runs.push((token, text.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_languages_are_known() {
        for lang in [
            "rust",
            "python",
            "javascript",
            "typescript",
            "go",
            "java",
            "sql",
            "json",
            "yaml",
            "toml",
            "bash",
            "sh",
            "shell",
            "dockerfile",
            "Dockerfile",
            "js",
            "ts",
            "py",
            "yml",
        ] {
            assert!(is_known(lang), "{lang} should be highlighted");
        }
        for lang in ["text", "", "no-such-language"] {
            assert!(!is_known(lang), "{lang} should be plain");
        }
    }

    #[test]
    fn classifies_tokens() {
        let code = "fn main() {\n    let x = 1; // one\n}";
        let lines = highlight("rust", code).expect("rust is known");
        let joined: Vec<String> = lines
            .iter()
            .map(|l| l.iter().map(|(_, t)| t.as_str()).collect())
            .collect();
        assert_eq!(joined, ["fn main() {", "    let x = 1; // one", "}"]);
        let of = |text: &str| {
            lines
                .iter()
                .flatten()
                .find(|(_, t)| t.trim() == text)
                .and_then(|(k, _)| *k)
        };
        assert_eq!(of("fn"), Some(Token::Keyword));
        assert_eq!(of("main"), Some(Token::Function));
        assert_eq!(of("1"), Some(Token::Number));
        assert_eq!(of("// one"), Some(Token::Comment));
    }

    #[test]
    fn limits_and_cache() {
        let long = "x".repeat(MAX_LINE_BYTES + 1);
        assert!(highlight("rust", &long).is_none());
        let a = highlight_shared("rust", "let cached = 1;");
        let b = highlight_shared("rust", "let cached = 1;");
        assert!(matches!((a, b), (Some(a), Some(b)) if Arc::ptr_eq(&a, &b)));
    }

    #[test]
    fn prewarm_fills_the_cache() {
        let blocks: Vec<(String, String)> = (0..6)
            .map(|i| ("python".to_owned(), format!("x_{i} = {i}\nprint(x_{i})")))
            .collect();
        prewarm(&blocks);
        for (lang, code) in &blocks {
            assert!(highlight(lang, code).is_some());
        }
    }

    #[test]
    fn unknown_is_none() {
        assert!(highlight("nope", "x").is_none());
    }
}
