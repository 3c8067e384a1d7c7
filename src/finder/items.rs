//! The names a finder index offers, kept compactly: every name in one
//! arena, beside each name's kind and target.
//!
//! A corpus of a million titles would otherwise be a million small
//! allocations, which cost more to make, fault in and free than searching
//! them does. This module only stores names; it never matches or ranks.

use super::index::{Item, ItemKind};

/// Names with what each stands for, in the order they were added.
#[derive(Debug, Default, Clone)]
pub struct Items {
    /// Every name, one after another.
    names: String,
    /// Where each name ends in `names`.
    ends: Vec<u32>,
    kinds: Vec<ItemKind>,
    targets: Vec<usize>,
}

/// One name of [`Items`], borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemRef<'a> {
    /// The text matched and shown.
    pub name: &'a str,
    pub kind: ItemKind,
    /// What Enter opens or jumps to (see [`ItemKind`]).
    pub target: usize,
}

impl ItemRef<'_> {
    /// The item as an owned [`Item`].
    pub fn to_item(self) -> Item {
        Item {
            name: self.name.to_string(),
            kind: self.kind,
            target: self.target,
        }
    }
}

/// The longest arena kept: a name that would end past it is stored empty.
const MAX_ARENA: usize = u32::MAX as usize;

impl Items {
    /// Room for `names` names of `bytes` bytes in all.
    pub fn with_capacity(names: usize, bytes: usize) -> Items {
        Items {
            names: String::with_capacity(bytes.min(MAX_ARENA)),
            ends: Vec::with_capacity(names),
            kinds: Vec::with_capacity(names),
            targets: Vec::with_capacity(names),
        }
    }

    /// Adds a name (past four gigabytes of names, the name is kept empty).
    pub fn push(&mut self, name: &str, kind: ItemKind, target: usize) {
        if self.names.len() + name.len() <= MAX_ARENA {
            self.names.push_str(name);
        }
        self.ends.push(self.names.len() as u32);
        self.kinds.push(kind);
        self.targets.push(target);
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Item `i`, if there is one.
    #[inline]
    pub fn get(&self, i: usize) -> Option<ItemRef<'_>> {
        let end = *self.ends.get(i)? as usize;
        let start = match i {
            0 => 0,
            _ => self.ends.get(i - 1).map_or(0, |&e| e as usize),
        };
        Some(ItemRef {
            name: self.names.get(start..end).unwrap_or(""),
            kind: *self.kinds.get(i)?,
            target: *self.targets.get(i)?,
        })
    }

    /// The name of item `i` ("" past the end).
    #[inline]
    pub fn name(&self, i: usize) -> &str {
        self.get(i).map_or("", |item| item.name)
    }

    /// Every item's target, in order.
    pub fn targets(&self) -> &[usize] {
        &self.targets
    }

    /// Every item, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = ItemRef<'_>> + '_ {
        (0..self.len()).map(|i| {
            self.get(i).unwrap_or(ItemRef {
                name: "",
                kind: ItemKind::Article,
                target: 0,
            })
        })
    }

    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.names.capacity()
            + self.ends.capacity() * 4
            + self.kinds.capacity() * std::mem::size_of::<ItemKind>()
            + self.targets.capacity() * std::mem::size_of::<usize>()
    }
}

impl From<Vec<Item>> for Items {
    fn from(list: Vec<Item>) -> Items {
        let bytes = list.iter().map(|item| item.name.len()).sum();
        let mut items = Items::with_capacity(list.len(), bytes);
        for item in &list {
            items.push(&item.name, item.kind, item.target);
        }
        items
    }
}

impl FromIterator<Item> for Items {
    fn from_iter<I: IntoIterator<Item = Item>>(iter: I) -> Items {
        let mut items = Items::default();
        for item in iter {
            items.push(&item.name, item.kind, item.target);
        }
        items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_back_as_they_went_in() {
        let mut items = Items::default();
        items.push("伊犁危機", ItemKind::Article, 3);
        items.push("", ItemKind::Alias, 4);
        items.push("Kashgar", ItemKind::Redirect, 3);
        assert_eq!(items.len(), 3);
        let all: Vec<(&str, ItemKind, usize)> =
            items.iter().map(|i| (i.name, i.kind, i.target)).collect();
        assert_eq!(
            all,
            [
                ("伊犁危機", ItemKind::Article, 3),
                ("", ItemKind::Alias, 4),
                ("Kashgar", ItemKind::Redirect, 3)
            ]
        );
        assert_eq!(items.get(3), None);
        assert_eq!(items.name(9), "");
        assert_eq!(items.targets(), [3, 4, 3]);
    }
}
