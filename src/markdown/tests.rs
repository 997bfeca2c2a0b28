//! Rendering tests over whole documents: every construct, widths, safety.

use std::time::{Duration, Instant};

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::sanitize::is_forbidden;
use super::*;

const SAMPLE: &str = include_str!("testdata/sample.md");

/// Extra constructs that stress wrapping: long words, CJK, emoji, deep lists.
const STRESS: &str = "\
Supercalifragilisticexpialidocious_and_then_some_more_letters word \
日本語の長い文章はスペースなしで続きます 🎉🎉🎉 👩‍💻 e\u{301}te\u{301}\n\n\
- a\n  - b\n    - c\n      - d\n        - e\n          - f with text\n\n\
> > > > > deep quote with `code` and **bold** text\n\n\
| a | b | c | d | e | f | g |\n|---|---|---|---|---|---|---|\n\
| 1 | 2 | 3 | 4 | 5 | 6 | 7 |\n\n\
```\n\t日本語\tcode\twith\ttabs and a very long line that goes on and on\n```\n";

fn r(src: &str, width: u16) -> Document {
    render(src, &RenderOptions::new(width))
}

fn plain_lines(doc: &Document) -> Vec<String> {
    doc.lines.iter().map(Line::plain).collect()
}

fn grapheme_width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

fn assert_fits(doc: &Document, width: usize) {
    for (i, line) in doc.lines.iter().enumerate() {
        let text = line.plain();
        assert!(
            text.width() <= width && grapheme_width(&text) <= width,
            "line {i} {text:?} is wider than {width}"
        );
    }
}

/// Every span of the document, with its line's kind.
fn spans(doc: &Document) -> impl Iterator<Item = &Span> {
    doc.lines.iter().flat_map(|l| l.spans.iter())
}

fn find<'d>(doc: &'d Document, text: &str) -> &'d Span {
    spans(doc)
        .find(|s| s.text.contains(text))
        .unwrap_or_else(|| panic!("no span contains {text:?}"))
}

fn line_of(doc: &Document, text: &str) -> String {
    plain_lines(doc)
        .into_iter()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no line contains {text:?}"))
}

// ----- snapshots -----------------------------------------------------------

#[test]
fn snapshot_sample_40_and_80() {
    insta::with_settings!({ prepend_module_to_snapshot => false }, {
        insta::assert_snapshot!("sample_40", to_plain(&r(SAMPLE, 40)));
        insta::assert_snapshot!("sample_80", to_plain(&r(SAMPLE, 80)));
    });
}

// ----- widths --------------------------------------------------------------

#[test]
fn no_line_exceeds_any_width() {
    let src = format!("{SAMPLE}\n\n{STRESS}");
    for width in 1..=120u16 {
        for highlight in [true, false] {
            let opts = RenderOptions {
                highlight,
                ..RenderOptions::new(width)
            };
            let doc = render(&src, &opts);
            assert_eq!(doc.width, width);
            assert_fits(&doc, usize::from(width));
            let _ = to_ansi(
                &doc,
                CodeTheme::Light,
                if width % 2 == 0 {
                    ColorDepth::TrueColor
                } else {
                    ColorDepth::Ansi16
                },
            );
        }
    }
}

#[test]
fn zero_width_is_one() {
    let doc = r(SAMPLE, 0);
    assert_eq!(doc.width, 1);
    assert_fits(&doc, 1);
    assert!(!doc.lines.is_empty());
}

#[test]
fn cjk_and_emoji_wrap_by_display_width() {
    let doc = r("漢字とかなの文章です。🎉🎉 done", 10);
    assert_eq!(
        plain_lines(&doc),
        ["漢字とかな", "の文章で", "す。🎉🎉", "done"]
    );
    // Kinsoku-lite: the full stop stays with the character before it.
    let doc = r("あいうえお。", 10);
    assert_eq!(plain_lines(&doc), ["あいうえ", "お。"]);
    let doc = r("中文 text 中文", 6);
    assert_fits(&doc, 6);
}

#[test]
fn wide_character_in_one_column_is_replaced() {
    let doc = r("日本 🎉", 1);
    assert_eq!(plain_lines(&doc), ["?", "?", "?"]);
}

// ----- headings --------------------------------------------------------------

