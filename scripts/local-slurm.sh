#!/usr/bin/env bash
# Starts a one-node Slurm (munge, slurmctld, slurmd; no systemd) on this machine, as root, so that the
# batch scripts in slurm/ can be tried:   scripts/local-slurm.sh start | stop | status
# The node declares 4 CPUs (config_overrides) so that 4-task jobs run on a 2-core machine. An existing
# /etc/slurm/slurm.conf is backed up first, and one this script did not write is never overwritten
# (see write_config; GINGHAM_LOCAL_SLURM_FORCE=1 overrides after a backup).
set -euo pipefail
action=${1:-start}
pids=/run/gingham-local-slurm.pids
conf=${GINGHAM_SLURM_CONF:-/etc/slurm/slurm.conf}  # another path only for tests/slurm/local_slurm_config.sh
marker="# Written by gingham's scripts/local-slurm.sh (a one-node test cluster); it may overwrite this file."

# The configuration for a one-node cluster on `host`, with the marker as its first line.
config_text() {
  local host=$1
  echo "$marker"
  cat <<CONF
ClusterName=local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=pmix
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$host CPUs=4 Boards=1 SocketsPerBoard=1 CoresPerSocket=4 ThreadsPerCore=1 RealMemory=20000 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
SlurmdParameters=config_overrides
CONF
}

# Writes the configuration to $conf. A file there that this script did not write (no marker, and not the
# text an older version of this script wrote without one) is a real cluster's: refused, unless
# GINGHAM_LOCAL_SLURM_FORCE=1. A different file there is first copied to $conf.bak-<date>.
write_config() {
  local host=$1
  if [ -e "$conf" ] && ! config_text "$host" | cmp -s - "$conf"; then
    if ! head -n 1 "$conf" | grep -qxF "$marker" && ! config_text "$host" | tail -n +2 | cmp -s - "$conf"; then
      if [ "${GINGHAM_LOCAL_SLURM_FORCE:-0}" != 1 ]; then
        echo "local-slurm: refusing to overwrite $conf: it was not written by this script (a real cluster's?)." >&2
        echo "local-slurm: move it away, or set GINGHAM_LOCAL_SLURM_FORCE=1 to back it up and replace it." >&2
        return 1
      fi
    fi
    local backup
    backup="$conf.bak-$(date +%Y%m%d-%H%M%S)"
    cp -p "$conf" "$backup"
    echo "local-slurm: backed up $conf to $backup"
  fi
  mkdir -p "$(dirname "$conf")"
  config_text "$host" > "$conf"
}
case "$action" in
  start)
    if ! command -v slurmctld >/dev/null; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null
    fi
    host=$(hostname -s)
    write_config "$host"
    mkdir -p /run/munge /var/lib/slurm/slurmctld /var/lib/slurm/slurmd /var/log/slurm
    chown munge:munge /run/munge
    # setsid and redirections: the daemons keep running after this script, holding none of its output.
    setsid runuser -u munge -- /usr/sbin/munged --foreground </dev/null >/var/log/slurm/munged.out 2>&1 &
    echo $! > "$pids"
    until munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; do sleep 0.1; done
    setsid /usr/sbin/slurmctld -D -i </dev/null >/var/log/slurm/slurmctld.out 2>&1 &
    echo $! >> "$pids"
    setsid /usr/sbin/slurmd -D </dev/null >/var/log/slurm/slurmd.out 2>&1 &
    echo $! >> "$pids"
    until sinfo -h -o %T 2>/dev/null | grep -q '^idle'; do sleep 0.2; done
    echo "local-slurm: running (node $host, 4 CPUs); try: sbatch --wait slurm/demo.sbatch"
    ;;
  stop)
    [ -f "$pids" ] && tac "$pids" | xargs -r kill 2>/dev/null || true
    rm -f "$pids"
    echo "local-slurm: stopped"
    ;;
  status) sinfo ;;
  write-config) write_config "$(hostname -s)" ;;  # only the configuration (tests/slurm/local_slurm_config.sh)
  *) echo "usage: $0 start|stop|status|write-config" >&2; exit 2 ;;
esac
