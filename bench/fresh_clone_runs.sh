#!/usr/bin/env bash
# Clone main into a temporary folder N times and run `make test` in each, as a new user would:
# prints PASS/FAIL and the wall time of each run, then one JSON line with the figures.
#
#   bench/fresh_clone_runs.sh N [--hog] [--cold] [--keep] [--ref REF]
#
#   --hog    keep one core busy (`python -c 'while 1: pass'`) during every run
#   --cold   empty machine caches for every run (the first clone on a machine builds the ROS
#            interface packages, ~35 s, and the speech phrase graphs, ~25 s CPU; later clones
#            take them from the machine's cache, ~/.cache/concierge)
#   --keep   keep the clones (default: delete a clone that passed; a failed one is kept)
#   --ref    what to clone (default: main)
#
# Runs are sequential (two suites at once on a 2-core machine would measure each other). A run
# is a fresh clone with no .venv: its `make test` sets itself up (pip from uv's cache, the
# interface packages from scripts/bootstrap.sh's cache unless --cold).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
runs=${1:?usage: bench/fresh_clone_runs.sh N [--hog] [--cold] [--keep] [--ref REF]}
shift
hog=0 cold=0 keep=0 ref=main
while [ $# -gt 0 ]; do
  case $1 in
    --hog) hog=1 ;;
    --cold) cold=1 ;;
    --keep) keep=1 ;;
    --ref) ref=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[[ $runs =~ ^[0-9]+$ ]] && [ "$runs" -ge 1 ] || { echo "N must be a positive number" >&2; exit 2; }

base=$(mktemp -d /tmp/fresh-clone-runs.XXXXXX)
hog_pid=""
cleanup() { [ -n "$hog_pid" ] && kill "$hog_pid" 2>/dev/null || true; }
trap cleanup EXIT
if [ "$hog" = 1 ]; then
  python3 -c 'while 1: pass' &
  hog_pid=$!
fi

commit=$(git -C "$REPO" rev-parse --short "$ref")
echo "fresh-clone runs of $ref ($commit) in $base, $(nproc) cores, hog=$hog, cold=$cold" >&2
passed=0 times=()
for i in $(seq 1 "$runs"); do
  dir=$base/run$i
  git clone --quiet --no-hardlinks --branch "$ref" "$REPO" "$dir" 2>/dev/null \
    || git clone --quiet --no-hardlinks "$REPO" "$dir"
  git -C "$dir" checkout --quiet "$commit"
  if [ "$cold" = 1 ]; then
    export CONCIERGE_IFACE_CACHE=$dir.iface-cache  # empty: this run builds the interfaces
    export CONCIERGE_MACHINE_CACHE=$dir.machine-cache  # ... and the speech phrase graphs
  fi
  start=$(date +%s)
  if (cd "$dir" && make test >"$dir/make-test.log" 2>&1); then
    verdict=PASS passed=$((passed + 1))
  else
    verdict=FAIL
  fi
  secs=$(( $(date +%s) - start ))
  times+=("$secs")
  summary=$(grep -E '^[0-9]+ (passed|failed)|^=+ .*(passed|failed)' "$dir/make-test.log" | tail -1 || true)
  printf 'run %d: %s in %dm%02ds  %s\n' "$i" "$verdict" $((secs / 60)) $((secs % 60)) "$summary"
  if [ "$verdict" = FAIL ]; then
    grep -E '^(FAILED|ERROR) ' "$dir/make-test.log" | sed 's/^/    /' || tail -5 "$dir/make-test.log"
    echo "    log: $dir/make-test.log"
  elif [ "$keep" = 0 ]; then
    rm -rf "$dir" "$dir.iface-cache" "$dir.machine-cache"
  fi
done

max=$(printf '%s\n' "${times[@]}" | sort -n | tail -1)
mean=$(( $(printf '%s+' "${times[@]}")0 ))
mean=$(( mean / runs ))
printf '{"bench": "fresh_clone_runs", "ref": "%s", "commit": "%s", "runs": %d, "passed": %d, "hog": %s, "cold": %s, "cores": %d, "wall_s": [%s], "mean_s": %d, "max_s": %d}\n' \
  "$ref" "$commit" "$runs" "$passed" "$([ "$hog" = 1 ] && echo true || echo false)" "$([ "$cold" = 1 ] && echo true || echo false)" "$(nproc)" \
  "$(IFS=,; echo "${times[*]}")" "$mean" "$max"
[ "$passed" = "$runs" ]
