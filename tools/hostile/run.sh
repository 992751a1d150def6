#!/usr/bin/env bash
# Full-size hostile inputs of issue 18 through the release binary, one `rashomon ingest` per
# input under /usr/bin/time -v, then all of them in one run; prints wall time and peak RSS per
# input and what the account says. Targets: each input finishes in under 30 s and 1 GB of RSS,
# or is rejected with a reason; no run aborts because of one input.
#
#   cargo build --release && tools/hostile/run.sh [--small] [--keep]
#
# --small: inputs at a hundredth of the size (a smoke test). --keep: keep the temp folder.
# RASHOMON=path overrides the binary. Exits 1 if a target is missed.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${RASHOMON:-$root/target/release/rashomon}
small=""
keep=""
for a in "$@"; do
    case "$a" in
        --small) small=--small ;;
        --keep) keep=1 ;;
        *) echo "usage: $0 [--small] [--keep]" >&2; exit 2 ;;
    esac
done
[ -x "$bin" ] || { echo "no binary at $bin: run cargo build --release first" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time; apt-get install time)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/rashomon-hostile.XXXXXX")
if [ -z "$keep" ]; then trap 'rm -rf "$work"' EXIT; else echo "keeping $work"; fi
echo "generating inputs in $work/in ..."
python3 "$root/tools/hostile/generate.py" "$work/in" $small
mkdir -p "$work/out" "$work/time"

echo "binary: $bin ($(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo
printf '%-30s %10s %8s %9s %4s  %s\n' input size wall_s peak_MB exit "outcome (from ingest-report.json)"

failed=0
run_one() { # name, extra args...
    local name=$1; shift
    local input=$work/in/$name
    local label=$name${1:+ $*}
    local tag=${name}${1:+-forced}
    local out=$work/out/$tag
    local status=0
    /usr/bin/time -v -o "$work/time/$tag" "$bin" --quiet ingest "$input" -o "$out" "$@" \
        > "$work/time/$tag.stdout" 2> "$work/time/$tag.stderr" || status=$?
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s}' "$work/time/$tag")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$work/time/$tag")
    local outcome
    outcome=$(python3 - "$out/ingest-report.json" <<'EOF'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except Exception as e:
    print(f"no report ({e.__class__.__name__})"); sys.exit()
i = r["inputs"][0]
parts = [f"{i['status']}, {i['documents']} doc(s)"]
if i.get("error"):
    parts.append(f"error: {i['error']}")
for rej in i.get("rejections", [])[:2]:
    parts.append(f"rejected: {rej['reason']}")
if i.get("skipped"):
    parts.append("skipped: " + ", ".join(f"{k} ×{v}" for k, v in i["skipped"].items()))
for w in i.get("warnings", [])[:2]:
    parts.append(f"warning: {w}")
print("; ".join(parts))
EOF
)
    local size
    size=$(du -h --apparent-size "$input" | cut -f1)
    printf '%-30s %10s %8s %9s %4s  %s\n' "$label" "$size" "$wall" "$rss" "$status" "$outcome"
    if [ "$status" -ne 0 ] || awk -v w="$wall" -v r="$rss" 'BEGIN { exit !(w >= 30 || r >= 1024) }'; then
        failed=1
    fi
}

for f in warc-gzip-bomb.warc para-1mb.txt para-2mb.txt para-50mb.txt para-60mb.txt \
         warc-image-first.warc warc-image-first.bin nested-divs.html charset-utf16.html \
         charset-iso-2022-kr.html cjk-1mb.txt metadata-years.jsonl; do
    run_one "$f"
done
run_one warc-image-first.bin --format warc

# All inputs in one run: one bad input never stops the others.
status=0
/usr/bin/time -v -o "$work/time/all" "$bin" --quiet ingest "$work/in" -o "$work/out/all" \
    > /dev/null 2> "$work/time/all.stderr" || status=$?
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s}' "$work/time/all")
rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$work/time/all")
totals=$(python3 -c "
import json; t = json.load(open('$work/out/all/ingest-report.json'))['totals']
print(f\"{t['inputs']} inputs: {t['inputs_read']} read, {t['inputs_rejected']} rejected; {t['documents']} documents, {t['records_rejected']} record(s) rejected, {t['records_skipped']} skipped\")" 2>/dev/null || echo "no report")
echo
printf '%-30s %10s %8s %9s %4s  %s\n' "(all inputs, one run)" "$(du -sh --apparent-size "$work/in" | cut -f1)" "$wall" "$rss" "$status" "$totals"
[ "$status" -eq 0 ] || failed=1

echo
if [ "$failed" -eq 0 ]; then
    echo "all targets met: every run exited 0 in under 30 s and 1 GB"
else
    echo "TARGET MISSED (see above; logs in $work/time)"
    trap - EXIT
fi
exit "$failed"
