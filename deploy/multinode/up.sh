#!/usr/bin/env bash
# shellcheck disable=SC2086 # the SKIFF_*_FLAGS extras are word-split on purpose
# up.sh: a simulated multi-node Skiff cluster on one machine, kind-style. On a private Docker
# network: a 3-member etcd cluster, 1 or 2 API servers, scheduler and controller-manager (2 of
# each with --ha, leader-elected), and N node containers (skiff/node) each running its own
# dockerd plus the kubelet and proxy from this checkout (bind-mounted read-only at the same
# path). Node i gets pod CIDR 10.244.i.0/24; the kubelets add the routes between nodes.
#
# Usage: up.sh [--nodes N] [--apiservers 1|2] [--etcd 1|3] [--ha] [--name NAME]
# Then:  export KUBECONFIG=/var/lib/skiff/multinode/<name>/admin.kubeconfig; skiffctl get nodes
# Stop:  down.sh [--name NAME]
set -euo pipefail
nodes=3 apiservers=1 etcds=3 ha=0
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes="$2"; shift 2 ;;
    --nodes=*) nodes="${1#*=}"; shift ;;
    --apiservers) apiservers="$2"; shift 2 ;;
    --etcd) etcds="$2"; shift 2 ;;
    --ha) ha=1; shift ;;
    --name) export SKIFF_MN_NAME="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "up.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=deploy/multinode/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$MN_ROOT"

if docker network inspect "$MN_NAME" >/dev/null 2>&1; then
  log "cluster $MN_NAME already exists (down.sh --name $MN_NAME removes it)"
  exit 0
fi
if ! docker info >/dev/null 2>&1 || ! command -v etcdctl >/dev/null; then bash deploy/lib/ensure-host.sh; fi
if ! command -v jq >/dev/null || ! command -v curl >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq curl >/dev/null
fi
bash deploy/images/build-test-images.sh
mkdir -p "$MN_STATE/logs"

log "network $MN_NAME"
docker network create --label "$MN_LABEL" "$MN_NAME" >/dev/null

# run_in NAME ROLE IMAGE ARGS... starts a labelled container on the cluster network.
run_in() {
  local name="$1" role="$2"; shift 2
  docker run -d --name "$name" --hostname "$name" --network "$MN_NAME" \
    --label "$MN_LABEL" --label "skiff.role=$role" "$@" >/dev/null
}

start_etcd() {
  local cluster="" i
  for i in $(seq 1 "$etcds"); do cluster+="${cluster:+,}$MN_NAME-etcd$i=http://$MN_NAME-etcd$i:2380"; done
  for i in $(seq 1 "$etcds"); do
    local n="$MN_NAME-etcd$i" hosts=""
    for j in $(seq 1 "$etcds"); do hosts+=" $MN_NAME-etcd$j"; done
    # Wait until every member's name resolves: etcd matches its peer URL against the cluster list.
    run_in "$n" etcd -v /usr/bin/etcd:/usr/local/bin/etcd:ro "$MN_ETCD_IMAGE" bash -c \
      "for h in $hosts; do until getent hosts \$h >/dev/null; do sleep 0.2; done; done
       exec etcd --name $n --data-dir /var/lib/etcd \
        --listen-client-urls http://0.0.0.0:2379 --advertise-client-urls http://$n:2379 \
        --listen-peer-urls http://0.0.0.0:2380 --initial-advertise-peer-urls http://$n:2380 \
        --initial-cluster $cluster --initial-cluster-state new --initial-cluster-token $MN_NAME"
  done
  wait_until "etcd" 60 etcdctl --endpoints "$(ip_of "$MN_NAME-etcd1"):2379" endpoint health
}

# control_plane NAME ROLE ARGS... runs a Node service from the checkout in a skiff/node container.
control_plane() {
  local name="$1" role="$2"; shift 2
  run_in "$name" "$role" -v "$MN_ROOT:$MN_ROOT:ro" -v "$MN_STATE:/etc/skiff:ro" \
    --entrypoint node "$MN_IMAGE" "$@"
}

