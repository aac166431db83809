#!/usr/bin/env bash
# Builds target/dist/nianbao_VERSION-1_ARCH.deb with dpkg-deb from a staged tree (no cargo-deb to
# compile first), for this machine's architecture or, cross-built on a Debian 12 x86-64 machine,
# for another one:
#   --arch amd64    x86_64-unknown-linux-gnu      (Hygon, Zhaoxin, Intel, AMD)
#   --arch arm64    aarch64-unknown-linux-gnu     (Phytium, Kunpeng): gcc-aarch64-linux-gnu links it
#   --arch loong64  loongarch64-unknown-linux-gnu (Loongson, new-world ABI): linked by Zig through
#                   cargo-zigbuild (Debian 12 has no LoongArch cross gcc); where rustup has no
#                   prebuilt standard library for it, std is built from rust-src (-Zbuild-std).
# Needs: Debian 12 or a derivative, rustup + cargo, network to the package registries. Installs
# itself what is missing: dpkg-dev, python3 (always); the cross gcc/binutils and libc (arm64);
# the rustup target or rust-src; PyPI ziglang (in target/tools/zig-venv) and cargo-zigbuild
# (loong64).
# Produces: target/dist/nianbao_VERSION-1_ARCH.deb (and the staged tree target/dist/deb-root-ARCH);
# prints the control file, the binary's NEEDED libraries, the build time and the .deb size.
# Options: --arch ARCH (default: this machine's), --no-deps (skip apt/rustup/pip/cargo install),
# --no-build (package the binary already built for that architecture).
set -euo pipefail
cd "$(dirname "$0")/.."

WANT_DEPS=1
WANT_BUILD=1
ARCH=$(dpkg --print-architecture)
while [ $# -gt 0 ]; do
    case "$1" in
        --no-deps) WANT_DEPS=0 ;;
        --no-build) WANT_BUILD=0 ;;
        --arch) ARCH=${2:?--arch needs amd64, arm64 or loong64}; shift ;;
        --arch=*) ARCH=${1#--arch=} ;;
        *) echo "unknown option: $1 (usage: $0 [--arch amd64|arm64|loong64] [--no-deps] [--no-build])" >&2; exit 2 ;;
    esac
    shift
done

HOST_ARCH=$(dpkg --print-architecture)
case "$ARCH" in
    amd64) TRIPLE=x86_64-unknown-linux-gnu; GNU=x86_64-linux-gnu ;;
    arm64) TRIPLE=aarch64-unknown-linux-gnu; GNU=aarch64-linux-gnu ;;
    loong64) TRIPLE=loongarch64-unknown-linux-gnu; GNU=loongarch64-linux-gnu ;;
    *) echo "unsupported --arch $ARCH (amd64, arm64 or loong64)" >&2; exit 2 ;;
esac
NATIVE=0
[ "$ARCH" = "$HOST_ARCH" ] && NATIVE=1

VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
TARGET_DIR=$(realpath -m "${CARGO_TARGET_DIR:-target}")
ZIG_VENV="$TARGET_DIR/tools/zig-venv"

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
APT_UPDATED=0
apt_install() { # apt_install package...: installs those not installed yet
    local missing=() p
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "==> apt-get install ${missing[*]}"
    if [ "$APT_UPDATED" = 0 ]; then
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        APT_UPDATED=1
    fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# loong64: is rustup's prebuilt standard library there? If not, std is built from source.
BUILD_STD=0
if [ "$WANT_DEPS" = 1 ]; then
    apt_install dpkg-dev python3 binutils
    case "$ARCH" in
        arm64)
            apt_install gcc-aarch64-linux-gnu libc6-dev-arm64-cross binutils-aarch64-linux-gnu
            rustup target add "$TRIPLE"
            ;;
        loong64)
            apt_install python3-venv
            if ! rustup target add "$TRIPLE"; then
                echo "    rustup has no prebuilt std for $TRIPLE here: building it from rust-src (-Zbuild-std)"
                rustup component add rust-src
                BUILD_STD=1
            fi
            if ! "$ZIG_VENV/bin/python" -m ziglang version >/dev/null 2>&1; then
                echo "==> pip install ziglang (in $ZIG_VENV)"
                python3 -m venv "$ZIG_VENV"
                "$ZIG_VENV/bin/pip" install -q ziglang
            fi
            command -v cargo-zigbuild >/dev/null || cargo install --locked cargo-zigbuild
            ;;
        amd64)
            [ "$NATIVE" = 1 ] || { apt_install gcc-x86-64-linux-gnu libc6-dev-amd64-cross; rustup target add "$TRIPLE"; }
            ;;
    esac
