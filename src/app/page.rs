//! An open article: its layout for the article pane's width, where each of
//! its links leads (resolved once, when it opens), its entities with the
//! places they are mentioned, the scroll position and the focused target.
//! Changes only through its methods, called from `App::update`.

use crate::corpus::{ArticleId, Corpus, Resolution};
use crate::document::{Article, LinkTarget, entities::Entity, entities::entities};
use crate::layout::{Layout, LayoutOptions, Target, layout_article};
use crate::title::title_key;
use std::collections::HashMap;
use std::sync::Arc;

/// An entity of the article, where it leads, and the targets that mention it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityView {
    pub entity: Entity,
    pub resolution: Resolution,
    /// Indices into the layout's targets, in reading order.
    pub mentions: Vec<usize>,
}

/// An article open in the reader.
#[derive(Debug, Clone)]
pub struct Page {
    pub id: ArticleId,
    pub path: String,
    pub article: Arc<Article>,
    pub layout: Layout,
    /// Where each target leads (`None` for citations), same indexing as `layout.targets`.
    pub resolutions: Vec<Option<Resolution>>,
    pub entities: Vec<EntityView>,
    /// The first visible line.
    pub scroll: usize,
    /// The focused link or citation.
    pub focus: Option<usize>,
    /// Every footnote laid out at the article's width (the footnote pane's),
    /// made with the article's layout: the pane picks the entries it shows
    /// instead of laying them out at every frame.
    pub footnote_layout: Layout,
    /// The script the article was parsed and is shown in (titles drawn
    /// around it are shown in it too).
    pub script: crate::document::reading_script::Script,
    /// The articles that link to this one (at most a few hundred, by
    /// title) and how many there are in all, once the full-text index has
    /// said; `None` until then.
    pub backlinks: Option<(Vec<(ArticleId, String)>, usize)>,
}

impl Page {
    /// Opens article `id` of `corpus`, laid out at `width`.
    pub fn open(
        corpus: &Corpus,
        id: ArticleId,
        width: usize,
    ) -> Result<Page, crate::corpus::CorpusError> {
        let script = corpus.script();
        let article = corpus.article(id)?;
        let layout = layout_article(&article, width, LayoutOptions::default());
        let footnote_layout = crate::layout::layout_footnotes(&article.footnotes, width);
        let resolutions = resolve_targets(corpus, &article, &layout);
        let entities = entity_views(corpus, &article, &layout);
        let path = corpus
            .entry(id)
            .map(|e| e.path.to_string())
            .unwrap_or_default();
        Ok(Page {
            id,
            path,
            article,
            layout,
            resolutions,
            entities,
            scroll: 0,
            focus: None,
            footnote_layout,
            script,
            backlinks: None,
        })
    }

    /// Resolves the links and entities again (after the corpus learnt its
    /// redirects and aliases).
    pub fn resolve_again(&mut self, corpus: &Corpus) {
        self.resolutions = resolve_targets(corpus, &self.article, &self.layout);
        self.entities = entity_views(corpus, &self.article, &self.layout);
    }

    /// Lays the article out again for a new width, keeping the reading
    /// position: the line holding the same share of the text stays on top.
    pub fn relayout(&mut self, width: usize) {
        if width == self.layout.width {
            return;
        }
        // The text at the top of the screen is found again in the new layout
        // (the occurrence nearest to where it should be), so the reader keeps
        // reading the same words whatever the width.
        let scroll = self.scroll;
        let top = (scroll..self.layout.lines.len())
            .find(|&l| !self.layout.lines[l].text().trim().is_empty());
        let probe: Option<String> = top.map(|l| {
            self.layout.lines[l]
                .text()
                .trim()
                .chars()
                .take(16)
                .collect()
        });
        let blank_rows = top.map_or(0, |l| l - scroll);
        let fraction = scroll as f64 / self.layout.lines.len().max(1) as f64;
        self.layout = layout_article(&self.article, width, LayoutOptions::default());
        self.footnote_layout = crate::layout::layout_footnotes(&self.article.footnotes, width);
        let estimate = (fraction * self.layout.lines.len() as f64).round() as usize;
        self.scroll = probe
            .and_then(|probe| find_text_start(&self.layout, &probe, estimate))
            .map_or(estimate, |line| line.saturating_sub(blank_rows));
    }

