#!/usr/bin/env bash
# Cross-compiles nianbao for 64-bit Windows and wraps it in an NSIS installer:
#   target/dist/政务公开年报核查-安装-VERSION.exe
# Works from a fresh clone on Debian 12: installs mingw-w64 and nsis (apt) and the Rust target.
# Options: --no-installer (just the .exe files), --no-deps (skip apt/rustup), --check (no build:
# compile and lint both programs for Windows, as CI does; a release build takes 23 minutes from
# scratch on the 2-core machine, tract-core alone 6, and the two programs resolve different
# features, so the console twin compiles tract again).
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=x86_64-pc-windows-gnu
WANT_INSTALLER=1
WANT_DEPS=1
CHECK_ONLY=0
for arg in "$@"; do
    case "$arg" in
        --no-installer) WANT_INSTALLER=0 ;;
        --check) CHECK_ONLY=1; WANT_INSTALLER=0 ;;
        --no-deps) WANT_DEPS=0 ;;
        *) echo "unknown option: $arg" >&2; exit 2 ;;
    esac
done

install_deps() {
    local sudo="" missing=()
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(gcc-mingw-w64-x86-64)
    # windres embeds the icon and version info (build.rs).
    command -v x86_64-w64-mingw32-windres >/dev/null || missing+=(binutils-mingw-w64-x86-64)
    if [ "$WANT_INSTALLER" = 1 ]; then command -v makensis >/dev/null || missing+=(nsis); fi
    if [ ${#missing[@]} -gt 0 ]; then
        echo "==> apt-get install ${missing[*]}"
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
    if ! rustup target list --installed | grep -qx "$TARGET"; then
        echo "==> rustup target add $TARGET"
        rustup target add "$TARGET"
    fi
}

[ "$WANT_DEPS" = 1 ] && install_deps

VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
# The linker for this target is found by name (x86_64-w64-mingw32-gcc); set it explicitly so a
# user-level cargo config cannot point elsewhere.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
if [ "$CHECK_ONLY" = 1 ]; then
    # Everything but code generation and linking: the Windows-only code, build.rs with the
    # resource compiler, and the C kernels of the dependencies built by mingw.
    echo "==> cargo clippy --release --target $TARGET (nianbao $VERSION)"
    cargo clippy --release --locked --target "$TARGET" --bins -- -D warnings
    cargo clippy --release --locked --target "$TARGET" --no-default-features --bin nianbao-cli -- -D warnings
    exit 0
fi
echo "==> cargo build --release --target $TARGET (nianbao $VERSION)"
cargo build --release --locked --target "$TARGET" --bin nianbao
# The console twin is built without the GUI: rustc emits no per-function sections for this target,
# so the linker cannot drop unused code, and with the GUI compiled in it would be as big as the app.
cargo build --release --locked --target "$TARGET" --no-default-features --bin nianbao-cli

TARGET_DIR=$(realpath -m "${CARGO_TARGET_DIR:-target}")
BINDIR="$TARGET_DIR/$TARGET/release"
for exe in nianbao.exe nianbao-cli.exe; do
    [ -f "$BINDIR/$exe" ] || { echo "missing $BINDIR/$exe" >&2; exit 1; }
done
DIST="$TARGET_DIR/dist"
# The installed layout: the GUI as nianbao-gui.exe, the console twin as nianbao.exe, so that
# `nianbao check` typed in cmd or PowerShell runs the program that can print.
STAGE="$DIST/nianbao-windows"
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp "$BINDIR/nianbao.exe" "$STAGE/nianbao-gui.exe"
cp "$BINDIR/nianbao-cli.exe" "$STAGE/nianbao.exe"
# Release binaries carry symbols nobody needs on an office PC; stripping shrinks them a lot.
x86_64-w64-mingw32-strip "$STAGE/nianbao-gui.exe" "$STAGE/nianbao.exe"
ls -l "$STAGE"

[ "$WANT_INSTALLER" = 1 ] || exit 0

OUT="$DIST/政务公开年报核查-安装-$VERSION.exe"
echo "==> makensis → $OUT"
makensis -V2 -INPUTCHARSET UTF8 \
    -DVERSION="$VERSION" -DSTAGE="$STAGE" -DROOT="$PWD" -DOUTFILE="$OUT" \
    packaging/windows/installer.nsi
ls -l "$OUT"
