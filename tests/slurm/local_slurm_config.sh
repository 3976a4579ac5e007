#!/usr/bin/env bash
# scripts/local-slurm.sh's configuration writing, on a scratch path (GINGHAM_SLURM_CONF), no daemons:
# writes a marked file where there is none; leaves its own identical file alone; backs up its own changed
# file before rewriting it; refuses a file it did not write (unchanged, no backup) unless
# GINGHAM_LOCAL_SLURM_FORCE=1, which backs it up first.
set -uo pipefail
script=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GINGHAM_SLURM_CONF=$work/slurm.conf
failures=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAILED: $1"; failures=$((failures + 1)); fi; }
backups() { find "$work" -name 'slurm.conf.bak-*' | wc -l; }

"$script" write-config >/dev/null
check "writes a marked configuration where there is none" \
  '[ $? -eq 0 ] && head -n 1 "$GINGHAM_SLURM_CONF" | grep -q "Written by gingham" && [ "$(backups)" -eq 0 ]'
"$script" write-config >/dev/null
check "leaves its own identical file alone (no backup)" '[ $? -eq 0 ] && [ "$(backups)" -eq 0 ]'
sed -i 's/RealMemory=20000/RealMemory=1000/' "$GINGHAM_SLURM_CONF"
"$script" write-config >/dev/null
check "backs up its own changed file, then rewrites it" \
  '[ $? -eq 0 ] && [ "$(backups)" -eq 1 ] && grep -q RealMemory=20000 "$GINGHAM_SLURM_CONF"'
rm -f "$work"/slurm.conf.bak-*
printf 'ClusterName=production\nSlurmctldHost=head01\n' > "$GINGHAM_SLURM_CONF"
message=$("$script" write-config 2>&1); status=$?
check "refuses a file it did not write (exit status non-zero, says why)" \
  '[ $status -ne 0 ] && grep -q "refusing to overwrite" <<<"$message"'
check "leaves the refused file unchanged and makes no backup" \
  'grep -q ClusterName=production "$GINGHAM_SLURM_CONF" && [ "$(backups)" -eq 0 ]'
sleep 1  # backups are named by the second
GINGHAM_LOCAL_SLURM_FORCE=1 "$script" write-config >/dev/null
check "GINGHAM_LOCAL_SLURM_FORCE=1 backs the foreign file up, then replaces it" \
  '[ "$(backups)" -eq 1 ] && grep -q ClusterName=production "$work"/slurm.conf.bak-* && grep -q ClusterName=local "$GINGHAM_SLURM_CONF"'
if [ $failures -ne 0 ]; then echo "local-slurm configuration: $failures check(s) FAILED"; exit 1; fi
echo "local-slurm configuration: all checks passed"
