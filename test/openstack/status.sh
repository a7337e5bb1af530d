#!/bin/bash
# The services setup.sh started: state, processes, memory (RSS and PSS summed over each process group)
# and the disk use of $OSCI_BASE. Exit code 0 iff every service with a pid file is running.
BASE="${OSCI_BASE:-/var/lib/scs-os-ci}"
printf "%-16s %-8s %-6s %-8s %-8s %s\n" SERVICE PGID PROCS RSS_MiB PSS_MiB STATE
total_rss=0; total_pss=0; dead=0
for f in "$BASE"/run/*.pid; do
  [ -e "$f" ] || continue
  name=$(basename "$f" .pid); pgid=$(cat "$f")
  if ! kill -0 "$pgid" 2>/dev/null; then
    printf "%-16s %-8s %-6s %-8s %-8s %s\n" "$name" "$pgid" - - - dead; dead=1; continue
  fi
  rss=0; pss=0; n=0
  for p in $(ps -o pid= -g "$pgid"); do
    n=$((n + 1))
    r=$(awk '/^Rss:/{print $2}' "/proc/$p/smaps_rollup" 2>/dev/null)
    s=$(awk '/^Pss:/{print $2}' "/proc/$p/smaps_rollup" 2>/dev/null)
    rss=$((rss + ${r:-0})); pss=$((pss + ${s:-0}))
  done
  total_rss=$((total_rss + rss)); total_pss=$((total_pss + pss))
  printf "%-16s %-8s %-6s %-8s %-8s %s\n" "$name" "$pgid" "$n" $((rss / 1024)) $((pss / 1024)) running
done
printf "%-16s %-8s %-6s %-8s %-8s\n" TOTAL "" "" $((total_rss / 1024)) $((total_pss / 1024))
echo "state: $(du -sh "$BASE" 2>/dev/null | cut -f1) in $BASE"
exit $dead
