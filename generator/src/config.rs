//! Generation settings: one builder with documented setters.

use crate::ir::{Format, FormatLib};

/// What to generate and how to label it.
#[derive(Debug, Clone)]
pub struct Config {
    /// Cargo package name of the generated crate (`my-api-client`).
    pub crate_name: String,
    /// Version of the generated crate; derived from `info.version` when unset.
    pub crate_version: Option<String>,
    /// How the spec is named in the `@generated` header: its path relative
    /// to the generated crate, with `/` separators (e.g. `../spec/api.yaml`).
    pub spec_label: String,
    /// The command that regenerates the output, named in the header.
    pub regen_command: String,
    /// Fail when generation produced any warning.
    pub deny_warnings: bool,
    /// Whether operations (and the types only they use) are grouped into a
    /// module and a cargo feature per tag.
    pub split_by_tag: SplitByTag,
    /// Overlays applied, in order, to the document before generation, and
    /// the operations to generate.
    pub edits: crate::Edits,
    /// Warning codes (`docs/warnings.md`, e.g. `numeric-enum-strings`) whose
    /// warnings are dropped.
    pub allow_warnings: Vec<String>,
    /// Warning codes that fail generation.
    pub deny_warning_codes: Vec<String>,
    /// String formats printed as `crate::formats` types, and the library
    /// each converts to by default (`date-time` -> `time`). Formats not
    /// listed stay `String`.
    pub formats: std::collections::BTreeMap<String, String>,
}

/// When to give each tag its own module and cargo feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SplitByTag {
    /// For large APIs: more than [`SplitByTag::AUTO_THRESHOLD`] operations.
    #[default]
    Auto,
    Always,
    Never,
}

impl SplitByTag {
    /// Operations above which `Auto` splits.
    pub const AUTO_THRESHOLD: usize = 100;

    pub fn applies(self, operations: usize) -> bool {
        match self {
            SplitByTag::Auto => operations > Self::AUTO_THRESHOLD,
            SplitByTag::Always => true,
            SplitByTag::Never => false,
        }
    }
}

impl Config {
    /// Settings for a crate called `crate_name`, with default labels.
    pub fn new(crate_name: impl Into<String>) -> Self {
        Config {
            crate_name: crate_name.into(),
            crate_version: None,
            spec_label: "the OpenAPI document".into(),
            regen_command: "oagen generate".into(),
            deny_warnings: false,
            split_by_tag: SplitByTag::Auto,
            edits: crate::Edits::default(),
            allow_warnings: Vec::new(),
            deny_warning_codes: Vec::new(),
            formats: Default::default(),
        }
    }

    /// Names the spec in the `@generated` header of every file.
    pub fn spec_label(mut self, label: impl Into<String>) -> Self {
        self.spec_label = label.into();
        self
    }

    /// Names the command that regenerates the files, in their header.
    pub fn regen_command(mut self, command: impl Into<String>) -> Self {
        self.regen_command = command.into();
        self
    }

    /// Overrides the generated crate's version.
    pub fn crate_version(mut self, version: impl Into<String>) -> Self {
        self.crate_version = Some(version.into());
        self
    }

    /// Makes any warning fatal.
    pub fn deny_warnings(mut self, deny: bool) -> Self {
        self.deny_warnings = deny;
        self
    }

    /// Groups operations by tag into modules and cargo features (default:
    /// only for APIs with more than 100 operations).
    pub fn split_by_tag(mut self, split: SplitByTag) -> Self {
        self.split_by_tag = split;
        self
    }

    /// Adds an overlay, applied after those added before it.
    pub fn overlay(mut self, overlay: crate::OverlayFile) -> Self {
        self.edits.overlays.push(overlay);
        self
    }

    /// Generates only these operations (and the types they use).
    pub fn select(mut self, selection: crate::Selection) -> Self {
        self.edits.select = selection;
        self
    }

    /// Prints strings of `format` (`date-time`, `date`, `uuid`, `uri`,
    /// `byte`, `binary`) as a `crate::formats` type converting to `library`
    /// (`time` or `chrono` for dates, `uuid`, `url`, `bytes`); `string`
    /// makes them `String`. By default a format is a `String`, except
    /// `byte` (base64 text), which is its decoded bytes
    /// (`Base64Bytes`).
    pub fn format(mut self, format: impl Into<String>, library: impl Into<String>) -> Self {
        self.formats.insert(format.into(), library.into());
        self
    }

    /// `byte = "string"`: base64 text stays a `String`.
    pub(crate) fn byte_as_string(&self) -> bool {
        self.formats.get("byte").is_some_and(|lib| lib == "string")
    }

