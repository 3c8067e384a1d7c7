//! MediaWiki's own parser tests (`../shared/corpus/mediawiki-parser-tests/`,
//! GPL test data read here at test time, never copied into the project),
//! judged as a text reader should be: the visible text of the expected HTML
//! (tags removed, entities decoded, whitespace collapsed) against the text
//! of the article wikiread parses from the test's wikitext (its templates
//! expanded from the suite's own `!! article` pages by
//! `wikiread::preprocess`), collapsed the same way.
//!
//! It reports how many tests match, for the tests without templates and
//! those with (`{{` in the wikitext), by kind (parser functions, templates,
//! tables, lists, links…), strictly over every test with the legacy
//! parser's output, and lists the tests it leaves out and why; it fails on any panic or timeout, and when fewer tests match than
//! the floor below (today's score: raised as the parser learns more, never
//! lowered). Run with `--nocapture` to see the report. Says so and checks
//! nothing when the shared folder is not next to the project.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;
use wikiread::document::reading_script::Script;
use wikiread::document::{Format, blocks_plain_text, parse_bytes_in, plain_text};
use wikiread::preprocess::{self, Templates};

/// Matches on 2026-12-07, of 205 tests without templates (97.6%) and 246
/// with (79.3%): the floor, raised as the parser learns more, never
/// lowered. (On 2026-12-06, before the preprocessor's and the parser's
/// MediaWiki rules, 166 of 186 and 137 of 234 when tests expecting no
/// text were left out; before templates were expanded, 160 and 75.) The
/// issue's own figures (48.2% of 496) came from a judgement of its own;
/// this runner also prints a strict score over every test with the legacy
/// parser's output, nothing left out (70.9% of 595 today).
const FLOOR_WITHOUT_TEMPLATES: usize = 200;
const FLOOR_WITH_TEMPLATES: usize = 195;

/// The longest a test may take to parse.
const TIME_LIMIT: Duration = Duration::from_secs(10);

/// Options a text reader cannot honour, and why a test with one is left out.
const EXCLUDED_OPTIONS: &[(&str, &str)] = &[
    ("disabled", "disabled in MediaWiki's own runs"),
    ("pst", "tests the pre-save transform, not rendering"),
    ("msg", "renders an interface message"),
    ("section", "extracts or replaces one section"),
    ("replace", "replaces a section"),
    ("comment", "renders an edit summary"),
    ("preload", "renders preloaded text for editing"),
    ("subpage", "needs subpages of a namespace"),
    ("showtitle", "shows the page title"),
    ("showindicators", "shows page status indicators"),
    ("showflags", "shows parser output flags"),
    ("styletag", "needs the style tag's configuration"),
    ("wgRawHtml", "needs raw HTML allowed"),
    (
        "language",
        "needs another content language (de, tr, fa, zh…)",
    ),
];

/// The page a test renders as: `title=[[…]]` among its options, or
/// MediaWiki's default.
fn title_of(options: &str) -> String {
    options
        .split("title=[[")
        .nth(1)
        .and_then(|rest| rest.split_once("]]"))
        .map_or_else(|| "Parser test".to_string(), |(title, _)| title.to_string())
}

#[derive(Debug, Default)]
struct Case {
    name: String,
    options: String,
    wikitext: String,
    expected: Option<String>,
}

/// The pages of `text` that tests transclude (`!! article` … `!! text` …
/// `!! endarticle`), by title.
fn articles(text: &str) -> std::collections::HashMap<String, String> {
    let mut pages = std::collections::HashMap::new();
    let mut section = String::new();
    let mut title = String::new();
    let mut body = String::new();
    for line in text.split_inclusive('\n') {
        let Some(header) = line.strip_prefix("!!") else {
            body.push_str(line);
            continue;
        };
        match section.as_str() {
            "article" => title = body.trim().to_string(),
            "text" => {
                let text = body.strip_suffix('\n').unwrap_or(&body);
                pages.insert(preprocess::page_title(&title), text.to_string());
            }
            _ => {}
        }
        body.clear();
        section = header.trim().to_string();
    }
    pages
}

