#!/usr/bin/env bash
# shellcheck disable=SC2317 # helpers are called through check() and the EXIT trap
# Install tests for the artifacts (build them first with build-windows.sh / build-deb.sh):
#   windows  the NSIS installer under wine: refused on "Windows 7", silent install, files, shortcuts,
#            Apps & Features entry, PATH, `nianbao.exe check --json` on a seed, the GUI exe under
#            Xvfb (screenshot), silent uninstall and what it leaves.
#   deb      the .deb of this machine's architecture in a clean Debian 12 chroot (debootstrap;
#            falls back to this machine with --host): apt install + its dependency resolution,
#            `nianbao check`, the GUI under Xvfb (screenshot), dpkg -r.
#   amd64, arm64, loong64
#            the same for that architecture's .deb (build-deb.sh --arch ARCH); a foreign one runs
#            in a root made by `debootstrap --foreign` and qemu-user-static through binfmt_misc
#            (Debian 12 for arm64; Debian unstable for loong64, which Debian 12 does not have),
#            and also checks `nianbao --version`, `nianbao rules` and that `check --json` on every
#            seed prints byte for byte what the amd64 build prints.
#   all      windows and deb.
# usage: packaging/test-install.sh [windows|deb|amd64|arm64|loong64|all] [--host]
# Needs root (apt, chroot, mount, binfmt_misc) and the Debian mirror; installs what it uses.
# Rerunnable: every run starts from a fresh wine prefix / chroot copy. Screenshots and logs go to
# target/dist/test/. Exit status 1 when any check failed (no `set -e`: a failed check is counted
# and the run goes on to the next one).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

WHAT=${1:-all}
HOST_DEB=0
[ "${2:-}" = "--host" ] && HOST_DEB=1
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SEED=tests/fixtures/seeds/000_12af315242a02ca5.txt
AGENCY=红寺堡区红寺堡镇人民政府
VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
TARGET_DIR=$(realpath -m "${CARGO_TARGET_DIR:-target}")
DIST="$TARGET_DIR/dist"
OUT="$DIST/test"
mkdir -p "$OUT"

FAILED=0
pass() { echo "  ok    $*"; }
fail() { echo "  FAIL  $*"; FAILED=1; }
check() { # check "description" command...
    local what=$1
    shift
    if "$@" >/dev/null 2>&1; then pass "$what"; else fail "$what"; fi
}

