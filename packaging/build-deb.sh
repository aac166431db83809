#!/usr/bin/env bash
# Builds target/dist/nianbao_VERSION-1_ARCH.deb with dpkg-deb from a staged tree (no cargo-deb
# to compile first). Works from a fresh clone on Debian 12 / UOS / Kylin; installs dpkg-dev and python3.
# Options: --no-deps (skip apt), --no-build (package the existing target/release/nianbao).
set -euo pipefail
cd "$(dirname "$0")/.."

WANT_DEPS=1
WANT_BUILD=1
for arg in "$@"; do
    case "$arg" in
        --no-deps) WANT_DEPS=0 ;;
        --no-build) WANT_BUILD=0 ;;
        *) echo "unknown option: $arg" >&2; exit 2 ;;
    esac
done

if [ "$WANT_DEPS" = 1 ]; then
    missing=()
    command -v dpkg-shlibdeps >/dev/null || missing+=(dpkg-dev)
    command -v python3 >/dev/null || missing+=(python3)
    if [ ${#missing[@]} -gt 0 ]; then
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        echo "==> apt-get install ${missing[*]}"
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
fi

VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
ARCH=$(dpkg --print-architecture)
TARGET_DIR=$(realpath -m "${CARGO_TARGET_DIR:-target}")
if [ "$WANT_BUILD" = 1 ]; then
    echo "==> cargo build --release --bin nianbao (nianbao $VERSION)"
    cargo build --release --locked --bin nianbao
fi

DIST="$TARGET_DIR/dist"
STAGE="$DIST/deb-root"
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/nianbao/samples" "$STAGE/usr/share/doc/nianbao"

install -m 755 "$TARGET_DIR/release/nianbao" "$STAGE/usr/bin/nianbao"
strip --strip-unneeded "$STAGE/usr/bin/nianbao"
install -m 644 assets/samples/*.txt "$STAGE/usr/share/nianbao/samples/"
install -m 644 packaging/linux/nianbao.desktop "$STAGE/usr/share/applications/nianbao.desktop"
# hicolor icons at every size the .ico holds (its images are PNGs), so menus need not scale.
python3 packaging/linux/ico_to_hicolor.py assets/icon/icon.ico "$STAGE/usr/share/icons/hicolor"
install -m 644 packaging/linux/copyright "$STAGE/usr/share/doc/nianbao/copyright"
install -m 644 assets/fonts/OFL.txt "$STAGE/usr/share/doc/nianbao/OFL.txt"

# Libraries the binary links against, as dpkg-shlibdeps sees them (libc6, libgcc-s1, …).
# It needs a debian/control to run from; give it one in a scratch folder.
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
mkdir -p "$SCRATCH/debian"
printf 'Source: nianbao\n\nPackage: nianbao\nArchitecture: any\n' >"$SCRATCH/debian/control"
LINKED=$(cd "$SCRATCH" && dpkg-shlibdeps -O "$STAGE/usr/bin/nianbao" | sed -n 's/^shlibs:Depends=//p')
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
ls -l "$OUT"
