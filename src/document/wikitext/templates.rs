//! Templates and parser functions: what each known template shows (text,
//! links, an infobox, a reference list marker …). Unknown templates vanish
//! with a warning; decoration and maintenance templates vanish silently.

use super::convert::{
    Ctx, Item, Mode, Piece, is_blank, items, pieces_to_inlines, raw_text, trim_items,
};
use super::links::normalize_title;
use super::scan::Node;
use super::template_data::{Shows, TemplateData};
use crate::document::model::{Block, Infobox, InfoboxRow, Inline, LinkTarget, plain_text};

/// The arguments of one template call.
pub struct Args<'a> {
    /// The name as written (trimmed, `_` as space).
    pub name: String,
    /// The name for matching: lower case, namespace prefix removed.
    pub key: String,
    /// True for `{{name:arg|…}}` (parser functions, magic words with a colon).
    pub is_function: bool,
    positional: Vec<Vec<Item<'a>>>,
    named: Vec<(String, Vec<Item<'a>>)>,
}

impl<'a> Args<'a> {
    pub fn parse(parts: &'a [Vec<Node>]) -> Args<'a> {
        let head = parts.first().map(|p| items(p)).unwrap_or_default();
        let mut positional = Vec::new();
        let mut is_function = false;
        let mut name_items = head.clone();
        if let Some(at) = head
            .iter()
            .position(|i| matches!(i, Item::Text(t) if t.contains(':')))
            && let Item::Text(text) = head[at]
        {
            let (before, after) = text.split_once(':').unwrap_or((text, ""));
            let before_lower = before.trim().to_lowercase();
            // `T:` is a title on enwiki but a template prefix in a call.
            let is_namespace = crate::wiki::namespaces::is_template(&before_lower)
                || matches!(before_lower.as_str(), "模板討論" | "t");
            if !is_namespace {
                is_function = true;
                name_items = head[..at].to_vec();
                name_items.push(Item::Text(before));
                let mut first = vec![Item::Text(after)];
                first.extend_from_slice(&head[at + 1..]);
                positional.push(trim_items(&first));
            } else {
                name_items = vec![Item::Text(after)];
                name_items.extend_from_slice(&head[at + 1..]);
            }
        }
        let name = normalize_title(&raw_text(&name_items));
        let key = name.to_lowercase();
        let mut named = Vec::new();
        for part in parts.iter().skip(1) {
            let part_items = items(part);
            match split_named(&part_items) {
                Some((key, value)) => {
                    let value = trim_items(&value);
                    match key.parse::<usize>() {
                        Ok(n) if (1..=50).contains(&n) => {
                            let index = n - 1 + usize::from(is_function);
                            if positional.len() <= index {
                                positional.resize(index + 1, Vec::new());
                            }
                            positional[index] = value;
                        }
                        _ => named.push((key, value)),
                    }
                }
                None => positional.push(trim_items(&part_items)),
            }
        }
        Args {
            name,
            key,
            is_function,
            positional,
            named,
        }
    }

    /// A named argument (case-insensitive key), if not blank.
    pub fn named(&self, key: &str) -> Option<Vec<Item<'a>>> {
        self.named
            .iter()
            .rev()
            .find(|(k, v)| k.eq_ignore_ascii_case(key) && !is_blank(v))
            .map(|(_, v)| v.clone())
    }

    pub fn named_any(&self, keys: &[&str]) -> Option<Vec<Item<'a>>> {
        keys.iter().find_map(|key| self.named(key))
    }

    /// A named argument as plain text.
    pub fn raw(&self, key: &str) -> Option<String> {
        self.named(key).map(|v| raw_text(&v).trim().to_string())
    }

    /// Positional argument `index` (from 0), if not blank.
    pub fn positional(&self, index: usize) -> Option<Vec<Item<'a>>> {
        self.positional.get(index).filter(|v| !is_blank(v)).cloned()
    }

    pub fn raw_positional(&self, index: usize) -> Option<String> {
        self.positional(index)
            .map(|v| raw_text(&v).trim().to_string())
    }

    pub fn positional_count(&self) -> usize {
        self.positional.len()
    }

    fn named_pairs(&self) -> &[(String, Vec<Item<'a>>)] {
        &self.named
    }
}

