//! Every Rust identifier the generator prints is made here: casing, keywords,
//! leading digits, punctuation-only names and collisions.

use std::collections::BTreeSet;

/// Words that cannot be identifiers (strict and reserved keywords of every
/// edition, including `gen` from 2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Splits a wire name into alphanumeric words, so that punctuation such as
/// `.`, `=`, `-`, `/` or `:` separates words instead of vanishing into them.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// Spells punctuation-only names so they still get a meaningful identifier.
fn spell_symbols(raw: &str) -> String {
    let mut out = Vec::new();
    for c in raw.chars() {
        let w = match c {
            '+' => "plus",
            '-' => "minus",
            '*' => "star",
            '/' => "slash",
            '.' => "dot",
            '=' => "eq",
            '<' => "lt",
            '>' => "gt",
            '!' => "bang",
            '@' => "at",
            '#' => "hash",
            '$' => "dollar",
            '%' => "percent",
            '&' => "and",
            '|' => "pipe",
            '~' => "tilde",
            '?' => "question",
            ':' => "colon",
            ',' => "comma",
            '_' => "underscore",
            ' ' => "space",
            _ => "sym",
        };
        out.push(w);
    }
    out.join(" ")
}

/// Signs and sigils at the ends of a name carry meaning (`+1`, `-name`,
/// `@type`, `A+`): they are spelled out instead of dropped.
fn spell_edges(raw: &str) -> String {
    let has_word = raw.chars().any(|c| c.is_ascii_alphanumeric());
    if !has_word {
        return raw.to_string();
    }
    let spell = |c: char| match c {
        '+' => Some("plus"),
        '-' => Some("minus"),
        '@' => Some("at"),
        '$' => Some("dollar"),
        _ => None,
    };
    let mut out = String::new();
    let mut rest = raw;
    if let Some(w) = rest.chars().next().and_then(spell) {
        out.push_str(w);
        out.push(' ');
        rest = &rest[1..];
    }
    let trailing = rest.chars().last().and_then(|c| if c == '+' { spell(c) } else { None });
    if trailing.is_some() {
        rest = &rest[..rest.len() - 1];
    }
    out.push_str(rest);
    if let Some(w) = trailing {
        out.push(' ');
        out.push_str(w);
    }
    out
}

/// `UpperCamelCase` (no separator) or `snake_case` (`_`) of ASCII text,
/// split into words exactly as `heck` splits them (at characters that are
/// not letters or digits, after a lowercase letter followed by an uppercase
/// one, before the last capital of a run followed by a lowercase letter),
/// without `heck`'s per-character formatting (a test compares the two).
/// Text that is not ASCII goes to `heck` itself.
fn cased(s: &str, separator: Option<char>) -> String {
    use heck::{ToSnakeCase, ToUpperCamelCase};
    if !s.is_ascii() {
        return if separator.is_some() {
            s.to_snake_case()
        } else {
            s.to_upper_camel_case()
        };
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lower,
        Upper,
    }
    let mut out = String::with_capacity(s.len() + 4);
    let mut put = |word: &str| {
        if let (Some(sep), false) = (separator, out.is_empty()) {
            out.push(sep);
        }
        for (i, c) in word.chars().enumerate() {
            out.push(if i == 0 && separator.is_none() {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            });
        }
    };
    for part in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        let b = part.as_bytes();
        let (mut init, mut mode) = (0, Mode::Boundary);
        for (i, &c) in b.iter().enumerate() {
            let Some(&next) = b.get(i + 1) else {
                put(&part[init..]);
                break;
            };
            let next_mode = match c {
                b'a'..=b'z' => Mode::Lower,
                b'A'..=b'Z' => Mode::Upper,
                _ => mode,
            };
            if next_mode == Mode::Lower && next.is_ascii_uppercase() {
                put(&part[init..=i]);
                (init, mode) = (i + 1, Mode::Boundary);
            } else if mode == Mode::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                put(&part[init..i]);
                (init, mode) = (i, Mode::Boundary);
            } else {
                mode = next_mode;
            }
        }
    }
    out
}

fn base_words(raw: &str) -> String {
    let w = words(&spell_edges(raw));
    if w.is_empty() {
        if raw.is_empty() {
            "empty".to_string()
        } else {
            spell_symbols(raw)
        }
    } else {
        w
    }
}

/// Which casing a memoised name was made with.
#[derive(Clone, Copy)]
enum Casing {
    Type,
    Variant,
    Snake,
}

thread_local! {
    /// Names already made on this thread, by casing: large documents ask for
    /// the same few hundred names (`page`, `per_page`, `url`) thousands of
    /// times, and casing them is the costliest part of lowering.
    static MADE: std::cell::RefCell<[std::collections::HashMap<String, String>; 3]> = Default::default();
}

