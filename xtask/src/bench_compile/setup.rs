//! What `bench --compile` measures: the oagen binary, openapi-generator
//! (installed from PyPI, pinned) and the crates both generate, each the one
//! member of a workspace of its own under `target/bench-compile/crates/`.

use super::{measure, Crate};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The pinned openapi-generator release (PyPI `openapi-generator-cli`, whose
/// wheel bundles the jar).
const OPENAPI_GENERATOR: &str = "7.26.0";

/// The document and tag whose feature alone is measured.
const ONE_TAG: (&str, &str) = ("github", "repos");

/// The generators of one bench run.
pub struct Generators<'a> {
    pub oagen: &'a Path,
    pub baseline: Option<&'a Path>,
    pub jar: &'a Path,
}

/// `cargo build --release -p oagen`, the binary's path.
pub fn build_oagen(root: &Path) -> Result<PathBuf> {
    println!("building oagen (release)");
    measure(
        super::cargo()
            .current_dir(root)
            .args(["build", "--quiet", "--release", "-p", "oagen"]),
        "building oagen",
    )?;
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    Ok(target.join("release/oagen"))
}

/// The jar of the pinned openapi-generator, installed with pip into
/// `work/openapi-generator-<version>/` unless it is there already.
pub fn install_openapi_generator(work: &Path) -> Result<PathBuf> {
    let dir = work.join(format!("openapi-generator-{OPENAPI_GENERATOR}"));
    if let Some(jar) = find_file(&dir, &|p| p.extension().is_some_and(|x| x == "jar")) {
        return Ok(jar);
    }
    println!(
        "installing openapi-generator-cli=={OPENAPI_GENERATOR} from PyPI into {}",
        dir.display()
    );
    let partial = work.join(format!("openapi-generator-{OPENAPI_GENERATOR}.partial"));
    let _ = std::fs::remove_dir_all(&partial);
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    measure(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
            ])
            .arg("--target")
            .arg(&partial)
            .arg(format!("openapi-generator-cli=={OPENAPI_GENERATOR}")),
        "pip install openapi-generator-cli",
    )?;
    std::fs::rename(&partial, &dir)?;
    find_file(&dir, &|p| p.extension().is_some_and(|x| x == "jar"))
        .with_context(|| format!("no jar in {}", dir.display()))
}

/// The first file under `dir` (depth first, names sorted) that `pick` accepts.
fn find_file(dir: &Path, pick: &dyn Fn(&Path) -> bool) -> Option<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).ok()?.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if let Some(found) = find_file(&p, pick) {
                return Some(found);
            }
        } else if pick(&p) {
            return Some(p);
        }
    }
    None
}

/// A document of the corpus whose file name contains `word`.
pub fn find_in_corpus(corpus: &Path, word: &str) -> Option<PathBuf> {
    find_file(corpus, &|p| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        name.contains(word) && [".json", ".yaml", ".yml"].iter().any(|x| name.ends_with(x))
    })
}

/// Lines of Rust under `dir/src`.
fn rust_lines(dir: &Path) -> usize {
    fn walk(dir: &Path, n: &mut usize) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, n);
            } else if p.extension().is_some_and(|x| x == "rs") {
                *n += std::fs::read_to_string(&p).map(|s| s.lines().count()).unwrap_or(0);
            }
        }
    }
    let mut n = 0;
    walk(&dir.join("src"), &mut n);
    n
}

/// A workspace of one member, `crate/`.
fn workspace(work: &Path, name: &str) -> Result<PathBuf> {
    let ws = work.join("crates").join(name);
    std::fs::create_dir_all(&ws)?;
    std::fs::write(
        ws.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"crate\"]\n",
    )?;
    Ok(ws)
}

