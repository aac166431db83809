#!/usr/bin/env bash
# Starts the real release binary under Xvfb and writes the screenshots shown in the README.
#
# At 1366×768 only:
#   01-welcome.png             the empty state (first run)
#   02-clean-report.png        a report that passes every check
#   03-report-with-errors.png  a report with a failed check (表四: red cell, the finding listed)
#   04-hover-red-cell.png      a cell edited so that totals break, hovered: rule, expected, actual
# At 1366×768 and at 1280×720 (SIZE is 1366x768 or 1280x720):
#   05-table2-SIZE.png         表二 主动公开 of a 2021-edition sample
#   06-table3-SIZE.png         表三 依申请公开 of the same report
#   07-table4-SIZE.png         表四 复议诉讼 of the same report (its red cell)
#   08-table3-2019-SIZE.png    表三 of a 2019-edition report (tests/fixtures/reading/corpus)
#   09-help-SIZE.png           the help window (F1)
#   10-reviewed-SIZE.png       the 表四 finding marked 已核实无误 with a note: greyed, counts cleared
#   11-no-dialog-SIZE.png      the in-app file chooser (no portal, no zenity under Xvfb), listing
#                              the samples folder typed into its path field
#
# Needs: Xvfb, xdotool, ImageMagick (import), xclip (Chinese text is pasted: xdotool cannot
# type it reliably). Debian: apt-get install xvfb xdotool imagemagick xclip
# Usage: packaging/screenshots.sh [output folder, default docs/screenshots]
# CARGO=/path/to/cargo overrides the cargo used for the build.
#
# The clicks use fixed positions: the window is forced to the size at (0,0), the side panels have
# their default widths, the list is sorted by pinyin (宝丰县大营镇, 哈图布呼镇, 红寺堡…, 盘原县丰口
# 街道 (2019), 西宁市…西堡镇, 原州区炭山乡) and the layout is deterministic. If the layout
# changes, look at the images and adjust the positions below.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots}
mkdir -p "$out"
for tool in Xvfb xdotool import xclip; do
    command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 1; }
done

"${CARGO:-cargo}" build --release --locked --bin nianbao
bin=$PWD/target/release/nianbao
samples=$PWD/assets/samples
old_edition=$PWD/tests/fixtures/reading/corpus/c06_street2019_zeros-tab.txt

display=:${SCREENSHOT_DISPLAY:-94}
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
data=""
cleanup() {
    [ -n "$app" ] && kill "$app" 2>/dev/null || true
    kill "$xvfb" 2>/dev/null || true
    [ -n "$data" ] && rm -rf "$data"
}
trap cleanup EXIT
export DISPLAY=$display
unset WAYLAND_DISPLAY
sleep 1

W=1366
H=768
# Centre of list entry N (1-based); the tabs; the finding's 核实… button (details panel).
entry_y() { echo $((225 + 45 * ($1 - 1))); }
ENTRY_X=120
TAB_Y=148
TAB2_X=335
TAB3_X=450
TAB4_X=600
review_x() { echo $((W - 294)); }
REVIEW_Y=215

# start W H [paths…]: the app with a fresh session folder (the user's own session is neither
# read nor overwritten), its window at W×H.
start() {
    W=$1
    H=$2
    shift 2
    [ -n "$data" ] && rm -rf "$data"
    data=$(mktemp -d)
    NIANBAO_DATA_DIR=$data "$bin" "$@" >"$data/app.log" 2>&1 &
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
    xdotool windowsize --sync "$wid" "$W" "$H" windowmove --sync "$wid" 0 0
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

park_mouse() { xdotool mousemove $((W - 4)) $((H - 4)); }

shot() {
    sleep 1
    import -window root -crop "${W}x${H}+0+0" +repage "$out/$1"
    echo "wrote $out/$1"
}

click() {
    xdotool mousemove "$1" "$2" click 1
    sleep 0.8
}

# Replaces the text of the focused field with $1 (through the clipboard).
paste() {
    printf '%s' "$1" | xclip -selection clipboard
    xdotool key ctrl+a
    sleep 0.2
    xdotool key ctrl+v
    sleep 0.5
}

# ---- 1366×768 only: the first look -------------------------------------------------------------
start 1366 768
shot 01-welcome.png
stop

start 1366 768 "$samples"
click "$ENTRY_X" "$(entry_y 5)" # 原州区炭山乡: passes every check
park_mouse
shot 02-clean-report.png

click "$ENTRY_X" "$(entry_y 3)" # 红寺堡: 表四 contradicts the text
click "$TAB4_X" "$TAB_Y"
park_mouse
shot 03-report-with-errors.png

click "$ENTRY_X" "$(entry_y 5)"
click "$TAB3_X" "$TAB_Y"
CELL_X=633 # 表三 一、本年新收 / 自然人
CELL_Y=296
click "$CELL_X" "$CELL_Y" # selects it; typing replaces the value
xdotool type --delay 80 9
xdotool key Return
sleep 0.5
xdotool mousemove "$CELL_X" "$CELL_Y"
sleep 0.3
xdotool mousemove $((CELL_X + 2)) $((CELL_Y + 1))
sleep 1.5
shot 04-hover-red-cell.png
stop

# ---- every table, help, a review, the chooser: at both sizes ----------------------------------
for size in 1366x768 1280x720; do
    start "${size%x*}" "${size#*x}" "$samples" "$old_edition"
    click "$ENTRY_X" "$(entry_y 3)" # 红寺堡区红寺堡镇 (2021 edition)
    click "$TAB2_X" "$TAB_Y"
    park_mouse
    shot "05-table2-$size.png"
    click "$TAB3_X" "$TAB_Y"
    park_mouse
    shot "06-table3-$size.png"
    click "$TAB4_X" "$TAB_Y"
    park_mouse
    shot "07-table4-$size.png"

    click "$ENTRY_X" "$(entry_y 4)" # 盘原县丰口街道 (2019 edition)
    click "$TAB3_X" "$TAB_Y"
    park_mouse
    shot "08-table3-2019-$size.png"

    xdotool key F1
    shot "09-help-$size.png"
    click $((W / 2 + 259)) 60 # the help window's ×

    click "$ENTRY_X" "$(entry_y 3)"
    click "$TAB4_X" "$TAB_Y"
    click "$(review_x)" "$REVIEW_Y" # 核实…: the form, centred
    cx=$((W / 2))
    cy=$((H / 2))
    click $((cx - 15)) $((cy + 33)) # 说明
    paste "已电话核实：3 件为复议后起诉，表格无误"
    click $((cx - 100)) $((cy + 64)) # 核实人
    paste "王"
    click $((cx - 189)) $((cy + 102)) # 确定
    park_mouse
    shot "10-reviewed-$size.png"

    click 50 18 # 打开文件…: no system dialog here, the in-app chooser instead
    click $((cx - 35)) "$cy" # its path field
    paste "$samples"
    xdotool key Return
    sleep 0.8
    park_mouse
    shot "11-no-dialog-$size.png"
    stop
done