/// `key = value` at the top level of an argument.
fn split_named<'a>(part: &[Item<'a>]) -> Option<(String, Vec<Item<'a>>)> {
    let mut key = String::new();
    for (index, item) in part.iter().enumerate() {
        match item {
            Item::Text(text) => match text.split_once('=') {
                Some((before, after)) => {
                    key.push_str(before);
                    let mut value = vec![Item::Text(after)];
                    value.extend_from_slice(&part[index + 1..]);
                    let key = key.trim().to_string();
                    return (!key.is_empty()).then_some((key, value));
                }
                None => key.push_str(text),
            },
            Item::Node(_) => return None,
        }
    }
    None
}

fn text_piece(text: impl Into<String>) -> Vec<Piece> {
    vec![Piece::Inline(Inline::text(text))]
}

fn inline_pieces(inlines: Vec<Inline>) -> Vec<Piece> {
    inlines.into_iter().map(Piece::Inline).collect()
}

impl Ctx<'_> {
    /// Converts one template call.
    pub fn template(&mut self, parts: &[Vec<Node>], mode: Mode, alone: bool) -> Vec<Piece> {
        let args = Args::parse(parts);
        if args.key.is_empty() {
            return Vec::new();
        }
        if args.is_function {
            return self.parser_function(&args, mode);
        }
        if let Some(pieces) = self.magic_word(&args) {
            return pieces;
        }
        let key = args.key.as_str();
        if matches!(
            key,
            "reflist"
                | "references"
                | "refs"
                | "reference"
                | "reflist-2"
                | "reference list"
                | "ref list"
                | "reflist2"
                | "参考资料"
                | "參考資料"
                | "参考文献"
                | "參考文獻"
        ) {
            if let Some(refs) = args.named("refs") {
                self.list_definitions(&refs);
            }
            // `{{Reflist|<ref name=a>…</ref>}}`: definitions given unnamed.
            for index in 0..args.positional_count().min(5) {
                if let Some(value) = args.positional(index)
                    && value.iter().any(
                        |item| matches!(item, Item::Node(Node::Ext { name, .. }) if name == "ref"),
                    )
                {
                    self.list_definitions(&value);
                }
            }
            return self.references_block(args.raw("group"), mode);
        }
        if key.starts_with("cite ")
            || key.starts_with("cite_")
            || matches!(
                key,
                "cite" | "citation" | "vcite" | "cita" | "citenews" | "cite web" | "cite journal"
            )
        {
            return inline_pieces(self.citation_text(&args));
        }
        if crate::wiki::templates::is_infobox(key) {
            return match mode {
                Mode::Block => vec![Piece::Block(Block::Infobox(self.infobox(&args)))],
                Mode::Inline => Vec::new(),
            };
        }
        if let Some(label) = hatnote_label(key, self.lang) {
            return self.hatnote(label, &args, mode);
        }
        if let Some(pieces) = self.link_template(&args) {
            return pieces;
        }
        if let Some(pieces) = self.reference_template(&args) {
            return pieces;
        }
        if let Some(pieces) = self.text_template(&args, mode) {
            return pieces;
        }
        if is_flag_shorthand(&args.name)
            && let Some(name) =
                TemplateData::get().country(&args.name, self.lang == super::convert::Lang::Zh)
        {
            return text_piece(name.to_string());
        }
        if TemplateData::get().is_silent(key)
            || key.ends_with("stub")
            || key.ends_with("小作品")
            || is_flag_shorthand(&args.name)
        {
            return Vec::new();
        }
        // A template alone on its lines with several named parameters is
        // an infobox, whatever its name or language.
        if mode == Mode::Block && alone && looks_like_infobox(&args) {
            return vec![Piece::Block(Block::Infobox(self.infobox(&args)))];
        }
        self.warn_unknown_template(&args);
        // Show what text the call carries rather than nothing.
        self.positional_text(&args)
    }

    /// An unknown template's positional arguments, as text joined by spaces.
    fn positional_text(&mut self, args: &Args) -> Vec<Piece> {
        let mut out: Vec<Inline> = Vec::new();
        for index in 0..args.positional_count().min(20) {
            if let Some(value) = args.positional(index) {
                let inlines = self.value(&value);
                if super::text::is_visible(&inlines) {
                    if !out.is_empty() {
                        out.push(Inline::text(" "));
                    }
                    out.extend(inlines);
                }
            }
        }
        inline_pieces(out)
    }

    /// What a template of the `shows` table shows.
    fn shown_by_rule(&mut self, rule: &Shows, args: &Args) -> Vec<Piece> {
        let arg = |i: usize| args.positional(i).unwrap_or_default();
        match rule {
            Shows::Argument(index) => inline_pieces(self.value(&arg(*index))),
            Shows::Last => {
                let last = args.positional_count().saturating_sub(1);
                inline_pieces(self.value(&arg(last)))
            }
            Shows::Named(key) => {
                let value = args.named(key).unwrap_or_else(|| arg(0));
                inline_pieces(self.value(&value))
            }
            Shows::Strong => vec![Piece::Inline(Inline::Strong {
                content: self.value(&arg(0)),
            })],
            Shows::Emphasis => vec![Piece::Inline(Inline::Emphasis {
                content: self.value(&arg(0)),
            })],
            Shows::Fixed(text) => text_piece(text.clone()),
            Shows::Tex => {
                let last = args.positional_count().saturating_sub(1);
                let tex = crate::document::plain_text(&self.value(&arg(last)));
                text_piece(crate::document::tex::readable_tex(&tex))
            }
            Shows::List | Shows::Words => {
                let mut out = Vec::new();
                for index in 0..args.positional_count().min(100) {
                    if let Some(value) = args.positional(index) {
                        if !out.is_empty() {
                            out.push(if *rule == Shows::List {
                                Inline::Break
                            } else {
                                Inline::text(" ")
                            });
                        }
                        out.extend(self.value(&value));
                    }
                }
                inline_pieces(out)
            }
        }
    }

    /// One warning per distinct name (the first letter's case ignored).
    fn warn_unknown_template(&mut self, args: &Args) {
        if self.note_unknown_template(&args.key) {
            self.warn(format!("unknown template: {}", args.name));
        }
    }

    fn magic_word(&mut self, args: &Args) -> Option<Vec<Piece>> {
        Some(match args.key.as_str() {
            "!" => text_piece("|"),
            "=" => text_piece("="),
            "!!" => text_piece("||"),
            "pagename" | "pagenamee" | "fullpagename" | "fullpagenamee" | "basepagename"
            | "rootpagename" | "subpagename" | "articlepagename" => {
                text_piece(self.title.to_string())
            }
            "sitename" => text_piece("Wikipedia"),
            "currentyear" | "currentmonth" | "currentday" | "currentmonthname" | "currenttime"
            | "currentdate" | "numberofarticles" | "revisionyear" | "revisionid" | "namespace"
            | "localyear" => Vec::new(),
            _ => return None,
        })
    }

    fn parser_function(&mut self, args: &Args, mode: Mode) -> Vec<Piece> {
        let arg = |i: usize| args.positional(i).unwrap_or_default();
        let show = |ctx: &mut Self, value: Vec<Item>| ctx.template_value(&value, mode);
        match args.key.as_str() {
            "#if" => {
                let cond = args.raw_positional(0).unwrap_or_default();
                show(self, arg(if cond.is_empty() { 2 } else { 1 }))
            }
            "#ifeq" => {
                let equal = args.raw_positional(0).unwrap_or_default()
                    == args.raw_positional(1).unwrap_or_default();
                show(self, arg(if equal { 2 } else { 3 }))
            }
            "#ifexist" => show(self, arg(2)),
            "#iferror" => show(self, arg(0)),
            "#switch" => {
                let value = args.raw_positional(0).unwrap_or_default();
                let chosen = args
                    .named_pairs()
                    .iter()
                    .find(|(k, _)| k.split('|').any(|k| k.trim() == value))
                    .or_else(|| args.named_pairs().iter().find(|(k, _)| k == "#default"))
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default();
                show(self, chosen)
            }
            "#tag" => {
                let tag = args.raw_positional(0).unwrap_or_default().to_lowercase();
                if tag == "ref" {
                    let name = args.raw("name");
                    let group = args.raw("group").unwrap_or_default();
                    let key = name.map(|n| format!("{group}\u{1f}{n}"));
                    self.cite(key, arg(1))
                } else {
                    show(self, arg(1))
                }
            }
            "lc" => text_piece(self.value_text(&arg(0)).to_lowercase()),
            "uc" => text_piece(self.value_text(&arg(0)).to_uppercase()),
            "formatnum" | "padleft" | "padright" | "urlencode" | "anchorencode" | "lcfirst"
            | "ucfirst" | "#language" => show(self, arg(0)),
            "defaultsort"
            | "sortierung"
            | "displaytitle"
            | "defaultsortkey"
            | "defaultcategorysort"
            | "#invoke"
            | "#expr"
            | "#time"
            | "#property"
            | "#statements"
            | "#titleparts"
            | "#rel2abs"
            | "ns"
            | "fullurl"
            | "localurl"
            | "int"
            | "filepath"
            | "canonicalurl"
            | "plural"
            | "gender"
            | "#ifexpr"
            | "#timel"
            | "safesubst"
            | "subst"
            | "msgnw"
            | "raw"
            | "#section"
            | "#lst"
            | "#lsth"
            | "#babel"
            | "#target" => Vec::new(),
            _ => {
                self.warn_unknown_template(args);
                Vec::new()
            }
        }
    }

    /// The value of an argument shown in place (blocks kept at block level).
    fn template_value(&mut self, value: &[Item], mode: Mode) -> Vec<Piece> {
        if super::convert::split_lines(value).len() > 1 && mode == Mode::Block {
            return self.blocks(value).into_iter().map(Piece::Block).collect();
        }
        let mut styler = super::convert::Styler::default();
        self.feed(&mut styler, value, mode, false);
        styler.finish()
    }

    /// An argument as inlines.
    fn value(&mut self, value: &[Item]) -> Vec<Inline> {
        self.inlines(value)
    }

    /// An argument as plain text.
    fn value_text(&mut self, value: &[Item]) -> String {
        plain_text(&self.inlines(value)).trim().to_string()
    }

    fn infobox(&mut self, args: &Args) -> Infobox {
        let mut rows = Vec::new();
        for (key, value) in args.named_pairs() {
            if is_blank(value) || is_image_key(key) {
                continue;
            }
            let value = self.value(value);
            if super::text::is_visible(&value) {
                rows.push(InfoboxRow::new(key.clone(), value));
            }
        }
        Infobox {
            kind: crate::wiki::templates::infobox_kind(&args.name),
            rows,
            ..Infobox::default()
        }
    }

    /// `{{main|X|Y}}` → `主条目：X、Y` with links.
    fn hatnote(&mut self, label: &str, args: &Args, mode: Mode) -> Vec<Piece> {
        let mut content = vec![Inline::text(label)];
        let separator = if self.lang == super::convert::Lang::Zh {
            "、"
        } else {
            ", "
        };
        let mut count = 0;
        for index in 0..args.positional_count().min(20) {
            let Some(target) = args.raw_positional(index) else {
                continue;
            };
            if count > 0 {
                content.push(Inline::text(separator));
            }
            count += 1;
            let label = args
                .raw(&format!("l{}", index + 1))
                .unwrap_or_else(|| target.replace('_', " "));
            content.push(article_link(&target, label));
        }
        if count == 0 {
            return Vec::new();
        }
        match mode {
            Mode::Block => vec![Piece::Block(Block::Paragraph { content })],
            Mode::Inline => inline_pieces(content),
        }
    }

    /// `{{tsl}}`, `{{link-xx}}`, `{{le}}`, `{{ill}}`, `{{url}}`, `{{wayback}}` …
    fn link_template(&mut self, args: &Args) -> Option<Vec<Piece>> {
        let key = args.key.as_str();
        let (target, label) = if matches!(key, "tsl" | "translink" | "tsl2") {
            match args.raw_positional(2) {
                Some(chinese) => (chinese, args.positional(3)),
                None => {
                    let original = args.positional(1).unwrap_or_default();
                    return Some(inline_pieces(self.value(&original)));
                }
            }
        } else if key.starts_with("link-")
            || matches!(
                key,
                "le" | "ill"
                    | "interlanguage link"
                    | "interlanguage link multi"
                    | "ill2"
                    | "illm"
                    | "link en"
                    | "internal link helper"
            )
        {
            let label = args.named("lt").or_else(|| {
                if key.starts_with("link-") || key == "le" {
                    args.positional(2)
                } else {
                    None
                }
            });
            (args.raw_positional(0)?, label)
        } else if matches!(
            key,
            "url" | "official website" | "official" | "官方网站" | "官方網站" | "website"
        ) {
            let url = args.raw_positional(0).or_else(|| args.raw("url"))?;
            let url = if url.contains("://") || url.starts_with("//") {
                url
            } else {
                format!("https://{url}")
            };
            let label = match args.positional(1) {
                Some(label) => self.value(&label),
                None if key == "url" => vec![Inline::text(url.clone())],
                None if self.lang == super::convert::Lang::Zh => vec![Inline::text("官方网站")],
                None => vec![Inline::text("Official website")],
            };
            return Some(vec![Piece::Inline(Inline::Link {
                target: LinkTarget::External { url },
                content: label,
            })]);
        } else if key == "wayback" {
            let url = args.raw("url")?;
            let archived = match args.raw("date") {
                Some(date) => format!("https://web.archive.org/web/{date}/{url}"),
                None => format!("https://web.archive.org/web/{url}"),
            };
            let label = match args.named("title") {
                Some(title) => self.value(&title),
                None => vec![Inline::text(url)],
            };
            return Some(vec![Piece::Inline(Inline::Link {
                target: LinkTarget::External { url: archived },
                content: label,
            })]);
        } else {
            return None;
        };
        let content = match label {
            Some(label) => self.value(&label),
            None => vec![Inline::text(target.replace('_', " "))],
        };
        Some(vec![Piece::Inline(article_link_with(&target, content))])
    }

    /// `{{r}}`, `{{rp}}`, `{{sfn}}`, `{{efn}}`.
    fn reference_template(&mut self, args: &Args) -> Option<Vec<Piece>> {
        let key = args.key.as_str();
        Some(match key {
            "r" => {
                let mut out = Vec::new();
                for index in 0..args.positional_count().min(20) {
                    if let Some(name) = args.raw_positional(index) {
                        out.extend(self.cite(Some(format!("\u{1f}{name}")), Vec::new()));
                    }
                }
                out
            }
            "rp" => match args
                .raw_positional(0)
                .or_else(|| args.raw("page"))
                .or_else(|| args.raw("pages"))
            {
                Some(page) => text_piece(format!(":{page}")),
                None => Vec::new(),
            },
            "sfn" | "sfnp" | "sfnm" | "harvnb" | "harv" | "harvp" | "harvtxt" | "harvcoltxt" => {
                let mut text = (0..args.positional_count().min(6))
                    .filter_map(|i| args.raw_positional(i))
                    .collect::<Vec<_>>()
                    .join(" ");
                if let Some(page) = args.raw("p").or_else(|| args.raw("page")) {
                    text.push_str(&format!(", p. {page}"));
                }
                if let Some(pages) = args.raw("pp").or_else(|| args.raw("pages")) {
                    text.push_str(&format!(", pp. {pages}"));
                }
                if key.starts_with("sfn") {
                    let number = self.refs.number_for(Some(&format!("sfn\u{1f}{text}")));
                    if !self.refs.has_content(number) {
                        self.refs
                            .set_content(number, vec![Inline::text(format!("{text}."))]);
                    }
                    vec![Piece::Inline(Inline::Citation { number })]
                } else {
                    text_piece(text)
                }
            }
            "efn" | "efn-ua" | "efn-lr" | "efn-lg" | "efn-ur" | "refn" | "notetag" | "note"
            | "NoteTag" | "efn2" => {
                let content = args
                    .positional(0)
                    .or_else(|| args.named("text"))
                    .unwrap_or_default();
                let key = args.raw("name").map(|n| format!("efn\u{1f}{n}"));
                // Explanatory notes are lettered, as on Wikipedia.
                let group = args
                    .raw("group")
                    .unwrap_or_else(|| "lower-alpha".to_string());
                self.cite_in_group(key, Some(group), content)
            }
            _ => return None,
        })
    }

    /// Templates that show some of their text.
    fn text_template(&mut self, args: &Args, mode: Mode) -> Option<Vec<Piece>> {
        let key = args.key.as_str();
        let arg = |i: usize| args.positional(i).unwrap_or_default();
        let show = |ctx: &mut Self, value: Vec<Item>| inline_pieces(ctx.value(&value));
        let data = TemplateData::get();
        if let Some(rule) = data.shows(key) {
            return Some(self.shown_by_rule(rule, args));
        }
        Some(match key {
            _ if key.starts_with("lang-") || key.starts_with("lang ") => show(self, arg(0)),
            "sic" => show(
                self,
                if args.raw_positional(0).as_deref() == Some("?") {
                    arg(1)
                } else {
                    arg(0)
                },
            ),
            _ if key.ends_with(" icon") && key.len() <= 12 => Vec::new(),
            "as of" => {
                let year = args.raw_positional(0).unwrap_or_default();
                text_piece(match self.lang {
                    super::convert::Lang::Zh => format!("截至{year}年"),
                    super::convert::Lang::En => format!("As of {year}"),
                })
            }
            "sortname" => {
                let first = args.raw_positional(0).unwrap_or_default();
                let last = args.raw_positional(1).unwrap_or_default();
                text_piece(format!("{first} {last}").trim().to_string())
            }
            "oclc" => text_piece(format!(
                "OCLC {}",
                args.raw_positional(0).unwrap_or_default()
            )),
            "linktext" => {
                let count = args.positional_count().min(20);
                let words: Vec<String> =
                    (0..count).filter_map(|i| args.raw_positional(i)).collect();
                text_piece(words.concat())
            }
            "zh" | "lang-zh2" | "chinese" => text_piece(chinese_names(self, args)),
            "nihongo" | "nihongo2" | "nihongo3" => {
                let mut out = self.value(&arg(0));
                let extra: Vec<String> = [1, 2]
                    .iter()
                    .filter_map(|&i| args.positional(i))
                    .map(|v| self.value_text(&v))
                    .collect();
                if !extra.is_empty() {
                    out.push(Inline::text(format!(" ({})", extra.join(", "))));
                }
                inline_pieces(out)
            }
            "bd" => {
                let part = |ctx: &mut Self, i: usize| {
                    args.positional(i)
                        .map(|v| ctx.value_text(&v))
                        .unwrap_or_default()
                };
                let (y1, d1, y2, d2) = (part(self, 0), part(self, 1), part(self, 2), part(self, 3));
                text_piece(format!("{y1}{d1}—{y2}{d2}"))
            }
            "birth date"
            | "birth date and age"
            | "death date"
            | "death date and age"
            | "start date"
            | "end date"
            | "dob"
            | "bda"
            | "dda"
            | "birth-date"
            | "death-date"
            | "start date and age"
            | "end date and age"
            | "birth date and age2"
            | "film date"
            | "release date"
            | "date"
            | "出生日期"
            | "逝世日期"
            | "出生日期和年齡" => {
                let numbers: Vec<String> = (0..args.positional_count().min(3))
                    .filter_map(|i| args.raw_positional(i))
                    .collect();
                text_piece(format_date(&numbers, self.lang))
            }
            "convert" | "cvt" | "convert2" => {
                let values: Vec<String> = (0..args.positional_count().min(6))
                    .filter_map(|i| args.raw_positional(i))
                    .collect();
                text_piece(format_convert(&values))
            }
            "height" => text_piece(format_measure(args, HEIGHT_UNITS)),
            "weight" => text_piece(format_measure(args, WEIGHT_UNITS)),
            "flag" | "flagu" | "flagcountry2" | "fb" | "fbw" | "fb-rt" | "fbu" | "flagcountry"
            | "country" | "flag country" | "fba" | "fb2" => {
                let code = args.raw_positional(0).unwrap_or_default();
                match data.country(&code, self.lang == super::convert::Lang::Zh) {
                    Some(name) => text_piece(name.to_string()),
                    None => show(self, arg(0)),
                }
            }
            "music" => {
                let name = args.raw_positional(0).unwrap_or_default();
                match data.music(&name) {
                    Some(symbol) => text_piece(symbol.to_string()),
                    None => show(self, arg(0)),
                }
            }
            "isbn" => text_piece(format!(
                "ISBN {}",
                args.raw_positional(0).unwrap_or_default()
            )),
            "doi" => text_piece(format!(
                "doi:{}",
                args.raw_positional(0).unwrap_or_default()
            )),
            "quote"
            | "blockquote"
            | "quotation"
            | "cquote"
            | "quote box"
            | "引言"
            | "quote frame"
            | "centered pull quote"
            | "rquote" => {
                let text = args
                    .named_any(&["text", "quote", "1"])
                    .or_else(|| args.positional(0))
                    .unwrap_or_default();
                let author = args
                    .named_any(&["author", "sign", "source"])
                    .or_else(|| args.positional(1));
                let mut blocks = self.blocks(&text);
                if let Some(author) = author {
                    let mut content = vec![Inline::text("— ")];
                    content.extend(self.value(&author));
                    blocks.push(Block::Paragraph { content });
                }
                match mode {
                    Mode::Block => vec![Piece::Block(Block::Quote { blocks })],
                    Mode::Inline => {
                        let pieces = blocks.into_iter().map(Piece::Block).collect();
                        inline_pieces(pieces_to_inlines(pieces))
                    }
                }
            }
            _ => return None,
        })
    }
}

