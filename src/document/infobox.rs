//! How an infobox reads: the labels the common zh (and en) Wikipedia
//! infoboxes show instead of their parameter names (`partof` → 所属,
//! `casualties2` → 伤亡与损失), the subject's name as the infobox's title,
//! numbered sides of a war in one row side by side (`combatant1`,
//! `combatant2` → 参战方), label/value pairs (`subdivision_type1 = 省`,
//! `subdivision_name1 = 新疆` → 省: 新疆) and a kind a reader understands
//! (`Military Conflict` → 军事冲突).
//!
//! Both parsers build infoboxes with the parameter names as written; this
//! runs once on every parsed article. The knowledge is data
//! (`infobox/labels.toml`, compiled in). It rearranges rows and drops only
//! layout parameters MediaWiki never shows as text (map pins, the flag's
//! link, sizes); it never reads the source text.

use super::model::{Block, Infobox, InfoboxRow, Inline, plain_text};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The language the labels are shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelLanguage {
    Chinese,
    English,
}

/// The compiled-in label tables.
#[derive(Deserialize, Default)]
struct Labels {
    title_keys: Vec<String>,
    hidden_keys: Vec<String>,
    side_keys: Vec<String>,
    label_value_pairs: Vec<[String; 2]>,
    kinds: HashMap<String, [String; 2]>,
    labels: HashMap<String, [String; 2]>,
}

impl Labels {
    fn get() -> &'static Labels {
        static LABELS: OnceLock<Labels> = OnceLock::new();
        // A broken table is caught by the tests; at run time it reads as empty.
        LABELS
            .get_or_init(|| toml::from_str(include_str!("infobox/labels.toml")).unwrap_or_default())
    }

    fn pick(pair: &[String; 2], language: LabelLanguage) -> &str {
        match language {
            LabelLanguage::Chinese => &pair[0],
            LabelLanguage::English => &pair[1],
        }
    }
}

/// Presents every infobox of `blocks` (at any depth) in `language`.
pub fn present_all(blocks: &mut [Block], language: LabelLanguage) {
    for block in blocks {
        match block {
            Block::Infobox(infobox) => present(infobox, language),
            Block::Quote { blocks } => present_all(blocks, language),
            Block::List { items, .. } => {
                for item in items {
                    present_all(&mut item.blocks, language);
                }
            }
            _ => {}
        }
    }
}

/// `Battle_Name` → `battle_name`.
fn normal_key(key: &str) -> String {
    key.trim()
        .to_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect()
}

/// `combatant2` → (`combatant`, Some(2)); `date` → (`date`, None).
fn split_number(key: &str) -> (&str, Option<u32>) {
    let base = key.trim_end_matches(|c: char| c.is_ascii_digit());
    let number = key[base.len()..].parse().ok();
    match number {
        Some(_) if !base.is_empty() => (base.trim_end_matches('_'), number),
        _ => (key, None),
    }
}

/// Where a group of sides' row is among the rows, and its sides by number.
type SideGroup = (usize, Vec<(u32, Vec<Inline>)>);

