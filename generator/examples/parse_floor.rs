//! The whole-process parse floor for `cargo xtask bench`: read one OpenAPI
//! document and deserialize it into `openapiv3` types, nothing else, with the
//! allocator of the `oagen` binary. The bench spawns it beside `oagen
//! generate` so that both pay process start-up, reading and parsing.

#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let Some(file) = std::env::args().nth(1) else {
        eprintln!("usage: parse_floor FILE");
        return std::process::ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {file}: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let doc: Result<openapiv3::OpenAPI, String> = if text.trim_start().starts_with('{') {
        serde_json::from_str(&text).map_err(|e| e.to_string())
    } else {
        serde_yaml::from_str(&text).map_err(|e| e.to_string())
    };
    match doc {
        Ok(doc) => {
            println!("{} paths", doc.paths.paths.len());
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{file}: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