    /// The largest useful scroll position for a pane `height` lines high.
    pub fn max_scroll(&self, height: usize) -> usize {
        self.layout.lines.len().saturating_sub(height.max(1))
    }

    /// Scrolls to `line` (clamped), for a pane `height` lines high. A
    /// focused link or citation the view leaves loses the focus: Enter
    /// never follows, and the status bar never describes, what is off
    /// screen.
    pub fn scroll_to(&mut self, line: usize, height: usize) {
        self.scroll = line.min(self.max_scroll(height));
        if let Some(focus) = self.focus
            && !self.visible_targets(height.max(1)).contains(&focus)
        {
            self.focus = None;
        }
    }

    /// Targets whose first line is within `scroll..scroll + height`.
    pub fn visible_targets(&self, height: usize) -> std::ops::Range<usize> {
        let lines = &self.layout.target_lines;
        let start = lines.partition_point(|&line| line < self.scroll);
        let end = lines.partition_point(|&line| line < self.scroll + height);
        start..end
    }

    /// Citation numbers on screen, in order, without repeats.
    pub fn visible_citations(&self, height: usize) -> Vec<u32> {
        let mut numbers = Vec::new();
        for target in self.visible_targets(height) {
            if let Some(Target::Citation(n)) = self.layout.targets.get(target)
                && !numbers.contains(n)
            {
                numbers.push(*n);
            }
        }
        numbers
    }

    /// The footnotes the footnote pane shows: those cited on screen, in
    /// order, with `selected` first when it is not among them.
    pub fn shown_footnotes(&self, height: usize, selected: Option<u32>) -> Vec<u32> {
        let mut numbers = self.visible_citations(height);
        if let Some(n) = selected.filter(|n| !numbers.contains(n)) {
            numbers.insert(0, n);
        }
        numbers
    }

    /// Moves the focus to the next (or previous) target, starting from what
    /// is on screen, and scrolls it into view.
    pub fn step_focus(&mut self, forward: bool, height: usize) {
        let count = self.layout.targets.len();
        if count == 0 {
            return;
        }
        let visible = self.visible_targets(height);
        let focus_on_screen = self.focus.filter(|t| visible.contains(t));
        let next = match (focus_on_screen, forward) {
            (Some(t), true) => (t + 1).min(count - 1),
            (Some(t), false) => t.saturating_sub(1),
            (None, true) if !visible.is_empty() => visible.start,
            (None, false) if !visible.is_empty() => visible.end - 1,
            (None, true) => self
                .layout
                .target_lines
                .partition_point(|&l| l < self.scroll)
                .min(count - 1),
            (None, false) => self
                .layout
                .target_lines
                .partition_point(|&l| l < self.scroll)
                .saturating_sub(1),
        };
        self.focus_target(next, height);
    }

    /// Focuses `target` and scrolls so that it is visible.
    pub fn focus_target(&mut self, target: usize, height: usize) {
        let Some(&line) = self.layout.target_lines.get(target) else {
            return;
        };
        self.focus = Some(target);
        let height = height.max(1);
        if line < self.scroll {
            self.scroll_to(line, height);
        } else if line >= self.scroll + height {
            self.scroll_to(line + 1 - height, height);
        }
    }

    /// Where the focused link leads, if it is a link.
    pub fn focused_resolution(&self) -> Option<&Resolution> {
        self.focus
            .and_then(|t| self.resolutions.get(t))
            .and_then(Option::as_ref)
    }

    /// The heading lines, for jumping.
    pub fn heading_lines(&self) -> impl Iterator<Item = usize> + '_ {
        self.layout.headings.iter().map(|h| h.line)
    }
}

/// The line where `probe` starts, nearest to line `near` when it occurs
/// more than once. A probe may run on into the next line.
fn find_text_start(layout: &Layout, probe: &str, near: usize) -> Option<usize> {
    let texts: Vec<String> = layout.lines.iter().map(|line| line.text()).collect();
    let mut best: Option<usize> = None;
    for (i, text) in texts.iter().enumerate() {
        let joined = match texts.get(i + 1) {
            Some(next) => format!("{text}{}", next.trim_start()),
            None => text.clone(),
        };
        let starts_here = joined.match_indices(probe).any(|(at, _)| at < text.len());
        if starts_here && best.is_none_or(|b| i.abs_diff(near) < b.abs_diff(near)) {
            best = Some(i);
        }
    }
    best
}

