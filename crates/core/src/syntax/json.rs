//! A small spanned JSON reader for `.tf.json` and `.tfvars.json`: produces the shared
//! [`Node`] tree with the byte span of every value and key. Depth-limited, never panics;
//! errors carry the byte offset where reading stopped.

use crate::base::source::{FileId, Span};
use crate::syntax::node::{Node, Value};

/// Deepest nesting accepted.
pub const MAX_DEPTH: usize = 256;

/// Parse `text` as one JSON value. On error: (byte offset, message).
pub fn parse(file: FileId, text: &str) -> Result<Node, (usize, String)> {
    let mut p = P { b: text.as_bytes(), t: text, i: 0, file };
    p.ws();
    let n = p.value(0)?;
    p.ws();
    if p.i < p.b.len() {
        return Err((p.i, "unexpected content after the JSON value".to_owned()));
    }
    Ok(n)
}

struct P<'a> {
    b: &'a [u8],
    t: &'a str,
    i: usize,
    file: FileId,
}

impl P<'_> {
    fn ws(&mut self) {
        while let Some(c) = self.b.get(self.i) {
            if c.is_ascii_whitespace() {
                self.i += 1;
            } else {
                break;
            }
        }
    }

    fn err<T>(&self, msg: &str) -> Result<T, (usize, String)> {
        Err((self.i, msg.to_owned()))
    }

    fn value(&mut self, depth: usize) -> Result<Node, (usize, String)> {
        if depth > MAX_DEPTH {
            return self.err("nesting too deep");
        }
        let start = self.i;
        match self.b.get(self.i) {
            None => self.err("unexpected end of input"),
            Some(b'{') => {
                self.i += 1;
                let mut entries = Vec::new();
                self.ws();
                if self.b.get(self.i) == Some(&b'}') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        if self.b.get(self.i) != Some(&b'"') {
                            return self.err("expected a string key");
                        }
                        let k = self.string()?;
                        self.ws();
                        if self.b.get(self.i) != Some(&b':') {
                            return self.err("expected ':'");
                        }
                        self.i += 1;
                        self.ws();
                        let v = self.value(depth + 1)?;
                        entries.push((k, v));
                        self.ws();
                        match self.b.get(self.i) {
                            Some(b',') => self.i += 1,
                            Some(b'}') => {
                                self.i += 1;
                                break;
                            }
                            _ => return self.err("expected ',' or '}'"),
                        }
                    }
                }
                Ok(Node::new(Span::new(self.file, start, self.i), Value::Map(entries)))
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.b.get(self.i) == Some(&b']') {
                    self.i += 1;
                } else {
                    loop {
                        self.ws();
                        items.push(self.value(depth + 1)?);
                        self.ws();
                        match self.b.get(self.i) {
                            Some(b',') => self.i += 1,
                            Some(b']') => {
                                self.i += 1;
                                break;
                            }
                            _ => return self.err("expected ',' or ']'"),
                        }
                    }
                }
                Ok(Node::new(Span::new(self.file, start, self.i), Value::Seq(items)))
            }
            Some(b'"') => self.string(),
            Some(b't') => self.word("true", Value::Bool(true)),
            Some(b'f') => self.word("false", Value::Bool(false)),
            Some(b'n') => self.word("null", Value::Null),
            Some(c) if *c == b'-' || c.is_ascii_digit() => self.number(),
            Some(_) => self.err("unexpected character"),
        }
    }

    fn word(&mut self, w: &str, v: Value) -> Result<Node, (usize, String)> {
        let start = self.i;
        if self.b.get(self.i..self.i + w.len()) == Some(w.as_bytes()) {
            self.i += w.len();
            Ok(Node::new(Span::new(self.file, start, self.i), v))
        } else {
            self.err("invalid literal")
        }
    }

    fn number(&mut self) -> Result<Node, (usize, String)> {
        let start = self.i;
        while let Some(c) = self.b.get(self.i) {
            if c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E') {
                self.i += 1;
            } else {
                break;
            }
        }
        let s = self.t.get(start..self.i).unwrap_or("");
        let span = Span::new(self.file, start, self.i);
        if let Ok(i) = s.parse::<i64>() {
            return Ok(Node::new(span, Value::Int(i)));
        }
        match s.parse::<f64>() {
            Ok(f) => Ok(Node::new(span, Value::Float(f))),
            Err(_) => Err((start, "invalid number".to_owned())),
        }
    }

    fn string(&mut self) -> Result<Node, (usize, String)> {
        let start = self.i;
        self.i += 1;
        let mut out = String::new();
        loop {
            let Some(&c) = self.b.get(self.i) else {
                return Err((start, "unterminated string".to_owned()));
            };
            match c {
                b'"' => {
                    self.i += 1;
                    break;
                }
                b'\\' => {
                    let Some(&e) = self.b.get(self.i + 1) else {
                        return Err((self.i, "unterminated escape".to_owned()));
                    };
                    self.i += 2;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let cp = self.hex4()?;
                            if (0xD800..0xDC00).contains(&cp) && self.b.get(self.i) == Some(&b'\\') {
                                self.i += 2;
                                let lo = self.hex4()?;
                                let c = 0x10000 + ((cp - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF);
                                out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                            } else {
                                out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                            }
                        }
                        _ => return Err((self.i - 1, "invalid escape".to_owned())),
                    }
                }
                c if c < 0x20 => return self.err("control character in string"),
                _ => {
                    // Copy one UTF-8 character.
                    let rest = self.t.get(self.i..).unwrap_or("");
                    let ch = rest.chars().next().unwrap_or('\u{FFFD}');
                    out.push(ch);
                    self.i += ch.len_utf8().max(1);
                }
            }
        }
        Ok(Node::new(Span::new(self.file, start, self.i), Value::Str(out)))
    }

    fn hex4(&mut self) -> Result<u32, (usize, String)> {
        let s = self.t.get(self.i..self.i + 4).ok_or((self.i, "short \\u escape".to_owned()))?;
        let v = u32::from_str_radix(s, 16).map_err(|_| (self.i, "invalid \\u escape".to_owned()))?;
        self.i += 4;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn spans_and_values() {
        let t = r#"{"a": [1, 2.5, "x\u00e9\n"], "b": {"c": null, "d": true}}"#;
        let n = parse(FileId(0), t).unwrap();
        let a = n.get("a").unwrap();
        assert_eq!(&t[a.span.range()], r#"[1, 2.5, "x\u00e9\n"]"#);
        assert_eq!(a.as_seq().unwrap()[2].as_str(), Some("xé\n"));
        let (k, _) = n.entry("b").unwrap();
        assert_eq!(&t[k.span.range()], "\"b\"");
        assert!(n.path(&["b", "c"]).unwrap().is_null());
    }

    #[test]
    fn errors_have_offsets() {
        assert_eq!(parse(FileId(0), "{\"a\" 1}").unwrap_err().0, 5);
        assert!(parse(FileId(0), "[1,").is_err());
        assert!(parse(FileId(0), &"[".repeat(10_000)).is_err());
        assert!(parse(FileId(0), "\"\\ud800\\u").is_err());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "[\\[\\]{}\",:0-9a-z\\\\ .eE+-]{0,100}") {
            let _ = parse(FileId(0), &s);
        }
    }
}