elif [ "$ARCH" = loong64 ] && ! rustup target list --installed | grep -qx "$TRIPLE"; then
    BUILD_STD=1
fi

# Where cargo puts the binary, and how it is built.
if [ "$NATIVE" = 1 ]; then
    BIN="$TARGET_DIR/release/nianbao"
    BUILD=(cargo build --release --locked --bin nianbao)
    STRIP="strip"
else
    BIN="$TARGET_DIR/$TRIPLE/release/nianbao"
    STRIP="$GNU-strip"
    case "$ARCH" in
        arm64 | amd64)
            ENVVAR=${TRIPLE//-/_}
            export "CARGO_TARGET_${ENVVAR^^}_LINKER=$GNU-gcc" "CC_$ENVVAR=$GNU-gcc" "AR_$ENVVAR=$GNU-ar"
            BUILD=(nice -n 10 cargo build --release --locked --target "$TRIPLE" --bin nianbao)
            ;;
        loong64)
            # Zig links against glibc 2.36, the first with LoongArch. Debian 12 has no binutils
            # that strip LoongArch (zig objcopy cannot either): the linker strips (-s) instead.
            export PATH="$ZIG_VENV/bin:$PATH" CARGO_PROFILE_RELEASE_STRIP=symbols
            STRIP=""
            BUILD=(nice -n 10 cargo zigbuild --release --locked --target "$TRIPLE.2.36" --bin nianbao)
            if [ "$BUILD_STD" = 1 ]; then
                export RUSTC_BOOTSTRAP=1 # -Zbuild-std on the stable toolchain
                BUILD+=("-Zbuild-std=std,panic_unwind")
            fi
            ;;
    esac
fi

BUILD_SECONDS=""
if [ "$WANT_BUILD" = 1 ]; then
    echo "==> ${BUILD[*]} (nianbao $VERSION for $ARCH)"
    start=$(date +%s)
    "${BUILD[@]}"
    BUILD_SECONDS=$(($(date +%s) - start))
fi
[ -x "$BIN" ] || { echo "no $BIN: build it first (without --no-build)" >&2; exit 1; }

DIST="$TARGET_DIR/dist"
STAGE="$DIST/deb-root-$ARCH"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/nianbao/samples" "$STAGE/usr/share/doc/nianbao"