/// `make(raw)`, memoised per thread (the functions are pure, so the cache
/// changes nothing but time; it is emptied when it grows large).
fn memo(casing: Casing, raw: &str, make: fn(&str) -> String) -> String {
    MADE.with(|made| {
        let mut made = made.borrow_mut();
        let map = &mut made[casing as usize];
        if let Some(name) = map.get(raw) {
            return name.clone();
        }
        if map.len() >= 100_000 {
            map.clear();
        }
        let name = make(raw);
        map.insert(raw.to_string(), name.clone());
        name
    })
}

/// `UpperCamelCase` for types and variants. `prefix` is put before names
/// that would start with a digit.
fn camel(raw: &str, prefix: &str) -> String {
    let mut s = cased(&base_words(raw), None);
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, prefix);
    }
    if is_keyword(&s) {
        s.push('_');
    }
    s
}

/// Type name: `Send-Message-Request-Body` -> `SendMessageRequestBody`.
pub fn type_name(raw: &str) -> String {
    memo(Casing::Type, raw, |raw| camel(raw, "T"))
}

/// Enum variant name from a wire value: `image.` -> `Image`,
/// `codecs=opus` -> `CodecsOpus`, `1` -> `V1`, `-1` -> `Minus1`.
pub fn variant_name(raw: &str) -> String {
    memo(Casing::Variant, raw, |raw| camel(raw, "V"))
}

/// snake_case for fields, parameters and methods: `ROLES` -> `roles`,
/// `type` -> `type_`, `2fa` -> `_2fa`.
pub fn snake_name(raw: &str) -> String {
    memo(Casing::Snake, raw, snake)
}

fn snake(raw: &str) -> String {
    let mut s = cased(&base_words(raw), Some('_'));
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if is_keyword(&s) || s == "_" {
        s.push('_');
    }
    s
}

/// The fallback variant of open enums and tagged unions, which keeps values
/// this version of the API does not list. Reserved before any value or
/// member claims a variant name.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// Refuses a name from the spec (property, schema) that holds a control
/// character: no identifier or wire name can honestly carry it.
pub fn check_name(raw: &str, pointer: &str) -> Result<(), crate::error::Error> {
    match raw.chars().find(|c| c.is_control()) {
        None => Ok(()),
        Some(c) => Err(crate::error::Error::Invalid {
            pointer: pointer.to_string(),
            message: format!(
                "the name {:?} holds the control character {:?}; names may not contain control characters",
                raw, c
            ),
            location: None,
        }),
    }
}

/// The setter of an optional field: `with_` and the field's name without
/// the underscores added for keywords and leading digits.
pub fn setter_name(field: &str) -> String {
    format!("with_{}", field.trim_start_matches('_').trim_end_matches('_'))
}

/// std prelude and collection types that a user's `use types::*` would
/// shadow. A schema with one of these names gets [`std_clash_rename`]d.
pub const STD_TYPE_NAMES: &[&str] = &[
    "Option", "Result", "String", "Vec", "Box", "HashMap", "HashSet", "BTreeMap", "BTreeSet", "VecDeque",
];

/// The type name for a schema whose name is a std type's (`Vec` ->
/// `VecType`), or `None` when the name shadows nothing.
pub fn std_clash_rename(type_name: &str) -> Option<String> {
    STD_TYPE_NAMES.contains(&type_name).then(|| format!("{type_name}Type"))
}

/// Hands out unique names within one namespace: the first claimant of a name
/// keeps it, later ones get `2`, `3`, ... appended (deterministic because
/// callers claim in document order).
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    pub fn new() -> Self {
        Self::default()
    }

    /// Names that are already in use (reserved words of the generated code).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let sep = if wanted.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| format!("{wanted}{sep}{n}"))
            .find(|cand| self.taken.insert(cand.clone()))
            .expect("an unbounded range always yields a free name")
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

