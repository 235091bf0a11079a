//! The client as one module file, for a crate's `build.rs`.
//!
//! [`ModuleBuilder`] generates the crate in memory as [`crate::generate`]
//! does, then folds it into one file for `include!`: every `mod x;` of
//! `lib.rs` becomes an inline `mod x { .. }` (runtime included), and every
//! `crate::` path becomes the module's own path (`crate::petstore::`), so
//! the generated code works mounted anywhere in the including crate. The
//! including crate declares the generated crate's dependencies and features
//! itself; [`ModuleBuilder::write_to_out_dir`] warns about any it lacks.
//!
//! ```no_run
//! // In build.rs's `main`:
//! oagen::module::ModuleBuilder::new("petstore.yaml", "crate::petstore")
//!     .write_to_out_dir()
//!     .unwrap_or_else(|e| panic!("{e}"));
//! ```
//!
//! and in `src/lib.rs`: `pub mod petstore { include!(concat!(env!("OUT_DIR"), "/petstore.rs")); }`.

use crate::config::{Config, SplitByTag};
use crate::{Error, Warning};
use proc_macro2::{Group, TokenStream, TokenTree};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Generates a client as one module file (see the module docs).
#[derive(Debug, Clone)]
pub struct ModuleBuilder {
    spec: PathBuf,
    mount: String,
    config: Config,
}

impl ModuleBuilder {
    /// The client for `spec` (relative to the including crate's root in
    /// [`write_to_out_dir`](Self::write_to_out_dir)), mounted at `mount`, the
    /// path of the module that includes it (`crate::petstore`,
    /// `crate::apis::petstore`). The file is named after its last segment.
    pub fn new(spec: impl Into<PathBuf>, mount: &str) -> Self {
        let name = mount.rsplit("::").next().unwrap_or(mount).to_string();
        let spec = spec.into();
        ModuleBuilder {
            config: Config::new(name)
                .spec_label(spec.display().to_string().replace('\\', "/"))
                .regen_command("cargo build")
                .split_by_tag(SplitByTag::Never),
            spec,
            mount: mount.to_string(),
        }
    }

    /// Adjusts the generation settings (crate version, warnings). Operations
    /// are never split into features: the including crate has none for them.
    pub fn config(mut self, edit: impl FnOnce(Config) -> Config) -> Self {
        self.config = edit(self.config).split_by_tag(SplitByTag::Never);
        self
    }

    /// The module file for the document `spec_text`, its warnings, and the
    /// `Cargo.toml` the crate would have (whose dependencies and features the
    /// including crate needs). Pure: nothing is read or written.
    pub fn generate(&self, spec_text: &str) -> Result<(String, Vec<Warning>, String), Error> {
        let generated = crate::generate(&self.config, spec_text)?;
        let text = fold(&generated.files, &self.mount)?;
        let manifest = generated.files.get("Cargo.toml").cloned().unwrap_or_default();
        let header = crate::format::header(&self.config, "//");
        Ok((format!("{header}{text}"), generated.warnings, manifest))
    }