/// Relabels one infobox (see the module's doc).
pub fn present(infobox: &mut Infobox, language: LabelLanguage) {
    let labels = Labels::get();
    infobox.kind = kind_label(&infobox.kind, language);
    let rows: Vec<InfoboxRow> = std::mem::take(&mut infobox.rows)
        .into_iter()
        .filter(|row| !labels.hidden_keys.contains(&normal_key(&row.key)))
        .collect();
    // The first short name among the title parameters becomes the title.
    let mut rows: Vec<Option<InfoboxRow>> = rows.into_iter().map(Some).collect();
    if infobox.title.is_empty() {
        let title_at = rows.iter().position(|row| {
            row.as_ref().is_some_and(|row| {
                labels.title_keys.contains(&normal_key(&row.key)) && is_short_name(&row.value)
            })
        });
        if let Some(row) = title_at.and_then(|at| rows[at].take()) {
            infobox.title = plain_text(&row.value).trim().to_string();
        }
    }
    // Labels given by the first parameter of a pair, by number.
    let mut pair_labels: HashMap<(usize, Option<u32>), String> = HashMap::new();
    for row in rows.iter_mut() {
        let Some(found) = row.as_ref() else { continue };
        let key = normal_key(&found.key);
        let (base, number) = split_number(&key);
        if let Some(pair) = labels.label_value_pairs.iter().position(|p| p[0] == base) {
            pair_labels.insert((pair, number), plain_text(&found.value).trim().to_string());
            *row = None;
        }
    }
    let mut out: Vec<InfoboxRow> = Vec::new();
    // Where each side group's row is in `out`, and the sides seen, by number.
    let mut groups: HashMap<String, SideGroup> = HashMap::new();
    for row in rows.into_iter().flatten() {
        let key = normal_key(&row.key);
        let (base, number) = split_number(&key);
        if let Some(number) = number
            && labels.side_keys.iter().any(|k| k == base)
        {
            let at = out.len();
            let group = groups
                .entry(base.to_string())
                .or_insert_with(|| (at, Vec::new()));
            if group.0 == at {
                out.push(InfoboxRow::new(
                    label_for(base, &row.key, language),
                    Vec::new(),
                ));
            }
            group.1.push((number, row.value));
            continue;
        }
        let pair_label = labels
            .label_value_pairs
            .iter()
            .position(|p| p[1] == base)
            .and_then(|pair| pair_labels.get(&(pair, number)))
            .filter(|label| !label.is_empty());
        let label = match pair_label {
            Some(label) => label.clone(),
            None => label_for(base, &row.key, language),
        };
        out.push(InfoboxRow { key: label, ..row });
    }
    for (at, mut sides) in groups.into_values() {
        sides.sort_by_key(|(number, _)| *number);
        let mut values = sides.into_iter().map(|(_, value)| value);
        if let Some(row) = out.get_mut(at) {
            row.value = values.next().unwrap_or_default();
            row.sides = values.collect();
        }
    }
    infobox.rows = out;
}