/// Field names that would print passwords, tokens and other secrets: a name
/// holding one of the longer words anywhere, or `pin` as a whole word
/// (between characters that are not ASCII letters or digits), ignoring case.
pub fn is_secret(json_name: &str) -> bool {
    const ANYWHERE: [&str; 9] = [
        "password",
        "passwd",
        "token",
        "secret",
        "bearer",
        "cert",
        "private_key",
        "api_key",
        "apikey",
    ];
    let n = json_name.as_bytes();
    let contains = |w: &str| n.windows(w.len()).any(|s| s.eq_ignore_ascii_case(w.as_bytes()));
    ANYWHERE.iter().any(|w| contains(w))
        || json_name
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|part| part.eq_ignore_ascii_case("pin"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casing_is_heck_casing() {
        use heck::{ToSnakeCase, ToUpperCamelCase};
        let fixed = [
            "",
            "a",
            "A",
            "aB",
            "AB",
            "ABc",
            "HTTPServer",
            "x9Y",
            "9a",
            "a__b",
            "_a_",
            "ÄbC",
            "getHTTP2Response",
        ];
        // Pseudo-random strings over letters, digits and separators.
        let alphabet = b"aZbY09 _-.HTz";
        let mut seed = 0x2545_f491_u64;
        let mut cases: Vec<String> = fixed.iter().map(|s| s.to_string()).collect();
        for _ in 0..20_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let len = (seed >> 60) as usize;
            let text = (0..len)
                .map(|i| alphabet[((seed >> (i * 4)) % alphabet.len() as u64) as usize] as char)
                .collect();
            cases.push(text);
        }
        for s in &cases {
            assert_eq!(cased(s, None), s.to_upper_camel_case(), "{s:?}");
            assert_eq!(cased(s, Some('_')), s.to_snake_case(), "{s:?}");
        }
    }

    #[test]
    fn type_names() {
        let table = [
            ("Webhook-Event", "WebhookEvent"),
            ("Send-Message-Request-Body", "SendMessageRequestBody"),
            ("Hsm", "Hsm"),
            ("ImageByProvider", "ImageByProvider"),
            ("user_login_response", "UserLoginResponse"),
            ("2fa-settings", "T2faSettings"),
            ("Self", "Self_"),
            ("Option", "Option"),
            ("a.b.c", "ABC"),
            ("", "Empty"),
            ("+", "Plus"),
            ("io.k8s.api.core.v1.Pod", "IoK8sApiCoreV1Pod"),
        ];
        for (raw, want) in table {
            assert_eq!(type_name(raw), want, "type_name({raw:?})");
        }
    }

    #[test]
    fn variant_names() {
        let table = [
            ("image.", "Image"),
            ("codecs=opus", "CodecsOpus"),
            ("audio/ogg; codecs=opus", "AudioOggCodecsOpus"),
            ("1", "V1"),
            ("-1", "Minus1"),
            ("primary_master", "PrimaryMaster"),
            ("", "Empty"),
            ("*", "Star"),
            ("+1", "Plus1"),
            ("-name", "MinusName"),
            ("A+", "APlus"),
            ("-1.5", "Minus15"),
        ];
        for (raw, want) in table {
            assert_eq!(variant_name(raw), want, "variant_name({raw:?})");
        }
    }

    #[test]
    fn snake_names() {
        let table = [
            ("ROLES", "roles"),
            ("type", "type_"),
            ("self", "self_"),
            ("2fa", "_2fa"),
            ("wa_id", "wa_id"),
            ("MediaId", "media_id"),
            ("SendMessage", "send_message"),
            ("expires_after", "expires_after"),
            ("@type", "at_type"),
            ("+1", "plus_1"),
            ("-1", "minus_1"),
            ("$ref", "dollar_ref"),
            ("_links", "links"),
            ("-", "minus"),
            ("$", "dollar"),
            ("x-api-key", "x_api_key"),
            ("gen", "gen_"),
        ];
        for (raw, want) in table {
            assert_eq!(snake_name(raw), want, "snake_name({raw:?})");
        }
    }

    #[test]
    fn setter_names() {
        assert_eq!(setter_name("type_"), "with_type");
        assert_eq!(setter_name("_2fa"), "with_2fa");
        let mut ns = Namespace::with_reserved(&["new"]);
        assert_eq!(ns.claim(&setter_name("x_")), "with_x");
        assert_eq!(ns.claim(&setter_name("_x")), "with_x2");
    }

    #[test]
    fn std_names_are_renamed() {
        assert_eq!(std_clash_rename("Vec").as_deref(), Some("VecType"));
        assert_eq!(std_clash_rename("HashMap").as_deref(), Some("HashMapType"));
        assert_eq!(std_clash_rename("Vector"), None);
        assert_eq!(std_clash_rename("Some"), None);
    }

    #[test]
    fn namespace_dedupes_in_claim_order() {
        let mut ns = Namespace::new();
        assert_eq!(ns.claim("Foo"), "Foo");
        assert_eq!(ns.claim("Foo"), "Foo2");
        assert_eq!(ns.claim("Foo"), "Foo3");
        assert_eq!(ns.claim("V1"), "V1");
        assert_eq!(ns.claim("V1"), "V1_2");
        let mut reserved = Namespace::with_reserved(&["new"]);
        assert_eq!(reserved.claim("new"), "new2");
    }

    #[test]
    fn secrets() {
        for s in [
            "password",
            "pin",
            "token",
            "bearer",
            "cert",
            "client_secret",
            "api_key",
            "access_token",
        ] {
            assert!(is_secret(s), "{s}");
        }
        assert!(!is_secret("body"));
        assert!(!is_secret("username"));
        assert!(!is_secret("pinned"));
    }
}
