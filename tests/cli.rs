//! The `wikiread` binary run as a user would: output, JSON keys, exit codes,
//! clear one-line errors, and bad input (invalid UTF-8, huge files, symlinks
//! out of the corpus, symlink loops, closed pipes).

mod common;

use common::{SAMPLES, articles_dir};
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn wikiread(args: &[&str], dir: &Path) -> Output {
    // The corpus index goes to a cache of this run's own.
    let cache = tempfile::tempdir().expect("temp dir");
    Command::new(env!("CARGO_BIN_EXE_wikiread"))
        .args(args)
        .current_dir(dir)
        // No user keymap or saved session of the machine's user leaks in.
        .env("XDG_CONFIG_HOME", "/nonexistent/wikiread-test-config")
        .env("XDG_STATE_HOME", "/nonexistent/wikiread-test-state")
        .env("XDG_CACHE_HOME", cache.path())
        // Messages in English, whatever the machine's locale.
        .env("LC_ALL", "C.UTF-8")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("JSON: {e}\n{}", stderr(output)))
}

fn project() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn dump_json_has_the_documented_keys_and_counts() {
    for (title, count) in SAMPLES {
        let out = wikiread(&["dump", title, "--json"], project());
        assert!(out.status.success(), "{title}: {}", stderr(&out));
        let value = json(&out);
        for key in ["title", "format", "categories", "footnotes", "entities"] {
            assert!(value.get(key).is_some(), "{title}: no {key}");
        }
        let footnotes = value["footnotes"].as_array().expect("a list");
        assert_eq!(footnotes.len(), *count, "{title}");
        assert!(
            footnotes
                .iter()
                .all(|f| f["number"].is_u64() && f["text"].is_string())
        );
        let entities = value["entities"].as_array().expect("a list");
        assert!(!entities.is_empty(), "{title} links to something");
        assert!(
            entities
                .iter()
                .all(|e| e["title"].is_string() && e["mentions"].is_u64())
        );
        assert!(
            entities
                .iter()
                .all(|e| e["article"].is_string() || e["article"].is_null())
        );
    }
}

