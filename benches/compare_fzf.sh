#!/usr/bin/env bash
# compare_fzf.sh: `wikiread find` against `fzf --filter` on a synthetic corpus.
#
# Usage: benches/compare_fzf.sh [N]      (N titles, default 100000)
#        RUNS=20 WARMUP=5 benches/compare_fzf.sh
#
# Needs cargo, hyperfine and fzf on PATH. Steps:
#   1. builds `wikiread` and the `make_corpus` example (release);
#   2. writes a corpus of N empty-bodied articles named after the synthetic
#      titles (seed 1, the titles `cargo bench --bench finder` searches) in
#      a temporary directory, removed on exit;
#   3. for each query, hyperfine (WARMUP warm-up runs, RUNS timed runs, all
#      through the same shell) times three commands:
#        wikiread   wikiread find Q --corpus DIR --limit 20
#        fzf dir    ls -U DIR | fzf --filter Q | head -20
#        fzf list   fzf --filter Q < TITLES | head -20
#   4. prints a table of median times (and standard deviations), the ratio
#      of the medians wikiread / fzf dir, and how many titles each printed.
#      Medians, because on a shared virtual machine an occasional run takes
#      much longer (page faults in the kernel), which skews means.
#
# Fairness: `wikiread find` keeps a corpus index (titles and the finder's
# keys) in its cache, here a temporary directory: the warm-up runs build
# it, and each timed run opens it, checks it against the directory, reads
# the titles and searches once, as a user's repeated searches would. "fzf dir" is the fair
# comparison: it too starts from the directory (an unsorted listing, file
# names with their `.md` and underscores, which changes nothing for these
# queries). "fzf list" is fzf's matching alone on a prepared list of the
# titles, a lower bound that no directory-based tool can reach. Both tools
# use every core. They do not do the same work: fzf matches the literal
# characters only (no Traditional/Simplified folding, no full-width folding,
# no pinyin), so for Chinese and pinyin queries it finds fewer or no titles;
# the "printed" columns show this.
set -euo pipefail

cd "$(dirname "$0")/.."
count="${1:-100000}"
runs="${RUNS:-10}"
warmup="${WARMUP:-3}"
limit=20
queries=(新疆 伊犁危机 蘇聯 xinjiang zuozongtang ylwj zzt zg kash treaty Ｋａｓｈ)

for tool in cargo hyperfine fzf; do
    command -v "$tool" >/dev/null || { echo "compare_fzf: $tool not found" >&2; exit 2; }
done

cargo build --release --quiet --bin wikiread --example make_corpus
wikiread="$PWD/target/release/wikiread"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
corpus="$work/corpus"
# The corpus index goes to a temporary cache, never the user's.
export XDG_CACHE_HOME="$work/cache"
titles="$work/titles.txt"
target/release/examples/make_corpus "$corpus" "$count" 1
sync # so that writing the corpus back does not disturb the runs
# The titles as wikiread derives them from file names.
ls -U "$corpus" | sed 's/\.md$//; s/_/ /g' >"$titles"

q() { printf '%q' "$1"; }

results="$work/results.tsv"
: >"$results"
for query in "${queries[@]}"; do
    csv="$work/run.csv"
    hyperfine --style basic --warmup "$warmup" --runs "$runs" --export-csv "$csv" \
        -n wikiread "$(q "$wikiread") find $(q "$query") --corpus $(q "$corpus") --limit $limit" \
        -n 'fzf dir' "ls -U $(q "$corpus") | fzf --filter $(q "$query") | head -$limit" \
        -n 'fzf list' "fzf --filter $(q "$query") < $(q "$titles") | head -$limit" \
        >&2
    printed_w=$("$wikiread" find "$query" --corpus "$corpus" --limit "$limit" | wc -l)
    printed_f=$( (fzf --filter "$query" <"$titles" || true) | head -"$limit" | wc -l)
    # CSV columns: command,mean,stddev,median,user,system,min,max (seconds).
    awk -F, -v q="$query" -v pw="$printed_w" -v pf="$printed_f" '
        NR > 1 { median[NR - 1] = $4 * 1000; sd[NR - 1] = $3 * 1000 }
        END {
            printf "%s\t%.1f (σ %.1f)\t%.1f (σ %.1f)\t%.1f (σ %.1f)\t%.1f\t%d / %d\n", q,
                median[1], sd[1], median[2], sd[2], median[3], sd[3], median[1] / median[2], pw, pf
        }' "$csv" >>"$results"
done

echo
echo "$count titles; median of $runs runs in ms (σ: standard deviation); ratio = wikiread / fzf dir"
echo
echo "| query | wikiread find | fzf dir | fzf list | ratio | printed (wikiread / fzf) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
while IFS=$'\t' read -r query w fd fl ratio printed; do
    echo "| \`$query\` | $w | $fd | $fl | ${ratio}× | $printed |"
done <"$results"
