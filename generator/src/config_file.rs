//! `oagen.toml`: a run's settings kept beside the spec, so that the same
//! generation can be repeated (and checked) without a long command line.
//!
//! ```toml
//! spec = "api.yaml"                   # relative to this file
//! out = "../client"                   # the generated crate's directory
//! crate-name = "my-api"
//! crate-version = "1.2.0"             # default: the API's version when semver-like
//! overlays = ["overlays/fixes.yaml"]  # applied in this order
//! split-by-tag = "auto"               # "auto" | "always" | "never"
//! deny-warnings = false
//!
//! [select]                            # default: every operation
//! tags = ["pets"]                     # operations with one of these tags
//! operations = ["getStatus"]          # and these operationIds
//!
//! [warnings]
//! allow = ["overlay-unmatched"]       # codes whose warnings are dropped
//! deny = ["lossy-union"]              # codes whose warnings fail the run
//!
//! [formats]                           # default: String; `byte` is decoded bytes (Base64Bytes)
//! date-time = "time"                  # or "chrono"; date likewise
//! uuid = "uuid"
//! uri = "url"
//! byte = "bytes"                      # base64 kept as text (formats::Base64); "string": String; binary likewise
//! ```
//!
//! Paths are relative to the directory of the file. Unknown keys are
//! errors, located at their line. Parsing is pure: reading the files it
//! names is the caller's job ([`ConfigFile::resolve`] joins the paths).

use crate::config::{Config, SplitByTag};
use crate::error::{Error, Location};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The name looked for beside the spec.
pub const FILE_NAME: &str = "oagen.toml";

/// The contents of an `oagen.toml`, paths as written.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// The OpenAPI document.
    pub spec: Option<PathBuf>,
    /// Directory of the generated crate.
    pub out: Option<PathBuf>,
    pub crate_name: Option<String>,
    pub crate_version: Option<String>,
    /// Overlay files, applied in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overlays: Vec<PathBuf>,
    /// `auto` (default), `always` or `never`.
    pub split_by_tag: Option<Split>,
    pub deny_warnings: Option<bool>,
    /// The operations to generate (and the types they use).
    #[serde(default, skip_serializing_if = "SelectSection::is_empty")]
    pub select: SelectSection,
    #[serde(default, skip_serializing_if = "WarningsSection::is_empty")]
    pub warnings: WarningsSection,
    /// String formats printed as `formats` types: format -> library.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub formats: std::collections::BTreeMap<String, String>,
}

/// `[select]`: operations kept by tag or operationId; empty: all.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectSection {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub operations: Vec<String>,
}

impl SelectSection {
    fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty()
    }
}

/// `[warnings]`: warning codes (`docs/warnings.md`) to drop or to make
/// fatal.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningsSection {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deny: Vec<String>,
}

impl WarningsSection {
    fn is_empty(&self) -> bool {
        self.allow.is_empty() && self.deny.is_empty()
    }
}

/// `split-by-tag` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Split {
    Auto,
    Always,
    Never,
}

impl From<Split> for SplitByTag {
    fn from(s: Split) -> Self {
        match s {
            Split::Auto => SplitByTag::Auto,
            Split::Always => SplitByTag::Always,
            Split::Never => SplitByTag::Never,
        }
    }
}

impl ConfigFile {
    /// Parses the text of an `oagen.toml`; `label` names it in errors.
    pub fn parse(text: &str, label: &str) -> Result<ConfigFile, Error> {
        toml::from_str(text).map_err(|e| {
            let location = e.span().map(|span| {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                Location { line, column }
            });
            let at = location.map(|l| format!(":{l}")).unwrap_or_default();
            Error::Config(format!("{label}{at}: {}", e.message()))
        })
    }

    /// The file's text, as `parse` reads it back.
    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }

    /// Paths made relative to `dir` (the directory holding the file).
    pub fn resolve(&self, dir: &Path) -> ConfigFile {
        let join = |p: &PathBuf| if p.is_absolute() { p.clone() } else { dir.join(p) };
        ConfigFile {
            spec: self.spec.as_ref().map(join),
            out: self.out.as_ref().map(join),
            overlays: self.overlays.iter().map(join).collect(),
            ..self.clone()
        }
    }

    /// The settings this file gives on top of `config` (overlays are not
    /// read here: the caller adds them with [`Config::overlay`]).
    pub fn apply_to(&self, mut config: Config) -> Config {
        if let Some(name) = &self.crate_name {
            config.crate_name = name.clone();
        }
        if let Some(v) = &self.crate_version {
            config.crate_version = Some(v.clone());
        }
        if let Some(s) = self.split_by_tag {
            config.split_by_tag = s.into();
        }
        if let Some(d) = self.deny_warnings {
            config.deny_warnings = d;
        }
        if !self.select.is_empty() {
            config = config.select(crate::Selection {
                tags: self.select.tags.clone(),
                operations: self.select.operations.clone(),
            });
        }
        config.allow_warnings.extend(self.warnings.allow.iter().cloned());
        config.deny_warning_codes.extend(self.warnings.deny.iter().cloned());
        for (format, lib) in &self.formats {
            config = config.format(format, lib);
        }
        config
    }
}

