#!/usr/bin/env bash
# Stops the one-node cluster scripts/slurm-up.sh started (slurmd, slurmctld, munged, by their pid
# files) and removes the slurm.conf it wrote. A cluster it did not set up is left alone.
set -euo pipefail
conf=/etc/slurm/slurm.conf
if ! head -1 "$conf" 2>/dev/null | grep -qxF '# written by secfaas scripts/slurm-up.sh'; then
  echo "slurm-down: $conf was not written by scripts/slurm-up.sh: nothing stopped" >&2
  exit 1
fi
pids=()
for pidfile in /run/slurm/slurmd.pid /run/slurm/slurmctld.pid /run/munge/munged.pid; do
  [ -s "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && pids+=("$(cat "$pidfile")")
done
[ ${#pids[@]} -eq 0 ] || kill "${pids[@]}"
# Wait until they have exited (slurmctld saves its state first), so that slurm-up can start anew.
for _ in $(seq 30); do
  alive=0
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
  [ "$alive" -eq 0 ] && break
  sleep 1
done
[ "$alive" -eq 0 ] || { echo "slurm-down: still running after 30s: ${pids[*]}" >&2; exit 1; }
rm -f "$conf"
echo "slurm-down: stopped" >&2
