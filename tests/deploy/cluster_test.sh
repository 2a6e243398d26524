#!/usr/bin/env bash
# scripts/cluster end to end, on loopback: 2 shards x 2 replicas of the seed
# archive behind a searchd front answer as the archive does; a SYNTHETIC story
# committed on the writer (an incremental run, replicated as changesets)
# reaches every replica and the front within 5 s of the replication interval,
# and so does one of a rebuild (a new database: full copies); a replica backs up
# and restores as one database; `down` leaves nothing running.
#   tests/deploy/cluster_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir=$1 build=$2
work=$(mktemp -d)
export STATE=$work/state BUILD=$build INTERVAL=1 ARCHIVE=$work/archive
# Below Linux's ephemeral range (32768 and up), where a port picked now could
# be taken by any test's outgoing connection before the server binds it.
export BASE_PORT=$((10000 + RANDOM % 9000)) LISTEN=127.0.0.1:$((20000 + RANDOM % 12000))
cleanup() {
  "$source_dir/scripts/cluster" down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "FAIL: $*" >&2
  for log in "$STATE"/logs/*.log; do echo "--- $log" >&2; tail -5 "$log" >&2; done
  exit 1
}
total_of() { sed -n 's/.*"total":{"estimate":\([0-9]*\).*/\1/p'; }

cp -r "$source_dir/data" "$ARCHIVE"
"$source_dir/scripts/cluster" up 2 2 || fail "cluster up"
answer=$(curl -fsS "http://$LISTEN/search?q=&per_page=10") || fail "the front did not answer"
[[ $(total_of <<<"$answer") == 5 ]] || fail "expected the seed issue's 5 stories: $answer"
grep -q '"partial":false' <<<"$answer" || fail "a partial answer: $answer"

# A new capture on the writer: SYNTHETIC test text, not news.
cat >"$ARCHIVE/synthetic-replication.jsonl" <<'JSONL'
{"issue": 9001, "story": 1, "date": "2026-03-01", "newsletter": "SYNTHETIC TEST ARCHIVE (not news)", "title": "Synthetic replication probe", "paragraphs": ["Synthetic test text, not news: zqxreplicationprobe."]}
JSONL
"$source_dir/scripts/cluster" index >/dev/null || fail "cluster index"
committed=$(date +%s%N)
limit_ns=$(((INTERVAL + 5) * 1000000000))
# Every replica of every shard, read directly, then the front.
stories_in_replica() {
  local sum=0 shard count
  for shard in 0 1; do
    count=$(xapian-delve "$STATE/replicas/$1/shard-$shard" 2>/dev/null | sed -n 's/^number of documents = //p')
    sum=$((sum + ${count:-0}))
  done
  echo "$sum"
}
for replica in 0 1; do
  until [[ $(stories_in_replica "$replica") == 6 ]]; do
    (( $(date +%s%N) - committed < limit_ns )) || fail "replica $replica did not get the new story within $((INTERVAL + 5)) s"
    sleep 0.1
  done
done
until [[ $(curl -fsS "http://$LISTEN/search?q=zqxreplicationprobe" | total_of) == 1 ]]; do
  (( $(date +%s%N) - committed < limit_ns )) || fail "the front did not find the new story within $((INTERVAL + 5)) s"
  sleep 0.1
done
echo "replicated and served in $((($(date +%s%N) - committed) / 1000000)) ms"

# A rebuild is a new database: every replica takes a full copy, the shard
# servers' connections and the front's local copy are opened anew.
sed -i 's/zqxreplicationprobe/zqxrebuiltprobe/' "$ARCHIVE/synthetic-replication.jsonl"
"$source_dir/scripts/cluster" index --rebuild >/dev/null || fail "cluster index --rebuild"
committed=$(date +%s%N)
until [[ $(curl -fsS "http://$LISTEN/search?q=zqxrebuiltprobe" | total_of) == 1 ]]; do
  (( $(date +%s%N) - committed < limit_ns )) || fail "the front did not find the rebuilt index's story within $((INTERVAL + 5)) s"
  sleep 0.1
done
answer=$(curl -fsS "http://$LISTEN/search?q=&per_page=1")
[[ $(total_of <<<"$answer") == 6 ]] || fail "expected 6 stories after the rebuild: $answer"
grep -q '"partial":false' <<<"$answer" || fail "a partial answer after the rebuild: $answer"
echo "rebuilt, fully copied and served in $((($(date +%s%N) - committed) / 1000000)) ms"

# A replica is backed up as it is read (Xapian's stub and its live copy), while
# replication goes on, and the backup and its restore answer as the replica does.
scatter=$build/cli/scatter
ids_of() { grep -o '"id": *"[^"]*"' | sort || true; }
replica=$STATE/replicas/1/shard-0
"$scatter" backup "$work/replica-backup" --db "$replica" >/dev/null || fail "scatter backup of a replica"
[[ -f $work/replica-backup/iamglass ]] || fail "the replica's backup is not one plain database"
"$scatter" restore "$work/replica-backup" --db "$work/restored" >/dev/null || fail "scatter restore of a replica's backup"
from_replica=$("$scatter" search "" --json --limit 100 --db "$replica" | ids_of)
[[ -n $from_replica ]] || fail "the replica of shard 0 holds no story"
[[ $("$scatter" search "" --json --limit 100 --db "$work/replica-backup" | ids_of) == "$from_replica" ]] ||
  fail "the replica's backup does not hold the replica's stories"
[[ $("$scatter" search "" --json --limit 100 --db "$work/restored" | ids_of) == "$from_replica" ]] ||
  fail "the restored replica's backup does not hold the replica's stories"
echo "a replica backed up and restored: $(wc -l <<<"$from_replica") stories"

"$source_dir/scripts/cluster" down
for pidfile in "$STATE"/pids/*.pid; do [[ -e $pidfile ]] && fail "left running: $pidfile"; done
curl -fsS "http://$LISTEN/healthz" >/dev/null 2>&1 && fail "the front still answers after down"
echo "ok"