#[test]
fn dump_json_formats_and_resolutions() {
    let out = wikiread(&["dump", "俄羅斯入侵突厥斯坦", "--json"], project());
    let value = json(&out);
    assert_eq!(value["format"], "markdown");
    let ili = value["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["title"] == "伊犁危機")
        .cloned();
    assert_eq!(ili.expect("an entity")["article"], "伊犁危機.wiki");

    let out = wikiread(&["dump", "伊犁危机", "--json"], project());
    let value = json(&out);
    assert_eq!(value["format"], "wikitext");
    assert_eq!(value["title"], "伊犁危機");
    let empty: Vec<_> = value["footnotes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["text"] == "")
        .collect();
    assert!(empty.is_empty(), "every footnote of 伊犁危機 has text");
}

#[test]
fn dump_text_has_title_body_footnotes_and_entities() {
    let out = wikiread(&["dump", "東突厥斯坦共和國", "--width", "40"], project());
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("東突厥斯坦共和國\n"));
    assert!(text.contains("\nFootnotes\n[1] "));
    assert!(text.contains("\nEntities\n"));
    assert!(text.contains("[3] 劉學銚，新疆史論"), "footnote 3");
    // Body and footnotes are wrapped; entity lines (a title and a full URL) are not.
    let wrapped = text.split("\nEntities\n").next().unwrap_or("");
    let too_wide: Vec<_> = wrapped
        .lines()
        .filter(|l| unicode_width::UnicodeWidthStr::width(*l) > 40)
        .collect();
    assert!(too_wide.is_empty(), "{too_wide:#?}");
}

#[test]
fn dump_accepts_a_file_path_and_uses_its_directory_as_corpus() {
    let path = articles_dir().join("苏联入侵新疆.md");
    let out = wikiread(&["dump", path.to_str().unwrap(), "--json"], Path::new("/"));
    assert!(out.status.success(), "{}", stderr(&out));
    let value = json(&out);
    assert_eq!(value["title"], "苏联入侵新疆");
    assert_eq!(value["footnotes"].as_array().map(Vec::len), Some(33));
}

#[test]
fn without_a_corpus_nearby_the_builtin_one_is_used() {
    let empty = tempfile::tempdir().unwrap();
    let out = wikiread(&["dump", "伊犁危機", "--json"], empty.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(json(&out)["footnotes"].as_array().map(Vec::len), Some(21));
}

#[test]
fn errors_are_one_clear_line_with_exit_code_2() {
    let empty = tempfile::tempdir().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["dump", "missing.md"],
            "missing.md: no such file or directory",
        ),
        (
            vec!["dump", "no/such/file.wiki"],
            "no/such/file.wiki: no such file or directory",
        ),
        (
            vec!["dump", "沒有這篇文章"],
            "沒有這篇文章: no such article in the corpus",
        ),
        (
            vec!["dump", "伊犁危機", "--corpus", "nowhere"],
            "nowhere: no such file or directory",
        ),
        (
            vec!["check", "nowhere"],
            "nowhere: no such file or directory",
        ),
        (
            vec!["check", "."],
            ".: not a corpus (no .md, .wiki or .mediawiki files inside)",
        ),
        (vec!["dump", "."], ".: is a directory, not an article file"),
    ];
    for (args, message) in cases {
        let out = wikiread(&args, empty.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out), format!("wikiread: {message}\n"), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn check_reports_the_sample_corpus() {
    let out = wikiread(&["check", "--json"], project());
    assert!(out.status.success(), "{}", stderr(&out));
    let value = json(&out);
    assert_eq!(value["articles"], 5);
    let links = value["links"].as_u64().unwrap();
    let resolved = value["resolved"].as_u64().unwrap();
    assert!(
        links > 200 && resolved >= 3 && resolved < links,
        "{links} {resolved}"
    );
    assert!(value["warnings"].is_object());
    let text = stdout(&wikiread(&["check"], project()));
    assert!(text.contains("articles: 5"), "{text}");
}

#[test]
fn invalid_utf8_is_read_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("壞.md"),
        b"**\xff\xfe bad** text \xc3\x28 [x](../Page/X.md \"wikilink\")\n",
    )
    .unwrap();
    let out = wikiread(&["dump", "壞.md"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("not valid UTF-8"), "{}", stderr(&out));
    assert!(stdout(&out).contains('\u{fffd}'));
}

#[test]
fn control_characters_never_reach_the_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("c.wiki"),
        "a\u{1b}]52;c;SGVsbG8=\u{7}b\u{1b}[2J\u{9b}31m\u{0}\n",
    )
    .unwrap();
    let out = wikiread(&["dump", "c.wiki"], dir.path());
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    assert!(text.contains("␛]52;c;SGVsbG8=␇b␛[2J"), "{text:?}");
}

