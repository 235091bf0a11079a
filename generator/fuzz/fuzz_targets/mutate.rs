//! Structure-aware fuzzing: a fixture document with a list of edits
//! (deleted keys, retyped nodes, duplicated subtrees, odd `$ref`s, odd
//! names, other versions, nested `allOf`/`oneOf`), so that the inputs get
//! past parsing and deserialization into lowering and emission.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|case: oagen_fuzz::Case| {
    if let Some(text) = oagen_fuzz::render_case(&case) {
        oagen_fuzz::check(&text);
    }
});
