//! oagen: typed async Rust clients from OpenAPI 3.0 and 3.1 documents.
//!
//! The library is pure: [`generate`] takes the document's text and a
//! [`Config`] and returns every file of the client crate in memory. Writing
//! them (only the changed ones, atomically) is [`write::write_crate`]'s job,
//! used by the CLI and by `cargo xtask regen`.
//!
//! The public API is what callers use: [`generate`] with its [`Config`]
//! (and [`config_file`] for `oagen.toml`, [`OverlayFile`], [`Selection`]),
//! the result [`Generated`], [`Error`] and [`Warning`] with their
//! [`Location`]s, [`write`](mod@write) (writing a crate, [`WriteReport`],
//! [`Placement`]), [`ModuleBuilder`] for `build.rs`, and [`diff`] (comparing
//! two documents). The stages inside are private to the crate:
//!
//! 1. `load`: text -> `openapiv3::OpenAPI` (YAML or JSON, 3.1 rewritten to
//!    the 3.0 model, located errors);
//! 2. `lower`: `openapiv3` -> `ir::Api`, our own plain data;
//! 3. `normalise`: whole-IR decisions (recursion, union order, usage, login);
//! 4. `emit`: IR -> token streams;
//! 5. `format`: prettyplease and the `@generated` header.
//!
//! ```no_run
//! let spec = std::fs::read_to_string("spec/api.yaml").unwrap();
//! let out = oagen::generate(&oagen::Config::new("my-api"), &spec).unwrap();
//! for (path, contents) in &out.files {
//!     println!("{path}: {} bytes", contents.len());
//! }
//! ```

pub mod config;
pub mod config_file;
pub mod diff;
pub(crate) mod downgrade;
pub(crate) mod emit;
pub mod error;
pub(crate) mod format;
pub(crate) mod ir;
pub(crate) mod load;
pub(crate) mod locate;
pub(crate) mod lower;
pub mod module;
pub(crate) mod naming;
pub(crate) mod normalise;
pub mod overlay;
pub(crate) mod refcheck;
pub(crate) mod reference;
pub mod select;
pub mod write;

pub use config::{Config, SplitByTag};
pub use error::{Error, Location, Warning, WarningCode};
pub use module::ModuleBuilder;
pub use overlay::{Edits, OverlayFile};
pub use select::Selection;
pub use write::{Placement, WriteReport};

/// Stage entry points for the project's own tooling (the benchmark, the
/// CLI's diagnostic rendering, `cargo xtask conformance`).
///
/// **Not a stable API**: hidden from the documentation, changed freely
/// between versions. Users call [`generate`] and the public modules.
#[doc(hidden)]
pub mod internal {
    pub use crate::load::{detect_format, load};
    pub use crate::locate::Locator;
    pub use crate::lower::lower;
    pub use crate::normalise::{assign_features, normalise};

    use crate::{analyse_checked, emit, format, ir, Config, Edits, Error, Warning};
    use std::collections::BTreeMap;

    /// Parses, checks and lowers a document into the IR, with its warnings,
    /// with edits (overlays, in order, then a selection of
    /// operations) applied to the parsed document.
    pub fn analyse_with(spec: &str, edits: &Edits) -> Result<(ir::Api, Vec<Warning>), Error> {
        analyse_checked(spec, edits, &Default::default(), false, true)
    }

    /// Emits and formats every file of the crate for an analysed API.
    pub fn render(api: &ir::Api, config: &Config) -> Result<BTreeMap<String, String>, Error> {
        use rayon::prelude::*;
        let memo = emit::snippet::Memo::default();
        // Files are formatted in parallel, and so are the items of each.
        emit::emit(api, config)
            .into_par_iter()
            .map(|(path, output)| format::format_file(&path, output, config, &memo).map(|text| (path, text)))
            .collect()
    }
}

use std::collections::BTreeMap;

/// Everything one run produced.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Path relative to the crate root -> contents.
    pub files: BTreeMap<String, String>,
    /// What was handled in a lossy or surprising way, with locations.
    pub warnings: Vec<Warning>,
}

/// `semver_version`: warn when `info.version` is not semver (the crate
/// version falls back to 0.1.0).
fn analyse_checked(
    spec: &str,
    edits: &Edits,
    formats: &std::collections::BTreeMap<ir::Format, ir::FormatLib>,
    byte_as_string: bool,
    semver_version: bool,
) -> Result<(ir::Api, Vec<Warning>), Error> {
    let (api, mut warnings, locator) = analyse_unplaced(spec, edits, formats, byte_as_string, semver_version)?;
    for w in &mut warnings {
        locator.place(w);
    }
    Ok((api, warnings))
}

/// [`analyse_checked`] with the warnings not yet located: the locator that
/// places them is returned beside them.
fn analyse_unplaced<'s>(
    spec: &'s str,
    edits: &Edits,
    formats: &std::collections::BTreeMap<ir::Format, ir::FormatLib>,
    byte_as_string: bool,
    semver_version: bool,
) -> Result<(ir::Api, Vec<Warning>, locate::Locator<'s>), Error> {
    let loaded = load::load_with(spec, edits)?;
    let mut warnings = loaded.warnings;
    let (mut api, lower_warnings) = lower::lower_with(&loaded.doc, formats, byte_as_string)
        .map_err(|e| refcheck::widen(e, spec, &loaded.locator, load::detect_format(spec)))?;
    warnings.extend(lower_warnings);
    normalise::normalise(&mut api, &mut warnings);
    if semver_version && emit::manifest::semver(&api.version).is_none() {
        warnings.push(Warning::new(
            error::WarningCode::NonstandardVersion,
            "/info/version",
            format!(
                "`{}` is not a semver version, so the crate is versioned 0.1.0; set the crate version (`--crate-version`) to choose another",
                api.version
            ),
        ));
    }
    // A construct reached through several operations is reported once.
    let mut seen = std::collections::BTreeSet::new();
    warnings.retain(|w| seen.insert((w.pointer.clone(), w.message.clone())));
    Ok((api, warnings, loaded.locator))
}

/// Generates the files of a client crate from an OpenAPI document's text
/// (with the config's overlays applied to it).
pub fn generate(config: &Config, spec: &str) -> Result<Generated, Error> {
    config.validate()?;
    let semver_version = config.crate_version.is_none();
    let (mut api, mut warnings, locator) = analyse_unplaced(
        spec,
        &config.edits,
        &config.format_map()?,
        config.byte_as_string(),
        semver_version,
    )?;
    normalise::assign_features(&mut api, config.split_by_tag);
    config.filter_warnings(&mut warnings)?;
    if config.deny_warnings && !warnings.is_empty() {
        return Err(Error::DeniedWarnings { count: warnings.len() });
    }
    // The warnings are located (a scan of the text) while the files are formatted.
    let placing = &mut warnings;
    let (files, ()) = rayon::join(
        || internal::render(&api, config),
        move || placing.iter_mut().for_each(|w| locator.place(w)),
    );
    Ok(Generated {
        files: files?,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    /// The public modules are the API users call; a stage made public by
    /// accident fails here (`internal` is the one hidden exception).
    #[test]
    fn public_modules_are_the_api() {
        let public: Vec<&str> = include_str!("lib.rs")
            .lines()
            .filter_map(|l| l.strip_prefix("pub mod "))
            .map(|l| l.trim_end_matches([';', ' ', '{']))
            .collect();
        assert_eq!(
            public,
            [
                "config",
                "config_file",
                "diff",
                "error",
                "module",
                "overlay",
                "select",
                "write",
                "internal"
            ]
        );
    }
}