#[test]
fn too_large_and_empty_files() {
    let dir = tempfile::tempdir().unwrap();
    let big = std::fs::File::create(dir.path().join("big.md")).unwrap();
    big.set_len(wikiread::corpus::MAX_ARTICLE_BYTES + 1)
        .unwrap(); // sparse: costs no disk
    std::fs::write(dir.path().join("empty.wiki"), b"").unwrap();
    let out = wikiread(&["dump", "big.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("too large to open"),
        "{}",
        stderr(&out)
    );
    let out = wikiread(&["dump", "empty.wiki"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "empty\n\n");
    let out = wikiread(&["check", "."], dir.path());
    assert!(out.status.success());
    assert!(
        stdout(&out).contains("unreadable: big.md"),
        "{}",
        stdout(&out)
    );
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_corpus_and_loops_are_refused() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "secret").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("sub")).unwrap();
    std::fs::write(
        corpus.join("a.wiki"),
        "[[../../secret]] [[/etc/passwd]] [[secret]] [[passwd]] [[sub/b]] [[b]]",
    )
    .unwrap();
    std::fs::write(corpus.join("sub/b.md"), "b").unwrap();
    symlink(outside.path().join("secret.md"), corpus.join("secret.md")).unwrap();
    symlink("/etc/passwd", corpus.join("passwd.md")).unwrap();
    symlink(&corpus, corpus.join("sub/loop")).unwrap();
    symlink(corpus.join("sub"), corpus.join("sub_again")).unwrap(); // the same files twice
    symlink(corpus.join("sub/b.md"), corpus.join("b_again.md")).unwrap();
    symlink(corpus.join("sub"), corpus.join("sub/loop2")).unwrap();

    let out = wikiread(&["check", "--json", corpus.to_str().unwrap()], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let value = json(&out);
    assert_eq!(
        value["articles"], 2,
        "only a.wiki and sub/b.md, each once: {value}"
    );
    assert_eq!(value["resolved"], 1, "only [[b]] resolves: {value}");

    let out = wikiread(
        &["dump", "secret", "--corpus", corpus.to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    let cache = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_wikiread"))
        .args(["dump", "東突厥斯坦共和國", "--width", "20"])
        .current_dir(project())
        .env("XDG_CACHE_HOME", cache.path())
        .env("XDG_STATE_HOME", cache.path())
        .env("XDG_CONFIG_HOME", cache.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader of the pipe goes away at once
    let out = child.wait_with_output().unwrap();
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert!(out.status.success(), "{:?}", out.status);
}

#[cfg(unix)]
#[test]
fn pipes_and_control_characters_in_file_names_are_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.wiki");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let out = wikiread(&["dump", "pipe.wiki"], dir.path());
        assert_eq!(
            out.status.code(),
            Some(2),
            "a pipe is refused, not read forever"
        );
        assert!(
            stderr(&out).contains("not a regular file"),
            "{}",
            stderr(&out)
        );
    }
    let evil = dir.path().join("t\u{1b}[31mred.md");
    std::fs::write(&evil, "x").unwrap();
    let out = wikiread(&["dump", evil.to_str().unwrap()], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!out.stdout.contains(&0x1b), "{:?}", stdout(&out));
    assert!(stdout(&out).starts_with("t␛[31mred"), "{:?}", stdout(&out));
}

#[test]
fn a_title_with_a_slash_is_a_title_first() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("articles")).unwrap();
    std::fs::write(
        dir.path().join("articles/TCP.wiki"),
        "'''TCP/IP''' is a suite.",
    )
    .unwrap();
    let out = wikiread(&["dump", "TCP/IP"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("TCP\n"), "{}", stdout(&out));
    let out = wikiread(&["dump", "UDP/IP"], dir.path());
    assert_eq!(
        stderr(&out),
        "wikiread: UDP/IP: no such file or directory\n"
    );
}

#[test]
fn a_bad_keymap_stops_the_start_with_one_line() {
    let dir = project().join("tests/keymaps/invalid");
    let out = wikiread(&["--keymap", "bad_action.toml"], &dir);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.starts_with("wikiread: "), "{message}");
    assert!(
        message.contains("bad_action.toml:4: unknown action \"folow\""),
        "{message}"
    );
    let out = wikiread(&["--keymap", "no-such-keymap"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no such keymap file, nor a preset"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_reader_needs_a_terminal() {
    let out = wikiread(&[], project());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "wikiread: the reader needs a terminal; `wikiread dump TITLE` prints an article as text\n"
    );
}

#[test]
fn find_prints_ranked_titles_for_chinese_pinyin_and_traditional_queries() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (query, first) in [
        ("ylwj", "伊犁危機"),
        ("苏联", "苏联入侵新疆"),
        ("伊犁危机", "伊犁危機"),
        ("蘇聯", "苏联入侵新疆"),
        ("xinjiang", "苏联入侵新疆"),
    ] {
        let output = wikiread(&["find", query], dir.path());
        assert!(output.status.success(), "{}", stderr(&output));
        assert_eq!(stdout(&output).lines().next(), Some(first), "{query}");
    }
    let output = wikiread(&["find", "xinjiang", "--limit", "1"], dir.path());
    assert_eq!(stdout(&output).lines().count(), 1);
    let output = wikiread(&["find", "qqqqqq"], dir.path());
    assert!(output.status.success());
    assert_eq!(stdout(&output), "");
}

#[test]
fn find_searches_a_corpus_directory_with_redirects_and_polyphones() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["左宗棠.md", "重庆.md", "左宗棠鸡.md", "Kashgar.md"] {
        std::fs::write(dir.path().join(name), "").expect("write");
    }
    std::fs::write(dir.path().join("左文襄.wiki"), "#REDIRECT [[左宗棠]]").expect("write");
    let corpus = dir.path().to_string_lossy().into_owned();
    let first = |query: &str| {
        let output = wikiread(&["find", query, "--corpus", &corpus], dir.path());
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output).lines().next().map(str::to_string)
    };
    assert_eq!(first("zzt").as_deref(), Some("左宗棠"));
    assert_eq!(first("zuo zong").as_deref(), Some("左宗棠"));
    assert_eq!(first("chongqing").as_deref(), Some("重庆"));
    assert_eq!(first("ＫＡＳＨ").as_deref(), Some("Kashgar"));
    // A redirect's title finds the article it leads to, once.
    let output = wikiread(&["find", "zuowenxiang", "--corpus", &corpus], dir.path());
    assert_eq!(stdout(&output), "左宗棠\n");
}