start_control_plane() {
  local etcd="" i servers=""
  for i in $(seq 1 "$etcds"); do etcd+="${etcd:+,}http://$MN_NAME-etcd$i:2379"; done
  for i in $(seq 1 "$apiservers"); do
    control_plane "$MN_NAME-apiserver$i" apiserver "$MN_ROOT/apiserver/main.ts" --etcd-servers="$etcd" \
      --bind-address=0.0.0.0 --secure-port=$MN_API_PORT --service-cluster-ip-range="$MN_SERVICE_CIDR" \
      ${SKIFF_APISERVER_FLAGS:-}
  done
  for i in $(seq 1 "$apiservers"); do
    servers+="${servers:+,}http://$(ip_of "$MN_NAME-apiserver$i"):$MN_API_PORT"
    wait_until "API server $i" 90 curl -sf "http://$(ip_of "$MN_NAME-apiserver$i"):$MN_API_PORT/readyz"
  done
  # Components fail over between API servers (comma-separated servers); kubectl takes one.
  write_kubeconfig "$MN_STATE/components.kubeconfig" "$servers"
  write_kubeconfig "$MN_KUBECONFIG" "${servers%%,*}"
  local copies=1; [ "$ha" = 1 ] && copies=2
  for i in $(seq 1 "$copies"); do
    control_plane "$MN_NAME-scheduler$i" scheduler "$MN_ROOT/scheduler/main.ts" \
      --kubeconfig=/etc/skiff/components.kubeconfig --leader-elect=true ${SKIFF_SCHEDULER_FLAGS:-}
    control_plane "$MN_NAME-controller-manager$i" controller-manager "$MN_ROOT/controller-manager/main.ts" \
      --kubeconfig=/etc/skiff/components.kubeconfig --leader-elect=true --cluster-cidr="$MN_CLUSTER_CIDR" \
      ${SKIFF_CONTROLLER_MANAGER_FLAGS:-}
  done
  # The cluster DNS address is reserved as the kube-dns Service (the proxies answer on it).
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' \
    "${servers%%,*}/api/v1/namespaces/kube-system/services" \
    -d "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"kube-dns\",\"labels\":{\"k8s-app\":\"kube-dns\"}},\"spec\":{\"clusterIP\":\"$MN_CLUSTER_DNS\",\"ports\":[{\"name\":\"dns\",\"port\":53,\"protocol\":\"UDP\"},{\"name\":\"dns-tcp\",\"port\":53,\"protocol\":\"TCP\"}]}}" || true
}

# start_node I creates node I; its images are loaded once its dockerd answers.
start_node() {
  local i="$1" n="$MN_NAME-node$1"
  mkdir -p "$MN_STATE/logs/node$i"
  docker volume create --label "$MN_LABEL" "$n-docker" >/dev/null
  # shellcheck disable=SC2046 # node_options is a word list
  run_in "$n" node $(node_options) -v "$n-docker:/var/lib/docker" \
    -v "$MN_ROOT:$MN_ROOT:ro" -v "$MN_STATE:/etc/skiff:ro" -v "$MN_STATE/logs/node$i:/var/log/skiff" \
    -e SKIFF_ROOT="$MN_ROOT" -e SKIFF_NODE_NAME="node$i" -e SKIFF_POD_CIDR="10.244.$i.0/24" \
    -e SKIFF_CLUSTER_CIDR="$MN_CLUSTER_CIDR" -e SKIFF_CLUSTER_DNS="$MN_CLUSTER_DNS" \
    -e SKIFF_KUBECONFIG=/etc/skiff/components.kubeconfig \
    -e SKIFF_KUBELET_FLAGS="${SKIFF_KUBELET_FLAGS:-}" -e SKIFF_PROXY_FLAGS="${SKIFF_PROXY_FLAGS:-}" \
    --entrypoint bash "$MN_IMAGE" "$MN_ROOT/deploy/multinode/node.sh" run
}

load_images() {
  local n="$MN_NAME-node$1"
  wait_until "dockerd in $n" 60 docker exec "$n" docker info
  docker exec -i "$n" docker load -q <"$MN_STATE/images.tar" >/dev/null
  docker exec "$n" touch /var/lib/docker/.skiff-images-loaded
}

log "etcd ($etcds members)"; start_etcd
log "control plane"; start_control_plane
log "$nodes nodes"
# shellcheck disable=SC2086
docker save $MN_NODE_IMAGES -o "$MN_STATE/images.tar"
for i in $(seq 1 "$nodes"); do start_node "$i"; done
pids=()
for i in $(seq 1 "$nodes"); do load_images "$i" & pids+=($!); done
for p in "${pids[@]}"; do wait "$p"; done

ready_nodes() {
  curl -sf "$(sed -n 's/^ *server: //p' "$MN_KUBECONFIG")/api/v1/nodes" |
    jq -e --argjson n "$nodes" '[.items[] | select(.status.conditions[]? | .type=="Ready" and .status=="True")] | length >= $n'
}
wait_until "$nodes nodes Ready" 180 ready_nodes

cat <<NEXT

Skiff multi-node cluster $MN_NAME is up: $nodes nodes, $etcds etcd members, $apiservers API server(s).
  export KUBECONFIG=$MN_KUBECONFIG
  skiffctl get nodes -o wide
  skiffctl apply -f examples/deployment-and-service.yaml
Logs: $MN_STATE/logs (node services) and docker logs $MN_NAME-<component>
Shell on a node: docker exec -it $MN_NAME-node1 bash     Stop: deploy/multinode/down.sh${SKIFF_MN_NAME:+ --name $MN_NAME}
NEXT