apt_install() { # apt_install apt-package...
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "==> apt-get install $*"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
need() { # need command apt-package...: installs the packages when the command is missing
    local cmd=$1
    shift
    command -v "$cmd" >/dev/null || apt_install "$@"
}
need_package() { # need_package apt-package: for what is a file, not a command
    dpkg -s "$1" >/dev/null 2>&1 || apt_install "$1"
}

# One Xvfb for the whole run, on a display number it picks itself.
start_xvfb() {
    need Xvfb xvfb
    need import imagemagick
    local fd_file
    fd_file=$(mktemp)
    Xvfb -displayfd 3 -screen 0 1366x800x24 -nolisten tcp 3>"$fd_file" 2>/dev/null &
    XVFB_PID=$!
    for _ in $(seq 50); do [ -s "$fd_file" ] && break; sleep 0.2; done
    DISPLAY=":$(head -n1 "$fd_file")"
    export DISPLAY
    rm -f "$fd_file"
    echo "    Xvfb on $DISPLAY"
}
XVFB_PID=""
cleanup() {
    [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null
    [ -n "${CHROOT:-}" ] && unmount_chroot
    # The loong64 test's QEMU leaves binfmt_misc as it found it (Debian 12's entry back on).
    if [ -e /proc/sys/fs/binfmt_misc/nianbao-loongarch64 ]; then
        echo -1 >/proc/sys/fs/binfmt_misc/nianbao-loongarch64
        update-binfmts --enable qemu-loongarch64 >/dev/null 2>&1
    fi
    return 0
}
trap cleanup EXIT

# Waits until a window titled like $1 is mapped (up to $2 seconds). Returns 1 if none came.
wait_window() {
    local title=$1 limit=$2
    for _ in $(seq "$limit"); do
        LC_ALL=C.UTF-8 xwininfo -root -tree 2>/dev/null | grep -q "$title" && return 0
        sleep 1
    done
    return 1
}

# After a screenshot: the app's window is still there (it did not die after mapping it, as a
# crashing graphics driver makes it do) and the screen is not one flat colour (it was drawn).
check_drawn() { # check_drawn screenshot.png
    check "the window is still open after start-up" wait_window "政务公开年报核查" 2
    local colours
    colours=$(convert "$1" -format %k info: 2>/dev/null)
    check "the screenshot shows a drawn window (${colours:-no} colours)" test "${colours:-0}" -gt 50
}

# The agency of the first JSON object read from stdin (the `check --json` output).
json_agency() {
    python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["agency"])'
}

# ---------------------------------------------------------------------------------------------
test_windows() {
    echo "== Windows installer under wine"
    local installer="$DIST/政务公开年报核查-安装-$VERSION.exe"
    [ -f "$installer" ] || { fail "no $installer (run packaging/build-windows.sh)"; return; }
    need wine wine wine64
    need xwininfo x11-utils
    local stage="$DIST/nianbao-windows"

    echo "-- the executables"
    check "nianbao-gui.exe is a GUI-subsystem exe (no console window)" pe_subsystem_is "$stage/nianbao-gui.exe" 2
    check "nianbao.exe is a console-subsystem exe (check prints)" pe_subsystem_is "$stage/nianbao.exe" 3
    check "nianbao-gui.exe: icon, version info (产品名称 政务公开年报核查), manifest" has_resources "$stage/nianbao-gui.exe"
    check "nianbao.exe: icon, version info, manifest" has_resources "$stage/nianbao.exe"

    export WINEPREFIX="$OUT/wineprefix" WINEDEBUG=-all
    # No Mono/Gecko download prompts; no .desktop files written into this machine's menus.
    export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
    rm -rf "$WINEPREFIX"
    wineboot -i >/dev/null 2>&1
    wineserver -w
    # wine < 9 has no bcryptprimitives.dll (every Windows 10 has): add the test-only shim.
    local sys32="$WINEPREFIX/drive_c/windows/system32"
    if [ ! -e "$sys32/bcryptprimitives.dll" ]; then
        x86_64-w64-mingw32-gcc -O2 -shared -o "$sys32/bcryptprimitives.dll" \
            packaging/windows/wine-bcryptprimitives.c -lbcrypt &&
            echo "    wine $(wine --version 2>/dev/null) lacks bcryptprimitives.dll: test shim installed"
    fi
    # wine has no Chinese font of its own: link this machine's Noto CJK behind its dialog fonts so
    # the installer's Chinese is legible in the screenshots (Windows has its own fonts). A fresh
    # machine has no Noto CJK either: without it the screenshots showed boxes.
    local noto=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
    [ -f "$noto" ] || need_package fonts-noto-cjk
    if [ -f "$noto" ]; then
        for face in Tahoma "Microsoft Sans Serif" "MS Shell Dlg" "MS Shell Dlg 2"; do
            wine reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\FontLink\SystemLink' /v "$face" \
                /t REG_MULTI_SZ /d "NotoSansCJK-Regular.ttc,Noto Sans CJK SC" /f >/dev/null 2>&1
        done
        # The installer's Chinese pages ask for 宋体 (NSIS's SimpChinese language file).
        for face in 宋体 SimSun 新宋体 NSimSun 微软雅黑 "Microsoft YaHei"; do
            LC_ALL=C.UTF-8 wine reg add 'HKCU\Software\Wine\Fonts\Replacements' /v "$face" \
                /d "Noto Sans CJK SC" /f >/dev/null 2>&1
        done
    fi

    echo "-- refused before Windows 10"
    wine reg add 'HKCU\Software\Wine' /v Version /d win7 /f >/dev/null 2>&1
    wine "$installer" /S >/dev/null 2>&1
    local rc=$?
    wineserver -w
    local instdir_win instdir
    instdir_win="$(wine cmd /c 'echo %LOCALAPPDATA%' 2>/dev/null | tr -d '\r')\\Programs\\nianbao"
    instdir=$(winepath -u "$instdir_win" 2>/dev/null)
    check "installer exits non-zero on Windows 7 (got $rc)" test "$rc" -ne 0
    check "nothing installed on Windows 7" test ! -e "$instdir"
    # The message itself, non-silent, for the screenshot.
    wine "$installer" >/dev/null 2>&1 &
    if wait_window "Installer\|安装" 20; then sleep 2; fi
    import -window root "$OUT/wine-win7-refusal.png" 2>/dev/null && echo "    screenshot: $OUT/wine-win7-refusal.png"
    wineserver -k; wineserver -w

    echo "-- the installer's first page on Windows 10 (screenshot only)"
    wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1
    wine "$installer" >/dev/null 2>&1 &
    if wait_window "安装" 30; then sleep 3; fi
    import -window root "$OUT/wine-installer.png" 2>/dev/null && echo "    screenshot: $OUT/wine-installer.png"
    wineserver -k; wineserver -w

    echo "-- silent install on Windows 10"
    wine "$installer" /S >/dev/null 2>&1
    rc=$?
    wineserver -w
    check "installer /S exits 0 (got $rc)" test "$rc" -eq 0
    echo "    installed into $instdir_win:"
    (cd "$instdir" 2>/dev/null && find . -type f | sort | sed 's/^/      /')
    for f in nianbao.exe nianbao-gui.exe uninstall.exe fonts/NotoSansSC-subset.otf fonts/OFL.txt \
        samples/hongsibu_2023.txt samples/daying_2023.txt samples/tanshan_2023.txt \
        samples/xibao_2023.txt samples/hatubuhu_2023.txt; do
        check "installed $f" test -f "$instdir/$f"
    done
    local uninst='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\nianbao'
    echo "    Apps & Features: $(reg_value "$uninst" DisplayName) $(reg_value "$uninst" DisplayVersion)," \
        "uninstall: $(reg_value "$uninst" UninstallString)"
    echo "    user PATH: $(reg_value 'HKCU\Environment' Path)"
    check "Apps & Features entry has the Chinese name" reg_has "$uninst" DisplayName 政务公开年报核查
    check "Apps & Features entry has QuietUninstallString" reg_has "$uninst" QuietUninstallString 'uninstall.exe" /S'
    check "user PATH contains the install folder" reg_has 'HKCU\Environment' Path "$instdir_win"
    local programs desktop
    programs=$(winepath -u "$(wine cmd /c 'echo %APPDATA%' 2>/dev/null | tr -d '\r')\\Microsoft\\Windows\\Start Menu\\Programs")
    desktop=$(winepath -u "$(wine cmd /c 'echo %USERPROFILE%' 2>/dev/null | tr -d '\r')\\Desktop")
    check "Start menu shortcut" test -f "$programs/政务公开年报核查.lnk"
    check "desktop shortcut" test -f "$desktop/政务公开年报核查.lnk"

    echo "-- installed nianbao.exe check --json (seed 000)"
    cp "$SEED" "$WINEPREFIX/drive_c/seed000.txt"
    wine "$instdir/nianbao.exe" check --json 'C:\seed000.txt' >"$OUT/wine-check.json" 2>"$OUT/wine-check.err"
    rc=$?
    local agency
    agency=$(json_agency <"$OUT/wine-check.json" 2>/dev/null)
    echo "    exit $rc, agency: $agency, $(wc -c <"$OUT/wine-check.json") bytes of JSON"
    check "check exit status is 0 or 1 (read fine)" test "$rc" -le 1
    check "agency is $AGENCY" test "$agency" = "$AGENCY"
    wine "$instdir/nianbao.exe" check 'C:\seed000.txt' 2>&1 | tr -d '\r' | head -n 8 | sed 's/^/      /'

    echo "-- the GUI exe under wine + Xvfb"
    # The samples as the installed folder (there is no --samples flag; see src/cli.rs).
    wine "$instdir/nianbao-gui.exe" "$instdir_win\\samples" >"$OUT/wine-gui.log" 2>&1 &
    disown # ended by wineserver -k below; no "Killed" notice
    if wait_window "政务公开年报核查" 90; then
        pass "GUI window mapped"
        sleep 8 # first frames, samples loading
    else
        fail "GUI window did not appear within 90 s (see $OUT/wine-gui.log)"
    fi
    import -window root "$OUT/wine-gui.png" 2>/dev/null && echo "    screenshot: $OUT/wine-gui.png"
    check_drawn "$OUT/wine-gui.png"
    wineserver -k; wineserver -w

    echo "-- nianbao.exe without arguments starts the app and returns"
    timeout 60 wine "$instdir/nianbao.exe" >/dev/null 2>&1
    rc=$?
    check "console nianbao.exe returned at once with 0 (got $rc)" test "$rc" -eq 0
    if wait_window "政务公开年报核查" 90; then pass "it started the GUI"; else fail "no GUI window after nianbao.exe"; fi
    wineserver -k; wineserver -w

    echo "-- silent uninstall"
    wine "$instdir/uninstall.exe" /S >/dev/null 2>&1
    wineserver -w # the uninstaller reruns itself from %TEMP%; wait for that copy too
    check "install folder removed" test ! -e "$instdir"
    check "Apps & Features entry removed" not wine reg query "$uninst"
    check "Start menu shortcut removed" test ! -e "$programs/政务公开年报核查.lnk"
    check "desktop shortcut removed" test ! -e "$desktop/政务公开年报核查.lnk"
    check "install folder gone from PATH" not reg_has 'HKCU\Environment' Path "$instdir_win"
}

not() { ! "$@"; }

# pe_subsystem_is FILE N: the PE optional header's Subsystem field (2 GUI, 3 console).
pe_subsystem_is() {
    python3 - "$1" "$2" <<'EOF'
import struct, sys
data = open(sys.argv[1], "rb").read()
pe = struct.unpack_from("<I", data, 0x3C)[0]
subsystem = struct.unpack_from("<H", data, pe + 24 + 68)[0]
sys.exit(0 if subsystem == int(sys.argv[2]) else 1)
EOF
}

# has_resources FILE: the icon group, the version information naming the product (政务公开年报核查
# as UTF-16 escapes) and the manifest are in the exe's resources.
has_resources() {
    local rc
    rc=$(x86_64-w64-mingw32-windres -i "$1" -O rc 2>/dev/null) || return 1
    grep -q 'RT_GROUP_ICON' <<<"$rc" &&
        grep -q 'VALUE "ProductName", L"\\x653f\\x52a1\\x516c\\x5f00\\x5e74\\x62a5\\x6838\\x67e5"' <<<"$rc" &&
        grep -q 'RT_MANIFEST' <<<"$rc"
}

# reg_value KEY NAME: a registry value as text. Read through `reg export` (a UTF-16 file): `reg
# query` prints through the console code page, which turns Chinese into question marks.
reg_value() {
    local file="$WINEPREFIX/drive_c/regvalue.reg"
    rm -f "$file"
    wine reg export "$1" 'C:\regvalue.reg' /y >/dev/null 2>&1 || return 1
    python3 - "$file" "$2" <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-16").read().replace("\\\n  ", "")
for line in text.splitlines():
    m = re.match(r'"((?:[^"\\]|\\.)*)"=(.*)', line)
    if not m or m.group(1).lower() != sys.argv[2].lower():
        continue
    value = m.group(2)
    if value.startswith("hex(2):"):  # REG_EXPAND_SZ: UTF-16 bytes
        raw = bytes(int(b, 16) for b in value[7:].split(",") if b.strip())
        print(raw.decode("utf-16-le").rstrip("\0"))
    else:
        print(re.sub(r"\\(.)", r"\1", value[1:-1]))
    sys.exit(0)
sys.exit(1)
EOF
}

# reg_has KEY NAME TEXT: the registry value contains TEXT.
reg_has() {
    reg_value "$1" "$2" | grep -qF -- "$3"
}

# ---------------------------------------------------------------------------------------------
CHROOT=""
unmount_chroot() {
    for m in tmp/.X11-unix dev/pts dev proc; do umount "$CHROOT/$m" 2>/dev/null; done
}

# debootstrap_template DIR ARCH SUITE: a minbase root, made once and kept as a template.
debootstrap_template() {
    local template=$1 arch=$2 suite=$3
    [ -x "$template/usr/bin/apt-get" ] && [ ! -d "$template/debootstrap" ] && return 0
    need debootstrap debootstrap
    if [ -x "$template/debootstrap/debootstrap" ] && [ "$arch" != "$(dpkg --print-architecture)" ]; then
        echo "-- debootstrap second stage under qemu (the first one is done in $template)"
        chroot "$template" /debootstrap/debootstrap --second-stage >>"$OUT/debootstrap-$arch.log" 2>&1
        return
    fi
    rm -rf "$template"
    if [ "$arch" = "$(dpkg --print-architecture)" ]; then
        echo "-- debootstrap --variant=minbase $suite (once, kept in $template)"
        debootstrap --variant=minbase "$suite" "$template" "$MIRROR" >"$OUT/debootstrap-$arch.log" 2>&1
    else
        echo "-- debootstrap --foreign --arch=$arch --variant=minbase $suite + second stage under qemu (once, kept in $template)"
        debootstrap --foreign --arch="$arch" --variant=minbase "$suite" "$template" "$MIRROR" \
            >"$OUT/debootstrap-$arch.log" 2>&1 &&
            chroot "$template" /debootstrap/debootstrap --second-stage >>"$OUT/debootstrap-$arch.log" 2>&1
    fi
}

# emulate ARCH: this kernel runs ARCH's programs through qemu-user-static (binfmt_misc, with the
# F flag: the interpreter is opened here, so the root needs no copy of it).
emulate() {
    local qemu entry
    case "$1" in arm64) qemu=aarch64 ;; loong64) qemu=loongarch64 ;; amd64) qemu=x86_64 ;; *) return 1 ;; esac
    need_package qemu-user-static
    need_package binfmt-support
    [ -e /proc/sys/fs/binfmt_misc/register ] || mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || return 1
    entry="/proc/sys/fs/binfmt_misc/qemu-$qemu"
    if [ "$1" = loong64 ] && [ "$(qemu-loongarch64-static --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p')" -lt 9 ]; then
        # Debian 12's QEMU 7.2 lacks LoongArch instructions that Debian's loong64 programs use
        # (bash dies with SIGILL). Debian unstable's qemu-user (static binaries) is unpacked
        # under target/tools and registered in its place.
        local dir="$TARGET_DIR/tools/qemu-sid" new
        new="$dir/root/usr/bin/qemu-loongarch64"
        if [ ! -x "$new" ]; then
            echo "    QEMU $(qemu-loongarch64-static --version | sed -n 's/.*version \([^ ]*\).*/\1/p') cannot run Debian's loong64: fetching Debian unstable's qemu-user"
            mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
            echo "deb $MIRROR sid main" >"$dir/sources.list"
            local apt=(-o "Dir::Etc::SourceList=$dir/sources.list" -o Dir::Etc::SourceParts=/nonexistent
                -o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache" -o APT::Architecture=amd64)
            apt-get "${apt[@]}" update -qq >/dev/null 2>&1 &&
                (cd "$dir" && apt-get "${apt[@]}" download qemu-user >/dev/null 2>&1) &&
                dpkg-deb -x "$dir"/qemu-user_*.deb "$dir/root" || return 1
        fi
        echo "    loong64 programs run by $("$new" --version | head -n1)"
        update-binfmts --disable qemu-loongarch64 >/dev/null 2>&1
        entry=/proc/sys/fs/binfmt_misc/nianbao-loongarch64
        [ -e "$entry" ] && echo -1 >"$entry"
        # ELF64, little-endian, e_machine 258 (LoongArch), as Debian's qemu-user-static registers it.
        # shellcheck disable=SC2028 # the \x escapes are for binfmt_misc to read, not echo
        echo ":nianbao-loongarch64:M::\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x02\x01:\xff\xff\xff\xff\xff\xff\xff\xfc\x00\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:$new:F" \
            >/proc/sys/fs/binfmt_misc/register || return 1
    fi
    [ -e "$entry" ] || update-binfmts --enable "qemu-$qemu" >/dev/null 2>&1
    grep -q '^enabled' "$entry" 2>/dev/null && grep -q '^flags:.*F' "$entry"
}

