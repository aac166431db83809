#!/usr/bin/env bash
# shellcheck disable=SC2317 # helpers are called through check() and the EXIT trap
# Install tests for the two artifacts (build them first with build-windows.sh / build-deb.sh):
#   windows  the NSIS installer under wine: refused on "Windows 7", silent install, files, shortcuts,
#            Apps & Features entry, PATH, `nianbao.exe check --json` on a seed, the GUI exe under
#            Xvfb (screenshot), silent uninstall and what it leaves.
#   deb      the .deb in a clean Debian 12 chroot (debootstrap; falls back to this machine with
#            --host): dpkg -i + apt's dependency resolution, `nianbao check`, the GUI under Xvfb
#            (screenshot), dpkg -r.
# usage: packaging/test-install.sh [windows|deb|all] [--host]
# Rerunnable: every run starts from a fresh wine prefix / chroot copy. Screenshots and logs go to
# target/dist/test/. Exit status 1 when any check failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

WHAT=${1:-all}
HOST_DEB=0
[ "${2:-}" = "--host" ] && HOST_DEB=1
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

test_deb() {
    echo "== Debian package"
    local deb
    deb="$DIST/nianbao_${VERSION}-1_$(dpkg --print-architecture).deb"
    [ -f "$deb" ] || { fail "no $deb (run packaging/build-deb.sh)"; return; }
    need xwininfo x11-utils
    echo "    $(basename "$deb"): $(du -h "$deb" | cut -f1)"
    dpkg-deb -I "$deb" | sed -n '/Depends\|Recommends/p' | sed 's/^/   /'
    dpkg-deb -c "$deb" | awk '{print "      " $6}' | grep -v '/$'

    # run: how a command runs on the system under test.
    if [ "$HOST_DEB" = 1 ]; then
        run() { "$@"; }
        echo "-- dpkg -i on this machine"
        dpkg -i "$deb" >/dev/null || apt-get install -f -y -qq >/dev/null
    else
        # A clean Debian 12: a minbase debootstrap kept as a template, copied for each run.
        need debootstrap debootstrap
        local template="$TARGET_DIR/debian12-template"
        if [ ! -x "$template/usr/bin/apt-get" ]; then
            echo "-- debootstrap --variant=minbase bookworm (once, kept in $template)"
            rm -rf "$template"
            debootstrap --variant=minbase bookworm "$template" http://deb.debian.org/debian >"$OUT/debootstrap.log" 2>&1 ||
                { fail "debootstrap (see $OUT/debootstrap.log)"; return; }
        fi
        CHROOT="$OUT/debian12"
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
        run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/nianbao.deb \
            >"$OUT/chroot-apt.log" 2>&1
        check "apt installs the .deb and its dependencies" run dpkg -s nianbao
        echo "    $(grep -c '^Setting up' "$OUT/chroot-apt.log") packages set up (see $OUT/chroot-apt.log)"
    fi

    echo "-- installed files"
    check "/usr/bin/nianbao" run test -x /usr/bin/nianbao
    check "desktop entry with Chinese name" run grep -q '^Name\[zh_CN\]=政务公开年报核查' /usr/share/applications/nianbao.desktop
    check "hicolor icon 256x256" run test -f /usr/share/icons/hicolor/256x256/apps/nianbao.png
    check "samples in /usr/share/nianbao/samples" run test -f /usr/share/nianbao/samples/hongsibu_2023.txt

    echo "-- nianbao check"
    cp "$SEED" "${CHROOT:-}/tmp/seed000.txt"
    run nianbao check --json /tmp/seed000.txt >"$OUT/deb-check.json" 2>"$OUT/deb-check.err"
    local rc=$? agency
    agency=$(json_agency <"$OUT/deb-check.json" 2>/dev/null)
    echo "    exit $rc, agency: $agency"
    check "check exit status is 0 or 1 (read fine)" test "$rc" -le 1
    check "agency is $AGENCY" test "$agency" = "$AGENCY"
    run nianbao check /usr/share/nianbao/samples 2>&1 | head -n 12 | sed 's/^/      /'
    if [ -s "$OUT/wine-check.json" ]; then
        check "Windows and Linux builds give the same JSON for seed 000" same_json "$OUT/wine-check.json" "$OUT/deb-check.json"
    fi

    echo "-- nianbao (GUI) under Xvfb"
    xwininfo -root >/dev/null 2>&1 || fail "the X server on $DISPLAY is gone"
    # Started directly (not through `run`) so that $! is the app itself: chroot and env exec it.
    if [ -n "$CHROOT" ]; then
        chroot "$CHROOT" env LANG=C.UTF-8 DISPLAY="$DISPLAY" nianbao /usr/share/nianbao/samples/hongsibu_2023.txt \
            >"$OUT/deb-gui.log" 2>&1 &
    else
        nianbao /usr/share/nianbao/samples/hongsibu_2023.txt >"$OUT/deb-gui.log" 2>&1 &
    fi
    local gui=$!
    if wait_window "政务公开年报核查" 60; then
        pass "GUI window mapped"
        sleep 6
        # What the running app loaded (much of it by dlopen), by package: the Depends must cover it.
        local libs
        libs=$(grep -o '/[^ ]*\.so[.0-9]*$' "/proc/$gui/maps" | sed "s|^${CHROOT:+$(realpath "$CHROOT")}||" | sort -u)
        echo "    packages of the libraries the running app loaded:"
        # shellcheck disable=SC2086
        run dpkg -S $libs 2>/dev/null | cut -d: -f1 | sort -u | tr '\n' ' ' | fold -s -w 96 | sed 's/^/      /'
        echo
    else
        fail "GUI window did not appear within 60 s (see $OUT/deb-gui.log)"
    fi
    import -window root "$OUT/deb-gui.png" 2>/dev/null && echo "    screenshot: $OUT/deb-gui.png"
    check_drawn "$OUT/deb-gui.png"
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
    all) test_windows; test_deb ;;
    *) echo "usage: $0 [windows|deb|all] [--host]" >&2; exit 2 ;;
esac
echo
[ "$FAILED" = 0 ] && echo "all install checks passed" || echo "SOME INSTALL CHECKS FAILED"
exit "$FAILED"
