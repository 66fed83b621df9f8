//! Where in a JSON body a position lies, as a field path (`purchases[2].price`).
//!
//! [`crate::tolerant::decode`] reads an answer with plain `serde_json` and, only when that fails,
//! asks this module which field the failure's position belongs to. One small scanner, compiled
//! once, instead of a path-tracking wrapper instantiated for every response type (that wrapper,
//! `serde_path_to_error`, cost the mobile library about 178 KB of code; it stays as the test oracle
//! this scanner is checked against, see `protocol/tests/json_path_oracle.rs`).

/// One open container on the way to the position.
enum Frame {
    /// An object: the key read last, and whether the next string is a key.
    Object {
        key: Option<String>,
        expecting_key: bool,
    },
    /// An array: the index of the element being read.
    Array { index: usize },
}

/// The path of the value that the reader failed on, at 1-based `line` and `column` (as
/// `serde_json::Error` reports them, in bytes) of `body`, written as `serde_path_to_error` writes
/// it without the root: `id`, `[0].id`, `purchases[2].price`; empty at the top level. Object keys
/// are kept verbatim (the caller restricts them to the characters of field names); values are
/// never read into the path.
pub fn path_of_value_at(body: &[u8], line: usize, column: usize) -> String {
    render(&frames_before(body, line, column), false)
}

/// The path of the object or array that the reader was closing at `line` and `column`, when the
/// container as a whole is wrong: `purchases[2]` for a purchase
/// without its price, or for one written as a list too short for it.
pub fn path_of_container_at(body: &[u8], line: usize, column: usize) -> String {
    render(&frames_before(body, line, column), true)
}

/// The containers open when the reader had read up to the character at `line` and `column`: the
/// last character it consumed. serde_json reports a failed value there, but a value that was the
/// last of its object or array may have had the closing `}` or `]` consumed after it: that one
/// still counts as open.
fn frames_before(body: &[u8], line: usize, column: usize) -> Vec<Frame> {
    let mut frames: Vec<Frame> = Vec::new();
    let Some(last) = offset_of(body, line, column) else {
        return frames;
    };
    let mut at = 0;
    while at < body.len() && at <= last {
        match body[at] {
            b'}' | b']' if at == last => {}
            b'{' => frames.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => frames.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                frames.pop();
            }
            b',' => match frames.last_mut() {
                Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { expecting_key, .. }) = frames.last_mut() {
                    *expecting_key = false;
                }
            }
            b'"' => {
                let (text, close) = string_at(body, at);
                if let Some(Frame::Object { key, expecting_key }) = frames.last_mut()
                    && *expecting_key
                {
                    *key = Some(text);
                }
                at = close;
            }
            _ => {}
        }
        at += 1;
    }
    frames
}

/// `frames` as a path; `closing` leaves out the last container's own key or index (the container
/// itself is meant).
fn render(frames: &[Frame], closing: bool) -> String {
    let mut path = String::new();
    let last = frames.len().saturating_sub(1);
    for (depth, frame) in frames.iter().enumerate() {
        match frame {
            Frame::Object { key: Some(key), .. } if !(closing && depth == last) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { .. } => {}
            Frame::Array { .. } if closing && depth == last => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    path
}

/// The byte index of 1-based `line` and `column`; column 0 (serde_json's "before the first
/// character of the line") is the line's start.
fn offset_of(body: &[u8], line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let mut start = 0;
    for _ in 1..line {
        start += body[start..].iter().position(|&b| b == b'\n')? + 1;
    }
    Some(start + column.saturating_sub(1))
}

/// The string that opens at `open` (a `"`), with `\"` and `\\` unescaped (other escapes kept as
/// written), and the index of its closing quote (the last index when it is not closed).
fn string_at(body: &[u8], open: usize) -> (String, usize) {
    let mut text = Vec::new();
    let mut at = open + 1;
    while at < body.len() {
        match body[at] {
            b'"' => return (String::from_utf8_lossy(&text).into_owned(), at),
            b'\\' if at + 1 < body.len() => {
                let escaped = body[at + 1];
                if !matches!(escaped, b'"' | b'\\') {
                    text.push(b'\\');
                }
                text.push(escaped);
                at += 2;
                continue;
            }
            byte => text.push(byte),
        }
        at += 1;
    }
    (String::from_utf8_lossy(&text).into_owned(), body.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 1-based column of the last character of `needle` (where serde_json reports a value
    /// it could not take).
    fn after(body: &str, needle: &str) -> usize {
        body.find(needle).unwrap() + needle.len()
    }

    #[test]
    fn a_value_is_named_by_its_key_and_indexes() {
        let body = r#"{"id":"x","purchases":[{"price":1},{"price":null}]}"#;
        assert_eq!(
            path_of_value_at(body.as_bytes(), 1, after(body, "null")),
            "purchases[1].price"
        );
        assert_eq!(
            path_of_value_at(body.as_bytes(), 1, after(body, r#""x""#)),
            "id"
        );
        let list = r#"[{"id":"a"},{"id":7}]"#;
        assert_eq!(
            path_of_value_at(list.as_bytes(), 1, after(list, "7")),
            "[1].id"
        );
    }

    #[test]
    fn a_last_value_is_named_even_when_its_object_was_closed_after_it() {
        let body = r#"{"a":{"id":null}}"#;
        assert_eq!(
            path_of_value_at(body.as_bytes(), 1, after(body, "null}")),
            "a.id"
        );
        let list = r#"{"tags":["x",null]}"#;
        assert_eq!(
            path_of_value_at(list.as_bytes(), 1, after(list, "null]")),
            "tags[1]"
        );
    }

    #[test]
    fn an_object_closed_without_a_field_is_named_by_its_own_path() {
        let body = r#"{"order":{"name":"n"},"x":1}"#;
        let close = body.find('}').unwrap() + 1;
        assert_eq!(path_of_container_at(body.as_bytes(), 1, close), "order");
        let top = r#"{"name":"n"}"#;
        assert_eq!(path_of_container_at(top.as_bytes(), 1, top.len()), "");
        let list = r#"[{"id":"a"},{}]"#;
        assert_eq!(
            path_of_container_at(list.as_bytes(), 1, list.len() - 1),
            "[1]"
        );
    }

    #[test]
    fn keys_with_quotes_and_lines_are_followed() {
        let body = "{\n  \"a\\\"b\": {\n    \"c\": null\n  }\n}";
        assert_eq!(path_of_value_at(body.as_bytes(), 3, 13), "a\"b.c");
        assert_eq!(path_of_value_at(body.as_bytes(), 9, 1), "");
        assert_eq!(path_of_value_at(b"", 1, 1), "");
    }
}