/// What the command line gives; each set value overrides the config file's.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// An explicit `oagen.toml`; else one beside the spec is used if present.
    pub config: Option<PathBuf>,
    pub spec: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub crate_name: Option<String>,
    pub crate_version: Option<String>,
    /// When not empty, replaces the config file's overlays.
    pub overlays: Vec<PathBuf>,
    /// `true` turns warnings into errors whatever the file says.
    pub deny_warnings: bool,
}

/// A run ready to generate: the spec's text and settings, overlays read.
#[derive(Debug, Clone)]
pub struct Run {
    pub spec: PathBuf,
    pub spec_text: String,
    pub out: PathBuf,
    /// The config file used, if any.
    pub config_file: Option<PathBuf>,
    pub config: Config,
}

/// Reads the config file (given, or `oagen.toml` beside the spec), the spec
/// and the overlays, and merges the settings (command line first). The
/// `@generated` header names the spec, the overlays and the config file, and
/// the command to regenerate. Errors are messages for the user.
pub fn prepare(o: &Overrides) -> Result<Run, String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()));
    let config_path = o.config.clone().or_else(|| {
        let beside = o.spec.as_ref()?.parent()?.join(FILE_NAME);
        beside.is_file().then_some(beside)
    });
    let file = match &config_path {
        Some(path) => {
            let dir = path.parent().unwrap_or(Path::new(""));
            ConfigFile::parse(&read(path)?, &path.display().to_string())
                .map_err(|e| e.to_string())?
                .resolve(dir)
        }
        None => ConfigFile::default(),
    };
    let spec = o
        .spec
        .clone()
        .or(file.spec.clone())
        .ok_or("no spec: pass --spec or set `spec` in oagen.toml")?;
    let out = o
        .out
        .clone()
        .or(file.out.clone())
        .ok_or("no output directory: pass --out or set `out` in oagen.toml")?;
    let crate_name = o
        .crate_name
        .clone()
        .or(file.crate_name.clone())
        .ok_or("no crate name: pass --crate-name or set `crate-name` in oagen.toml")?;
    let mut config = file.apply_to(Config::new(""));
    config.crate_name = crate_name;
    if let Some(v) = &o.crate_version {
        config.crate_version = Some(v.clone());
    }
    config.deny_warnings |= o.deny_warnings;
    let overlays = if o.overlays.is_empty() {
        &file.overlays
    } else {
        &o.overlays
    };
    for path in overlays {
        config = config.overlay(crate::OverlayFile::new(path.display().to_string(), read(path)?));
    }
    let only_config = config_path.is_some() && o.spec.is_none() && o.out.is_none() && o.overlays.is_empty();
    let config = header_labels(config, &spec, &out, overlays, config_path.as_deref(), only_config)
        .map_err(|e| format!("cannot resolve {} and {}: {e}", spec.display(), out.display()))?;
    Ok(Run {
        spec_text: read(&spec)?,
        spec,
        out,
        config_file: config_path,
        config,
    })
}

/// The header's labels, independent of how paths were typed: the spec (and
/// overlays, and config file) relative to the crate, and a command that
/// regenerates the crate from the workspace root.
fn header_labels(
    config: Config,
    spec: &Path,
    out: &Path,
    overlays: &[PathBuf],
    config_file: Option<&Path>,
    only_config: bool,
) -> std::io::Result<Config> {
    use crate::write::{absolute, relative, workspace_root, Placement};
    let placement = Placement::new(spec, out)?;
    let out = absolute(out)?;
    let root = workspace_root(&out);
    let overlays = overlays.iter().map(|p| absolute(p)).collect::<Result<Vec<_>, _>>()?;
    let mut label = placement.spec_from_crate.clone();
    if !overlays.is_empty() {
        let names: Vec<String> = overlays.iter().map(|p| relative(&out, p)).collect();
        label = format!("{label} with overlay {}", names.join(", "));
    }
    let config_file = config_file.map(absolute).transpose()?;
    let command = match &config_file {
        Some(c) if only_config => format!("oagen generate --config {}", relative(&root, c)),
        _ => {
            let mut cmd = placement.command(&config.crate_name, config.crate_version.as_deref());
            for p in &overlays {
                cmd.push_str(&format!(" --overlay {}", relative(&root, p)));
            }
            cmd
        }
    };
    if let Some(c) = &config_file {
        label = format!("{label} ({})", relative(&out, c));
    }
    Ok(config.spec_label(label).regen_command(command))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_locates_errors() {
        let text = "spec = \"api.yaml\"\nout = \"../client\"\ncrate-name = \"my-api\"\noverlays = [\"a.yaml\", \"b.yaml\"]\nsplit-by-tag = \"never\"\n[select]\ntags = [\"pets\"]\n[warnings]\ndeny = [\"lossy-union\"]\n";
        let file = ConfigFile::parse(text, "oagen.toml").unwrap();
        assert_eq!(file.overlays, vec![PathBuf::from("a.yaml"), PathBuf::from("b.yaml")]);
        assert_eq!(file.split_by_tag, Some(Split::Never));
        assert_eq!(file.select.tags, ["pets"]);
        assert_eq!(file.warnings.deny, ["lossy-union"]);
        assert_eq!(ConfigFile::parse(&file.to_toml(), "again").unwrap(), file);
        let err = ConfigFile::parse("spec = \"a\"\nspecs = 1\n", "oagen.toml").unwrap_err();
        assert!(err.to_string().contains("oagen.toml:2:1"), "{err}");
    }
}
