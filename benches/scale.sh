#!/usr/bin/env bash
# Whole-process figures at 1k / 10k / 100k / 1M accounts: wall time and peak resident
# memory of each listing, export and import, measured with `/usr/bin/time -v`.
#
#   cargo build --release && benches/scale.sh [BINARY] [SIZES...]
#
# Books are generated once into target/tmp/scale and reused (the 1M book takes about
# a minute). Each book is opened once before measuring, so the day's automatic
# snapshot and backup are not counted against a listing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/target/release/runway}
shift || true
sizes=${*:-1000 10000 100000 1000000}
dir=$root/target/tmp/scale
today=2026-11-22
mkdir -p "$dir/home"
# A private HOME: the daily backups land here, never in the user's data folder.
export HOME=$dir/home XDG_CONFIG_HOME=$dir/home/cfg XDG_DATA_HOME=$dir/home/data
run() { # label, then the command; prints "label  seconds  peak-MB"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$dir/time.out" "$@" >/dev/null 2>"$dir/stderr.out" \
    || { echo "$label failed:"; cat "$dir/stderr.out"; return 1; }
  read -r secs kb <"$dir/time.out"
  printf '%-28s %8s s %8d MB\n' "$label" "$secs" $((kb / 1024))
}
for n in $sizes; do
  book=$dir/book-$n.db
  if [ ! -f "$book" ]; then
    run "generate $n" "$bin" --db "$book" --today $today demo --synthetic "$n"
  fi
  "$bin" --db "$book" --today $today queue >/dev/null 2>&1 # the day's snapshot + backup
  echo "== $n accounts"
  run "queue --json" "$bin" --db "$book" --today $today queue --json
  run "queue --all --json" "$bin" --db "$book" --today $today queue --all --json
  for what in accounts stakeholders signals calendar; do
    run "export $what" "$bin" --db "$book" --today $today export "$what" -o "$dir/out.$what"
  done
  run "forecast --json" "$bin" --db "$book" --today $today forecast --json
  run "report --md" "$bin" --db "$book" --today $today report --md
  # An accounts CSV of n rows exported from the book, imported into a new one.
  rm -f "$dir/import-$n.db"*
  run "import $n rows" "$bin" --db "$dir/import-$n.db" --today $today import accounts "$dir/out.accounts"
  # The same file again over the book it made: the update path (every row looked up).
  run "re-import $n rows" "$bin" --db "$dir/import-$n.db" --today $today import accounts "$dir/out.accounts"
done