#[test]
fn headings_per_level() {
    let doc = r("# One\n\n## Two\n\n### Three\n\n#### Four", 40);
    assert_eq!(
        plain_lines(&doc),
        [
            "One",
            "━━━",
            "",
            "Two",
            "───",
            "",
            "### Three",
            "",
            "#### Four"
        ]
    );
    assert_eq!(doc.lines[0].spans[0].style.role, Role::Heading(1));
    assert_eq!(doc.lines[1].spans[0].style.role, Role::Heading(1));
    assert_eq!(doc.lines[3].spans[0].style.role, Role::Heading(2));
    assert_eq!(doc.lines[6].spans[0].style.role, Role::Heading(3));
    let levels: Vec<(u8, &str, usize)> = doc
        .headings
        .iter()
        .map(|h| (h.level, h.text.as_str(), h.line))
        .collect();
    assert_eq!(
        levels,
        [
            (1, "One", 0),
            (2, "Two", 3),
            (3, "Three", 6),
            (4, "Four", 8)
        ]
    );
}

#[test]
fn heading_attribute_is_stripped() {
    let doc = r("## Routing in `axum` {#routing .big}\n", 80);
    assert_eq!(plain_lines(&doc)[0], "Routing in axum");
    assert_eq!(doc.headings[0].text, "Routing in axum");
    assert!(!to_plain(&doc).contains("{#"));
}

#[test]
fn long_heading_wraps_and_rule_matches() {
    let doc = r("# A heading that is long enough to wrap", 12);
    let lines = plain_lines(&doc);
    assert_eq!(
        lines[..4],
        ["A heading", "that is long", "enough to", "wrap"]
    );
    assert_eq!(lines[4], "━".repeat(12));
}

// ----- paragraphs ------------------------------------------------------------

#[test]
fn inline_styles() {
    let doc = r("plain *it* **bold** ~~gone~~ `code` ***both***", 80);
    assert!(find(&doc, "it").style.italic);
    assert!(find(&doc, "bold").style.bold);
    assert!(find(&doc, "gone").style.strike);
    assert_eq!(find(&doc, "code").style.role, Role::InlineCode);
    let both = find(&doc, "both").style;
    assert!(both.bold && both.italic);
    assert_eq!(find(&doc, "plain").style, SpanStyle::default());
}

#[test]
fn soft_and_hard_breaks() {
    let doc = r("one\ntwo  \nthree\\\nfour", 80);
    assert_eq!(plain_lines(&doc), ["one two", "three", "four"]);
}

#[test]
fn paragraphs_are_separated_by_one_blank_line() {
    let doc = r("a\n\n\n\nb\n", 80);
    assert_eq!(plain_lines(&doc), ["a", "", "b"]);
}

// ----- lists -------------------------------------------------------------------

#[test]
fn bullets_vary_by_depth_with_hanging_indent() {
    let src = "- one two three four\n  - five six seven\n    - eight nine ten\n      - deep";
    let doc = r(src, 16);
    assert_eq!(
        plain_lines(&doc),
        [
            "• one two three",
            "  four",
            "  ◦ five six",
            "    seven",
            "    ▪ eight nine",
            "      ten",
            "      • deep",
        ]
    );
    assert_eq!(doc.lines[0].spans[0].style.role, Role::ListMarker);
}

#[test]
fn ordered_lists_keep_start_and_delimiter() {
    let doc = r("3. three\n4. four\n\n7) seven\n8) eight", 40);
    assert_eq!(
        plain_lines(&doc),
        ["3. three", "4. four", "", "7) seven", "8) eight"]
    );
    let doc = r("9. nine\n10. ten and more words", 12);
    assert_eq!(
        plain_lines(&doc),
        ["9. nine", "10. ten and", "    more", "    words"]
    );
}

#[test]
fn loose_lists_have_blank_lines() {
    let doc = r("- a\n\n- b\n\n  second paragraph\n", 40);
    assert_eq!(
        plain_lines(&doc),
        ["• a", "", "• b", "", "  second paragraph"]
    );
}

#[test]
fn task_lists() {
    let doc = r("- [ ] todo\n- [x] done\n\n1. [x] first", 40);
    assert_eq!(plain_lines(&doc), ["☐ todo", "☑ done", "", "1. ☑ first"]);
    assert_eq!(find(&doc, "☐").style.role, Role::ListMarker);
    assert_eq!(find(&doc, "☑").style.role, Role::ListMarker);
}

