//! The html reader on arbitrary bytes: it may refuse them, never panic or hang.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = nianbao::read::html::read(data);
});