#[test]
fn find_reports_a_missing_corpus_and_prints_no_control_characters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = wikiread(
        &["find", "x", "--corpus", "/nonexistent/corpus"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no such file or directory"),
        "{}",
        stderr(&output)
    );
    std::fs::write(dir.path().join("bad\u{1b}[31mtitle.md"), "").expect("write");
    let corpus = dir.path().to_string_lossy().into_owned();
    let output = wikiread(&["find", "bad", "--corpus", &corpus], dir.path());
    assert!(output.status.success());
    assert!(!stdout(&output).contains('\u{1b}'), "{:?}", stdout(&output));
    assert!(stdout(&output).starts_with("bad"));
}

#[test]
fn dump_shows_the_article_in_the_script_asked_for() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("花.wiki"),
        "花名-{zh-cn:朱唇;zh-tw:红花鼠尾草;}-，屬[[蘇聯|蘇聯]]植物。\n",
    )
    .expect("written");
    let shown = |script: Option<&str>| {
        let mut args = vec!["dump", "花.wiki"];
        if let Some(script) = script {
            args.extend(["--script", script]);
        }
        let output = wikiread(&args, dir.path());
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output)
    };
    let written = shown(None);
    assert!(written.contains("花名朱唇，屬蘇聯植物。"), "{written}");
    let simplified = shown(Some("simplified"));
    assert!(
        simplified.contains("花名朱唇，属苏联植物。"),
        "{simplified}"
    );
    // The link still resolves by its written title.
    assert!(simplified.contains("蘇聯 ×1"), "{simplified}");
    let traditional = shown(Some("繁"));
    assert!(
        traditional.contains("花名紅花鼠尾草，屬蘇聯植物。"),
        "{traditional}"
    );
    let bad = wikiread(&["dump", "花.wiki", "--script", "klingon"], dir.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("traditional"), "{}", stderr(&bad));
}

#[test]
fn links_of_a_page_converted_from_another_wiki_point_to_that_wiki() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("Archer.md"),
        "> 本文内容由[Archer](https://en.wikipedia.org/wiki/Archer_(typeface))转换而来。\n\n\
         **Archer** is a [slab serif](../Page/Slab_serif.md) typeface, see [Other](../Page/Other.md).\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("Other.md"),
        "**Other** links to [伊犁危機](../Page/伊犁危機.md).\n",
    )
    .expect("write");
    let corpus = dir.path().to_string_lossy().into_owned();
    let output = wikiread(
        &["dump", "Archer", "--corpus", &corpus, "--width", "100"],
        dir.path(),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("Slab serif ×1 not in corpus: https://en.wikipedia.org/wiki/Slab_serif"),
        "{text}"
    );
    assert!(text.contains("Other ×1 in corpus: Other.md"), "{text}");
    // A page without a source line stays on zh.wikipedia.org.
    let output = wikiread(
        &["dump", "Other", "--corpus", &corpus, "--width", "100"],
        dir.path(),
    );
    let text = stdout(&output);
    assert!(
        text.contains("伊犁危機 ×1 not in corpus: https://zh.wikipedia.org/wiki/伊犁危機"),
        "{text}"
    );
    let output = wikiread(
        &["dump", "Archer", "--corpus", &corpus, "--json"],
        dir.path(),
    );
    let value = json(&output);
    let urls: Vec<&str> = value["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .filter_map(|entity| entity["url"].as_str())
        .collect();
    assert_eq!(urls, ["https://en.wikipedia.org/wiki/Slab_serif"]);
}

#[test]
fn search_finds_chinese_words_in_either_script_with_marked_snippets() {
    let out = wikiread(&["search", "蘇聯", "--json", "--limit", "5"], project());
    assert!(out.status.success(), "{}", stderr(&out));
    let value = json(&out);
    assert_eq!(value["total"], 3);
    let hits = value["hits"].as_array().expect("a list");
    assert_eq!(hits[0]["title"], "苏联入侵新疆");
    for hit in hits {
        let text = hit["snippet"]["text"].as_str().expect("text");
        let marks = hit["snippet"]["marks"].as_array().expect("marks");
        assert!(!marks.is_empty());
        let (start, end) = (
            marks[0]["start"].as_u64().expect("a start"),
            marks[0]["end"].as_u64().expect("an end"),
        );
        let marked = &text[start as usize..end as usize];
        assert!(
            ["苏联", "蘇聯", "蘇联", "苏聯"].contains(&marked),
            "{marked}"
        );
    }
    let text = wikiread(&["search", "左宗棠", "--limit", "1"], project());
    assert!(stdout(&text).contains("**左宗棠**"), "{}", stdout(&text));
}