test_deb() { # test_deb [ARCH]
    local arch=${1:-$(dpkg --print-architecture)}
    local host_arch foreign=0 p=deb
    host_arch=$(dpkg --print-architecture)
    [ "$arch" != "$host_arch" ] && { foreign=1; p="deb-$arch"; }
    echo "== Debian package ($arch)"
    local deb="$DIST/nianbao_${VERSION}-1_${arch}.deb"
    [ -f "$deb" ] || { fail "no $deb (run packaging/build-deb.sh --arch $arch)"; return; }
    need xwininfo x11-utils
    echo "    $(basename "$deb"): $(du -h "$deb" | cut -f1)"
    dpkg-deb -I "$deb" | sed -n '/Architecture\|Depends\|Recommends/p' | sed 's/^/   /'
    dpkg-deb -c "$deb" | awk '{print "      " $6}' | grep -v '/$'
    check "Architecture: $arch" test "$(dpkg-deb -f "$deb" Architecture)" = "$arch"
    local needed
    dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/bin/nianbao >"$OUT/$p-nianbao.bin"
    needed=$(readelf -d "$OUT/$p-nianbao.bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
    rm -f "$OUT/$p-nianbao.bin"
    echo "    NEEDED: $needed"
    check "links only the C runtime (the window libraries are dlopen'ed)" \
        not grep -qvE '^(libc\.so\.6|libm\.so\.6|libdl\.so\.2|libpthread\.so\.0|librt\.so\.1|libgcc_s\.so\.1|ld-linux.*)$' \
        < <(tr ' ' '\n' <<<"$needed" | sed '/^$/d')

    # run: how a command runs on the system under test.
    if [ "$HOST_DEB" = 1 ] && [ "$foreign" = 0 ]; then
        run() { "$@"; }
        echo "-- dpkg -i on this machine"
        dpkg -i "$deb" >/dev/null || apt-get install -f -y -qq >/dev/null
    else
        # A clean Debian: a minbase debootstrap kept as a template, copied for each run.
        local template suite=bookworm
        if [ "$foreign" = 0 ]; then
            template="$TARGET_DIR/debian12-template"
        else
            emulate "$arch" || { fail "no qemu-user-static + binfmt_misc for $arch on this kernel"; return; }
            template="$TARGET_DIR/debian12-$arch-template"
            # Debian 12 has no loong64 port; unstable carries it in the main archive.
            [ "$arch" = loong64 ] && { suite=sid; template="$TARGET_DIR/debian-sid-$arch-template"; }
        fi
        debootstrap_template "$template" "$arch" "$suite" ||
            { fail "debootstrap $suite $arch (see $OUT/debootstrap-$arch.log)"; return; }
        CHROOT="$OUT/debian12"
        [ "$foreign" = 1 ] && CHROOT="$OUT/debian-$suite-$arch"
        # Never rm -rf through a bind mount left by an interrupted run (it would reach /dev, /tmp).
        if grep -q " $(realpath -m "$CHROOT")/" /proc/mounts; then
            fail "$CHROOT still has mounts from an earlier run; unmount them first"
            CHROOT=""
            return
        fi
        rm -rf "$CHROOT"
        cp -a "$template" "$CHROOT"
        if ! { mount -t proc proc "$CHROOT/proc" && mount --bind /dev "$CHROOT/dev" &&
            mount --bind /dev/pts "$CHROOT/dev/pts"; }; then
            fail "cannot mount /proc and /dev in the chroot (try --host)"
            return
        fi
        cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
        mkdir -p "$CHROOT/tmp/.X11-unix"
        mount --bind /tmp/.X11-unix "$CHROOT/tmp/.X11-unix"
        run() { chroot "$CHROOT" env LANG=C.UTF-8 DISPLAY="$DISPLAY" "$@"; }
        cp "$deb" "$CHROOT/tmp/nianbao.deb"
        echo "-- apt-get install ./nianbao.deb in the clean chroot (pulls the Depends)"
        run apt-get update -qq >/dev/null 2>&1
        local start=$SECONDS
        run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/nianbao.deb \
            >"$OUT/$p-chroot-apt.log" 2>&1
        check "apt installs the .deb and its dependencies" run dpkg -s nianbao
        echo "    $(grep -c '^Setting up' "$OUT/$p-chroot-apt.log") packages set up in $((SECONDS - start)) s (see $OUT/$p-chroot-apt.log)"
    fi

    if [ "$foreign" = 1 ]; then
        echo "-- the $arch binary under qemu against the amd64 build"
        local ref="$TARGET_DIR/release/nianbao" amd64_deb="$DIST/nianbao_${VERSION}-1_amd64.deb"
        if [ -f "$amd64_deb" ]; then
            rm -rf "$OUT/amd64-ref"
            dpkg-deb -x "$amd64_deb" "$OUT/amd64-ref" && ref="$OUT/amd64-ref/usr/bin/nianbao"
        fi
        echo "    amd64 reference: $ref"
        local version
        version=$(run nianbao --version 2>&1)
        echo "    nianbao --version: $version"
        check "nianbao --version is nianbao $VERSION" test "$version" = "nianbao $VERSION"
        run nianbao rules >"$OUT/$p-rules.txt" 2>&1
        "$ref" rules >"$OUT/amd64-rules.txt" 2>&1
        echo "    nianbao rules: $(wc -l <"$OUT/$p-rules.txt") lines; first: $(head -n1 "$OUT/$p-rules.txt")"
        check "nianbao rules prints what the amd64 build prints" cmp -s "$OUT/$p-rules.txt" "$OUT/amd64-rules.txt"
        # The seeds under the same relative path on both sides, so even the "file" fields match.
        rm -rf "$CHROOT/tmp/work" "$OUT/amd64-work"
        mkdir -p "$CHROOT/tmp/work/seeds" "$OUT/amd64-work/seeds"
        cp tests/fixtures/seeds/* "$CHROOT/tmp/work/seeds/"
        cp tests/fixtures/seeds/* "$OUT/amd64-work/seeds/"
        local rc ref_rc
        run sh -c 'cd /tmp/work && exec nianbao check --json seeds' >"$OUT/$p-seeds.json" 2>"$OUT/$p-seeds.err"
        rc=$?
        (cd "$OUT/amd64-work" && exec "$ref" check --json seeds) >"$OUT/amd64-seeds.json" 2>"$OUT/amd64-seeds.err"
        ref_rc=$?
        echo "    check --json on $(find tests/fixtures/seeds -type f | wc -l) seeds: exit $rc ($arch), $ref_rc (amd64);" \
            "$(wc -c <"$OUT/$p-seeds.json") / $(wc -c <"$OUT/amd64-seeds.json") bytes;" \
            "sha256 $(sha256sum <"$OUT/$p-seeds.json" | cut -c1-16) / $(sha256sum <"$OUT/amd64-seeds.json" | cut -c1-16)"
        check "the seeds read (exit 0 or 1)" test "$rc" -le 1
        check "same exit status as amd64" test "$rc" = "$ref_rc"
        check "the seeds' JSON is byte for byte the amd64 one" cmp "$OUT/$p-seeds.json" "$OUT/amd64-seeds.json"
    fi

    echo "-- installed files"
    check "/usr/bin/nianbao" run test -x /usr/bin/nianbao
    check "desktop entry with Chinese name" run grep -q '^Name\[zh_CN\]=政务公开年报核查' /usr/share/applications/nianbao.desktop
    check "hicolor icon 256x256" run test -f /usr/share/icons/hicolor/256x256/apps/nianbao.png
    check "samples in /usr/share/nianbao/samples" run test -f /usr/share/nianbao/samples/hongsibu_2023.txt

    echo "-- nianbao check"
    cp "$SEED" "${CHROOT:-}/tmp/seed000.txt"
    run nianbao check --json /tmp/seed000.txt >"$OUT/$p-check.json" 2>"$OUT/$p-check.err"
    local rc=$? agency
    agency=$(json_agency <"$OUT/$p-check.json" 2>/dev/null)
    echo "    exit $rc, agency: $agency"
    check "check exit status is 0 or 1 (read fine)" test "$rc" -le 1
    check "agency is $AGENCY" test "$agency" = "$AGENCY"
    run nianbao check /usr/share/nianbao/samples 2>&1 | head -n 12 | sed 's/^/      /'
    if [ -s "$OUT/wine-check.json" ]; then
        check "Windows and Linux builds give the same JSON for seed 000" same_json "$OUT/wine-check.json" "$OUT/$p-check.json"
    fi

    echo "-- nianbao (GUI) under Xvfb"
    xwininfo -root >/dev/null 2>&1 || fail "the X server on $DISPLAY is gone"
    # Started directly (not through `run`) so that $! is the app itself: chroot and env exec it.
    if [ -n "$CHROOT" ]; then
        chroot "$CHROOT" env LANG=C.UTF-8 DISPLAY="$DISPLAY" nianbao /usr/share/nianbao/samples/hongsibu_2023.txt \
            >"$OUT/$p-gui.log" 2>&1 &
    else
        nianbao /usr/share/nianbao/samples/hongsibu_2023.txt >"$OUT/$p-gui.log" 2>&1 &
    fi
    local gui=$!
    # Under emulation the app (and Mesa's llvmpipe behind it) runs many times slower.
    local limit=60
    [ "$foreign" = 1 ] && limit=600
    if wait_window "政务公开年报核查" "$limit"; then
        pass "GUI window mapped"
        sleep $((foreign ? 60 : 6))
        # What the running app loaded (much of it by dlopen), by package: the Depends must cover it.
        local libs
        libs=$(grep -o '/[^ ]*\.so[.0-9]*$' "/proc/$gui/maps" | sed "s|^${CHROOT:+$(realpath "$CHROOT")}||" | sort -u)
        echo "    packages of the libraries the running app loaded:"
        # shellcheck disable=SC2086
        run dpkg -S $libs 2>/dev/null | cut -d: -f1 | sort -u | tr '\n' ' ' | fold -s -w 96 | sed 's/^/      /'
        echo
    else
        fail "GUI window did not appear within $limit s (see $OUT/$p-gui.log)"
    fi
    import -window root "$OUT/$p-gui.png" 2>/dev/null && echo "    screenshot: $OUT/$p-gui.png"
    check_drawn "$OUT/$p-gui.png"
    kill "$gui" 2>/dev/null
    wait "$gui" 2>/dev/null

    echo "-- dpkg -r"
    run dpkg -r nianbao >/dev/null 2>&1
    check "binary removed" not run test -e /usr/bin/nianbao
    check "samples removed" not run test -e /usr/share/nianbao
}

# same_json A B: equal apart from the "file" field (the path differs per system).
same_json() {
    python3 - "$1" "$2" <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for x in a + b:
    x.pop("file", None)
sys.exit(0 if a == b else 1)
EOF
}

start_xvfb
case "$WHAT" in
    windows) test_windows ;;
    deb) test_deb ;;
    amd64 | arm64 | loong64) test_deb "$WHAT" ;;
    all) test_windows; test_deb ;;
    *) echo "usage: $0 [windows|deb|amd64|arm64|loong64|all] [--host]" >&2; exit 2 ;;
esac
echo
[ "$FAILED" = 0 ] && echo "all install checks passed" || echo "SOME INSTALL CHECKS FAILED"
exit "$FAILED"
