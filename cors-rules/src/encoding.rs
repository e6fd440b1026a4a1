//! A checked policy written as one string: how the attribute hands a policy
//! to the runtime.
//!
//! A policy built field by field in a `static` costs the compiler about two
//! milliseconds of constant evaluation per handler (every nested value and
//! slice is evaluated and interned); one string literal costs next to
//! nothing. The macro writes the string with [`Writer`] after every value
//! passed the rules; the runtime reads it back with [`Reader`] on first use.
//!
//! Each item is `LEN:TEXT`, so any text (a regex with a newline, say) reads
//! back as written; a list is `COUNT#` followed by its items.
//!
//! ```
//! use cors_rules::encoding::{Reader, Writer};
//!
//! let mut writer = Writer::default();
//! writer.flag(true);
//! writer.list(["https://a.example", "https://b.example"]);
//! writer.text("(?x) a # comment\n");
//! let text = writer.finish();
//!
//! let mut reader = Reader::new(&text);
//! assert_eq!(reader.flag(), Some(true));
//! assert_eq!(reader.list(), Some(vec!["https://a.example", "https://b.example"]));
//! assert_eq!(reader.text(), Some("(?x) a # comment\n"));
//! assert!(reader.is_done());
//! ```

use std::fmt::Write;

/// Writes items into one string.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
}

impl Writer {
    /// One piece of text, as it is.
    pub fn text(&mut self, text: &str) {
        let _ = write!(self.out, "{}:{text}", text.len());
    }

    /// A yes or no.
    pub fn flag(&mut self, value: bool) {
        self.text(if value { "1" } else { "0" });
    }

    /// A list of texts.
    pub fn list<'a>(&mut self, items: impl IntoIterator<Item = &'a str>) {
        let items: Vec<&str> = items.into_iter().collect();
        let _ = write!(self.out, "{}#", items.len());
        for item in items {
            self.text(item);
        }
    }

    /// The string.
    pub fn finish(self) -> String {
        self.out
    }
}

/// Reads the items of a [`Writer`]'s string back, in the same order; `None`
/// when the string is not what a writer wrote.
#[derive(Debug)]
pub struct Reader<'a> {
    rest: &'a str,
}

impl<'a> Reader<'a> {
    /// Starts at the first item.
    pub fn new(text: &'a str) -> Reader<'a> {
        Reader { rest: text }
    }

    /// A number followed by `end`.
    fn count(&mut self, end: char) -> Option<usize> {
        let (digits, rest) = self.rest.split_once(end)?;
        let count = digits.parse().ok()?;
        self.rest = rest;
        Some(count)
    }

    /// One piece of text.
    pub fn text(&mut self) -> Option<&'a str> {
        let len = self.count(':')?;
        let text = self.rest.get(..len)?;
        self.rest = &self.rest[len..];
        Some(text)
    }

    /// A yes or no.
    pub fn flag(&mut self) -> Option<bool> {
        match self.text()? {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        }
    }

    /// A list of texts.
    pub fn list(&mut self) -> Option<Vec<&'a str>> {
        let count = self.count('#')?;
        // Each item takes at least two bytes: a count can ask for no more.
        if count > self.rest.len() / 2 {
            return None;
        }
        (0..count).map(|_| self.text()).collect()
    }

    /// Whether every item was read.
    pub fn is_done(&self) -> bool {
        self.rest.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_strings_read_as_none_never_panic() {
        for text in [
            "",
            "3:ab",
            "x:a",
            "2#1:a",
            "99999999999999999999:a",
            "1:é",
            "2:é",
            "5#",
        ] {
            let mut reader = Reader::new(text);
            let _ = reader.text();
            let mut reader = Reader::new(text);
            let _ = reader.list();
            let mut reader = Reader::new(text);
            let _ = reader.flag();
        }
        assert_eq!(Reader::new("3:ab").text(), None);
        assert_eq!(
            Reader::new("1:é").text(),
            None,
            "a length inside a character"
        );
        assert_eq!(Reader::new("2#1:a").list(), None);
        assert_eq!(Reader::new("1:x").flag(), None);
    }

    #[test]
    fn every_text_reads_back() {
        let texts = [
            "",
            ":",
            "#",
            "12:",
            "a\nb",
            "(?x)^https://a\\.b$ # c\n",
            "é",
        ];
        let mut writer = Writer::default();
        for text in texts {
            writer.text(text);
        }
        writer.list(texts);
        let written = writer.finish();
        let mut reader = Reader::new(&written);
        for text in texts {
            assert_eq!(reader.text(), Some(text));
        }
        assert_eq!(reader.list(), Some(texts.to_vec()));
        assert!(reader.is_done());
    }
}
