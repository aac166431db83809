#!/usr/bin/env bash
# Measures the real release app under Xvfb with software rendering, as an old office PC without a
# graphics driver or a remote-desktop session runs it (issue 14), and prints:
#
#   cold start   from launching the program to the first frame on screen (frame 2 starts once
#                frame 1 has been painted and swapped), median and worst of RUNS launches: with
#                no reports, with 200 report files on the command line, and restarting with the
#                200 reports restored from the session;
#   frames       with 200 reports loaded and the 表三 of the largest shown, the pointer moving
#                over the grid (tooltips), the window repainting without pause for SECONDS s:
#                median, 95th percentile and worst of the whole frame (time between frame
#                starts), of egui's CPU time (the app's layout) and of eframe's CPU time
#                (layout, tessellation, painting, swap);
#   typing       real X11 key events "5 Tab 3 Tab 8 Return" sent into that 表三 (first cell
#                selected) at 1 ms and at 120 ms between keys while the frames are that slow:
#                the cells the session file then holds (issue 14: keys must not be lost or
#                land in the wrong cell when frames are slow).
#
# Each configuration is run in turn: the app's automatic choice (its driver probe included; with
# no GPU it finds a software device and, on Linux, takes glow), glow on Mesa llvmpipe forced
# (LIBGL_ALWAYS_SOFTWARE=1), and wgpu on Mesa lavapipe forced (what the app used before the probe
# told software apart). The timings come from the app itself (NIANBAO_FRAME_LOG, see
# src/ui/platform/frame_log.rs).
#
# Needs: Xvfb, xdotool, python3, Mesa (libgl1-mesa-dri, mesa-vulkan-drivers).
# Usage: packaging/measure-frames.sh [RUNS, default 5] [SECONDS, default 20]
# CARGO=/path/to/cargo overrides the cargo used for the build.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
seconds=${2:-20}
for tool in Xvfb xdotool python3; do
    command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 1; }
done

