//! The spreadsheet readers on arbitrary bytes; the first byte picks XLSX, XLS or ODS.
#![no_main]
use libfuzzer_sys::fuzz_target;
use nianbao::read::sniff::SheetKind;

fuzz_target!(|data: &[u8]| {
    let Some((pick, bytes)) = data.split_first() else {
        return;
    };
    let kind = match pick % 3 {
        0 => SheetKind::Xlsx,
        1 => SheetKind::Xls,
        _ => SheetKind::Ods,
    };
    let _ = nianbao::read::sheet::read(bytes, kind);
});
