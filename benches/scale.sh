#!/usr/bin/env bash
# scale.sh: the corpus index at the scale of a whole Wikipedia.
#
# Usage: benches/scale.sh [N ...]          (default: 100000 1000000)
#        WORK=DIR benches/scale.sh 100000  (where corpora are kept; default
#                                           target/scale, reused between runs)
#
# Needs cargo, hyperfine and /usr/bin/time (GNU time). For each N:
#   1. a realistic corpus directory of N articles (`make_corpus --realistic`:
#      the sample articles' text cut to 2-14 KB under synthetic titles, 40%
#      wikitext, 5% redirects) and the same packed as a multistream dump with
#      its index (`make_dump`, as the dump site lays it out); both are kept
#      in WORK and reused;
#   2. cold index builds, each with an empty cache: the directory, and the
#      dump (first pass from the multistream index, then the second pass
#      that reads every stream), timed through `wikiread find` (which waits
#      for the whole index), with peak memory;
#   3. warm start to first frame in a pseudo-terminal (examples/first_frame,
#      median of 7), directory and dump;
#   4. keystroke to settled screen in the finder (typing `xinjiang`, two
#      runs, 50th and 90th percentiles) and the reader's resident memory
#      after it, directory;
#   5. `wikiread check` on the warm index: time and peak memory;
#   6. `wikiread find` on the warm index against `ls -U DIR | fzf --filter Q
#      | head -20` (benches/compare_fzf.sh does the same on empty-bodied
#      corpora with more queries), if fzf is installed.
set -euo pipefail

cd "$(dirname "$0")/.."
work="${WORK:-target/scale}"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100000 1000000)
for tool in cargo hyperfine /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "scale: $tool not found" >&2; exit 2; }
done

cargo build --release --quiet --bin wikiread --example make_corpus --example make_dump --example first_frame
wikiread="$PWD/target/release/wikiread"
frame="$PWD/target/release/examples/first_frame"
mkdir -p "$work"
state="$(mktemp -d)"
trap 'rm -rf "$state"' EXIT
export XDG_STATE_HOME="$state/state" XDG_CONFIG_HOME="$state/config"

timed() { # label, command...: prints "label: S s, M MB peak"
    local label="$1"; shift
    /usr/bin/time -f "%e %M" -o "$state/time" "$@" >/dev/null 2>"$state/err" || { cat "$state/err" >&2; return 1; }
    read -r seconds kb <"$state/time"
    printf '%s: %s s, %d MB peak\n' "$label" "$seconds" $((kb / 1024))
}

for n in "${sizes[@]}"; do
    dir="$work/realistic-$n"
    dumps="$work/dump-$n"
    dump="$dumps/zhwiki-20260101-pages-articles-multistream.xml.bz2"
    [ -d "$dir" ] || target/release/examples/make_corpus --realistic "$dir" "$n" 1 >&2
    [ -f "$dump" ] || target/release/examples/make_dump "$dir" "$dumps" >&2
    echo "== $n articles: $(du -sh "$dir" | cut -f1) directory, $(du -sh "$dump" | cut -f1) dump"
    cache="$state/cache-$n"
    rm -rf "$cache"
    export XDG_CACHE_HOME="$cache"
    timed "cold index build, directory" "$wikiread" find x --corpus "$dir" --limit 1
    timed "cold index build, dump" "$wikiread" find x --corpus "$dump" --limit 1
    echo "index files: $(du -sh "$cache/wikiread" | cut -f1)"
    echo "warm start to first frame, directory: $("$frame" --runs 7 -- "$wikiread" "$dir" | tail -1)"
    echo "warm start to first frame, dump: $("$frame" --runs 7 -- "$wikiread" "$dump" | tail -1)"
    "$frame" --runs 2 --type xinjiang -- "$wikiread" "$dir" | grep -E "keystroke|resident"
    timed "check, warm index" "$wikiread" check "$dir"
    if command -v fzf >/dev/null; then
        for q in xinjiang zg 新疆; do
            hyperfine -N --style none --warmup 2 --runs 10 --export-csv "$state/h.csv" \
                "$wikiread find $q --corpus $dir --limit 20" >/dev/null
            w=$(awk -F, 'NR==2 {printf "%.1f", $4*1000}' "$state/h.csv")
            hyperfine --style none --warmup 2 --runs 10 --export-csv "$state/h.csv" \
                "ls -U $dir | fzf --filter $q | head -20" >/dev/null
            f=$(awk -F, 'NR==2 {printf "%.1f", $4*1000}' "$state/h.csv")
            echo "find $q: wikiread $w ms, ls | fzf $f ms (median of 10), ratio $(awk -v a="$w" -v b="$f" 'BEGIN {printf "%.2f", a/b}')"
        done
    fi
done
