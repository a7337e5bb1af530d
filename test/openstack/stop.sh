#!/bin/bash
# Stop exactly the services that setup.sh started, by their pid files. Each was started with setsid,
# so its pid is its process-group id; we signal that group (uwsgi master and workers, eventlet
# workers) and nothing else.
# Usage: test/openstack/stop.sh [--purge]     --purge also deletes $OSCI_BASE (DBs, configs, logs)
set -u
BASE="${OSCI_BASE:-/var/lib/scs-os-ci}"
RUN="$BASE/run"
shopt -s nullglob
stopping=()
for f in "$RUN"/*.pid; do
  name=$(basename "$f" .pid); pid=$(cat "$f")
  if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
    pgid=$(ps -o pgid= -p "$pid" | tr -d ' ')
    if [ "$pgid" = "$pid" ]; then
      kill -TERM -- "-$pid" 2>/dev/null && echo "stopping $name (process group $pid)"
    else
      # the pid was reused by something that does not lead its own group: not ours, leave it
      echo "skipping $name: pid $pid is no longer a process group we started"; rm -f "$f"; continue
    fi
    stopping+=("$pid")
  fi
done
for _ in $(seq 1 60); do
  alive=0
  for p in "${stopping[@]}"; do kill -0 -- "-$p" 2>/dev/null && alive=1; done
  [ $alive = 0 ] && break
  sleep 0.25
done
for p in "${stopping[@]}"; do
  if kill -0 -- "-$p" 2>/dev/null; then echo "killing process group $p"; kill -KILL -- "-$p" 2>/dev/null; fi
done
rm -f "$RUN"/*.pid
if [ "${1:-}" = "--purge" ]; then rm -rf "$BASE"; echo "removed $BASE"; fi
exit 0
