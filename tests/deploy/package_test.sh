#!/usr/bin/env bash
# The Debian package: CPack makes it from this build folder, it unpacks into a
# scratch root (dpkg -x), holds the programs, data, man pages, units and
# settings file packaging/CMakeLists.txt lists, its programs run from there (the
# indexer tagging companies from the installed data), and its units pass
# systemd-analyze verify. Any failure fails the test.
#   tests/deploy/package_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir=$1 build_dir=$2
for tool in cpack dpkg-deb dpkg-shlibdeps systemd-analyze; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run scripts/install-deps" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "package_test: $*" >&2; exit 1; }

(cd "$build_dir" && cpack -G DEB -B "$work/out") >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log" >&2; fail "cpack failed"; }
debs=("$work"/out/scatter_*.deb)
[[ ${#debs[@]} == 1 && -f ${debs[0]} ]] || fail "cpack made no scatter_*.deb: ${debs[*]}"
deb=${debs[0]}

dpkg-deb --field "$deb" Package Depends Conflicts >"$work/control"
grep -qx 'Package: scatter' "$work/control" || fail "package name: $(cat "$work/control")"
for library in libxapian30 libgumbo1 libroaring0 libcpp-httplib0.11 libboost-program-options; do
  grep -q "^Depends:.*$library" "$work/control" || fail "Depends lacks $library: $(grep Depends "$work/control")"
done
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles | grep -qx /etc/default/scatter || fail "/etc/default/scatter is not a conffile"

root=$work/root
dpkg -x "$deb" "$root"
programs=(indexer searchd scatter)
[[ -x $build_dir/shardd/scatter-shardd ]] && programs+=(scatter-shardd)
expected=(etc/default/scatter usr/share/scatter/companies.json usr/share/scatter/topics.json
          usr/share/scatter/synonyms.conf usr/share/doc/scatter/copyright usr/share/doc/scatter/README.md
          usr/share/doc/scatter/examples/archive/2026-02-09-issue-003.source.txt
          usr/lib/systemd/system/scatter-searchd.service usr/lib/systemd/system/scatter-indexer.service
          usr/lib/systemd/system/scatter-indexer.path usr/lib/systemd/system/scatter-indexer.timer)
for program in "${programs[@]}"; do expected+=("usr/bin/$program" "usr/share/man/man1/$program.1.gz"); done
for file in "${expected[@]}"; do [[ -f $root/$file ]] || fail "missing /$file"; done
for program in "${programs[@]}"; do
  [[ -x $root/usr/bin/$program ]] || fail "/usr/bin/$program is not executable"
  "$root/usr/bin/$program" --help >"$work/help" || fail "/usr/bin/$program --help failed"
  gzip -cd "$root/usr/share/man/man1/$program.1.gz" >"$work/page" || fail "$program.1.gz is not gzip"
  upper=$(tr '[:lower:]' '[:upper:]' <<<"$program")
  grep -Eq "^\.TH \"?$upper\"? \"?1\"? " "$work/page" || fail "$program.1 is not a section-1 page of $program"
  grep -q '^\.SH SYNOPSIS' "$work/page" || fail "$program.1 has no synopsis"
done

# The installed indexer tags companies from /usr/share/scatter: the example
# archive has no companies.json of its own.
"$root/usr/bin/indexer" --quiet --archive "$root/usr/share/doc/scatter/examples/archive" --db "$work/index" ||
  fail "the installed indexer could not index the example archive"
"$root/usr/bin/scatter" search --company OpenAI --json --db "$work/index" >"$work/search.json" ||
  fail "the installed scatter could not search"
grep -q '"id": "3-2"' "$work/search.json" || fail "--company OpenAI did not find story 3-2: the installed companies were not used"

# The units as installed, their /usr/bin pointed into the scratch root (the
# programs are not on this machine's /usr/bin): any complaint fails.
mkdir "$work/units"
for unit in "$root"/usr/lib/systemd/system/*; do
  grep -q "ExecStart=/usr/bin/" "$unit" || [[ $unit != *.service ]] || fail "$(basename "$unit") does not run /usr/bin"
  sed -e "s#/usr/bin/#$root/usr/bin/#g" "$unit" >"$work/units/$(basename "$unit")"
done
for setting in DynamicUser=yes ProtectSystem=strict StateDirectory=scatter Restart=on-failure; do
  for service in scatter-searchd scatter-indexer; do
    grep -qx "$setting" "$work/units/$service.service" || fail "$service.service lacks $setting"
  done
done
cd "$work/units"
units=(scatter-searchd.service scatter-indexer.service scatter-indexer.path scatter-indexer.timer)
if ! output=$(systemd-analyze verify --man=no "${units[@]/#/./}" 2>&1) || [[ -n $output ]]; then
  fail "systemd-analyze verify complained: $output"
fi
echo "package $(basename "$deb"): ${#expected[@]} files checked, ${programs[*]} run, units verified"
