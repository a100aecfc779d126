#!/usr/bin/env bash
# local-up.sh: bring up a one-machine Skiff cluster — etcd (1 member), API server, scheduler,
# controller-manager, and this machine as a node (kubelet + proxy). Installs what is missing
# first (Docker engine, etcd, iproute2, iptables, npm dependencies, local images). Safe to run
# twice: running services are left alone. Stop with deploy/local-down.sh.
set -euo pipefail
source "$(dirname "$0")/lib/local-env.sh"
cd "$SKIFF_ROOT"

echo "skiff: checking the host"
bash deploy/lib/ensure-host.sh
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash deploy/images/build-test-images.sh skiff/pause skiff/busybox
mkdir -p "$SKIFF_LOGS" "$SKIFF_PIDS" "$SKIFF_LOCAL_DIR/etcd" "$SKIFF_LOCAL_DIR/kubelet"

api="http://127.0.0.1:$SKIFF_API_PORT"
cat >"$SKIFF_KUBECONFIG" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: skiff-local
  cluster:
    server: $api
contexts:
- name: skiff-local
  context: {cluster: skiff-local, user: admin, namespace: default}
current-context: skiff-local
users:
- name: admin
  user: {}
KUBECONFIG

echo "skiff: starting services"
start etcd etcd --name skiff-local --data-dir "$SKIFF_LOCAL_DIR/etcd" \
  --listen-client-urls "http://127.0.0.1:$SKIFF_ETCD_CLIENT_PORT" --advertise-client-urls "http://127.0.0.1:$SKIFF_ETCD_CLIENT_PORT" \
  --listen-peer-urls "http://127.0.0.1:$SKIFF_ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$SKIFF_ETCD_PEER_PORT" \
  --initial-cluster "skiff-local=http://127.0.0.1:$SKIFF_ETCD_PEER_PORT"
wait_for etcd 30 etcdctl --endpoints "127.0.0.1:$SKIFF_ETCD_CLIENT_PORT" endpoint health

start apiserver "$SKIFF_NODE" apiserver/main.ts --etcd-servers="http://127.0.0.1:$SKIFF_ETCD_CLIENT_PORT" \
  --bind-address=127.0.0.1 --secure-port="$SKIFF_API_PORT" --service-cluster-ip-range="$SKIFF_SERVICE_CIDR"
wait_for "API server" 60 curl -sf "$api/readyz"

start scheduler "$SKIFF_NODE" scheduler/main.ts --kubeconfig="$SKIFF_KUBECONFIG" --leader-elect=true
start controller-manager "$SKIFF_NODE" controller-manager/main.ts --kubeconfig="$SKIFF_KUBECONFIG" \
  --leader-elect=true --cluster-cidr="$SKIFF_CLUSTER_CIDR"
start kubelet "$SKIFF_NODE" kubelet/main.ts --kubeconfig="$SKIFF_KUBECONFIG" --node-name="$SKIFF_NODE_NAME" \
  --root-dir="$SKIFF_LOCAL_DIR/kubelet" --cluster-dns="$SKIFF_CLUSTER_DNS"
start proxy "$SKIFF_NODE" proxy/main.ts --kubeconfig="$SKIFF_KUBECONFIG" --node-name="$SKIFF_NODE_NAME" \
  --cluster-dns="$SKIFF_CLUSTER_DNS"

# The cluster DNS address is reserved as the kube-dns Service so no other Service gets it.
curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' "$api/api/v1/namespaces/kube-system/services" \
  -d "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"kube-dns\",\"labels\":{\"k8s-app\":\"kube-dns\"}},\"spec\":{\"clusterIP\":\"$SKIFF_CLUSTER_DNS\",\"ports\":[{\"name\":\"dns\",\"port\":53,\"protocol\":\"UDP\"},{\"name\":\"dns-tcp\",\"port\":53,\"protocol\":\"TCP\"}]}}" || true

node_ready() {
  curl -sf "$api/api/v1/nodes/$SKIFF_NODE_NAME" | jq -e '.status.conditions[] | select(.type=="Ready" and .status=="True")'
}
wait_for "node $SKIFF_NODE_NAME to be Ready" 90 node_ready

ln -sf "$SKIFF_ROOT/kubectl/skiffctl" /usr/local/bin/skiffctl 2>/dev/null || true
cat <<NEXT

Skiff is up: API server $api, node $SKIFF_NODE_NAME Ready.
  export KUBECONFIG=$SKIFF_KUBECONFIG
  skiffctl get nodes
  skiffctl apply -f examples/deployment-and-service.yaml
  skiffctl get pods -o wide
Logs: $SKIFF_LOGS   Status: deploy/local-status.sh   Stop: deploy/local-down.sh
NEXT
