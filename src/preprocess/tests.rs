//! The preprocessor against MediaWiki's rules, and against bad input.

use super::*;

fn pages(list: &[(&str, &str)]) -> HashMap<String, String> {
    list.iter()
        .map(|(t, text)| (t.to_string(), text.to_string()))
        .collect()
}

fn expanded(text: &str, templates: &HashMap<String, String>) -> String {
    expand(text, "Test page", templates).text
}

#[test]
fn templates_take_positional_named_and_default_parameters() {
    let t = pages(&[
        (
            "Template:Hi",
            "Hello {{{1}}}, {{{who|nobody}}} and {{{2|two}}}!",
        ),
        ("Template:Outer", "[{{Hi|{{{1}}}|who = me }}]"),
    ]);
    assert_eq!(expanded("{{Hi|you}}", &t), "Hello you, nobody and two!");
    assert_eq!(expanded("{{hi| a |who= b }}", &t), "Hello  a , b and two!");
    assert_eq!(expanded("{{Outer|x}}", &t), "[Hello x, me and two!]");
    // A template the corpus lacks stays for the parser's own handling, its
    // arguments expanded but for `{{!}}` and `{{=}}` (the parser's to read).
    assert_eq!(
        expanded("{{Infobox|a={{Hi|z}}|b=x{{!}}y{{=}}}}", &t),
        "{{Infobox|a=Hello z, nobody and two!|b=x{{!}}y{{=}}}}"
    );
    assert_eq!(expanded("a{{!}}b", &t), "a|b");
    // A parameter outside a template is shown as written: its braces are
    // characters the parser does not read again.
    assert_eq!(
        expanded("{{{1}}}", &t),
        "<nowiki>{{{</nowiki>1<nowiki>}}}</nowiki>"
    );
}

#[test]
fn a_template_built_on_a_lua_module_is_left_for_the_parser() {
    let t = pages(&[
        (
            "Template:Infobox war",
            "{{#invoke:Infobox|infobox|title={{{name}}}}}",
        ),
        ("Template:Wrapper", "[{{Infobox war|name={{{1}}}}}]"),
    ]);
    let out = expand("{{Infobox war|name=伊犁危機}}", "P", &t);
    assert_eq!(out.text, "{{Infobox war|name=伊犁危機}}");
    assert!(out.warnings.iter().any(|w| w.contains("Lua")), "{out:?}");
    // Inside another template, the call is left with its parameters.
    assert_eq!(expanded("{{Wrapper|x}}", &t), "[{{Infobox war|name=x}}]");
}

#[test]
fn inclusion_tags_choose_what_is_transcluded() {
    let t = pages(&[
        (
            "Template:A",
            "a<noinclude>doc</noinclude><includeonly>b</includeonly>",
        ),
        (
            "Template:B",
            "x<onlyinclude>only</onlyinclude>y<onlyinclude>!</onlyinclude>",
        ),
    ]);
    assert_eq!(expanded("{{A}}", &t), "ab");
    assert_eq!(expanded("{{B}}", &t), "only!");
    assert_eq!(
        expanded("<includeonly>hidden</includeonly>shown", &t),
        "shown"
    );
}

#[test]
fn parser_functions_and_magic_words() {
    let t = pages(&[]);
    assert_eq!(expanded("{{#if: x | yes | no }}", &t), "yes");
    assert_eq!(expanded("{{#if:  | yes | no }}", &t), "no");
    assert_eq!(expanded("{{#ifeq: 01 | 1 | same | other }}", &t), "same");
    assert_eq!(
        expanded("{{#switch: b | a = 1 | b | c = 2 | #default = 3 }}", &t),
        "2"
    );
    assert_eq!(expanded("{{#switch: z | a = 1 | d }}", &t), "d");
    assert_eq!(
        expanded("{{lc:ABC}}{{uc:abc}}{{ucfirst:abc}}{{lcfirst:ABC}}", &t),
        "abcABCAbcaBC"
    );
    assert_eq!(
        expanded("{{padleft:7|3}}{{padright:ab|4|-}}", &t),
        "007ab--"
    );
    assert_eq!(
        expanded("a{{!}}b{{=}}c {{PAGENAME}}", &t),
        "a|b=c Test page"
    );
}

#[test]
fn loops_and_depth_end_with_a_message_and_a_warning() {
    let t = pages(&[
        ("Template:A", "{{B}}"),
        ("Template:B", "{{A}}"),
        ("Template:Self", "{{Self}}"),
    ]);
    let out = expand("{{A}}", "P", &t);
    assert!(out.text.contains("Template loop detected"), "{out:?}");
    assert!(!out.warnings.is_empty());
    // Each level calls the next twice: expansions are bounded.
    let mut deep = pages(&[]);
    for i in 0..60 {
        deep.insert(
            format!("Template:L{i}"),
            format!("{{{{L{}}}}}{{{{L{}}}}}", i + 1, i + 1),
        );
    }
    let out = expand("{{L0}}", "P", &deep);
    assert!(out.text.len() <= MAX_OUTPUT * 2, "{}", out.text.len());
    assert!(!out.warnings.is_empty());
}

