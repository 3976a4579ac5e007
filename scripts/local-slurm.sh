#!/usr/bin/env bash
# Starts a one-node Slurm (munge, slurmctld, slurmd; no systemd) on this machine, as root, so that the
# batch scripts in slurm/ can be tried:   scripts/local-slurm.sh start | stop | status
# The node declares 4 CPUs (config_overrides) so that 4-task jobs run on a 2-core machine.
set -euo pipefail
action=${1:-start}
pids=/run/gingham-local-slurm.pids
case "$action" in
  start)
    if ! command -v slurmctld >/dev/null; then
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd slurm-client munge >/dev/null
    fi
    host=$(hostname -s)
    cat > /etc/slurm/slurm.conf <<CONF
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
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