fn article_link(target: &str, label: String) -> Inline {
    article_link_with(target, vec![Inline::text(label)])
}

fn article_link_with(target: &str, content: Vec<Inline>) -> Inline {
    let (title, fragment) = match target.split_once('#') {
        Some((title, fragment)) => (title, Some(fragment.replace('_', " "))),
        None => (target, None),
    };
    Inline::Link {
        target: LinkTarget::Article {
            title: normalize_title(title),
            fragment: fragment.filter(|f| !f.is_empty()),
        },
        content,
    }
}

fn hatnote_label(key: &str, lang: super::convert::Lang) -> Option<&'static str> {
    let zh = lang == super::convert::Lang::Zh;
    Some(match key {
        "main"
        | "main article"
        | "主条目"
        | "主條目"
        | "further"
        | "further information"
        | "详见"
        | "詳見"
        | "details"
        | "主題" => {
            if zh {
                "主条目："
            } else {
                "Main article: "
            }
        }
        "see also" | "seealso" | "参见" | "參見" | "另见" | "另見" | "参看" | "參看" | "see" => {
            if zh {
                "参见："
            } else {
                "See also: "
            }
        }
        _ => return None,
    })
}

fn is_image_key(key: &str) -> bool {
    let key = key.to_lowercase();
    let caption = key.contains("caption");
    ((key.contains("image") || key.contains("logo") || key.contains("map") && key.contains("size"))
        && !caption)
        || key.ends_with("size")
        || key == "alt"
        || key.ends_with("_alt")
        || key == "upright"
        || key == "width"
}

