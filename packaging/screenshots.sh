#!/usr/bin/env bash
# Starts the real release binary under Xvfb at 1366×768 with the sample reports and writes the
# screenshots shown in the README:
#   01-welcome.png          the empty state (first run)
#   02-clean-report.png     a report that passes every check
#   03-report-with-errors.png  a report with failed checks (red cells, findings listed)
#   04-hover-red-cell.png   a cell edited so that totals break, hovered: rule, expected, actual
#
# Needs: Xvfb, xdotool, ImageMagick (import). Debian: apt-get install xvfb xdotool imagemagick
# Usage: packaging/screenshots.sh [output folder, default docs/screenshots]
#
# The clicks use fixed positions: the window is forced to 1366×768 at (0,0), the list is sorted by
# name (原州区炭山乡, 哈图布呼镇, 宝丰县大营镇, 红寺堡…, 西宁市…西堡镇) and the layout is deterministic.
# If the layout changes, take 02 and adjust ENTRY_Y / CELL_* below.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots}
mkdir -p "$out"

cargo build --release --locked --bin nianbao
bin=target/release/nianbao

display=:${SCREENSHOT_DISPLAY:-94}
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
data=$(mktemp -d)
cleanup() {
    [ -n "$app" ] && kill "$app" 2>/dev/null || true
    kill "$xvfb" 2>/dev/null || true
    rm -rf "$data"
}
trap cleanup EXIT
export DISPLAY=$display
unset WAYLAND_DISPLAY
# A fresh session folder: the user's own session is neither read nor overwritten.
export NIANBAO_DATA_DIR=$data
sleep 1

# Centre of list entry N (1-based) and of the T3 cell 一、本年新收 / 自然人.
entry_y() { echo $((195 + 51 * ($1 - 1))); }
ENTRY_X=120
CELL_X=618
CELL_Y=265

start() {
    "$bin" "$@" >"$data/app.log" 2>&1 &
    app=$!
    local wid=""
    for _ in $(seq 1 100); do
        wid=$(xdotool search --onlyvisible --pid "$app" 2>/dev/null | tail -1 || true)
        [ -n "$wid" ] && break
        sleep 0.2
    done
    if [ -z "$wid" ]; then
        echo "the window did not appear:" >&2
        cat "$data/app.log" >&2
        exit 1
    fi
    sleep 1
    xdotool windowsize --sync "$wid" 1366 768 windowmove --sync "$wid" 0 0
    # Without a window manager nothing gives the window the keyboard.
    for _ in 1 2 3 4 5; do
        xdotool windowfocus --sync "$wid" 2>/dev/null && break
        sleep 0.5
    done
    park_mouse
    sleep 3
}

stop() {
    kill "$app" 2>/dev/null || true
    wait "$app" 2>/dev/null || true
    app=""
}

park_mouse() { xdotool mousemove 1360 764; }

shot() {
    sleep 1
    import -window root "$out/$1"
    echo "wrote $out/$1"
}

click() {
    xdotool mousemove "$1" "$2" click 1
    sleep 0.8
}

start
shot 01-welcome.png
stop

start assets/samples
click "$ENTRY_X" "$(entry_y 1)" # 原州区炭山乡: passes every check
park_mouse
shot 02-clean-report.png

click "$ENTRY_X" "$(entry_y 5)" # 西宁市湟中区西堡镇: rows with a lost column
park_mouse
shot 03-report-with-errors.png

click "$ENTRY_X" "$(entry_y 1)"
click "$CELL_X" "$CELL_Y" # opens the editor with the value selected
xdotool type --delay 80 9
xdotool key Return
sleep 0.5
xdotool mousemove "$CELL_X" "$CELL_Y"
sleep 0.3
xdotool mousemove $((CELL_X + 2)) $((CELL_Y + 1))
sleep 1.5
shot 04-hover-red-cell.png
stop