    /// For `build.rs`: reads the spec (relative to `CARGO_MANIFEST_DIR`),
    /// writes `$OUT_DIR/<name>.rs` when its contents change, asks Cargo to
    /// rerun when the spec changes, and prints each warning, and each
    /// dependency or feature the including crate lacks, as a
    /// `cargo:warning`. Returns the written path, or the rendered error.
    pub fn write_to_out_dir(&self) -> Result<PathBuf, String> {
        let var = |k: &str| {
            std::env::var_os(k)
                .map(PathBuf::from)
                .ok_or(format!("{k} is not set (run from build.rs)"))
        };
        let (manifest_dir, out_dir) = (var("CARGO_MANIFEST_DIR")?, var("OUT_DIR")?);
        let spec = manifest_dir.join(&self.spec);
        println!("cargo:rerun-if-changed={}", spec.display());
        let text = std::fs::read_to_string(&spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
        let label = self.spec.display().to_string();
        let (module, warnings, manifest) = self
            .generate(&text)
            .map_err(|e| crate::error::render("error", &e.to_string(), &label, &text, e.pointer(), e.location()))?;
        for w in &warnings {
            let at = w.location.map(|l| format!(":{l}")).unwrap_or_default();
            println!(
                "cargo:warning={label}{at}: warning[{}]: {} (at {})",
                w.code, w.message, w.pointer
            );
        }
        let own = std::fs::read_to_string(manifest_dir.join("Cargo.toml")).unwrap_or_default();
        for line in crate::write::missing_dependencies(&own, &manifest) {
            println!("cargo:warning=the generated module needs this in [dependencies]: {line}");
        }
        for feature in missing_features(&own, &manifest) {
            println!("cargo:warning=the generated module needs this in [features]: {feature}");
        }
        let path = out_dir.join(format!("{}.rs", self.config.crate_name));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(module.as_str()) {
            std::fs::write(&path, module).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        Ok(path)
    }
}

/// Feature lines of the generated manifest (other than `default`) that
/// `own` does not declare.
fn missing_features(own: &str, generated: &str) -> Vec<String> {
    let features = |text: &str| -> Vec<(String, String)> {
        let mut inside = false;
        let mut out = Vec::new();
        for line in text.lines() {
            let t = line.trim();
            if t.starts_with('[') {
                inside = t == "[features]";
            } else if inside && !t.starts_with('#') {
                if let Some((name, _)) = t.split_once('=') {
                    out.push((name.trim().to_string(), t.to_string()));
                }
            }
        }
        out
    };
    let have = features(own);
    features(generated)
        .into_iter()
        .filter(|(name, _)| name != "default" && !have.iter().any(|(n, _)| n == name))
        .map(|(_, line)| line)
        .collect()
}

/// Folds the crate's `src/` files into one module body mounted at `mount`.
pub(crate) fn fold(files: &BTreeMap<String, String>, mount: &str) -> Result<String, Error> {
    let mount_tokens: TokenStream = mount
        .parse()
        .map_err(|e| Error::Config(format!("module path `{mount}` does not parse ({e})")))?;
    if syn::parse2::<syn::Path>(mount_tokens.clone()).is_err() {
        return Err(Error::Config(format!(
            "`{mount}` is not a module path such as `crate::petstore`"
        )));
    }
    let mut lib = parse(files, "src/lib.rs")?;
    // `include!` takes items only: the crate's own attributes and docs go.
    lib.attrs.clear();
    inline_modules(&mut lib.items, files, Path::new("src"))?;
    // The including crate's lint settings are for its own code, not for
    // generated code it cannot change.
    for item in &mut lib.items {
        if let syn::Item::Mod(m) = item {
            let allow = syn::parse_quote!(#[allow(clippy::all, clippy::pedantic, clippy::nursery, missing_docs)]);
            m.attrs.insert(0, allow);
        }
    }
    let tokens = remount(quote::ToTokens::into_token_stream(lib), &mount_tokens);
    let file: syn::File = syn::parse2(tokens).map_err(|e| Error::internal(&format!("folded module ({e})")))?;
    Ok(ignore_doc_examples(&prettyplease::unparse(&file)))
}

/// Doc examples name the standalone crate (`use my_api::Client`), which a
/// module inside another crate is not: they become `ignore` blocks, so the
/// including crate's doctests do not try to compile them.
fn ignore_doc_examples(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let doc = trimmed.strip_prefix("///").or_else(|| trimmed.strip_prefix("//!"));
        match doc.map(str::trim_start) {
            Some(rest) if rest.starts_with("```") => {
                if in_code {
                    out.push_str(line);
                } else {
                    let indent = &line[..line.len() - trimmed.len()];
                    let marker = &trimmed[..3];
                    let pad = &doc.unwrap_or_default()[..doc.unwrap_or_default().len() - rest.len()];
                    out.push_str(&format!("{indent}{marker}{pad}```ignore\n"));
                }
                in_code = !in_code;
            }
            Some(_) => out.push_str(line),
            None => {
                in_code = false;
                out.push_str(line);
            }
        }
    }
    out
}

fn parse(files: &BTreeMap<String, String>, path: &str) -> Result<syn::File, Error> {
    let text = files
        .get(path)
        .ok_or_else(|| Error::internal(&format!("`{path}` is declared but not generated")))?;
    syn::parse_file(text).map_err(|e| Error::internal(&format!("{path} does not parse ({e})")))
}

/// Replaces every `mod x;` with `mod x { .. }` from `dir/x.rs`, keeping the
/// file's inner attributes except its docs (whose examples name the crate)
/// and the rustfmt marker.
fn inline_modules(items: &mut [syn::Item], files: &BTreeMap<String, String>, dir: &Path) -> Result<(), Error> {
    for item in items {
        let syn::Item::Mod(m) = item else { continue };
        if m.content.is_some() {
            continue;
        }
        let name = m.ident.to_string();
        let flat = format!("{}/{name}.rs", dir.display()).replace('\\', "/");
        // A module with submodules is `x/mod.rs`.
        let nested = format!("{}/{name}/mod.rs", dir.display()).replace('\\', "/");
        let path = if files.contains_key(&flat) || !files.contains_key(&nested) {
            flat
        } else {
            nested
        };
        let mut file = parse(files, &path)?;
        inline_modules(&mut file.items, files, &dir.join(&name))?;
        m.attrs.extend(file.attrs.into_iter().filter(|a| {
            let rustfmt_marker = a.path().is_ident("cfg_attr")
                && quote::ToTokens::to_token_stream(&a.meta)
                    .to_string()
                    .contains("rustfmt");
            !a.path().is_ident("doc") && !rustfmt_marker
        }));
        m.content = Some((syn::token::Brace::default(), file.items));
        m.semi = None;
    }
    Ok(())
}

/// `crate::a::b` -> `<mount>::a::b` everywhere, macro and attribute
/// arguments included; `$crate` and `pub(crate)` stay.
fn remount(tokens: TokenStream, mount: &TokenStream) -> TokenStream {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = TokenStream::new();
    for (i, t) in tokens.iter().enumerate() {
        match t {
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), remount(g.stream(), mount));
                group.set_span(g.span());
                out.extend([TokenTree::Group(group)]);
            }
            TokenTree::Ident(id)
                if id == "crate"
                    && matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
                    && !matches!(i.checked_sub(1).and_then(|j| tokens.get(j)), Some(TokenTree::Punct(p)) if p.as_char() == '$') =>
            {
                out.extend(mount.clone());
            }
            other => out.extend([other.clone()]),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_remounted_except_dollar_crate_and_pub_crate() {
        let mount: TokenStream = "crate::api".parse().unwrap();
        let src: TokenStream =
            "use crate::types::{A, B}; pub(crate) fn f() -> crate::error::Error { $crate::x; g!(crate::runtime::Z) }"
                .parse()
                .unwrap();
        let out = remount(src, &mount).to_string();
        assert!(out.contains("use crate :: api :: types :: { A , B }"), "{out}");
        assert!(
            out.contains("pub (crate) fn f () -> crate :: api :: error :: Error"),
            "{out}"
        );
        assert!(out.contains("$ crate :: x"), "{out}");
        assert!(out.contains("g ! (crate :: api :: runtime :: Z)"), "{out}");
    }

    #[test]
    fn missing_features_are_listed() {
        let generated = "[features]\ndefault = [\"tracing\"]\ntracing = [\"dep:tracing\"]\n\n[dependencies]\n";
        assert_eq!(
            missing_features("[package]\n", generated),
            vec!["tracing = [\"dep:tracing\"]".to_string()]
        );
        assert!(missing_features(generated, generated).is_empty());
    }
}
