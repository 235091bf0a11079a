//! Arbitrary bytes, read as text, through the whole `oagen::generate`
//! pipeline. Any outcome but a panic (or a hang) is acceptable here; the
//! error's shape is checked by `oagen_fuzz::check`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() > oagen_fuzz::MAX_INPUT {
        return;
    }
    let text = String::from_utf8_lossy(data);
    oagen_fuzz::check(&text);
});
