//! The texts themselves: each one named once, in English and in Chinese,
//! with numbered places (`{0}`) for what is filled in.

use super::Lang;

macro_rules! catalogue {
    ($( $name:ident => $en:literal, $zh:literal; )*) => {
        /// A text of the interface.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Text { $( $name, )* }

        impl Text {
            /// Every text (for checks).
            pub const ALL: &'static [Text] = &[$( Text::$name, )*];

            /// The text in `lang`, its places unfilled.
            pub fn in_lang(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $( (Text::$name, Lang::En) => $en, (Text::$name, Lang::Zh) => $zh, )*
                }
            }
        }
    };
}

catalogue! {
    // The opening screen.
    OpeningCorpus => "Opening the corpus…", "正在打开语料库…";
    OpeningFile => "Reading {0}…", "正在读取 {0}…";
    ReadingDump => "Reading the dump: {0} of {1} MB", "正在读取转储：{0} / {1} MB";
    ReadingNames => "Reading the file names of {0}…", "正在读取 {0} 的文件名…";
    ReadingNamesFound => "Reading the file names of {0}: {1} articles found…", "正在读取 {0} 的文件名：已找到 {1} 篇条目…";
    CorpusNotOpened => "the corpus could not be opened", "无法打开语料库";
    OpeningQuits => "q quits", "按 q 退出";

    // Panes and popups.
    NoArticleInCorpus => "The corpus holds no article.", "语料库中没有条目。";
    NoArticleOpen => "No article is open: {0} opens the finder.", "没有打开的条目：按 {0} 打开查找。";
    TerminalTooSmall => "terminal too small", "终端太小";
    FootnotesNoneOnScreen => " Footnotes · none cited on screen ", " 注释 · 屏幕上没有引注 ";
    FootnotesOnScreen => " Footnotes · {0} cited on screen ", " 注释 · 屏幕上引用 {0} 条 ";
    SidebarTitle => " Entities {0} ", " 实体 {0} ";
    Categories => "Categories", "分类";
    FinderTitle => " Find · {0} ", " 查找 · {0} ";
    ScopeArticles => "articles", "条目";
    ScopeHeadings => "headings", "标题";
    ScopeFootnotes => "footnotes", "注释";
    ScopeEntities => "entities", "实体";
    Searching => "searching…", "搜索中…";
    FinderNoArticles => "the corpus holds no article", "语料库中没有条目";
    FinderScopeEmpty => "this article has no {0}", "本条目没有{0}";
    FinderNoMatch => "no {0} match “{1}”", "没有与“{1}”匹配的{0}";
    FinderPrefixes => "@ headings · # footnotes · > entities · / text · < links here · = category", "@ 标题 · # 注释 · > 实体 · / 全文 · < 链入页面 · = 分类";
    FinderTextEmpty => "type words to find in every article's text (\"a phrase\" in quotes)", "输入要在所有条目正文中查找的词（用引号表示短语）";
    FinderNotInCorpus => "not in corpus ×{0}", "不在语料库中 ×{0}";
    PreviewLine => "line {0}", "第 {0} 行";
    PreviewInCorpusOnce => "→ {0} · in the corpus · linked once", "→ {0} · 在语料库中 · 链接 1 次";
    PreviewInCorpus => "→ {0} · in the corpus · linked {1} times", "→ {0} · 在语料库中 · 链接 {1} 次";
    PreviewNotInCorpusOnce => "not in the corpus · linked once", "不在语料库中 · 链接 1 次";
    PreviewNotInCorpus => "not in the corpus · linked {0} times", "不在语料库中 · 链接 {0} 次";
    HelpTitle => " Help · keys ", " 帮助 · 按键 ";
    HeadingsTitle => " Contents ", " 目录 ";
    ResumeTitle => " Resume ", " 继续阅读 ";
    ResumeQuestion => "Resume {0}, line {1}?", "回到 {0} 第 {1} 行？";
    ResumeKeys => "Enter resumes · any other key starts here", "Enter 继续 · 其他键从这里开始";
    ContextGlobal => "Everywhere", "全局";
    ContextArticle => "Article", "正文";
    ContextSidebar => "Entity sidebar", "实体栏";
    ContextFootnotes => "Footnotes", "注释栏";
    ContextFinder => "Finder", "查找";
    ContextHelp => "Help", "帮助";
    ContextHeadings => "Headings", "目录";

    // The article.
    EmptyFootnote => "(no text in the source)", "（原文无注释内容）";

    // The status bar.
    StatusNoArticle => " (no article) ", " （没有条目） ";
    StatusHelp => "{0} help", "{0} 帮助";
    StatusMatches => "{0} matches", "{0} 处匹配";
    StatusHint => "hint: {0}▏ (Esc cancels)", "提示：{0}▏（Esc 取消）";
    StatusTitleNotInCorpus => "✗ {0} · not in the corpus · {1}", "✗ {0} · 不在语料库中 · {1}";
    StatusNotInCorpus => "✗ not in the corpus · {0}", "✗ 不在语料库中 · {0}";
    StatusCitation => "citation [{0}]: {1} shows it", "引注 [{0}]：按 {1} 查看";
    Indexing => "indexing {0}%", "索引中 {0}%";
    IndexingLeft => "indexing {0}% · {1} left", "索引中 {0}% · 还需 {1}";
    Seconds => "{0} s", "{0} 秒";
    MinutesSeconds => "{0} min {1} s", "{0} 分 {1} 秒";
    HoursMinutes => "{0} h {1} min", "{0} 小时 {1} 分";

    // Messages.
    RedirectOutside => "this page redirects to {0}, which is not in the corpus", "此页重定向到{0}，但它不在语料库中";
    NoLongerInCorpus => "{0} is no longer in the corpus", "{0} 已不在语料库中";
    TooNarrowForSidebar => "the terminal is too narrow for the entity sidebar", "终端太窄，放不下实体栏";
    TooShortForFootnotes => "the terminal is too short for the footnote pane", "终端太矮，放不下注释栏";
    NoTargetOnScreen => "no link or citation on screen", "屏幕上没有链接或引注";
    NoHint => "no hint {0}", "没有提示 {0}";
    NoSearch => "no search: {0} starts one", "没有搜索：按 {0} 开始";
    NotFound => "not found: {0}", "未找到：{0}";
    NoLinkFocusedNext => "no link focused: {0} focuses the next one", "没有选中的链接：按 {0} 选中下一个";
    NoLinkFocused => "no link focused", "没有选中的链接";
    TitleNotInCorpusCopy => "{0} is not in the corpus · {1} ({2} copies)", "{0} 不在语料库中 · {1}（按 {2} 复制）";
    NotInCorpusCopy => "not in the corpus: {0} ({1} copies)", "不在语料库中：{0}（按 {1} 复制）";
    ExternalCopy => "external: {0} ({1} copies)", "外部链接：{0}（按 {1} 复制）";
    Copied => "copied {0}", "已复制 {0}";
    NothingBack => "nothing to go back to", "没有可以后退的页面";
    NothingForward => "nothing to go forward to", "没有可以前进的页面";
    NoMention => "no mention in the text", "正文中没有提及";
    FootnoteNoLink => "this footnote has no link", "此注释没有链接";
    FootnoteLink => "link {0}/{1}: {2}", "链接 {0}/{1}：{2}";
    FootnoteNotCited => "footnote [{0}] is not cited in the text", "注释 [{0}] 在正文中没有被引用";
    IndexNotSaved => "could not save the corpus index: {0}", "无法保存语料库索引：{0}";
    StillSearching => "still searching…", "仍在搜索…";
    OpeningArticle => "opening…", "正在打开…";
    PlaceNotSaved => "could not save the reading place in {0}: {1}", "无法在 {0} 保存阅读位置：{1}";
    SessionIgnored => "ignored the saved session {0}: {1}", "已忽略保存的阅读记录 {0}：{1}";
    SessionBroken => "ignored the broken saved session {0}: {1}", "已忽略损坏的阅读记录 {0}：{1}";
    NotARegularFile => "not a regular file", "不是普通文件";
    ScriptAsWritten => "characters as written", "字形：原文";
    ScriptSimplified => "characters: Simplified (简体)", "字形：简体";
    ScriptTraditional => "characters: Traditional (繁體)", "字形：繁體";
    LargerThan => "larger than {0} bytes", "大于 {0} 字节";

    // What can go wrong with a corpus or an article.
    ErrorNotFound => "{0}: no such file or directory", "{0}：没有这个文件或目录";
    ErrorNotADirectory => "{0}: not a directory", "{0}：不是目录";
    ErrorNotACorpus => "{0}: not a corpus (no .md, .wiki or .mediawiki files inside)", "{0}：不是语料库（其中没有 .md、.wiki 或 .mediawiki 文件）";
    ErrorUnreadable => "{0}: cannot read: {1}", "{0}：无法读取：{1}";
    ErrorTooLarge => "{0}: too large to open ({1} bytes; the limit is {2})", "{0}：太大，无法打开（{1} 字节；上限为 {2}）";
    ErrorNoSuchArticle => "{0}: no such article in the corpus", "{0}：语料库中没有这个条目";
    ErrorIndex => "corpus index: {0}", "语料库索引：{0}";

    NoOtherArticle => "no other article to open", "没有其他条目可打开";

    // Bookmarks and the trail.
    NotebookUnreadable => "bookmarks and trail in {0} were not read: {1}", "书签与足迹文件 {0} 未能读取：{1}";
    NotebookNotSaved => "bookmarks and trail not saved in {0}: {1}", "书签与足迹未能保存到 {0}：{1}";
    NotePrompt => "note: ", "备注：";
    Bookmarked => "bookmarked: {0}", "已加书签：{0}";
    ScopeBookmarks => "bookmarks", "书签";
    ScopeTrail => "trail", "足迹";
    FinderBookmarksEmpty => "no bookmarks yet: m bookmarks the place you are reading", "还没有书签：按 m 为正在阅读的位置加书签";
    FinderTrailEmpty => "no articles opened yet", "还没有打开过条目";

    // Full-text search.
    ScopeText => "full text", "全文";
    ScopeLinksHere => "links here", "链入页面";
    SidebarLinksHere => "Links here ({0})", "链入页面（{0}）";
    ScopeCategory => "category", "分类";
    FinderLinksHereEmpty => "no article links here", "没有条目链接到这里";
    FinderCategoryEmpty => "type a category's name after =", "在 = 后输入分类名";
    SearchIndexing => "search index {0}%", "全文索引 {0}%";
    TextIndexPartial => "nothing found yet: the search index is {0}% built", "暂无结果：全文索引已建 {0}%";
    TextIndexNotReady => "the search index is being opened", "全文索引正在打开";
    SearchIndexError => "search index: {0}", "全文索引：{0}";
    SearchIndexBusy => "search index: another wikiread is building it", "全文索引：另一个 wikiread 正在建立它";
    SearchIndexCancelled => "search index: cancelled", "全文索引：已取消";
    CategoryPreview => "a category: choose it to list its subcategories and articles", "分类：选中即列出其子分类与条目";
    SearchIndexIncomplete => "search index incomplete", "全文索引不完整";
    SearchIndexNoSpace => "search index: the disk is full; searches see only what was indexed before", "全文索引：磁盘已满；搜索只能找到此前已索引的内容";
}