/// The tests of `text`, in order (articles and hooks are not tests).
fn cases(text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut current: Option<Case> = None;
    let mut section = String::new();
    let mut php = None;
    let mut both = None;
    let mut body = String::new();
    let finish = |section: &str,
                  body: &mut String,
                  case: &mut Option<Case>,
                  php: &mut Option<String>,
                  both: &mut Option<String>| {
        let value = std::mem::take(body);
        let Some(case) = case.as_mut() else { return };
        match section {
            "test" => case.name = value.trim().to_string(),
            "options" => case.options = value,
            "wikitext" => case.wikitext = value.strip_suffix('\n').unwrap_or(&value).into(),
            "html/php" => *php = Some(value),
            "html" => *both = Some(value),
            _ => {}
        }
    };
    for line in text.split_inclusive('\n') {
        let Some(header) = line.strip_prefix("!!") else {
            body.push_str(line);
            continue;
        };
        finish(&section, &mut body, &mut current, &mut php, &mut both);
        section = header.trim().to_string();
        match section.as_str() {
            "test" => current = Some(Case::default()),
            "end" => {
                if let Some(mut case) = current.take() {
                    case.expected = php.take().or(both.take());
                    cases.push(case);
                }
                php = None;
                both = None;
            }
            _ => {}
        }
    }
    cases
}

/// The tags of the suite's own test extension (its output, a dump of the
/// tag's arguments, is nothing a reader would show).
const TEST_EXTENSION_TAGS: &[&str] = &["<tag", "<tåg", "<statictag", "<spantag", "<asidetag"];