/// `{{JPN}}`, `{{USA}}`, `{{QING-1862}}`: flag shorthands.
fn is_flag_shorthand(name: &str) -> bool {
    let code = match name.split_once('-') {
        Some((code, year)) if !year.is_empty() && year.bytes().all(|b| b.is_ascii_digit()) => code,
        _ => name,
    };
    (2..=4).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// A call that reads as an infobox by its shape (the wiki vocabulary's rule).
fn looks_like_infobox(args: &Args) -> bool {
    let filled = args
        .named_pairs()
        .iter()
        .filter(|(_, value)| !is_blank(value))
        .count();
    crate::wiki::templates::reads_as_infobox(&args.name, filled)
}

fn chinese_names(ctx: &mut Ctx, args: &Args) -> String {
    let mut characters = Vec::new();
    for key in ["c", "t", "s"] {
        if let Some(value) = args.named(key) {
            characters.push(ctx.value_text(&value));
        }
    }
    let mut romanised = Vec::new();
    for key in ["p", "w", "j", "cy", "poj", "l"] {
        if let Some(value) = args.named(key) {
            romanised.push(ctx.value_text(&value));
        }
    }
    let mut out = characters.join(" / ");
    if !romanised.is_empty() {
        if out.is_empty() {
            out = romanised.join(", ");
        } else {
            out.push_str(&format!(" ({})", romanised.join(", ")));
        }
    }
    out
}

fn format_date(numbers: &[String], lang: super::convert::Lang) -> String {
    use crate::wiki::MONTH_NAMES as MONTHS;
    let month_name = |m: &str| {
        m.parse::<usize>()
            .ok()
            .filter(|m| (1..=12).contains(m))
            .map(|m| MONTHS[m - 1])
    };
    match (numbers.first(), numbers.get(1), numbers.get(2), lang) {
        (Some(y), Some(m), Some(d), super::convert::Lang::Zh) => format!("{y}年{m}月{d}日"),
        (Some(y), Some(m), None, super::convert::Lang::Zh) => format!("{y}年{m}月"),
        (Some(y), Some(m), Some(d), _) => match month_name(m) {
            Some(month) => format!("{d} {month} {y}"),
            None => format!("{y}-{m}-{d}"),
        },
        (Some(y), Some(m), None, _) => match month_name(m) {
            Some(month) => format!("{month} {y}"),
            None => format!("{y}-{m}"),
        },
        (Some(y), None, _, super::convert::Lang::Zh) if y.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{y}年")
        }
        (Some(y), _, _, _) => y.clone(),
        _ => String::new(),
    }
}

