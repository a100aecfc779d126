#!/usr/bin/env bash
# bench.sh: side by side on the same Docker engine, in one run —
#   1. time for a 50-replica Deployment to become 50/50 Ready on Skiff, vs
#      `docker service create --replicas 50` of the same image under Docker Swarm until 50/50 running;
#   2. the idle footprint (RSS, CPU) of the control plane + one node (etcd, API server,
#      scheduler, controller-manager, kubelet, proxy).
# The "engine" is a simulated node's own dockerd (deploy/multinode, 1 node): Skiff's kubelet and
# Swarm both drive that dockerd, and the shared host engine never enters swarm mode. The node
# leaves swarm mode afterwards and the whole bench cluster is removed.
# Usage: bench.sh [--replicas 50] [--idle-seconds 30]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
replicas=50 idle=30
while [ $# -gt 0 ]; do
  case "$1" in
    --replicas) replicas="$2"; shift 2 ;;
    --idle-seconds) idle="$2"; shift 2 ;;
    *) echo "bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
export SKIFF_MN_NAME=skiff-bench
# shellcheck source=/dev/null
source "$ROOT/deploy/multinode/lib.sh"
NODE="$MN_NAME-node1"
IMAGE=skiff/busybox:latest
cleanup() {
  docker exec "$NODE" docker swarm leave --force >/dev/null 2>&1 || true
  bash "$ROOT/deploy/multinode/down.sh" --name "$MN_NAME" >/dev/null 2>&1 || true
}
trap cleanup EXIT
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

bash "$ROOT/deploy/multinode/up.sh" --name "$MN_NAME" --nodes 1 --etcd 1 >/dev/null
API="$(sed -n 's/^ *server: //p' "$MN_KUBECONFIG")"
skiffctl() { "$ROOT/kubectl/skiffctl" --kubeconfig="$MN_KUBECONFIG" "$@"; }

# --- idle footprint, before any workload -------------------------------------------------
# pid_in CONTAINER SERVICE: the pid (in the container's namespace) of a service.
pid_in() {
  case "$2" in
    kubelet|proxy) docker exec "$1" cat "/run/skiff/$2.pid" ;;
    *) echo 1 ;;
  esac
}
# PSS counts pages shared between processes (the one Node binary all five services map, the
# page cache of the checkout) once, split among them; RSS counts them in every process.
sample() { # CONTAINER PID -> "rss_kb cpu_ticks pss_kb"
  docker exec "$1" sh -c "awk '/^VmRSS/ {print \$2}' /proc/$2/status; cut -d' ' -f14,15 /proc/$2/stat; awk '/^Pss:/ {print \$2}' /proc/$2/smaps_rollup" | paste -sd' ' | awk '{print $1, $2 + $3, $4}'
}
members=("$MN_NAME-etcd1:etcd" "$MN_NAME-apiserver1:apiserver" "$MN_NAME-scheduler1:scheduler"
  "$MN_NAME-controller-manager1:controller-manager" "$NODE:kubelet" "$NODE:proxy")
sleep_idle() { local end=$((SECONDS + idle)); while [ $SECONDS -lt $end ]; do sleep 1; done; }
declare -A t0 pids
for m in "${members[@]}"; do pids[$m]="$(pid_in "${m%%:*}" "${m#*:}")"; t0[$m]="$(sample "${m%%:*}" "${pids[$m]}" | cut -d' ' -f2)"; done
sleep_idle
hz="$(getconf CLK_TCK)" total_rss=0 total_pss=0 total_cpu=0
echo "== idle footprint over ${idle}s (control plane + one node; dockerd not counted)"
printf '%-20s %10s %10s %8s\n' component RSS_MB PSS_MB CPU_%
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
for m in "${members[@]}"; do
  read -r rss ticks pss < <(sample "${m%%:*}" "${pids[$m]}")
  cpu="$(awk -v t="$((ticks - t0[$m]))" -v hz="$hz" -v s="$idle" 'BEGIN { printf "%.2f", 100 * t / hz / s }')"
  printf '%-20s %10s %10s %8s\n' "${m#*:}" "$(mb "$rss")" "$(mb "$pss")" "$cpu"
  total_rss=$((total_rss + rss)) total_pss=$((total_pss + pss))
  total_cpu="$(awk -v a="$total_cpu" -v b="$cpu" 'BEGIN { print a + b }')"
done
printf '%-20s %10s %10s %8.2f   (targets: <= 300 MB, <= 2 %%)\n' TOTAL "$(mb "$total_rss")" "$(mb "$total_pss")" "$total_cpu"

# --- 50 replicas: Skiff --------------------------------------------------------------------
manifest="apiVersion: apps/v1
kind: Deployment
metadata: {name: bench}
spec:
  replicas: $replicas
  selector: {matchLabels: {app: bench}}
  template:
    metadata: {labels: {app: bench}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - {name: sleep, image: $IMAGE, imagePullPolicy: Never, command: [sleep, '3600']}"
start="$(now)"
echo "$manifest" | skiffctl apply -f - >/dev/null
until [ "$(admin_curl -sf "$API/apis/apps/v1/namespaces/default/deployments/bench" | jq '.status.readyReplicas // 0')" = "$replicas" ]; do sleep 0.2; done
skiff_s="$(secs "$start" "$(now)")"
skiffctl delete deployment bench >/dev/null
until [ "$(docker exec "$NODE" docker ps -q --filter label=io.skiff.type=container | wc -l)" = 0 ]; do sleep 0.5; done

# --- 50 replicas: Docker Swarm on the same engine ------------------------------------------
docker exec "$NODE" docker swarm init --advertise-addr "$(ip_of "$NODE")" >/dev/null
start="$(now)"
docker exec "$NODE" docker service create --detach --quiet --name bench --replicas "$replicas" \
  --stop-grace-period 1s "$IMAGE" sleep 3600 >/dev/null 2>&1
until [ "$(docker exec "$NODE" docker service ls --filter name=bench --format '{{.Replicas}}')" = "$replicas/$replicas" ]; do sleep 0.2; done
swarm_s="$(secs "$start" "$(now)")"
docker exec "$NODE" docker service rm bench >/dev/null
docker exec "$NODE" docker swarm leave --force >/dev/null

# --- the engine's floor: the containers a Skiff pod needs, straight through the docker CLI ---
# A pod is a sandbox (pause, holding the network namespace) plus its app container joined to
# it — two containers per replica where a Swarm task is one.
start="$(now)"
docker exec "$NODE" bash -c "seq 1 $replicas | xargs -P 8 -I{} sh -c 'docker run -d --name floor-{} --network skiff0 skiff/pause:latest >/dev/null &&
  docker run -d --name floor-app-{} --network container:floor-{} $IMAGE sleep 3600 >/dev/null'"
floor_s="$(secs "$start" "$(now)")"
docker exec "$NODE" sh -c 'docker rm -f $(docker ps -aq --filter name=floor-) >/dev/null'

echo "== $replicas replicas to Ready/running, same engine"
printf 'raw docker run of %s sandbox+app pairs (8 at a time): %ss — the engine alone\n' "$replicas" "$floor_s"
printf 'skiff deployment : %6ss\ndocker swarm     : %6ss\nratio skiff/swarm: %6s   (target <= 0.8)\n' \
  "$skiff_s" "$swarm_s" "$(awk -v a="$skiff_s" -v b="$swarm_s" 'BEGIN { printf "%.2f", a / b }')"