#[test]
fn search_survives_any_query() {
    let long = "新疆 ".repeat(14_000);
    for query in [
        "",
        "\"",
        "\"unclosed phrase",
        "title:(a OR b)* AND -c~2 ^3 [x TO y]",
        "\u{1b}[31m\u{7}",
        long.as_str(),
    ] {
        let out = wikiread(&["search", query], project());
        assert!(out.status.success(), "{query:.40}: {}", stderr(&out));
        assert!(!stdout(&out).contains('\u{1b}'));
    }
    let out = wikiread(&["search", &long], project());
    assert!(stderr(&out).contains("only its first"), "{}", stderr(&out));
}

#[test]
fn links_to_from_and_category_members() {
    let to = wikiread(&["links", "--to", "伊犁危机", "--json"], project());
    assert!(to.status.success(), "{}", stderr(&to));
    let titles: Vec<String> = json(&to)
        .as_array()
        .expect("a list")
        .iter()
        .map(|row| row["title"].as_str().unwrap_or_default().to_string())
        .collect();
    assert!(
        titles.contains(&"清军收复新疆之战".to_string()),
        "{titles:?}"
    );
    assert!(!titles.contains(&"伊犁危機".to_string()));

    let from = wikiread(&["links", "--from", "伊犁危機"], project());
    assert!(
        stdout(&from).lines().any(|l| l == "○ 清朝"),
        "{}",
        stdout(&from)
    );

    let members = wikiread(&["category", "Category:同治"], project());
    assert_eq!(stdout(&members), "伊犁危機\n");

    let neither = wikiread(&["links"], project());
    assert_eq!(neither.status.code(), Some(2));
    let unknown = wikiread(&["links", "--to", "没有这篇"], project());
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn trail_prints_what_the_reader_kept_and_survives_a_broken_file() {
    use wikiread::app::notebook::{Notebook, notebook_file, save};
    let state = tempfile::tempdir().expect("temp dir");
    let cache = tempfile::tempdir().expect("temp dir");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_wikiread"))
            .args(args)
            .current_dir(project())
            .env("XDG_CONFIG_HOME", "/nonexistent/wikiread-test-config")
            .env("XDG_STATE_HOME", state.path())
            .env("XDG_CACHE_HOME", cache.path())
            .env("LC_ALL", "C.UTF-8")
            .stdin(Stdio::null())
            .output()
            .expect("the binary runs")
    };
    // Nothing kept yet: an empty trail.
    let empty = run(&["trail", "--json"]);
    assert!(empty.status.success(), "{}", stderr(&empty));
    assert_eq!(json(&empty)["trail"], serde_json::json!([]));
    // What a reader of the samples kept.
    let corpus = wikiread::corpus::Corpus::open_dir(&articles_dir()).expect("the samples");
    let corpus_id = wikiread::app::session::corpus_id(&corpus);
    let path = notebook_file(&state.path().join("wikiread"), &corpus_id);
    let mut notebook = Notebook {
        corpus: corpus_id,
        ..Notebook::default()
    };
    notebook.visit("伊犁危機", "伊犁危機.wiki", 1_796_589_660);
    save(&path, &notebook).expect("saved");
    let out = run(&["trail", "--json"]);
    let value = json(&out);
    assert_eq!(value["trail"][0]["title"], "伊犁危機");
    assert_eq!(value["trail"][0]["time"], 1_796_589_660u64);
    let text = run(&["trail"]);
    assert_eq!(stdout(&text), "2026-12-06 20:41  伊犁危機\n");
    // A broken file: a warning, and the file is left as it was.
    std::fs::write(&path, b"{ broken").expect("written");
    let broken = run(&["trail"]);
    assert!(broken.status.success());
    assert!(stderr(&broken).contains("warning"), "{}", stderr(&broken));
    assert_eq!(std::fs::read(&path).expect("kept"), b"{ broken");
}
