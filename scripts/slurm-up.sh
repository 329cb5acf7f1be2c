#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for running deploy/slurm/ for real (CI does, .ci/run):
# writes /etc/slurm/slurm.conf for this host, starts munged, slurmctld and slurmd, and waits until
# `sinfo` shows the node idle. Needs root and Debian's slurm-wlm and munge (scripts/setup-system.sh
# installs them). Does nothing when the node is already up; never overwrites a slurm.conf it did
# not write. Stop it with scripts/slurm-down.sh.
set -euo pipefail
conf=/etc/slurm/slurm.conf
marker='# written by secfaas scripts/slurm-up.sh'
logs=/var/log/slurm
timeout_seconds=${SLURM_UP_TIMEOUT:-60}
SECONDS=0

fail() { echo "slurm-up: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "needs root (it starts munged, slurmctld and slurmd)"
for command in munged slurmctld slurmd sinfo; do
  command -v "$command" >/dev/null || fail "$command not found: install slurm-wlm and munge (scripts/setup-system.sh)"
done
if timeout 5 sinfo -h -N -o '%t' 2>/dev/null | grep -qx idle; then
  echo "slurm-up: a node is already idle" >&2
  exit 0
fi

# The node as slurmd sees it (CPUs, sockets, cores, memory), reached on the loopback address so
# that the host name need not resolve.
host=$(hostname -s)
node=$(slurmd -C | head -1)
if [ -e "$conf" ] && ! head -1 "$conf" | grep -qxF "$marker"; then
  fail "$conf exists and was not written by this script: use that cluster, or move the file away"
fi
mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd "$logs" /run/munge /run/slurm
chown slurm:slurm /var/spool/slurmctld "$logs" /run/slurm
chown munge:munge /run/munge
cat >"$conf" <<EOF
$marker
ClusterName=secfaas
SlurmctldHost=$host(127.0.0.1)
SlurmUser=slurm
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurm/slurmctld.pid
SlurmdPidFile=/run/slurm/slurmd.pid
SlurmctldLogFile=$logs/slurmctld.log
SlurmdLogFile=$logs/slurmd.log
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

# munge authenticates every Slurm message; the package makes a key, make one if it did not.
[ -s /etc/munge/munge.key ] || runuser -u munge -- mungekey --create
# Each daemon unless the one of its pid file runs (pid files, not pgrep: procps may be absent).
running() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
running /run/munge/munged.pid || runuser -u munge -- munged
running /run/slurm/slurmctld.pid || slurmctld
running /run/slurm/slurmd.pid || slurmd

# sinfo waits ~10 s for a controller that does not answer: bound each call, and the whole wait.
deadline=$((SECONDS + timeout_seconds))
while [ "$SECONDS" -lt "$deadline" ]; do
  state=$(timeout 5 sinfo -h -N -o '%t' 2>/dev/null || true)
  if [ "$state" = idle ]; then
    echo "slurm-up: node $host idle after ${SECONDS}s ($node)" >&2
    exit 0
  fi
  sleep 1
done
echo "slurm-up: node $host not idle after ${timeout_seconds}s (sinfo: ${state:-no answer}); the logs' last lines:" >&2
tail -n 20 "$logs/slurmctld.log" "$logs/slurmd.log" >&2 || true
exit 1