#[test]
fn empty_item_shows_marker() {
    let doc = r("- a\n-\n- c", 40);
    assert_eq!(plain_lines(&doc), ["• a", "•", "• c"]);
}

#[test]
fn nested_item_on_same_line() {
    let doc = r("- - x", 40);
    assert_eq!(plain_lines(&doc), ["• ◦ x"]);
}

// ----- quotes ------------------------------------------------------------------

#[test]
fn quotes_stack_bars() {
    let doc = r("> outer\n>\n> > inner words here\n", 15);
    assert_eq!(
        plain_lines(&doc),
        ["│ outer", "│", "│ │ inner words", "│ │ here"]
    );
    assert_eq!(doc.lines[0].spans[0].style.role, Role::QuoteBar);
}

#[test]
fn lists_and_code_inside_quotes() {
    let doc = r("> - item one\n>   more\n>\n> ```sh\n> ls -la\n> ```\n", 40);
    assert_eq!(
        plain_lines(&doc),
        ["│ • item one more", "│", "│ sh", "│ ls -la"]
    );
    assert_eq!(doc.lines[3].kind, LineKind::Code);
    assert_eq!(doc.lines[2].spans[2].style.role, Role::CodeLabel);
}

#[test]
fn quote_inside_list_item() {
    let doc = r("- item\n\n  > quoted\n", 40);
    assert_eq!(plain_lines(&doc), ["• item", "", "  │ quoted"]);
}

// ----- rules, links, images, footnotes ------------------------------------------

#[test]
fn rule_is_full_width() {
    let doc = r("a\n\n---\n\nb", 25);
    assert_eq!(doc.lines[2].plain(), "─".repeat(25));
    assert_eq!(doc.lines[2].spans[0].style.role, Role::Rule);
    let doc = r("> ***", 25);
    assert_eq!(doc.lines[0].plain(), format!("│ {}", "─".repeat(23)));
}

#[test]
fn links_show_url_and_are_recorded() {
    let src = "Read [the *docs*](https://docs.rs) now.\n\nSee <https://a.io> and [x](./rel.md).";
    let doc = r(src, 80);
    assert_eq!(
        plain_lines(&doc),
        [
            "Read the docs (https://docs.rs) now.",
            "",
            "See https://a.io and x (./rel.md)."
        ]
    );
    assert_eq!(find(&doc, "the ").style.role, Role::Link);
    assert_eq!(find(&doc, "(https://docs.rs)").style.role, Role::Url);
    let links: Vec<(&str, &str, usize)> = doc
        .links
        .iter()
        .map(|l| (l.text.as_str(), l.url.as_str(), l.line))
        .collect();
    assert_eq!(
        links,
        [
            ("the docs", "https://docs.rs", 0),
            ("https://a.io", "https://a.io", 2),
            ("x", "./rel.md", 2)
        ]
    );
}

#[test]
fn link_line_follows_wrapping() {
    let doc = r("word word word word [link](u)", 10);
    let line = doc.links[0].line;
    assert!(
        doc.lines[line].plain().contains("link"),
        "{:?}",
        plain_lines(&doc)
    );
}

#[test]
fn images_show_alt() {
    let doc = r("![a *cat*](cat.png)", 40);
    assert_eq!(plain_lines(&doc), ["[image: a cat]"]);
    assert_eq!(find(&doc, "[image: ").style.role, Role::Image);
}

#[test]
fn footnotes() {
    let doc = r(
        "Text[^n] and[^m].\n\n[^m]: Em note.\n[^n]: En note that wraps here.",
        16,
    );
    assert_eq!(
        plain_lines(&doc),
        [
            "Text[1] and[2].",
            "",
            "[2] Em note.",
            "",
            "[1] En note that",
            "    wraps here."
        ]
    );
    assert_eq!(find(&doc, "[1]").style.role, Role::Footnote);
    assert_eq!(doc.lines[2].spans[0].style.role, Role::Footnote);
}

// ----- tables ------------------------------------------------------------------

const TABLE: &str = "| Left | Centre | Right |\n|:-----|:------:|------:|\n| a | b | c |\n| a longer cell with words | x | 12345 |\n";