/// Generates one oagen crate (and, for GitHub, its one-tag variant).
fn oagen_crates(work: &Path, doc: &str, spec: &Path, bin: &Path, generator: &str, suffix: &str) -> Result<Vec<Crate>> {
    let package = format!("oagen-{doc}{suffix}");
    let ws = workspace(work, &package)?;
    let dir = ws.join("crate");
    let t = measure(
        Command::new(bin)
            .args(["generate", "--force", "--quiet", "--spec"])
            .arg(spec)
            .arg("--out")
            .arg(&dir)
            .args(["--crate-name", &package]),
        &format!("{generator} generate ({doc})"),
    )?;
    println!("{generator} generated the {doc} crate in {:.2} s", t.time.as_secs_f64());
    // The workspace lock pins the same dependency versions for every run.
    std::fs::copy(crate::codegen::root().join("Cargo.lock"), ws.join("Cargo.lock"))?;
    let lines = rust_lines(&dir);
    let mut crates = vec![Crate {
        doc: doc.into(),
        generator: generator.into(),
        workspace: ws.clone(),
        package: package.clone(),
        args: Vec::new(),
        lines,
    }];
    if doc == ONE_TAG.0 {
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml"))?;
        if manifest.lines().any(|l| l.starts_with(&format!("{} = [", ONE_TAG.1))) {
            crates.push(Crate {
                doc: doc.into(),
                generator: generator.into(),
                workspace: ws,
                package,
                args: vec!["--no-default-features".into(), "--features".into(), ONE_TAG.1.into()],
                lines,
            });
        } else {
            println!(
                "{generator}'s {doc} crate has no feature `{}`: one-tag figure skipped",
                ONE_TAG.1
            );
        }
    }
    Ok(crates)
}

/// openapi-generator's `rust` crate for the document, generated again only
/// when the jar or the document changed.
fn openapi_generator_crate(work: &Path, doc: &str, spec: &Path, jar: &Path) -> Result<Crate> {
    let package = format!("ogen_{doc}");
    let ws = workspace(work, &format!("{doc}-openapi-generator"))?;
    let dir = ws.join("crate");
    let len = std::fs::metadata(spec)?.len();
    // A version cargo accepts, whatever `info.version` says ("unversioned").
    let version = "packageVersion=1.0.0";
    let stamp = format!("{}\n{}\n{len}\n{version}\n", jar.display(), spec.display());
    let stamp_file = ws.join("generated-with");
    if std::fs::read_to_string(&stamp_file).ok().as_deref() != Some(stamp.as_str()) || !dir.join("src").is_dir() {
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_file(&stamp_file);
        let java = Command::new("java").arg("-version").output();
        if !java.is_ok_and(|o| o.status.success()) {
            bail!("openapi-generator needs Java (`java` on PATH; Java 11 or later)");
        }
        let t = measure(
            Command::new("java")
                .arg("-jar")
                .arg(jar)
                .args(["generate", "-g", "rust", "-i"])
                .arg(spec)
                .arg("-o")
                .arg(&dir)
                .args(["--package-name", &package, "--additional-properties", version]),
            &format!("openapi-generator generate ({doc})"),
        )?;
        println!(
            "openapi-generator generated the {doc} crate in {:.2} s",
            t.time.as_secs_f64()
        );
        std::fs::write(&stamp_file, stamp)?;
    }
    Ok(Crate {
        doc: doc.into(),
        generator: "openapi-generator".into(),
        workspace: ws,
        package,
        args: Vec::new(),
        lines: rust_lines(&dir),
    })
}

/// Every crate measured for one document: oagen's (all features, and one
/// tag's feature for GitHub), the baseline oagen's when given, and
/// openapi-generator's.
pub fn generate_all(work: &Path, doc: &str, spec: &Path, tools: &Generators) -> Result<Vec<Crate>> {
    let mut crates = oagen_crates(work, doc, spec, tools.oagen, "oagen", "")?;
    if let Some(b) = tools.baseline {
        crates.extend(oagen_crates(work, doc, spec, b, "oagen (baseline)", "-baseline")?);
    }
    crates.push(openapi_generator_crate(work, doc, spec, tools.jar)?);
    Ok(crates)
}
