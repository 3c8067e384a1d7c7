//! What each action does, in Chinese, for the help screen (the English is
//! the action's own doc comment), and the descriptions the shipped keymaps
//! give some keys.

use super::Lang;
use crate::app::Action;

/// The description help shows for a binding whose description (from its
/// keymap file, else the action's) is `described`, in the language in use.
/// A description the user wrote in a keymap file is shown as written.
pub fn action_description(action: Action, described: &str) -> String {
    if super::lang() == Lang::En {
        return described.to_string();
    }
    if described == action.describe() {
        return chinese(action).to_string();
    }
    shipped_chinese(described).map_or_else(|| described.to_string(), str::to_string)
}

/// The descriptions the shipped keymap files give, in Chinese.
fn shipped_chinese(described: &str) -> Option<&'static str> {
    Some(match described {
        "Close the finder" => "关闭查找",
        "Close the help" => "关闭帮助",
        "Close the list" => "关闭列表",
        "Jump to the selected heading" => "跳到选中的标题",
        "Follow the footnote's link, or go to its citation" => "打开注释中的链接，或回到引用处",
        "Go to the next mention of the entity" => "到实体的下一处提及",
        "Go to the previous mention of the entity" => "到实体的上一处提及",
        "Open the selected article" => "打开选中的条目",
        "Open the selected entity's article" => "打开选中实体的条目",
        "Select ten matches down" => "向下选第十个结果",
        "Select ten matches up" => "向上选第十个结果",
        "Select the next match" => "选下一个结果",
        "Select the previous match" => "选上一个结果",
        _ => return None,
    })
}

/// What `action` does, in Chinese.
fn chinese(action: Action) -> &'static str {
    match action {
        Action::Down => "向下滚动一行，或在列表中选下一项",
        Action::Up => "向上滚动一行，或在列表中选上一项",
        Action::PageDown => "向下翻一页",
        Action::PageUp => "向上翻一页",
        Action::HalfPageDown => "向下翻半页",
        Action::HalfPageUp => "向上翻半页",
        Action::Top => "到开头",
        Action::Bottom => "到结尾",
        Action::NextLink => "选中下一个链接或引注",
        Action::PrevLink => "选中上一个链接或引注",
        Action::Follow => "打开选中的链接或引注，或打开选中项",
        Action::CopyUrl => "复制选中链接的地址",
        Action::LinkHints => "给屏幕上的每个链接和引注标上字母",
        Action::Back => "后退",
        Action::Forward => "前进",
        Action::Search => "在条目中搜索",
        Action::SearchNext => "到下一处匹配，或选中实体的下一处提及",
        Action::SearchPrev => "到上一处匹配，或选中实体的上一处提及",
        Action::SearchForward => "在条目中搜索，或到当前搜索的下一处匹配",
        Action::SearchBackward => "在条目中搜索，或到当前搜索的上一处匹配",
        Action::Headings => "列出标题以便跳转",
        Action::NextHeading => "跳到下一个标题",
        Action::PrevHeading => "跳到上一个标题",
        Action::FocusSidebar => "转到实体栏",
        Action::FocusFootnotes => "转到注释栏",
        Action::FocusArticle => "回到正文（关闭弹窗，清除搜索）",
        Action::ToggleSidebar => "显示或隐藏实体栏",
        Action::ToggleFootnotes => "显示或隐藏注释栏",
        Action::CycleScript => "切换字形：原文、简体、繁體",
        Action::RandomArticle => "随机打开一篇条目",
        Action::Bookmark => "为此处加书签（可附备注）",
        Action::Finder => "打开查找",
        Action::CharLeft => "光标左移一个字（查询行）",
        Action::CharRight => "光标右移一个字（查询行）",
        Action::WordLeft => "光标左移一个词（查询行）",
        Action::WordRight => "光标右移一个词（查询行）",
        Action::LineStart => "光标移到查询行开头",
        Action::LineEnd => "光标移到查询行末尾",
        Action::DeleteBack => "删除光标前的字",
        Action::DeleteForward => "删除光标处的字",
        Action::DeleteWordBack => "删除光标前的词",
        Action::DeleteToStart => "删除从查询行开头到光标的内容",
        Action::Help => "显示按键",
        Action::Quit => "退出",
        Action::Suspend => "挂起（回到 shell，用 fg 返回）",
        Action::Noop => "不做任何事（停用预设中的键）",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_and_shipped_description_has_chinese() {
        for action in Action::all() {
            assert!(!chinese(action).is_empty(), "{action:?}");
        }
        for preset in crate::keymap::PRESETS {
            let keymap = crate::keymap::preset(preset).expect("preset");
            for context in crate::keymap::Context::ALL {
                for (_, action, described) in keymap.bindings(context) {
                    let known =
                        described == action.describe() || shipped_chinese(described).is_some();
                    assert!(known, "{preset}: {described:?} has no Chinese");
                }
            }
        }
    }
}