#[test]
fn table_roles_and_alignment() {
    let doc = r(TABLE, 80);
    let lines = plain_lines(&doc);
    assert_eq!(lines[0], "┌──────────────────────────┬────────┬───────┐");
    assert_eq!(lines[1], "│ Left                     │ Centre │ Right │");
    assert_eq!(lines[3], "│ a                        │   b    │     c │");
    assert_eq!(doc.lines[0].spans[0].style.role, Role::TableBorder);
    assert_eq!(find(&doc, "Centre").style.role, Role::TableHeader);
    assert_eq!(find(&doc, "12345").style.role, Role::Text);
}

#[test]
fn tables_shrink_to_fit() {
    let doc = r(TABLE, 30);
    assert_fits(&doc, 30);
    let lines = plain_lines(&doc);
    assert!(lines.iter().all(|l| l.width() == 30), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("a longer")));
    for width in 1..=60 {
        assert_fits(&r(TABLE, width), usize::from(width));
    }
    // Too narrow for a grid: one `Header: value` line per cell.
    let lines = plain_lines(&r(TABLE, 14));
    assert!(lines.contains(&"Left: a".to_owned()), "{lines:#?}");
}

#[test]
fn table_in_list_fits() {
    let src = format!("- item\n\n  {}", TABLE.replace('\n', "\n  "));
    for width in 1..=50 {
        assert_fits(&r(&src, width), usize::from(width));
    }
}

// ----- code --------------------------------------------------------------------

#[test]
fn code_blocks_label_kind_and_colour() {
    let doc = r("```rust\nfn main() {}\n```", 40);
    assert_eq!(plain_lines(&doc), ["rust", "fn main() {}"]);
    assert_eq!(doc.lines[0].spans[0].style.role, Role::CodeLabel);
    assert_eq!(doc.lines[1].kind, LineKind::Code);
    assert!(
        doc.lines[1]
            .spans
            .iter()
            .all(|s| s.style.role == Role::Code)
    );
    assert!(doc.lines[1].spans.iter().any(|s| s.style.token.is_some()));

    let opts = RenderOptions {
        highlight: false,
        ..RenderOptions::new(40)
    };
    let doc = render("```rust\nfn main() {}\n```", &opts);
    assert!(spans(&doc).all(|s| s.style.token.is_none()));
}

#[test]
fn languages_highlight_or_fall_back() {
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
    ] {
        let code = if lang == "dockerfile" {
            "FROM alpine"
        } else {
            "x = 1"
        };
        let doc = r(&format!("```{lang}\n{code}\n```"), 40);
        assert!(
            doc.lines[1].spans.iter().any(|s| s.style.token.is_some()),
            "{lang} should be coloured"
        );
    }
    for lang in ["text", "nosuchlang"] {
        let doc = r(&format!("```{lang}\nGET / HTTP/1.1\n```"), 40);
        assert_eq!(plain_lines(&doc), [lang, "GET / HTTP/1.1"]);
        assert!(spans(&doc).all(|s| s.style.token.is_none()));
    }
    let doc = render("```py\ndef f(): pass\n```", &RenderOptions::new(40));
    assert!(spans(&doc).any(|s| s.style.token.is_some()));
}

#[test]
fn code_keeps_indent_expands_tabs_and_wraps() {
    let doc = r("```\n\tif x {\n  a\tb\n}\n```", 80);
    assert_eq!(plain_lines(&doc), ["    if x {", "  a b", "}"]);
    let doc = r("    indented\n      more", 80);
    assert_eq!(plain_lines(&doc), ["indented", "  more"]);
    assert_eq!(doc.lines[0].kind, LineKind::Code);

    let doc = r("```\nabcdefghijklmnop\n```", 6);
    assert_eq!(plain_lines(&doc), ["abcdef", "↪ghijk", "↪lmnop"]);
    assert_eq!(doc.lines[1].spans[0].style.role, Role::Continuation);
}

#[test]
fn code_is_not_reflowed() {
    let doc = r("```\na\n\n   b   c\n```\nafter", 80);
    assert_eq!(plain_lines(&doc), ["a", "", "   b   c", "", "after"]);
}

// ----- HTML ----------------------------------------------------------------------

#[test]
fn html_is_stripped() {
    let src = "<!-- hidden -->\n\nPress <kbd>Ctrl</kbd>+C<br>now.\n\n<div align=\"center\">\n  <b>Shown</b> &amp; kept\n</div>\n";
    let doc = r(src, 80);
    assert_eq!(
        plain_lines(&doc),
        ["Press Ctrl+C", "now.", "", "Shown & kept"]
    );
}

