//! JSON for the command line: a writer for the crate's results (the same field names as the
//! JS API) and a small reader for the parameter files that `fit` writes and `score` reads.

use crate::output::Writer;

/// Writes results as JSON text.
pub struct Json {
    /// The JSON text written so far.
    pub out: String,
    /// Per open object or list: whether it has an entry yet, and its closing bracket.
    open: Vec<(bool, char)>,
}

impl Json {
    /// Starts a top-level object (close it with `end`).
    pub fn object() -> Self {
        Json { out: String::from("{"), open: vec![(false, '}')] }
    }

    /// Closes the top-level object; returns the JSON text, with a final newline.
    pub fn end(mut self) -> String {
        self.out.push_str("}\n");
        self.out
    }

    fn key(&mut self, key: &str) {
        if let Some((started, _)) = self.open.last_mut() {
            if *started {
                self.out.push(',');
            }
            *started = true;
        }
        if !key.is_empty() {
            string(&mut self.out, key);
            self.out.push(':');
        }
    }
}

/// A JSON number: shortest round-trip digits; null for NaN and infinities.
pub fn number(out: &mut String, v: f64) {
    if v.is_finite() {
        out.push_str(&format!("{}", v + 0.0));
    } else {
        out.push_str("null");
    }
}

/// A JSON string: `s` in quotes, with `"`, `\` and control characters escaped.
pub fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

impl Writer for Json {
    fn number(&mut self, key: &'static str, value: f64) {
        self.key(key);
        number(&mut self.out, value);
    }
    fn null(&mut self, key: &'static str) {
        self.key(key);
        self.out.push_str("null");
    }
    fn text(&mut self, key: &'static str, value: &str) {
        self.key(key);
        string(&mut self.out, value);
    }
    fn label(&mut self, key: &'static str, value: &'static str) {
        self.text(key, value);
    }
    fn numbers(&mut self, key: &'static str, values: &[f64]) {
        self.key(key);
        self.out.push('[');
        for (i, &v) in values.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            number(&mut self.out, v);
        }
        self.out.push(']');
    }
    fn boolean(&mut self, key: &'static str, value: bool) {
        self.key(key);
        self.out.push_str(if value { "true" } else { "false" });
    }
    fn texts(&mut self, key: &'static str, values: &[String]) {
        self.key(key);
        self.out.push('[');
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            string(&mut self.out, v);
        }
        self.out.push(']');
    }
    fn open_object(&mut self, key: &'static str) {
        self.key(key);
        self.out.push('{');
        self.open.push((false, '}'));
    }
    fn open_list(&mut self, key: &'static str) {
        self.key(key);
        self.out.push('[');
        self.open.push((false, ']'));
    }
    fn open_item(&mut self) {
        self.key("");
        self.out.push('{');
        self.open.push((false, '}'));
    }
    fn close(&mut self) {
        if let Some((_, closer)) = self.open.pop() {
            self.out.push(closer);
        }
    }
}

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (JSON has no NaN or infinity).
    Number(f64),
    /// A string, unescaped.
    Text(String),
    /// An array.
    List(Vec<Value>),
    /// An object's fields in the file's order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// An object's field `key` (the first, if repeated); None for a missing field or a value
    /// that is not an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    /// The number, when this is one.
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
}

/// Parses JSON text; the error says where (line and column) and what was expected.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut p = Parser { b: text.as_bytes(), i: 0 };
    let v = p.value()?;
    p.space();
    if p.i < p.b.len() {
        return Err(p.error("the end of the JSON text"));
    }
    Ok(v)
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn error(&self, expected: &str) -> String {
        let before = &self.b[..self.i.min(self.b.len())];
        let line = before.iter().filter(|&&c| c == b'\n').count() + 1;
        let column = before.iter().rev().take_while(|&&c| c != b'\n').count() + 1;
        format!("line {line}, column {column}: expected {expected}")
    }
    fn space(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }
    fn eat(&mut self, word: &str) -> bool {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            true
        } else {
            false
        }
    }
    fn value(&mut self) -> Result<Value, String> {
        self.space();
        match self.b.get(self.i) {
            Some(b'{') => {
                self.i += 1;
                let mut fields = Vec::new();
                self.space();
                if self.eat("}") {
                    return Ok(Value::Object(fields));
                }
                loop {
                    self.space();
                    let key = self.string()?;
                    self.space();
                    if !self.eat(":") {
                        return Err(self.error("':'"));
                    }
                    fields.push((key, self.value()?));
                    self.space();
                    if self.eat(",") {
                        continue;
                    }
                    if self.eat("}") {
                        return Ok(Value::Object(fields));
                    }
                    return Err(self.error("',' or '}'"));
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.space();
                if self.eat("]") {
                    return Ok(Value::List(items));
                }
                loop {
                    items.push(self.value()?);
                    self.space();
                    if self.eat(",") {
                        continue;
                    }
                    if self.eat("]") {
                        return Ok(Value::List(items));
                    }
                    return Err(self.error("',' or ']'"));
                }
            }
            Some(b'"') => Ok(Value::Text(self.string()?)),
            Some(b't') if self.eat("true") => Ok(Value::Bool(true)),
            Some(b'f') if self.eat("false") => Ok(Value::Bool(false)),
            Some(b'n') if self.eat("null") => Ok(Value::Null),
            Some(c) if *c == b'-' || c.is_ascii_digit() => {
                let start = self.i;
                while self.i < self.b.len() && matches!(self.b[self.i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    self.i += 1;
                }
                let s = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("");
                s.parse().map(Value::Number).map_err(|_| {
                    self.i = start;
                    self.error("a number")
                })
            }
            _ => Err(self.error("a value")),
        }
    }
    fn string(&mut self) -> Result<String, String> {
        if !self.eat("\"") {
            return Err(self.error("a string"));
        }
        let mut out = Vec::new();
        while let Some(&c) = self.b.get(self.i) {
            self.i += 1;
            match c {
                b'"' => return String::from_utf8(out).map_err(|_| self.error("UTF-8 text")),
                b'\\' => {
                    let e = *self.b.get(self.i).ok_or_else(|| self.error("an escape"))?;
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'u' => {
                            let hex = self.b.get(self.i..self.i + 4).ok_or_else(|| self.error("4 hex digits"))?;
                            let code = u32::from_str_radix(std::str::from_utf8(hex).unwrap_or("x"), 16)
                                .map_err(|_| self.error("4 hex digits"))?;
                            self.i += 4;
                            let ch = char::from_u32(code).unwrap_or('\u{fffd}');
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        other => out.push(other),
                    }
                }
                c => out.push(c),
            }
        }
        Err(self.error("the closing '\"'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_it_writes() {
        let mut j = Json::object();
        j.text("model", "bg-nbd");
        j.open_object("params");
        j.number("r", 0.243);
        j.number("alpha", f64::NAN);
        j.close();
        j.open_list("rows");
        j.open_item();
        j.numbers("v", &[1.0, 2.5]);
        j.close();
        j.open_item();
        j.texts("t", &["a\"b".into()]);
        j.close();
        j.close();
        let text = j.end();
        assert_eq!(text, "{\"model\":\"bg-nbd\",\"params\":{\"r\":0.243,\"alpha\":null},\"rows\":[{\"v\":[1,2.5]},{\"t\":[\"a\\\"b\"]}]}\n");
        let v = parse(&text).unwrap();
        assert_eq!(v.get("params").and_then(|p| p.get("r")).and_then(Value::number), Some(0.243));
        assert_eq!(parse("{\"a\": }").unwrap_err(), "line 1, column 7: expected a value");
    }
}
