//! Windows builds only: embeds the icon, the version information (what Explorer's "详细信息" tab
//! and Task Manager show) and an application manifest in every .exe. Other targets skip it.
//! On every target: fetches the OCR models for scanned reports when models/ocr/ is incomplete.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    ocr_models();
    println!("cargo:rerun-if-changed=assets/icon/icon.ico");
    println!("cargo:rerun-if-changed=packaging/windows/nianbao.manifest");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        if let Err(e) = windows_resources() {
            // A missing resource compiler should say so, not silently ship an exe without an icon.
            panic!("cannot embed the Windows resources (icon, version info): {e}");
        }
    }
}

fn windows_resources() -> std::io::Result<()> {
    let mut res = winresource::WindowsResource::new();
    // 0x0804: Chinese (Simplified, PRC), the language of the version strings.
    res.set_language(0x0804)
        .set_icon("assets/icon/icon.ico")
        .set_manifest_file("packaging/windows/nianbao.manifest")
        .set("ProductName", "政务公开年报核查")
        .set("FileDescription", "政务公开年报核查")
        .set("CompanyName", "nianbao")
        .set("LegalCopyright", "MIT License");
    res.compile()
}

/// Runs scripts/fetch-ocr-models.sh (idempotent). Without network the build goes on: the app
/// then says that the OCR models are missing when it meets a scan (read/scan/models.rs).
fn ocr_models() {
    println!("cargo:rerun-if-changed=scripts/fetch-ocr-models.sh");
    println!("cargo:rerun-if-changed=models/ocr");
    let ok = std::process::Command::new("sh")
        .arg("scripts/fetch-ocr-models.sh")
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        println!(
            "cargo:warning=OCR models not fetched: scanned reports cannot be read until \
             scripts/fetch-ocr-models.sh has run (it needs python3 -m pip and the network)"
        );
    }
}