/// A unit of `{{height}}`/`{{weight}}`: its argument names, its symbol,
/// and whether it is metric.
type Unit = (&'static [&'static str], &'static str, bool);

const HEIGHT_UNITS: &[Unit] = &[
    (&["m", "meter", "meters", "metre", "metres"], "m", true),
    (
        &[
            "cm",
            "centimeter",
            "centimeters",
            "centimetre",
            "centimetres",
        ],
        "cm",
        true,
    ),
    (&["ft", "foot", "feet"], "ft", false),
    (&["in", "inch", "inches"], "in", false),
];

const WEIGHT_UNITS: &[Unit] = &[
    (
        &["kg", "kilogram", "kilograms", "kilogramme", "kilogrammes"],
        "kg",
        true,
    ),
    (&["st", "stone"], "st", false),
    (&["lb", "lbs", "pound", "pounds"], "lb", false),
];

/// `{{height|m=1.76}}` → `1.76 m`; `{{height|ft=5|in=3}}` → `5 ft 3 in`;
/// metric and imperial together → `1.76 m (5 ft 9 in)`.
fn format_measure(args: &Args, units: &[Unit]) -> String {
    let part = |metric: bool| {
        units
            .iter()
            .filter(|(_, _, is_metric)| *is_metric == metric)
            .filter_map(|(names, symbol, _)| {
                names
                    .iter()
                    .find_map(|name| args.raw(name))
                    .filter(|value| !value.is_empty())
                    .map(|value| format!("{value} {symbol}"))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    match (part(true), part(false)) {
        (metric, imperial) if imperial.is_empty() => metric,
        (metric, imperial) if metric.is_empty() => imperial,
        (metric, imperial) => format!("{metric} ({imperial})"),
    }
}

fn format_convert(values: &[String]) -> String {
    const RANGE_WORDS: &[&str] = &[
        "to", "-", "–", "and", "or", "×", "by", "x", "+", "and(-)", "to(-)",
    ];
    match values {
        [a, sep, b, unit, ..] if RANGE_WORDS.contains(&sep.as_str()) => {
            format!("{a} {sep} {b} {unit}")
        }
        [a, unit, ..] => format!("{a} {unit}"),
        [a] => a.clone(),
        [] => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_conversions() {
        assert_eq!(
            format_date(
                &["1950".into(), "1".into(), "2".into()],
                super::super::convert::Lang::En
            ),
            "2 January 1950"
        );
        assert_eq!(
            format_date(
                &["1950".into(), "1".into(), "2".into()],
                super::super::convert::Lang::Zh
            ),
            "1950年1月2日"
        );
        assert_eq!(format_convert(&["10".into(), "km".into()]), "10 km");
        assert_eq!(
            format_convert(&["10".into(), "to".into(), "20".into(), "km".into()]),
            "10 to 20 km"
        );
    }

    #[test]
    fn flag_shorthands() {
        assert!(is_flag_shorthand("JPN"));
        assert!(is_flag_shorthand("QING-1862"));
        assert!(!is_flag_shorthand("QING-"));
        assert!(!is_flag_shorthand("Mystery"));
    }
}
