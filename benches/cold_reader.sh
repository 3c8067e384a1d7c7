#!/usr/bin/env bash
# cold_reader.sh: the reader's memory while it builds a corpus index cold.
#
# Usage: benches/cold_reader.sh CORPUS [WIDTHxHEIGHT]
#
# Starts the release reader on CORPUS (a directory or a dump) in a tmux
# session with an empty cache, state and configuration, samples its
# resident memory every 0.2 s until the status bar no longer says
# "indexing", and prints the build's time, the highest memory sampled and
# when, the kernel's high-water mark of resident memory (VmHWM, which no
# sampling misses), and the memory at the end (idle). TRACE=1 prints every
# sample (seconds, resident MB, of which anonymous and file-backed MB).
# Needs tmux and a release build (cargo build --release); WIKIREAD=PATH
# runs another build of the reader. CACHE_FROM=DIR starts from a copy of
# the cache in DIR (an XDG cache home) instead of an empty one: with a
# file of the corpus touched since, this measures an index brought up to
# date (the second pass over changed files and the index written anew).
set -euo pipefail

cd "$(dirname "$0")/.."
corpus="$(realpath "$1")"
size="${2:-100x30}"
wikiread="${WIKIREAD:-$PWD/target/release/wikiread}"
[ -x "$wikiread" ] || { echo "cold_reader: build with cargo build --release first" >&2; exit 2; }
command -v tmux >/dev/null || { echo "cold_reader: tmux not found" >&2; exit 2; }
work="$(mktemp -d)"
session="wikiread-cold-$$"
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/cache" "$work/state" "$work/config"
if [ -n "${CACHE_FROM:-}" ]; then
    cp -r "$CACHE_FROM/." "$work/cache/"
fi
tmux new-session -d -s "$session" -x "${size%x*}" -y "${size#*x}" \
    "XDG_CACHE_HOME=$work/cache XDG_STATE_HOME=$work/state XDG_CONFIG_HOME=$work/config $wikiread $corpus"
start=$(date +%s.%N)
pid=""
for _ in $(seq 100); do
    pid=$(pgrep -n -f "^$wikiread $corpus\$" || true)
    [ -n "$pid" ] && break
    sleep 0.05
done
[ -n "$pid" ] || { echo "cold_reader: the reader did not start" >&2; exit 1; }
peak=0 peak_at=0 seen=0 rss=0
while kill -0 "$pid" 2>/dev/null; do
    rss=$(ps -o rss= -p "$pid" | tr -d ' ' || echo 0)
    now=$(date +%s.%N)
    if [ -n "${TRACE:-}" ]; then
        parts=$(awk '/^RssAnon|^RssFile/ {printf "%d ", $2/1024}' "/proc/$pid/status" 2>/dev/null || true)
        awk -v a="$now" -v b="$start" -v r="${rss:-0}" -v p="$parts" 'BEGIN {printf "%.1f %d (anon, file: %s)\n", a-b, r/1024, p}'
    fi
    if [ "${rss:-0}" -gt "$peak" ]; then
        peak=$rss
        peak_at=$(awk -v a="$now" -v b="$start" 'BEGIN {printf "%.1f", a-b}')
    fi
    if tmux capture-pane -p -t "$session" | grep -q "indexing"; then
        seen=1
    elif [ "$seen" = 1 ]; then
        break
    fi
    sleep 0.2
done
end=$(date +%s.%N)
sleep 3
idle=$(ps -o rss= -p "$pid" | tr -d ' ' || echo 0)
# The kernel's own high-water mark catches what sampling misses.
hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
printf 'cold build in the reader: %.1f s; highest sampled %d MB (at %s s), high-water mark %d MB; idle after it %d MB\n' \
    "$(awk -v a="$end" -v b="$start" 'BEGIN {print a-b}')" $((peak / 1024)) "$peak_at" $((${hwm:-0} / 1024)) $((idle / 1024))
tmux send-keys -t "$session" q