    /// The format mapping, checked.
    pub(crate) fn format_map(&self) -> Result<std::collections::BTreeMap<Format, FormatLib>, crate::Error> {
        let mut map = std::collections::BTreeMap::new();
        for (name, lib) in &self.formats {
            let Some(format) = Format::ALL.into_iter().find(|f| f.name() == name) else {
                let known: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
                return Err(crate::Error::Config(format!(
                    "format `{name}` cannot be mapped (these can: {})",
                    known.join(", ")
                )));
            };
            if lib == "string" {
                continue;
            }
            let Some(lib) = format.libraries().iter().find(|l| l.name() == lib) else {
                let known: Vec<&str> = format.libraries().iter().map(|l| l.name()).chain(["string"]).collect();
                return Err(crate::Error::Config(format!(
                    "format `{name}` maps to {}, not `{lib}`",
                    known.join(" or ")
                )));
            };
            map.insert(format, *lib);
        }
        Ok(map)
    }

    /// Drops warnings with this code.
    pub fn allow_warning(mut self, code: impl Into<String>) -> Self {
        self.allow_warnings.push(code.into());
        self
    }

    /// Fails generation on a warning with this code.
    pub fn deny_warning(mut self, code: impl Into<String>) -> Self {
        self.deny_warning_codes.push(code.into());
        self
    }

    /// Drops the allowed warnings; fails when a denied one is left.
    pub(crate) fn filter_warnings(&self, warnings: &mut Vec<crate::Warning>) -> Result<(), crate::Error> {
        let listed = |codes: &[String], w: &crate::Warning| codes.iter().any(|c| c == w.code.as_str());
        warnings.retain(|w| !listed(&self.allow_warnings, w));
        let denied = warnings.iter().filter(|w| listed(&self.deny_warning_codes, w)).count();
        if denied > 0 {
            return Err(crate::Error::DeniedWarnings { count: denied });
        }
        Ok(())
    }

    pub(crate) fn validate(&self) -> Result<(), crate::Error> {
        let n = &self.crate_name;
        let ok = !n.is_empty()
            && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && n.starts_with(|c: char| c.is_ascii_alphabetic());
        if !ok {
            return Err(crate::Error::Config(format!(
                "crate name `{n}` must start with a letter and hold only ASCII letters, digits, `-` and `_`"
            )));
        }
        if let Some(v) = &self.crate_version {
            check_semver(v).map_err(crate::Error::Config)?;
        }
        self.format_map()?;
        for code in self.allow_warnings.iter().chain(&self.deny_warning_codes) {
            code.parse::<crate::error::WarningCode>()
                .map_err(crate::Error::Config)?;
        }
        Ok(())
    }
}

/// Checks that `version` is a semantic version as Cargo requires
/// (`MAJOR.MINOR.PATCH`, optional `-pre` and `+build`), explaining why not.
pub fn check_semver(version: &str) -> Result<(), String> {
    let bad = |why: &str| {
        Err(format!(
            "crate version `{version}` is not semver ({why}); write e.g. `1.2.0`"
        ))
    };
    let (core, build) = version.split_once('+').map_or((version, None), |(c, b)| (c, Some(b)));
    let (core, pre) = core.split_once('-').map_or((core, None), |(c, p)| (c, Some(p)));
    let numbers: Vec<&str> = core.split('.').collect();
    if numbers.len() != 3 {
        return bad("expected three numbers MAJOR.MINOR.PATCH");
    }
    for n in &numbers {
        if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) || n.len() > 1 && n.starts_with('0') {
            return bad("each of MAJOR.MINOR.PATCH is a number without leading zeros");
        }
        if n.parse::<u64>().is_err() {
            return bad("a number is too large");
        }
    }
    let ident_ok = |s: &str| {
        s.split('.')
            .all(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    };
    if pre.is_some_and(|p| !ident_ok(p)) || build.is_some_and(|b| !ident_ok(b)) {
        return bad("pre-release and build parts are dot-separated ASCII letters, digits and `-`");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_semver;

    #[test]
    fn crate_versions_must_be_semver() {
        for ok in ["0.1.0", "1.2.3", "10.20.30-rc.1", "1.0.0+build.5", "1.0.0-alpha-2+x"] {
            assert_eq!(check_semver(ok), Ok(()), "{ok}");
        }
        for bad in [
            "banana",
            "1.2",
            "1.2.3.4",
            "01.2.3",
            "1.2.x",
            "1.2.3-",
            "1.2.3+a..b",
            "",
            "v1.2.3",
        ] {
            let err = check_semver(bad).unwrap_err();
            assert!(
                err.starts_with(&format!("crate version `{bad}` is not semver")),
                "{err}"
            );
        }
    }
}