#[test]
fn bad_input_never_panics() {
    let t = pages(&[("Template:X", "{{{1}}}")]);
    for text in [
        "{{",
        "}}",
        "{{{",
        "}}}",
        "{{X|",
        "{{X|{{{",
        "{{#switch:}}",
        "{{#if:}}",
        "{{padleft:x|99999999999}}",
        "{{lc:}}",
        "{{:}}",
        "{{Template:}}",
        "{{X|\u{0}}}",
    ] {
        let _ = expand(text, "P", &t);
    }
    let big = "x".repeat(10 * 1024 * 1024);
    let out = expand(&format!("{{{{X|{big}}}}}"), "P", &t);
    assert_eq!(out.text.len(), big.len());
    let deep = "{{X|".repeat(1000) + &"}}".repeat(1000);
    let _ = expand(&deep, "P", &t);
    // Many comments and inclusion tags in a big text: no pass over the
    // rest of the text for each.
    let tags = "<!-- c --><noinclude>n</noinclude>{{X|a}}".repeat(50_000);
    let started = std::time::Instant::now();
    let out = expand(&tags, "P", &t);
    assert!(out.text.starts_with("<!-- c -->na"), "{}", &out.text[..40]);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn a_tag_is_found_in_any_case_without_a_copy() {
    assert_eq!(find_ignoring_case("ab<NoInclude>", "<noinclude>"), Some(2));
    assert_eq!(find_ignoring_case("ab", "<noinclude>"), None);
    assert_eq!(find_ignoring_case("é<A>", "<a>"), Some(2));
    assert_eq!(find_ignoring_case("", ""), None);
}

#[test]
fn a_table_or_list_a_call_starts_begins_a_line() {
    let t = pages(&[
        ("Template:Bullet", "*Bar"),
        ("Template:Table", "{|\n|x\n|}"),
    ]);
    assert_eq!(expanded("*Foo {{bullet}}", &t), "*Foo \n*Bar");
    assert_eq!(expanded("a\n{{bullet}}", &t), "a\n*Bar");
    assert_eq!(expanded("foo {{table}}", &t), "foo \n{|\n|x\n|}");
    assert_eq!(expanded("*Foo{{lc:{{bullet}} }}", &t), "*Foo\n*bar");
}

#[test]
fn calls_no_page_or_function_can_answer_are_shown_as_text() {
    let t = pages(&[("Template:1x", "{{{1}}}")]);
    let shown = |text: &str| {
        expanded(text, &t)
            .replace("<nowiki>", "")
            .replace("</nowiki>", "")
    };
    assert_eq!(shown("{{#foo:bar|bat}}"), "{{#foo:bar|bat}}");
    assert_eq!(shown("{{ech\no|foo}}"), "{{ech\no|foo}}");
    assert_eq!(shown("{{[[Main Page]]}}"), "{{[[Main Page]]}}");
    assert_eq!(shown("{{1x|{{ }}}}"), "{{ }}");
    // A template's parameter that was not given is shown as written.
    assert_eq!(shown("{{1x}}"), "{{{1}}}");
    // An extension's function, and a template the corpus lacks, are left
    // for the parser.
    assert_eq!(expanded("{{#property:P31}}", &t), "{{#property:P31}}");
    assert_eq!(expanded("{{Infobox|a=b}}", &t), "{{Infobox|a=b}}");
}

#[test]
fn redirects_fragments_entities_and_comments_in_names_are_followed() {
    let t = pages(&[
        ("Template:Foo", "FOO"),
        ("Template:Foo–bar", "foo"),
        ("Template:Moved", "#REDIRECT [[Template:Foo]]"),
        ("Template:重定向", "#重定向 [[Template:Moved]]"),
        ("Template:Echo", "{{{1}}}"),
    ]);
    assert_eq!(expanded("{{Moved}} {{重定向}}", &t), "FOO FOO");
    assert_eq!(expanded("{{Foo#bar}}", &t), "FOO");
    assert_eq!(expanded("{{Foo&ndash;bar}}", &t), "foo");
    assert_eq!(expanded("{{Foo<!-- x -->}}", &t), "FOO");
    assert_eq!(
        expanded("{{echo|1\n<!-- x -->\n=foo}}{{echo|<!-- = -->1=bar}}", &t),
        "foobar"
    );
}

#[test]
fn dates_addresses_and_plain_text_functions() {
    let t = pages(&[]);
    assert_eq!(expanded("{{#time:j F Y|2009-03-24}}", &t), "24 March 2009");
    assert_eq!(
        expanded("{{#formatdate:2009-03-24|mdy}}", &t),
        "March 24, 2009"
    );
    assert_eq!(
        expanded("{{CURRENTYEAR}}", &t),
        time::OffsetDateTime::now_utc().year().to_string()
    );
    assert_eq!(
        expanded("{{fullurl:左宗棠}}", &t),
        "https://zh.wikipedia.org/wiki/%E5%B7%A6%E5%AE%97%E6%A3%A0"
    );
    assert_eq!(
        expanded("{{fullurl:A b|action=edit}}", &t),
        "https://zh.wikipedia.org/w/index.php?title=A_b&action=edit"
    );
    // What the parser keeps aside is no part of a plain-text argument.
    assert_eq!(expanded("{{urlencode:x<nowiki/>y}}", &t), "xy");
    assert_eq!(
        expanded("{{urlencode:x<pre id=\"a\">two</pre>y}}", &t),
        "xy"
    );
    assert_eq!(expanded("{{padleft:|2|x<nowiki/>y}}", &t), "xy");
    assert_eq!(
        expanded("{{anchorencode: __pretty__please__}}", &t),
        "pretty_please"
    );
}