/// `html` without its section edit links (`[edit]`: a reader has none).
fn without_edit_links(html: &str) -> String {
    const OPEN: &str = "<span class=\"mw-editsection\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        // To the `</span>` that closes it, past the spans inside.
        let mut depth = 0usize;
        let mut end = rest.len();
        let mut i = at;
        while i < rest.len() {
            if rest[i..].starts_with("<span") {
                depth += 1;
            } else if rest[i..].starts_with("</span>") {
                depth -= 1;
                if depth == 0 {
                    end = i + "</span>".len();
                    break;
                }
            }
            i += rest[i..].chars().next().map_or(1, char::len_utf8);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The visible text of `html`: section edit links, tags, comments and the
/// content of scripts and styles removed, entities decoded, whitespace
/// collapsed.
fn visible_text_of_html(html: &str) -> String {
    let html = without_edit_links(html);
    let mut text = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(at) = rest.find('<') {
        text.push_str(&rest[..at]);
        let tail = &rest[at..];
        // A script's or a style's content is never shown.
        let hidden = ["<script", "<style"]
            .into_iter()
            .find(|open| tail.starts_with(open));
        let end = if let Some(open) = hidden {
            let close = format!("</{}>", &open[1..]);
            tail.find(&close).map(|e| e + close.len())
        } else if tail.starts_with("<!--") {
            tail.find("-->").map(|e| e + 3)
        } else {
            tail.find('>').map(|e| e + 1)
        };
        match end {
            Some(end) => {
                // A block's edge separates words; an inline tag does not.
                if is_block_tag(&tail[..end]) {
                    text.push(' ');
                }
                rest = &tail[end..];
            }
            None => {
                text.push_str(tail);
                rest = "";
            }
        }
    }
    text.push_str(rest);
    collapse(&wikiread::wiki::html_entities::decode(&text))
}

/// Whether the tag `tag` (`<p>`, `</td>`, `<br/>`…) starts or ends a block
/// (or a line) on screen; comments count as nothing.
fn is_block_tag(tag: &str) -> bool {
    const BLOCKS: &[&str] = &[
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "blockquote",
        "hr",
        "caption",
        "tbody",
        "thead",
        "figure",
        "figcaption",
        "center",
        "section",
    ];
    let name: String = tag
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    BLOCKS.contains(&name.as_str())
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What wikiread shows of `wikitext`, its templates expanded from
/// `templates`: the article's text, and its footnotes where the wikitext
/// lists them (`<references`).
fn visible_text_of_wikitext(wikitext: &str, title: &str, templates: &dyn Templates) -> String {
    let expanded = preprocess::expand(wikitext, title, templates).text;
    let article = parse_bytes_in(
        expanded.as_bytes(),
        title,
        Format::Wikitext,
        Script::AsWritten,
    );
    let mut text = blocks_plain_text(&article.blocks);
    if wikitext.contains("<references") {
        for footnote in &article.footnotes {
            text.push(' ');
            text.push_str(&plain_text(&footnote.content));
        }
    }
    collapse(&text)
}

/// The kinds a test is counted under, the first that its wikitext holds.
const KINDS: &[&str] = &[
    "parser functions and magic words",
    "templates",
    "tables",
    "lists",
    "links",
    "external links",
    "bold and italic",
    "HTML tags and entities",
    "paragraphs, headings and the rest",
];

/// What a test is about, for the report: one of [`KINDS`].
fn kind_of(wikitext: &str) -> &'static str {
    let function = wikitext.match_indices("{{").any(|(at, _)| {
        let name: String = wikitext[at + 2..]
            .trim_start()
            .chars()
            .take_while(|c| !matches!(c, '|' | '}' | '\n'))
            .collect();
        name.starts_with('#')
            || name.contains(':')
            || (name.len() > 1
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
    });
    let starts_a_line = |marks: &[char]| wikitext.lines().any(|line| line.starts_with(marks));
    if function {
        KINDS[0]
    } else if wikitext.contains("{{") {
        KINDS[1]
    } else if wikitext.contains("{|") || wikitext.to_lowercase().contains("<table") {
        KINDS[2]
    } else if starts_a_line(&['*', '#', ':', ';']) {
        KINDS[3]
    } else if wikitext.contains("[[") {
        KINDS[4]
    } else if wikitext.contains("://") || wikitext.contains("mailto:") {
        KINDS[5]
    } else if wikitext.contains("''") {
        KINDS[6]
    } else if wikitext.contains(['<', '&']) {
        KINDS[7]
    } else {
        KINDS[8]
    }
}

/// What became of one test.
enum Outcome {
    Match,
    /// What wikiread showed instead.
    Miss(String),
    Panic,
    Timeout,
}

fn run(
    wikitext: String,
    title: String,
    expected: &str,
    templates: &Arc<HashMap<String, String>>,
) -> Outcome {
    let (sender, receiver) = mpsc::channel();
    let templates = Arc::clone(templates);
    let worker = std::thread::spawn(move || {
        let _ = sender.send(visible_text_of_wikitext(&wikitext, &title, &*templates));
    });
    match receiver.recv_timeout(TIME_LIMIT) {
        Ok(text) if text == visible_text_of_html(expected) => Outcome::Match,
        Ok(text) => Outcome::Miss(text),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let _ = worker.join();
            Outcome::Panic
        }
        Err(mpsc::RecvTimeoutError::Timeout) => Outcome::Timeout,
    }
}

fn parser_tests() -> Option<PathBuf> {
    let file = common::shared_corpus()?.join("mediawiki-parser-tests/parserTests.txt");
    file.is_file().then_some(file)
}

#[test]
fn mediawiki_parser_tests_score_at_least_the_floor_without_a_crash() {
    let Some(file) = parser_tests() else {
        eprintln!("../shared/corpus/mediawiki-parser-tests is not here: nothing to check");
        return;
    };
    let text = std::fs::read_to_string(&file).expect("the parser tests are readable");
    let cases = cases(&text);
    assert!(cases.len() > 400, "{} tests read", cases.len());
    let templates = Arc::new(articles(&text));
    assert!(
        templates.contains_key("Template:Foo"),
        "the pages tests transclude"
    );

    let mut excluded: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    // [without templates, with templates]: (scored, matched)
    let mut scores = [(0usize, 0usize); 2];
    let mut failures = Vec::new();
    // `WIKIREAD_SHOW_MISSES=1` prints every test that does not match.
    let show_misses = std::env::var_os("WIKIREAD_SHOW_MISSES").is_some();
    let mut strict = (0usize, 0usize);
    // By what the test is about: (scored, matched).
    let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for case in cases {
        let Some(expected) = &case.expected else {
            excluded
                .entry("no expected output of the legacy parser (Parsoid only)")
                .or_default()
                .push(case.name);
            continue;
        };
        // Strict: every test with the legacy parser's output, whatever it
        // needs (interface messages, sections, other languages…).
        strict.0 += 1;
        if matches!(
            run(
                case.wikitext.clone(),
                title_of(&case.options),
                expected,
                &templates
            ),
            Outcome::Match
        ) {
            strict.1 += 1;
        }
        let options: Vec<&str> = case
            .options
            .split_whitespace()
            .map(|o| o.split('=').next().unwrap_or(o))
            .collect();
        if let Some((_, why)) = EXCLUDED_OPTIONS
            .iter()
            .find(|(option, _)| options.contains(option))
        {
            excluded.entry(why).or_default().push(case.name);
            continue;
        }
        let lowercase = case.wikitext.to_lowercase();
        if TEST_EXTENSION_TAGS
            .iter()
            .any(|tag| lowercase.contains(tag))
        {
            excluded
                .entry("needs the suite's own test extension tags")
                .or_default()
                .push(case.name);
            continue;
        }
        let class = usize::from(case.wikitext.contains("{{"));
        scores[class].0 += 1;
        let kind = by_kind.entry(kind_of(&case.wikitext)).or_insert((0, 0));
        kind.0 += 1;
        match run(
            case.wikitext.clone(),
            title_of(&case.options),
            expected,
            &templates,
        ) {
            Outcome::Match => {
                scores[class].1 += 1;
                kind.1 += 1;
            }
            Outcome::Miss(text) => {
                if show_misses {
                    println!(
                        "MISS {:?}\n  wikitext: {:?}\n  expected: {:?}\n  shown:    {:?}",
                        case.name,
                        case.wikitext,
                        visible_text_of_html(expected),
                        text
                    );
                }
            }
            Outcome::Panic => failures.push(format!("panicked: {}", case.name)),
            Outcome::Timeout => failures.push(format!("took over {TIME_LIMIT:?}: {}", case.name)),
        }
    }

    let percent = |(scored, matched): (usize, usize)| matched as f64 * 100.0 / scored.max(1) as f64;
    println!("MediaWiki parser tests ({})", file.display());
    println!(
        "  without templates: {} of {} match ({:.1}%)",
        scores[0].1,
        scores[0].0,
        percent(scores[0])
    );
    println!(
        "  with templates:    {} of {} match ({:.1}%)",
        scores[1].1,
        scores[1].0,
        percent(scores[1])
    );
    println!(
        "  strict, nothing left out but Parsoid-only tests: {} of {} ({:.1}%)",
        strict.1,
        strict.0,
        percent(strict)
    );
    println!("  by kind (what the wikitext holds first, in this order):");
    for kind in KINDS {
        if let Some(&(scored, matched)) = by_kind.get(kind) {
            println!(
                "    {kind:<34} {matched:>3} of {scored:>3} ({:.1}%)",
                percent((scored, matched))
            );
        }
    }
    println!("  left out:");
    for (why, names) in &excluded {
        println!("    {} — {why}", names.len());
    }
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(
        scores[0].1 >= FLOOR_WITHOUT_TEMPLATES && scores[1].1 >= FLOOR_WITH_TEMPLATES,
        "fewer tests match than before: {scores:?}"
    );
}

#[test]
fn the_visible_text_of_html_drops_tags_and_comments_and_decodes_entities() {
    assert_eq!(
        visible_text_of_html("<p>caf&eacute; <b>au</b>\n<!-- x --> lait&#33;</p><p>x<i>y</i></p>"),
        "café au lait! xy"
    );
    assert_eq!(visible_text_of_html("a < b"), "a < b");
    assert_eq!(
        visible_text_of_html("a<style>p {}</style>b<script>x()</script>"),
        "ab"
    );
    assert_eq!(
        visible_text_of_html(
            "<h2><span class=\"mw-headline\">H</span><span class=\"mw-editsection\">\
             <span class=\"mw-editsection-bracket\">[</span>edit<span>]</span></span></h2>x"
        ),
        "H x"
    );
}

#[test]
fn parser_test_blocks_are_read_with_their_expected_output() {
    let text = "!! article\nTemplate:X\n!! text\nx\n!! endarticle\n\
                !! test\nOne\n!! wikitext\n''a''\n!! html/php\n<p><i>a</i></p>\n\
                !! html/parsoid\n<p>p</p>\n!! end\n\
                !! test\nTwo\n!! options\ndisabled\n!! wikitext\nb\n!! html\n<p>b</p>\n!! end\n";
    let cases = cases(text);
    assert_eq!(cases.len(), 2);
    assert_eq!(
        articles(text).get("Template:X").map(String::as_str),
        Some("x")
    );
    assert_eq!(cases[0].name, "One");
    assert_eq!(cases[0].wikitext, "''a''");
    assert_eq!(cases[0].expected.as_deref(), Some("<p><i>a</i></p>\n"));
    assert_eq!(cases[1].options.trim(), "disabled");
    assert_eq!(cases[1].expected.as_deref(), Some("<p>b</p>\n"));
}
