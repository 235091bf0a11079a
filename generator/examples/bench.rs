//! Generation speed and memory against the parse floor, for `cargo xtask bench`.
//!
//! `bench [--runs N] FILE...` prints, per document: the parse floor (read the
//! file and deserialize it into `openapiv3` types, nothing else), full
//! generation (text -> formatted files in memory), their ratio, and the peak
//! resident memory of each in a fresh process, then where generation time
//! goes, stage by stage. Times are medians of N runs.
//! `bench --peak floor|generate FILE` is the single measurement run in a
//! child process for the peak-memory figures.

use std::time::{Duration, Instant};

/// The allocator of the `oagen` binary, so that figures are what it does.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn parse_floor(text: &str, json: bool) -> usize {
    let doc: openapiv3::OpenAPI = if json {
        serde_json::from_str(text).expect("the document deserializes")
    } else {
        serde_yaml::from_str(text).expect("the document deserializes")
    };
    doc.paths.paths.len()
}

fn generate(text: &str) -> usize {
    let out = oagen::generate(&oagen::Config::new("bench-client"), text).expect("the document generates");
    out.files.values().map(String::len).sum()
}

/// The same work as [`generate`], timed stage by stage: load (parse,
/// rewrite, deserialize), lower, normalise, emit and format.
fn stages(text: &str) -> [Duration; 4] {
    let config = oagen::Config::new("bench-client");
    let t = Instant::now();
    let loaded = oagen::internal::load(text).expect("the document loads");
    let load = t.elapsed();
    let t = Instant::now();
    let (mut api, mut warnings) = oagen::internal::lower(&loaded.doc).expect("the document lowers");
    let lower = t.elapsed();
    let t = Instant::now();
    oagen::internal::normalise(&mut api, &mut warnings);
    oagen::internal::assign_features(&mut api, config.split_by_tag);
    let normalise = t.elapsed();
    let t = Instant::now();
    let files = oagen::internal::render(&api, &config).expect("formats");
    std::hint::black_box(files);
    [load, lower, normalise, t.elapsed()]
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

fn child_peak(mode: &str, file: &str) -> u64 {
    let out = std::process::Command::new(std::env::current_exe().expect("own path"))
        .args(["--peak", mode, file])
        .output()
        .expect("child runs");
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--peak") {
        let (mode, file) = (&args[1], &args[2]);
        let text = std::fs::read_to_string(file).expect("readable");
        match mode.as_str() {
            "floor" => {
                parse_floor(&text, file.ends_with(".json"));
            }
            _ => {
                generate(&text);
            }
        }
        println!("{}", peak_kib());
        return;
    }
    let mut runs = 7;
    let mut files = Vec::new();
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        if a == "--runs" {
            runs = it.next().and_then(|n| n.parse().ok()).unwrap_or(runs);
        } else {
            files.push(a);
        }
    }
    let mut breakdown = Vec::new();
    println!("| document | parse floor (median) | generation (median) | ratio | peak MB floor | peak MB generation | output |");
    println!("|---|---|---|---|---|---|---|");
    for file in &files {
        let json = file.ends_with(".json");
        let name = std::path::Path::new(file)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or(file);
        let mut floor = Vec::new();
        let mut full = Vec::new();
        let mut bytes = 0;
        // Interleaved, so both see the same machine conditions.
        for _ in 0..runs {
            let t = Instant::now();
            let text = std::fs::read_to_string(file).expect("readable");
            std::hint::black_box(parse_floor(&text, json));
            floor.push(t.elapsed());
            let t = Instant::now();
            let text = std::fs::read_to_string(file).expect("readable");
            bytes = std::hint::black_box(generate(&text));
            full.push(t.elapsed());
        }
        let mut parts: [Vec<Duration>; 4] = Default::default();
        for _ in 0..runs {
            let text = std::fs::read_to_string(file).expect("readable");
            for (i, d) in stages(&text).into_iter().enumerate() {
                parts[i].push(d);
            }
        }
        breakdown.push((name.to_string(), parts.map(median)));
        let (f, g) = (median(floor), median(full));
        let peak_floor = child_peak("floor", file) as f64 / 1024.0;
        let peak_gen = child_peak("generate", file) as f64 / 1024.0;
        println!(
            "| {name} | {:.1} ms | {:.1} ms | {:.1}x | {peak_floor:.0} | {peak_gen:.0} | {:.1} MB |",
            f.as_secs_f64() * 1e3,
            g.as_secs_f64() * 1e3,
            g.as_secs_f64() / f.as_secs_f64(),
            bytes as f64 / 1e6
        );
    }
    println!();
    println!("| document | load | lower | normalise | emit + format |");
    println!("|---|---|---|---|---|");
    for (name, [load, lower, normalise, emit]) in breakdown {
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1e3);
        println!(
            "| {name} | {} | {} | {} | {} |",
            ms(load),
            ms(lower),
            ms(normalise),
            ms(emit)
        );
    }
}