// ----- security ------------------------------------------------------------------

/// `to_ansi` output with its own SGR sequences removed.
fn strip_sgr(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(pos) = rest.find('\x1b') {
        out.push_str(&rest[..pos]);
        let seq = &rest[pos + 1..];
        let body = seq.strip_prefix('[').expect("only CSI sequences");
        let end = body.find('m').expect("only SGR sequences");
        assert!(
            body[..end].chars().all(|c| c.is_ascii_digit() || c == ';'),
            "unexpected sequence {:?}",
            &body[..end]
        );
        rest = &body[end + 1..];
    }
    out.push_str(rest);
    out
}

fn assert_clean(doc: &Document) {
    for span in spans(doc) {
        assert!(
            !span.text.chars().any(is_forbidden),
            "forbidden character in {:?}",
            span.text
        );
    }
    for text in doc
        .links
        .iter()
        .flat_map(|l| [&l.text, &l.url])
        .chain(doc.headings.iter().map(|h| &h.text))
    {
        assert!(!text.chars().any(is_forbidden), "forbidden in {text:?}");
    }
    for ansi in [
        to_ansi(doc, CodeTheme::Dark, ColorDepth::TrueColor),
        to_ansi(doc, CodeTheme::Light, ColorDepth::Ansi256),
    ] {
        let text = strip_sgr(&ansi);
        assert!(
            !text.chars().any(|c| c != '\n' && is_forbidden(c)),
            "forbidden character in ANSI output"
        );
    }
    assert!(!to_plain(doc).chars().any(|c| c != '\n' && is_forbidden(c)));
}

#[test]
fn control_characters_never_reach_output() {
    let evil = [
        "&#27;[2J",
        "&#x1b;]52;c;aGVsbG8=&#7;",
        "&#x9b;31m",
        "\u{9b}31m",
        "\u{1b}[31mred",
        "&#x202E;evil&#x202C;",
        "\u{2066}iso\u{2069}",
        "\u{7f}&#127;&#x85;\u{8}\r",
    ];
    for e in evil {
        let src = format!(
            "# Head {e}\n\npara {e} *em {e}* `code {e}`\n\n\
             [link {e}](http://x/{e}) <http://auto/{e}>\n\n\
             ![img {e}](i.png)\n\n> quote {e}\n\n- item {e}\n\n\
             | h {e} | h2 |\n|---|---|\n| c {e} | d |\n\n\
             ```rust{e}\ncode {e}\n```\n\n```\n{e}\n```\n\n    indented {e}\n\n\
             <div>html {e}</div>\n\ntext<span>{e}</span>\n\nnote[^f{e}]\n\n[^f{e}]: def {e}\n"
        );
        for width in [1u16, 7, 30, 80] {
            let doc = r(&src, width);
            assert_clean(&doc);
            assert_fits(&doc, usize::from(width));
        }
    }
}

#[test]
fn entity_escape_is_decoded_then_removed() {
    let doc = r("a&#27;[2Jb &#x9b;c", 80);
    assert_eq!(plain_lines(&doc), ["a[2Jb c"]);
}

// ----- nesting and offsets ------------------------------------------------------

fn timed(src: &str, width: u16) -> (Document, Duration) {
    let start = Instant::now();
    let doc = r(src, width);
    (doc, start.elapsed())
}

#[test]
fn ten_thousand_nested_quotes() {
    let src = format!("{}deep", "> ".repeat(10_000));
    let (doc, elapsed) = timed(&src, 80);
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
    assert_fits(&doc, 80);
    let lines = plain_lines(&doc);
    assert_eq!(lines.len(), 1);
    assert!(lines[0].starts_with("│ │ │ "));
    assert!(lines[0].ends_with("deep"));
    assert!(
        80 - lines[0].width() < 8 + 4,
        "indentation capped: {:?}",
        lines[0]
    );
}

#[test]
fn ten_thousand_nested_lists() {
    for src in [
        format!("{}deep", "- ".repeat(10_000)),
        format!("{}deep", "1. ".repeat(10_000)),
        (0..2000)
            .map(|i| format!("{}- level {i}\n", "  ".repeat(i)))
            .collect(),
        format!("{}deep", "> - ".repeat(5_000)),
    ] {
        let (doc, elapsed) = timed(&src, 40);
        assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
        assert_fits(&doc, 40);
        assert!(doc.lines.len() < 20_000);
        let text = to_plain(&doc);
        assert!(text.contains("deep") || text.contains("1999"), "{text}");
    }
}