"${CARGO:-cargo}" build --release --locked --bin nianbao
bin=$PWD/target/release/nianbao
work=$(mktemp -d)
python3 tests/render_inputs.py many "$work/reports" "$bin"
mapfile -t reports < <(find "$work/reports" -name '*.txt' | sort)
[ "${#reports[@]}" -eq 200 ] || { echo "expected 200 reports, got ${#reports[@]}" >&2; exit 1; }
# tests/render_inputs.py makes 安平县北关 (first in pinyin order) from the largest base text.
largest=$(cd "$work/reports" && ls ./*安平县北关*.txt | xargs -n1 basename)
biggest=$(cd "$work/reports" && stat -c %s ./*.txt | sort -n | tail -1)
[ "$(stat -c %s "$work/reports/$largest")" -eq "$biggest" ] || { echo "$largest is not the largest" >&2; exit 1; }

display=:${MEASURE_DISPLAY:-95}
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
t0=""
cleanup() {
    [ -n "$app" ] && kill "$app" 2>/dev/null || true
    kill "$xvfb" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
export DISPLAY=$display
unset WAYLAND_DISPLAY
sleep 1

# launch DATA LOG [args…]: starts the app with its session in DATA and its timings in LOG; sets
# app (its pid) and t0 (the launch moment, seconds since the epoch).
launch() {
    local data=$1 log=$2
    shift 2
    rm -f "$log" # a log left by an earlier run must not be read as this one's
    t0=$(date +%s.%N)
    NIANBAO_DATA_DIR=$data NIANBAO_FRAME_LOG=$log "$bin" "$@" >>"$data.out" 2>&1 &
    app=$!
}

stop() {
    kill "$app" 2>/dev/null || true
    wait "$app" 2>/dev/null || true
    app=""
}

# frames_in LOG: how many frames the log holds.
frames_in() { grep -c '^frame' "$1" || true; }

# wait_for LOG AWK-CONDITION TIMEOUT: waits until a frame line satisfies the condition.
wait_for() {
    local log=$1 cond=$2 timeout=$3
    for _ in $(seq 1 $((timeout * 10))); do
        [ -f "$log" ] && awk -F'\t' "$cond { found=1 } END { exit !found }" "$log" && return 0
        sleep 0.1
    done
    echo "timed out waiting for ($cond) in $log" >&2
    tail -3 "$log" >&2 || true
    return 1
}

# cold NAME DATA [args…]: one cold start; appends the seconds to $work/NAME.cold.
cold() {
    local name=$1 data=$2
    shift 2
    local log="$work/$name.$RANDOM.tsv"
    launch "$data" "$log" "$@"
    wait_for "$log" '$2 >= 2' 60
    awk -F'\t' -v t0="$t0" '$2 == 2 { printf "%.3f\n", $3 - t0 }' "$log" >>"$work/$name.cold"
    stop
}

window() { xdotool search --onlyvisible --pid "$app" 2>/dev/null | tail -1 || true; }

# show_largest DATA LOG: starts the app on the session in DATA, waits for the 200 reports, puts
# the window at 1366×768 with the keyboard, and shows the 表三 of the largest report.
show_largest() {
    local data=$1 log=$2
    launch "$data" "$log"
    wait_for "$log" '$7 == 200 && $8 == 0' 120
    local wid=""
    for _ in $(seq 1 50); do
        wid=$(window)
        [ -n "$wid" ] && break
        sleep 0.2
    done
    xdotool windowsize --sync "$wid" 1366 768 windowmove --sync "$wid" 0 0
    # Without a window manager nothing gives the window the keyboard.
    for _ in 1 2 3 4 5; do
        xdotool windowfocus --sync "$wid" 2>/dev/null && break
        sleep 0.5
    done
    sleep 1
    # The first report of the list (sorted by pinyin) is the largest: select it, show 表三.
    xdotool mousemove 120 225 click 1
    sleep 0.5
    xdotool mousemove 450 148 click 1
    sleep 1
}

# typing CONFIG DATA: the burst at 1 ms and at 120 ms a key, each on a copy of the session.
typing() {
    local config=$1 data=$2
    for delay in 1 120; do
        local copy="$work/typing-$delay"
        rm -rf "$copy"
        cp -r "$data" "$copy"
        show_largest "$copy" "$work/$config.typing.tsv"
        xdotool mousemove 633 296 click 1 # 一、本年新收 / 自然人: selected
        xdotool mousemove 1300 700
        xdotool key --delay "$delay" 5 Tab 3 Tab 8 Return
        sleep 3 # the session is saved after each change
        stop
        python3 - "$copy/session.json" "$largest" "$delay" <<'EOF'
import json, sys
session, largest, delay = sys.argv[1:]
report = next(r["report"] for r in json.load(open(session, encoding="utf-8"))["reports"]
              if r["report"]["file"].endswith(largest))
edited = {k: v["value"] for k, v in report["cells"].items() if "original" in v}
want = {"T3.new.natural": 5.0, "T3.new.commercial": 3.0, "T3.new.research": 8.0}
verdict = "all three landed" if edited == want else "WRONG"
print(f"  typing 5⇥3⇥8⏎ at {delay:>3} ms a key: {verdict}: {edited}")
EOF
    done
}

# frames CONFIG DATA: 200 reports loaded (restored from DATA), the largest one's 表三 shown,
# SECONDS seconds of frames with the pointer moving over the grid.
frames() {
    local config=$1 data=$2 log="$work/$1.frames.tsv"
    show_largest "$data" "$log"
    local from
    from=$(frames_in "$log")
    local end=$((SECONDS + seconds))
    while [ $SECONDS -lt $end ]; do
        for x in 420 520 620 720 820 920 1020; do
            xdotool mousemove "$x" $((260 + (x % 7) * 30))
            sleep 0.15
        done
    done
    stop
    python3 - "$log" "$from" "$config" "$largest" <<'EOF'
import sys, statistics
log, start, config, largest = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rows = [l.rstrip("\n").split("\t") for l in open(log, encoding="utf-8") if l.startswith("frame")]
rows = [r for r in rows[start + 1:] if r[7] == "0"]
shown = {(r[8], r[9]) for r in rows}
if shown != {("T3", largest)}:
    sys.exit(f"{config}: the frames measured did not all show 表三 of {largest}: {shown}")
def line(name, values):
    v = sorted(values)
    p95 = v[int(len(v) * 0.95)]
    print(f"  {name:<28} median {statistics.median(v):7.2f} ms   95% {p95:7.2f} ms   worst {v[-1]:7.2f} ms")
print(f"{config}: {len(rows)} frames, 200 reports, 表三 of {largest}")
line("whole frame", [float(r[3]) for r in rows])
line("egui CPU (app layout)", [float(r[4]) for r in rows])
line("eframe CPU (all but vsync)", [float(r[5]) for r in rows[1:]])
EOF
}

summary_cold() {
    python3 - "$1" "$2" <<'EOF'
import sys, statistics
v = sorted(float(x) for x in open(sys.argv[1]))
print(f"  cold start, {sys.argv[2]:<30} median {statistics.median(v) * 1000:6.0f} ms   worst {v[-1] * 1000:6.0f} ms   ({len(v)} launches)")
EOF
}

measure() {
    local config=$1
    echo "== $config"
    for _ in $(seq 1 "$runs"); do
        local data
        data=$(mktemp -d -p "$work")
        cold "$config-empty" "$data"
        data=$(mktemp -d -p "$work")
        cold "$config-files" "$data" "${reports[@]}"
    done
    # One session with the 200 reports, restored on every restart.
    local session
    session=$(mktemp -d -p "$work")
    local log="$work/$config.load.tsv"
    launch "$session" "$log" "${reports[@]}"
    wait_for "$log" '$7 == 200 && $8 == 0' 120
    sleep 3
    stop
    for _ in $(seq 1 "$runs"); do
        cold "$config-restored" "$session"
    done
    summary_cold "$work/$config-empty.cold" "no reports"
    summary_cold "$work/$config-files.cold" "200 files on the command line"
    summary_cold "$work/$config-restored.cold" "200 reports restored"
    frames "$config" "$session"
    typing "$config" "$session"
}

(unset NIANBAO_RENDERER && measure "automatic choice")
(export NIANBAO_RENDERER=glow LIBGL_ALWAYS_SOFTWARE=1 && measure "glow on llvmpipe, forced")
(export NIANBAO_RENDERER=wgpu && measure "wgpu on lavapipe, forced")