/// The label of parameter `base` (as written: `written`) in `language`:
/// from the table, else the name as written (`_` read as a space; in
/// English, with a capital).
fn label_for(base: &str, written: &str, language: LabelLanguage) -> String {
    if let Some(pair) = Labels::get().labels.get(base) {
        return Labels::pick(pair, language).to_string();
    }
    let spaced = written.trim().replace('_', " ");
    match language {
        LabelLanguage::Chinese => spaced,
        LabelLanguage::English => {
            let mut chars = spaced.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

/// The kind shown for template kind `kind` (`Military Conflict` → 军事冲突;
/// `基礎情報 武士` → 武士; else as written).
fn kind_label(kind: &str, language: LabelLanguage) -> String {
    let kind = kind.trim();
    let kind = ["基礎情報", "基础信息", "基本信息"]
        .iter()
        .find_map(|prefix| kind.strip_prefix(prefix))
        .map_or(kind, str::trim);
    let key = kind.to_lowercase().replace('_', " ");
    match Labels::get().kinds.get(&key) {
        Some(pair) => Labels::pick(pair, language).to_string(),
        None => kind.to_string(),
    }
}

/// A value that reads as a name: short plain text on one line.
fn is_short_name(value: &[Inline]) -> bool {
    let text = plain_text(value);
    let text = text.trim();
    !text.is_empty() && !text.contains('\n') && text.chars().count() <= 60
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str, value: &str) -> InfoboxRow {
        InfoboxRow::new(key, vec![Inline::text(value)])
    }

    fn texts(row: &InfoboxRow) -> Vec<String> {
        row.values().map(|v| plain_text(v)).collect()
    }

    #[test]
    fn the_label_table_reads() {
        let labels = Labels::get();
        assert!(labels.labels.len() > 100);
        assert!(labels.kinds.contains_key("military conflict"));
        assert!(labels.side_keys.contains(&"combatant".to_string()));
        // Every key is written as `present` looks it up.
        for key in labels
            .labels
            .keys()
            .chain(&labels.title_keys)
            .chain(&labels.hidden_keys)
        {
            assert_eq!(&normal_key(key), key);
        }
    }

    #[test]
    fn a_military_conflict_reads_as_on_zh_wikipedia() {
        let mut infobox = Infobox {
            kind: "Military Conflict".into(),
            rows: vec![
                row("conflict", "伊犁危機"),
                row("partof", "同治回亂"),
                row("date", "1871年—1881年"),
                row("combatant1", "清朝"),
                row("combatant2", "俄罗斯帝国"),
                row("commander1", "左宗棠"),
                row("commander2", "考夫曼"),
                row("casualties2", "不详"),
                row("result", "《伊犁條約》"),
            ],
            ..Infobox::default()
        };
        present(&mut infobox, LabelLanguage::Chinese);
        assert_eq!(infobox.kind, "军事冲突");
        assert_eq!(infobox.title, "伊犁危機");
        let keys: Vec<&str> = infobox.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "所属",
                "日期",
                "参战方",
                "指挥官与领导者",
                "伤亡与损失",
                "结果"
            ]
        );
        assert_eq!(texts(&infobox.rows[2]), ["清朝", "俄罗斯帝国"]);
        assert_eq!(texts(&infobox.rows[3]), ["左宗棠", "考夫曼"]);
        assert_eq!(texts(&infobox.rows[4]), ["不详"]);
    }

    #[test]
    fn sides_are_ordered_by_number_and_labels_come_in_english_too() {
        let mut infobox = Infobox {
            kind: "military conflict".into(),
            rows: vec![
                row("strength2", "b"),
                row("strength1", "a"),
                row("birth_date", "x"),
            ],
            ..Infobox::default()
        };
        present(&mut infobox, LabelLanguage::English);
        assert_eq!(infobox.kind, "Military conflict");
        assert_eq!(infobox.rows[0].key, "Strength");
        assert_eq!(texts(&infobox.rows[0]), ["a", "b"]);
        assert_eq!(infobox.rows[1].key, "Born");
    }

    #[test]
    fn pairs_take_their_label_from_the_first_parameter() {
        let mut infobox = Infobox {
            kind: "settlement".into(),
            rows: vec![
                row("official_name", "伊宁市"),
                row("subdivision_type", "国家"),
                row("subdivision_name", "中华人民共和国"),
                row("subdivision_type1", "自治区"),
                row("subdivision_name1", "新疆"),
                row("population_total", "50万"),
                row("office1", "市长"),
                row("pushpin_map", "China Xinjiang"),
                row("unknown_key", "v"),
            ],
            ..Infobox::default()
        };
        present(&mut infobox, LabelLanguage::Chinese);
        assert_eq!(infobox.title, "伊宁市");
        assert_eq!(infobox.kind, "行政区");
        let keys: Vec<&str> = infobox.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["国家", "自治区", "人口", "职位", "unknown key"]);
    }

    #[test]
    fn kinds_in_other_languages_keep_their_name() {
        let mut infobox = Infobox {
            kind: "基礎情報 武士".into(),
            rows: vec![row("氏名", "織田信長"), row("時代", "戦国時代")],
            ..Infobox::default()
        };
        present(&mut infobox, LabelLanguage::Chinese);
        assert_eq!(infobox.kind, "武士");
        assert_eq!(infobox.title, "織田信長");
        assert_eq!(infobox.rows[0].key, "時代");
    }

    #[test]
    fn odd_keys_do_not_panic() {
        let mut infobox = Infobox {
            kind: String::new(),
            rows: vec![
                row("1", "a"),
                row("", "b"),
                row("_9", "c"),
                row("combatant0", "d"),
            ],
            ..Infobox::default()
        };
        present(&mut infobox, LabelLanguage::English);
        let values: Vec<String> = infobox.rows.iter().flat_map(texts).collect();
        assert_eq!(values, ["a", "b", "c", "d"]);
    }
}