#[test]
fn source_offsets_are_monotonic_and_restore_position() {
    let doc = r(SAMPLE, 50);
    let offsets: Vec<usize> = doc.lines.iter().map(|l| l.source_offset).collect();
    assert!(offsets.windows(2).all(|w| w[0] <= w[1]), "{offsets:?}");
    assert_eq!(offsets[0], 0);
    // The same block is found at another width.
    let narrow = r(SAMPLE, 30);
    for h in &doc.headings {
        let offset = doc.lines[h.line].source_offset;
        let at = narrow.line_at_offset(offset);
        assert!(
            narrow.lines[at]
                .plain()
                .contains(h.text.split(' ').next().unwrap_or(""))
        );
    }
    let table_line = plain_lines(&doc)
        .iter()
        .position(|l| l.starts_with('┌'))
        .unwrap_or(0);
    assert_eq!(
        doc.lines[table_line].source_offset,
        SAMPLE.find("| Code").unwrap_or(0)
    );
}

#[test]
fn sample_records_headings_and_links() {
    let doc = r(SAMPLE, 80);
    let heads: Vec<&str> = doc.headings.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(heads, ["HTTP Basics", "Requests", "A handler"]);
    for h in &doc.headings {
        assert!(doc.lines[h.line].plain().contains(&h.text));
    }
    assert_eq!(doc.links.len(), 2);
    for l in &doc.links {
        assert!(
            doc.lines[l.line]
                .plain()
                .contains(l.text.split(' ').next().unwrap_or(""))
        );
    }
    assert!(line_of(&doc, "MDN guide").contains("MDN guide"));
}

// ----- word count -------------------------------------------------------------------

#[test]
fn word_count_skips_code_blocks() {
    assert_eq!(word_count("Hello *big* world"), 3);
    assert_eq!(
        word_count("one `two`\n\n```\nnot counted at all\n```\n\nthree"),
        3
    );
    assert_eq!(word_count("[link text](http://example.com/a/b/c)"), 2);
    assert_eq!(word_count("- a\n- b\n\n# c"), 3);
    assert!(word_count(SAMPLE) > 100);
}

#[test]
fn word_count_counts_prose_and_skips_code() {
    assert_eq!(word_count("# Title\n\nIt's a well-known *fact*.\n"), 6);
    assert_eq!(word_count("Text\n\n```rust\nlet a = b;\n```\n\nmore"), 2);
    assert_eq!(word_count("日本語のテキスト and English"), 10);
    assert_eq!(
        word_count("`inline code` counts, [links](http://x.y/z) by text"),
        6
    );
}

#[test]
fn code_blocks_keep_their_source_for_copying() {
    let src = "Text.\n\n```go\nfunc main() {\n\tfmt.Println(\"a line long enough to be continued\")\n}\n```\n\n    indented\r\n";
    let doc = r(src, 24);
    assert_eq!(doc.code_blocks.len(), 2);
    let go = &doc.code_blocks[0];
    assert_eq!(go.lang, "go");
    assert_eq!(
        go.code,
        "func main() {\n\tfmt.Println(\"a line long enough to be continued\")\n}"
    );
    // The lines shown: the label, then the code with its `↪` continuations.
    let shown = plain_lines(&doc)[go.lines.clone()].to_vec();
    assert_eq!(shown[0], "go");
    assert!(shown.iter().any(|l| l.contains('↪')), "{shown:?}");
    assert!(shown.iter().all(|l| !l.is_empty()), "{shown:?}");
    assert_eq!(doc.code_blocks[1].code, "indented");
    assert_eq!(doc.code_blocks[1].lang, "");
}

#[test]
fn copied_code_has_no_escape_sequences_or_bidi_overrides() {
    let src = "```sh\nrm -rf /tmp/x \u{202e}# safe\u{202c}\u{1b}[2J\u{7}\n\techo ok\u{2066}\n```\n";
    let doc = r(src, 40);
    assert_eq!(
        doc.code_blocks[0].code,
        "rm -rf /tmp/x # safe[2J\n\techo ok"
    );
}