fn resolve_targets(corpus: &Corpus, article: &Article, layout: &Layout) -> Vec<Option<Resolution>> {
    let site = corpus.site_of(Some(article));
    let mut cache: HashMap<&LinkTarget, Resolution> = HashMap::new();
    layout
        .targets
        .iter()
        .map(|target| match target {
            Target::Link(link) => Some(
                cache
                    .entry(link)
                    .or_insert_with(|| corpus.resolve_link_on(link, &site))
                    .clone(),
            ),
            Target::Citation(_) => None,
        })
        .collect()
}

fn entity_views(corpus: &Corpus, article: &Article, layout: &Layout) -> Vec<EntityView> {
    let site = corpus.site_of(Some(article));
    let found = entities(article);
    let index_by_key: HashMap<String, usize> = found
        .iter()
        .enumerate()
        .map(|(i, e)| (title_key(&e.title), i))
        .collect();
    let mut mentions: Vec<Vec<usize>> = vec![Vec::new(); found.len()];
    for (t, target) in layout.targets.iter().enumerate() {
        if let Target::Link(LinkTarget::Article { title, .. }) = target
            && let Some(&i) = index_by_key.get(&title_key(title))
        {
            mentions[i].push(t);
        }
    }
    found
        .into_iter()
        .zip(mentions)
        .map(|(entity, mentions)| EntityView {
            resolution: corpus.resolve_title_link_on(&entity.title, &site),
            entity,
            mentions,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(title: &str, width: usize) -> Page {
        let corpus = Corpus::builtin();
        let id = corpus.resolve_title(title).expect("in the built-in corpus");
        Page::open(&corpus, id, width).expect("opens")
    }

    #[test]
    fn links_resolve_once_and_entities_know_their_mentions() {
        let page = open("俄羅斯入侵突厥斯坦", 80);
        assert_eq!(page.resolutions.len(), page.layout.targets.len());
        let ili = page
            .entities
            .iter()
            .find(|e| e.entity.title == "伊犁危機")
            .expect("an entity");
        assert!(matches!(ili.resolution, Resolution::InCorpus(_)));
        assert_eq!(ili.mentions.len(), ili.entity.mentions);
    }

    #[test]
    fn focus_steps_from_what_is_on_screen() {
        let mut page = open("東突厥斯坦共和國", 80);
        page.scroll_to(40, 20);
        page.step_focus(true, 20);
        let focused = page.focus.expect("something focused");
        let line = page.layout.target_lines[focused];
        assert!((40..60).contains(&line), "focused line {line}");
        page.step_focus(false, 20);
        assert!(page.focus.is_some_and(|t| t <= focused));
    }

    #[test]
    fn widening_and_narrowing_keep_the_text_on_top() {
        let mut page = open("東突厥斯坦共和國", 80);
        page.scroll_to(100, 20);
        let top_text = page.layout.lines[100].text();
        let probe: String = top_text.chars().skip(2).take(6).collect();
        for width in [250, 160, 120, 80, 40, 100, 80] {
            page.relayout(width);
            let window: String = page.layout.lines
                [page.scroll..(page.scroll + 20).min(page.layout.lines.len())]
                .iter()
                .map(|l| l.text())
                .collect();
            assert!(
                window.contains(&probe),
                "at {width}: {probe:?} left the screen"
            );
        }
    }

    #[test]
    fn relayout_to_the_same_width_moves_nothing() {
        let mut page = open("東突厥斯坦共和國", 80);
        page.scroll_to(77, 20);
        page.relayout(80);
        assert_eq!(page.scroll, 77);
    }

    #[test]
    fn footnotes_on_screen_follow_the_scroll() {
        let mut page = open("東突厥斯坦共和國", 80);
        assert_eq!(&page.visible_citations(10)[..2], &[1, 2]);
        page.scroll_to(page.max_scroll(10), 10);
        assert!(!page.visible_citations(10).contains(&1));
    }
}
