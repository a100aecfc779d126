#!/usr/bin/env bash
# local-up.sh: bring up a one-machine Skiff cluster — etcd (1 member), API server, scheduler,
# controller-manager, and this machine as a node (kubelet + proxy). Installs what is missing
# first (Docker engine, etcd, iproute2, iptables, npm dependencies, local images). Security is on:
# a PKI made once in $SKIFF_LOCAL_DIR/pki, etcd with TLS + client-cert auth, the API server over
# TLS with client certificates and Node,RBAC authorization, secrets encrypted at rest, an audit
# log, a client certificate per component and a kubelet API only the API server may call. Safe
# to run twice: running services are left alone. Stop with deploy/local-down.sh.
set -euo pipefail
source "$(dirname "$0")/lib/local-env.sh"
cd "$SKIFF_ROOT"

echo "skiff: checking the host"
bash deploy/lib/ensure-host.sh
if [ ! -x node_modules/.bin/node ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
bash deploy/images/build-test-images.sh pause busybox
mkdir -p "$SKIFF_LOGS" "$SKIFF_PIDS" "$SKIFF_LOCAL_DIR/etcd" "$SKIFF_LOCAL_DIR/kubelet"

api="https://127.0.0.1:$SKIFF_API_PORT"
pki="$SKIFF_PKI"
# The node's own address: the kubelet registers it as InternalIP and serves its API there.
node_ip="$(ip -4 route get 1.1.1.1 2>/dev/null | awk '{for (i = 1; i < NF; i++) if ($i == "src") { print $(i + 1); exit }}')"
node_ip="${node_ip:-127.0.0.1}"

echo "skiff: certificates in $pki (made once, kept on later runs)"
bash deploy/pki/skiff-pki.sh all "$pki" --hosts "127.0.0.1,localhost,$node_ip,$SKIFF_NODE_NAME"
bash deploy/pki/skiff-pki.sh kubelet "$pki" "$SKIFF_NODE_NAME"
bash deploy/pki/skiff-pki.sh kubelet-serving "$pki" "$SKIFF_NODE_NAME" --hosts "127.0.0.1,$node_ip"
# Each component authenticates with its own client certificate; admin.kubeconfig is the user's (CA embedded).
bash deploy/pki/skiff-pki.sh kubeconfig "$pki" admin "$api" "$SKIFF_KUBECONFIG"
for who in scheduler controller-manager kube-proxy "kubelet-$SKIFF_NODE_NAME"; do
  bash deploy/pki/skiff-pki.sh kubeconfig "$pki" "$who" "$api" "$pki/$who.kubeconfig"
done

echo "skiff: starting services"
warm_compile_cache
etcd_url="https://127.0.0.1:$SKIFF_ETCD_CLIENT_PORT"
# Client-cert auth on both ports: only holders of an etcd-CA certificate (the API server) get in.
start etcd etcd --name skiff-local --data-dir "$SKIFF_LOCAL_DIR/etcd" \
  --listen-client-urls "$etcd_url" --advertise-client-urls "$etcd_url" \
  --listen-peer-urls "https://127.0.0.1:$SKIFF_ETCD_PEER_PORT" --initial-advertise-peer-urls "https://127.0.0.1:$SKIFF_ETCD_PEER_PORT" \
  --initial-cluster "skiff-local=https://127.0.0.1:$SKIFF_ETCD_PEER_PORT" \
  --cert-file "$pki/etcd/server.crt" --key-file "$pki/etcd/server.key" --trusted-ca-file "$pki/etcd/ca.crt" --client-cert-auth \
  --peer-cert-file "$pki/etcd/peer.crt" --peer-key-file "$pki/etcd/peer.key" --peer-trusted-ca-file "$pki/etcd/ca.crt" --peer-client-cert-auth
wait_for etcd 30 etcdctl --endpoints "$etcd_url" --cacert "$pki/etcd/ca.crt" \
  --cert "$pki/apiserver-etcd-client.crt" --key "$pki/apiserver-etcd-client.key" endpoint health

# shellcheck disable=SC2046 # node_flags prints a flag list
start apiserver "$SKIFF_NODE" $(node_flags apiserver) apiserver/main.ts --etcd-servers="$etcd_url" \
  --etcd-cafile="$pki/etcd/ca.crt" --etcd-certfile="$pki/apiserver-etcd-client.crt" --etcd-keyfile="$pki/apiserver-etcd-client.key" \
  --bind-address=127.0.0.1 --secure-port="$SKIFF_API_PORT" --service-cluster-ip-range="$SKIFF_SERVICE_CIDR" \
  --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" --client-ca-file="$pki/ca.crt" \
  --authorization-mode=Node,RBAC \
  --service-account-key-file="$pki/sa.pub" --service-account-signing-key-file="$pki/sa.key" \
  --encryption-provider-config="$pki/encryption-config.yaml" --audit-log-path="$SKIFF_LOGS/audit.log" \
  --kubelet-client-certificate="$pki/apiserver-kubelet-client.crt" --kubelet-client-key="$pki/apiserver-kubelet-client.key" \
  --kubelet-certificate-authority="$pki/ca.crt"
wait_for "API server" 60 curl -sf --cacert "$pki/ca.crt" "$api/readyz"

# One scheduler and one controller-manager on one machine (a second run finds them running):
# no leader election, so no lease write every 2 s (≈1 % of idle CPU between API server and etcd).
start scheduler "$SKIFF_NODE" scheduler/main.ts --kubeconfig="$pki/scheduler.kubeconfig" --leader-elect=false
start controller-manager "$SKIFF_NODE" controller-manager/main.ts --kubeconfig="$pki/controller-manager.kubeconfig" \
  --leader-elect=false --cluster-cidr="$SKIFF_CLUSTER_CIDR" \
  --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" --root-ca-file="$pki/ca.crt"
# The kubelet is system:node:<name> (Node authorizer) and serves its API over TLS for the API server only.
# shellcheck disable=SC2046 # node_flags prints a flag list
start kubelet "$SKIFF_NODE" $(node_flags kubelet) kubelet/main.ts --kubeconfig="$pki/kubelet-$SKIFF_NODE_NAME.kubeconfig" --node-name="$SKIFF_NODE_NAME" \
  --node-ip="$node_ip" --root-dir="$SKIFF_LOCAL_DIR/kubelet" --cluster-dns="$SKIFF_CLUSTER_DNS" \
  --tls-cert-file="$pki/kubelet-$SKIFF_NODE_NAME-serving.crt" --tls-private-key-file="$pki/kubelet-$SKIFF_NODE_NAME-serving.key" \
  --client-ca-file="$pki/ca.crt"
start proxy "$SKIFF_NODE" proxy/main.ts --kubeconfig="$pki/kube-proxy.kubeconfig" --node-name="$SKIFF_NODE_NAME" \
  --cluster-dns="$SKIFF_CLUSTER_DNS"

# The cluster DNS address is reserved as the kube-dns Service so no other Service gets it.
admin_curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' "$api/api/v1/namespaces/kube-system/services" \
  -d "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"kube-dns\",\"labels\":{\"k8s-app\":\"kube-dns\"}},\"spec\":{\"clusterIP\":\"$SKIFF_CLUSTER_DNS\",\"ports\":[{\"name\":\"dns\",\"port\":53,\"protocol\":\"UDP\"},{\"name\":\"dns-tcp\",\"port\":53,\"protocol\":\"TCP\"}]}}" || true

node_ready() {
  admin_curl -sf "$api/api/v1/nodes/$SKIFF_NODE_NAME" | jq -e '.status.conditions[] | select(.type=="Ready" and .status=="True")'
}
wait_for "node $SKIFF_NODE_NAME to be Ready" 90 node_ready

ln -sf "$SKIFF_ROOT/kubectl/skiffctl" /usr/local/bin/skiffctl 2>/dev/null || true
cat <<NEXT

Skiff is up: API server $api (TLS, client certificates, Node+RBAC), node $SKIFF_NODE_NAME Ready.
  export KUBECONFIG=$SKIFF_KUBECONFIG
  skiffctl get nodes
  skiffctl apply -f examples/deployment-and-service.yaml
  skiffctl get pods -o wide
Certificates: $pki   Logs (audit.log too): $SKIFF_LOGS   Status: deploy/local-status.sh   Stop: deploy/local-down.sh
NEXT