install -m 755 "$BIN" "$STAGE/usr/bin/nianbao"
[ -z "$STRIP" ] || "$STRIP" --strip-unneeded "$STAGE/usr/bin/nianbao"
install -m 644 assets/samples/*.txt "$STAGE/usr/share/nianbao/samples/"
install -m 644 packaging/linux/nianbao.desktop "$STAGE/usr/share/applications/nianbao.desktop"
# hicolor icons at every size the .ico holds (its images are PNGs), so menus need not scale.
python3 packaging/linux/ico_to_hicolor.py assets/icon/icon.ico "$STAGE/usr/share/icons/hicolor"
install -m 644 packaging/linux/copyright "$STAGE/usr/share/doc/nianbao/copyright"
install -m 644 assets/fonts/OFL.txt "$STAGE/usr/share/doc/nianbao/OFL.txt"
# The OCR models for scanned reports (read/scan/models.rs looks in ../share/nianbao/models/ocr
# beside the binary), fetched by the build (scripts/fetch-ocr-models.sh), with their licences.
sh scripts/fetch-ocr-models.sh
install -d "$STAGE/usr/share/nianbao/models/ocr"
install -m 644 models/ocr/*.onnx "$STAGE/usr/share/nianbao/models/ocr/"
install -m 644 models/ocr/LICENSE "$STAGE/usr/share/doc/nianbao/OCR-MODELS-LICENSE"
install -m 644 models/ocr/MODEL_LICENSES.md "$STAGE/usr/share/doc/nianbao/OCR-MODEL_LICENSES.md"

# The libraries the binary links against. Everything the window needs is loaded with dlopen (see
# RUNTIME below), so only the C runtime may be here: anything else is a build mistake.
NEEDED=$(readelf -d "$STAGE/usr/bin/nianbao" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
echo "    NEEDED: $NEEDED"
for lib in $NEEDED; do
    case "$lib" in
        libc.so.6 | libm.so.6 | libdl.so.2 | libpthread.so.0 | librt.so.1 | libgcc_s.so.1 | ld-linux*.so.*) ;;
        *) echo "unexpected NEEDED library $lib: the GUI's libraries must be loaded with dlopen" >&2; exit 1 ;;
    esac
done

if [ "$NATIVE" = 1 ]; then
    # As dpkg-shlibdeps sees them (libc6, libgcc-s1, …). It needs a debian/control to run from;
    # give it one in a scratch folder.
    SCRATCH=$(mktemp -d)
    trap 'rm -rf "$SCRATCH"' EXIT
    mkdir -p "$SCRATCH/debian"
    printf 'Source: nianbao\n\nPackage: nianbao\nArchitecture: any\n' >"$SCRATCH/debian/control"
    LINKED=$(cd "$SCRATCH" && dpkg-shlibdeps -O "$STAGE/usr/bin/nianbao" | sed -n 's/^shlibs:Depends=//p')
else
    # dpkg-shlibdeps would name the cross packages (libc6-arm64-cross): the same Depends from the
    # symbol versions the binary asks for (GLIBC_2.x of libc6, GCC_x of libgcc-s1).
    # (readelf reads an ELF of any architecture; this machine's objdump may not.)
    newest() { readelf -V -W "$STAGE/usr/bin/nianbao" | grep -o "Name: $1[0-9.]*" | sed "s/^Name: $1//" | sort -uV | tail -n1; }
    LINKED="libc6 (>= $(newest GLIBC_))"
    if grep -qw libgcc_s.so.1 <<<"$NEEDED"; then
        gcc_version=$(newest GCC_)
        LINKED+=", libgcc-s1 (>= ${gcc_version:-3.0})"
    fi
fi
# The window libraries are loaded at run time with dlopen, which dpkg-shlibdeps cannot see:
# X11 + xkbcommon (winit), EGL/GLX and Mesa's drivers (glow, wgpu's GL fallback).
RUNTIME="libx11-6, libx11-xcb1, libxcursor1, libxi6, libxrandr2, libxkbcommon0, libxkbcommon-x11-0, libegl1, libgl1, libgl1-mesa-dri"

# Whatever the builder's umask, the package's folders are world-readable.
find "$STAGE" -type d -exec chmod 755 {} +

SIZE_KB=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION-1/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE_KB/" \
    -e "s/@DEPENDS@/${LINKED:+$LINKED, }$RUNTIME/" \
    packaging/linux/control.in >"$STAGE/DEBIAN/control"
cat "$STAGE/DEBIAN/control"

OUT="$DIST/nianbao_${VERSION}-1_${ARCH}.deb"
# --root-owner-group: files belong to root in the package whoever builds it.
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$OUT" >/dev/null
echo "==> $OUT: $(du -h "$OUT" | cut -f1) ($(stat -c %s "$OUT") bytes), /usr/bin/nianbao $(du -h "$STAGE/usr/bin/nianbao" | cut -f1), installed ${SIZE_KB} KiB${BUILD_SECONDS:+, built in ${BUILD_SECONDS} s}"
