#!/usr/bin/env bash
# search.sh: the full-text index (src/search) on realistic corpora.
#
# Usage: benches/search.sh [N ...]                (default: 100000)
#        benches/search.sh 100000 1000000         (adds the 1M corpus: some
#                                                  6 GB of files, a long build)
#        BENCH_DIR=DIR benches/search.sh ...      (default /work/bench)
#        KINDS=dir benches/search.sh 1000000      (the directory only; the
#                                                  default is KINDS="dir dump")
#
# Needs cargo and /usr/bin/time (GNU time). For each N:
#   1. a realistic corpus directory of N articles in BENCH_DIR
#      (`make_corpus --realistic`, as benches/scale.sh makes it) and the
#      same packed as a multistream dump with its index (`make_dump`); both
#      are kept and reused between runs;
#   2. examples/search_bench on the directory, then on the dump: corpus
#      opened with an empty cache, search index built from empty, a no-op
#      update, the query set (median and p90), a check of the answers
#      against the articles' text, links_to and category_members, with the
#      peak resident memory of each phase;
#   3. the same with the index warm in a fresh process (`--no-build`):
#      what a later `wikiread search` sees.
# The cache (XDG_CACHE_HOME) is a new directory under BENCH_DIR, removed at
# the end (KEEP_CACHE=1 keeps it); ~/.cache is never touched. Each run's
# output is also saved as BENCH_DIR/search-N-{dir,dump}.txt.
set -euo pipefail

cd "$(dirname "$0")/.."
bench="${BENCH_DIR:-/work/bench}"
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(100000)
for tool in cargo /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "search.sh: $tool not found" >&2; exit 2; }
done
for n in "${sizes[@]}"; do
    [[ "$n" =~ ^[0-9]+$ ]] || { echo "search.sh: $n: not a number of articles" >&2; exit 2; }
done

cargo build --release --quiet --example make_corpus --example make_dump --example search_bench
bin="$PWD/target/release/examples"
mkdir -p "$bench"
bench="$(cd "$bench" && pwd -P)"
case "$bench" in
    "$HOME"/.cache|"$HOME"/.cache/*) echo "search.sh: BENCH_DIR must not be in ~/.cache" >&2; exit 2 ;;
esac
state="$(mktemp -d "$bench/search-cache.XXXXXX")"
if [ "${KEEP_CACHE:-0}" = 1 ]; then
    trap 'echo "cache kept in $state" >&2' EXIT
else
    trap 'rm -rf "$state"' EXIT
fi
export XDG_CACHE_HOME="$state/cache" XDG_STATE_HOME="$state/state" XDG_CONFIG_HOME="$state/config"
mkdir -p "$XDG_CACHE_HOME"

run() { # label, output file, search_bench arguments...
    local label="$1" out="$2"; shift 2
    echo "=== $label"
    /usr/bin/time -f "process: %e s wall, %U s user, %S s system, %M KB peak resident" \
        "$bin/search_bench" "$@" 2>&1 | grep -v '^  build: ' | tee "$out"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/^Mem/ {print $2}') GB"
echo "disk: $(df -h "$bench" | awk 'NR==2 {print $4 " free of " $2}')"
for n in "${sizes[@]}"; do
    dir="$bench/realistic-$n"
    dumps="$bench/dump-$n"
    dump="$dumps/zhwiki-20260101-pages-articles-multistream.xml.bz2"
    [ -d "$dir" ] || "$bin/make_corpus" --realistic "$dir" "$n" 1 >&2
    echo "== $n articles: $(du -sh "$dir" | cut -f1) directory (du)"
    for kind in ${KINDS:-dir dump}; do
        case "$kind" in
            dir) corpus="$dir" ;;
            dump)
                [ -f "$dump" ] || "$bin/make_dump" "$dir" "$dumps" >&2
                echo "   dump: $(du -sh "$dump" | cut -f1)"
                corpus="$dump" ;;
            *) echo "search.sh: KINDS: $kind is neither dir nor dump" >&2; exit 2 ;;
        esac
        run "$n, $kind: build and queries" "$bench/search-$n-$kind.txt" --corpus "$corpus"
        run "$n, $kind: warm, fresh process" "$bench/search-$n-$kind-warm.txt" \
            --corpus "$corpus" --no-build --verify 0
    done
    echo "cache now: $(du -sh "$XDG_CACHE_HOME" | cut -f1); disk: $(df -h "$bench" | awk 'NR==2 {print $4}') free"
done
