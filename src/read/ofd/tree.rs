//! A small element tree of one XML part of an OFD package, read with quick-xml under limits: an
//! element nested deeper than [`MAX_DEPTH`] or a part with more than [`MAX_NODES`] elements is
//! refused, so that a hostile part cannot make the tree (or anything walking it) unbounded.
//! Names are local (`ofd:TextObject` → `TextObject`): producers differ in their prefixes.

use crate::read::ReadError;
use quick_xml::events::{BytesStart, Event};

/// No OFD producer nests elements this deep (a page is Page › Content › Layer › PageBlock… ›
/// TextObject › TextCode).
pub(super) const MAX_DEPTH: usize = 100;
/// Elements in one part: a dense page has a few thousand.
pub(super) const MAX_NODES: usize = 500_000;

#[derive(Debug, Default)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<usize>,
}

#[derive(Debug)]
pub(super) struct Tree {
    nodes: Vec<Node>,
}

/// An element of a [`Tree`].
#[derive(Clone, Copy)]
pub(super) struct El<'a> {
    tree: &'a Tree,
    index: usize,
}

impl Tree {
    /// Parses `xml`; `what` names the part in messages (`Document.xml`).
    pub(super) fn parse(xml: &[u8], what: &str) -> Result<Tree, ReadError> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        reader.config_mut().check_end_names = false;
        let broken = |e: &dyn std::fmt::Display| {
            ReadError::Corrupt(format!("OFD 文件中 {what} 格式错误：{e}"))
        };
        let mut nodes: Vec<Node> = Vec::new();
        // Open elements, innermost last.
        let mut open: Vec<usize> = Vec::new();
        let mut buf = Vec::new();
        loop {
            crate::read::budget::checkpoint();
            let event = reader.read_event_into(&mut buf).map_err(|e| broken(&e))?;
            let empty = matches!(event, Event::Empty(_));
            match event {
                Event::Eof => break,
                Event::Start(e) | Event::Empty(e) => {
                    if nodes.len() >= MAX_NODES {
                        return Err(ReadError::Bloated(format!(
                            "的 {what} 有超过 {} 万个 XML 元素",
                            MAX_NODES / 10_000
                        )));
                    }
                    if open.len() >= MAX_DEPTH {
                        return Err(ReadError::Bloated(format!(
                            "的 {what} 中 XML 元素嵌套超过 {MAX_DEPTH} 层"
                        )));
                    }
                    // Only one root: anything after it is ignored.
                    if open.is_empty() && !nodes.is_empty() {
                        break;
                    }
                    let index = nodes.len();
                    nodes.push(element(&e));
                    if let Some(&parent) = open.last() {
                        nodes[parent].children.push(index);
                    }
                    if !empty {
                        open.push(index);
                    }
                }
                Event::End(_) => {
                    open.pop();
                    if open.is_empty() && !nodes.is_empty() {
                        break;
                    }
                }
                Event::Text(t) => {
                    if let (Some(&at), Ok(text)) = (open.last(), t.decode()) {
                        nodes[at].text.push_str(&text);
                    }
                }
                Event::CData(t) => {
                    if let (Some(&at), Ok(text)) = (open.last(), t.decode()) {
                        nodes[at].text.push_str(&text);
                    }
                }
                Event::GeneralRef(r) => {
                    if let (Some(&at), Some(s)) = (open.last(), crate::read::xml::resolve_ref(&r)) {
                        nodes[at].text.push_str(&s);
                    }
                }
                _ => {}
            }
            buf.clear();
        }
        if nodes.is_empty() {
            return Err(ReadError::Corrupt(format!("OFD 文件中 {what} 是空的")));
        }
        Ok(Tree { nodes })
    }

    pub(super) fn root(&self) -> El<'_> {
        El {
            tree: self,
            index: 0,
        }
    }
}

fn element(e: &BytesStart<'_>) -> Node {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    let attrs = e
        .attributes()
        .flatten()
        .map(|a| {
            let key = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
            let raw = String::from_utf8_lossy(&a.value);
            let value = quick_xml::escape::unescape(&raw)
                .map_or_else(|_| raw.to_string(), |v| v.into_owned());
            (key, value)
        })
        .collect();
    Node {
        name,
        attrs,
        ..Node::default()
    }
}

impl<'a> El<'a> {
    fn node(self) -> &'a Node {
        &self.tree.nodes[self.index]
    }

    pub(super) fn name(self) -> &'a str {
        &self.node().name
    }

    pub(super) fn attr(self, name: &str) -> Option<&'a str> {
        self.node()
            .attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The element's own text (not its children's).
    pub(super) fn text(self) -> &'a str {
        &self.node().text
    }

    pub(super) fn children(self) -> impl Iterator<Item = El<'a>> + 'a {
        let tree = self.tree;
        self.node()
            .children
            .iter()
            .map(move |&index| El { tree, index })
    }

    pub(super) fn child(self, name: &str) -> Option<El<'a>> {
        self.children().find(|c| c.name() == name)
    }

    /// The text of the first child named `name`, trimmed.
    pub(super) fn child_text(self, name: &str) -> Option<&'a str> {
        self.child(name)
            .map(|c| c.text().trim())
            .filter(|t| !t.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_local_and_text_is_unescaped() {
        let xml = r#"<?xml version="1.0"?><ofd:Page xmlns:ofd="x"><ofd:Content><ofd:TextCode X="1&amp;">a&lt;b&#x4E00;<![CDATA[c]]></ofd:TextCode></ofd:Content></ofd:Page>"#;
        let tree = Tree::parse(xml.as_bytes(), "Content.xml").unwrap();
        let root = tree.root();
        assert_eq!(root.name(), "Page");
        let code = root.child("Content").unwrap().child("TextCode").unwrap();
        assert_eq!(code.attr("X"), Some("1&"));
        assert_eq!(code.text(), "a<b一c");
    }

    #[test]
    fn deep_nesting_and_too_many_elements_are_refused() {
        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert!(matches!(
            Tree::parse(deep.as_bytes(), "Content.xml"),
            Err(ReadError::Bloated(w)) if w.contains("嵌套")
        ));
        let wide = format!("<a>{}</a>", "<b/>".repeat(MAX_NODES));
        assert!(matches!(
            Tree::parse(wide.as_bytes(), "Content.xml"),
            Err(ReadError::Bloated(_))
        ));
    }

    #[test]
    fn broken_xml_is_corrupt() {
        assert!(matches!(
            Tree::parse(b"<a x=\"1></a>", "OFD.xml"),
            Err(ReadError::Corrupt(_))
        ));
        assert!(matches!(
            Tree::parse(b"   ", "OFD.xml"),
            Err(ReadError::Corrupt(_))
        ));
    }
}
