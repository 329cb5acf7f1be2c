#!/usr/bin/env bash
# The Debian packages secfaas needs beyond Node: a font for the PNG charts (resvg silently drops
# all text without one), Chromium for the report's browser test, and Slurm with munge for running
# deploy/slurm/ on a real one-node cluster (scripts/slurm-up.sh starts it; test/deploy/slurm.test.ts).
# Installs only what is missing; needs root (or sudo) when something is.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ -x /usr/sbin/slurmctld ] && [ -x /usr/sbin/slurmd ] && [ -x /usr/bin/sbatch ] || missing+=(slurm-wlm)
[ -x /usr/sbin/munged ] || missing+=(munge)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing ${missing[*]}" >&2
sudo=''
[ "$(id -u)" -eq 0 ] || sudo='sudo'
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${missing[@]}"
