#!/usr/bin/env bash
# Checks the systemd units of docs/deploy/systemd with systemd-analyze verify,
# against the programs just built (the units name /usr/local/bin, where an
# install puts them): any complaint, warnings included, fails the test.
#   tests/deploy/verify_units.sh SOURCE_DIR SEARCHD SHARDD INDEXER
set -euo pipefail
source_dir=$1 searchd=$2 shardd=$3 indexer=$4
command -v systemd-analyze >/dev/null || { echo "systemd-analyze is missing: run scripts/install-deps test" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for unit in "$source_dir"/docs/deploy/systemd/*; do
  sed -e "s#/usr/local/bin/searchd#$searchd#g" -e "s#/usr/local/bin/scatter-shardd#$shardd#g" \
      -e "s#/usr/local/bin/indexer#$indexer#g" "$unit" >"$work/$(basename "$unit")"
done
cd "$work"
units=(scatter-searchd.service scatter-shardd@shard-0.service scatter-replicate@shard-0.service
       scatter-replicate-server.service scatter-indexer.service scatter-indexer.path scatter-indexer.timer
       scatter-indexer-watch.service)
for unit in "${units[@]}"; do
  template=${unit/@*./@.}
  [[ -f $template ]] || { echo "missing unit file $template" >&2; exit 1; }
done
if ! output=$(systemd-analyze verify --man=no "${units[@]/#/./}" 2>&1) || [[ -n $output ]]; then
  echo "systemd-analyze verify complained:" >&2
  echo "$output" >&2
  exit 1
fi
echo "verified: ${units[*]}"
