//! Prints the document a `mutate` input stands for, so that a finding can
//! be saved as a readable fixture:
//!
//! ```text
//! cargo run --release --manifest-path generator/fuzz/Cargo.toml --example render -- artifacts/mutate/crash-...
//! ```
//!
//! With `--check`, also runs it through `generate` and prints the outcome.

use arbitrary::{Arbitrary, Unstructured};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    for path in args.iter().filter(|a| *a != "--check") {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let case = match oagen_fuzz::Case::arbitrary_take_rest(Unstructured::new(&bytes)) {
            Ok(case) => case,
            Err(e) => {
                eprintln!("{path}: not a case: {e}");
                continue;
            }
        };
        let Some(text) = oagen_fuzz::render_case(&case) else {
            eprintln!("no seeds found");
            return;
        };
        if check {
            eprintln!("{case:#?}");
            let start = std::time::Instant::now();
            let result = oagen::generate(&oagen::Config::new("fuzz"), &text);
            eprintln!("{:?} after {:?}", result.as_ref().map(|_| "ok"), start.elapsed());
        }
        print!("{text}");
    }
}
