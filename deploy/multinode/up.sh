#!/usr/bin/env bash
# shellcheck disable=SC2086 # the SKIFF_*_FLAGS extras are word-split on purpose
# up.sh: a simulated multi-node Skiff cluster on one machine, kind-style. On a private Docker
# network: a 3-member etcd cluster, 1 or 2 API servers, scheduler and controller-manager (2 of
# each with --ha, leader-elected), and N node containers (skiff/node) each running its own
# dockerd plus the kubelet and proxy from this checkout (bind-mounted read-only at the same
# path). Node i gets pod CIDR 10.244.i.0/24; the kubelets add the routes between nodes.
# Security is on, as in deploy/local-up.sh: a PKI per cluster (deploy/pki/skiff-pki.sh), etcd
# with TLS and client-cert auth on client and peer ports, API servers over TLS with Node,RBAC,
# encryption at rest and an audit log, a client certificate per component, and nodes that join
# with a bootstrap token: each kubelet obtains its client and serving certificates through CSRs.
#
# Usage: up.sh [--nodes N] [--apiservers 1|2] [--etcd 1|3] [--ha] [--name NAME]
# Then:  export KUBECONFIG=/var/lib/skiff/multinode/<name>/admin.kubeconfig; skiffctl get nodes
# More:  add-node.sh [--name NAME] adds one node (joining the same way)
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
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "up.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=deploy/multinode/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=deploy/multinode/nodes.sh
source "$(dirname "$0")/nodes.sh"
# shellcheck source=deploy/lib/node-flags.sh
source "$(dirname "$0")/../lib/node-flags.sh"
cd "$MN_ROOT"

if docker network inspect "$MN_NAME" >/dev/null 2>&1; then
  log "cluster $MN_NAME already exists (down.sh --name $MN_NAME removes it)"
  exit 0
fi
if ! docker info >/dev/null 2>&1 || ! command -v etcdctl >/dev/null; then bash deploy/lib/ensure-host.sh; fi
if ! command -v jq >/dev/null || ! command -v curl >/dev/null || ! command -v openssl >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq curl openssl >/dev/null
fi
bash deploy/images/build-test-images.sh
mkdir -p "$MN_STATE/logs" "$MN_PKI"
warm_compile_cache

log "network $MN_NAME"
docker network create --label "$MN_LABEL" "$MN_NAME" >/dev/null

# Everything that names no address: CAs, client certificates, SA keys, the encryption key.
log "certificates in $MN_PKI"
mn_pki ca "$MN_PKI"
mn_pki client "$MN_PKI" admin kubernetes-admin system:masters
mn_pki client "$MN_PKI" scheduler system:kube-scheduler
mn_pki client "$MN_PKI" controller-manager system:kube-controller-manager
mn_pki client "$MN_PKI" kube-proxy system:kube-proxy
mn_pki client "$MN_PKI" apiserver-kubelet-client kube-apiserver-kubelet-client
mn_pki sa "$MN_PKI"
mn_pki encryption "$MN_PKI"

# hosts_of PREFIX COUNT prints "name1,ip1,name2,ip2,..." of containers PREFIX1..PREFIXCOUNT.
hosts_of() {
  local out="" i
  for i in $(seq 1 "$2"); do out+="${out:+,}$1$i,$(ip_of "$1$i")"; done
  echo "$out"
}

etcd_tls() {
  local d=/etc/skiff/pki/etcd
  echo --cert-file $d/server.crt --key-file $d/server.key --trusted-ca-file $d/ca.crt --client-cert-auth \
    --peer-cert-file $d/peer.crt --peer-key-file $d/peer.key --peer-trusted-ca-file $d/ca.crt --peer-client-cert-auth
}

start_etcd() {
  local cluster="" i hosts=""
  for i in $(seq 1 "$etcds"); do cluster+="${cluster:+,}$MN_NAME-etcd$i=https://$MN_NAME-etcd$i:2380"; hosts+=" $MN_NAME-etcd$i"; done
  for i in $(seq 1 "$etcds"); do
    local n="$MN_NAME-etcd$i"
    # Wait until every member's name resolves (etcd matches its peer URL against the cluster
    # list) and until its certificates, which name its address, exist.
    run_in "$n" etcd -v /usr/bin/etcd:/usr/local/bin/etcd:ro -v "$MN_STATE:/etc/skiff:ro" "$MN_ETCD_IMAGE" bash -c \
      "for h in $hosts; do until getent hosts \$h >/dev/null; do sleep 0.2; done; done
       until [ -f /etc/skiff/pki/.etcd-ready ]; do sleep 0.2; done
       exec etcd --name $n --data-dir /var/lib/etcd \
        --listen-client-urls https://0.0.0.0:2379 --advertise-client-urls https://$n:2379 \
        --listen-peer-urls https://0.0.0.0:2380 --initial-advertise-peer-urls https://$n:2380 \
        --initial-cluster $cluster --initial-cluster-state new --initial-cluster-token $MN_NAME $(etcd_tls)"
  done
  mn_pki etcd "$MN_PKI" --hosts "$(hosts_of "$MN_NAME-etcd" "$etcds")"
  touch "$MN_PKI/.etcd-ready"
  wait_until "etcd" 60 etcdctl --endpoints "https://$(ip_of "$MN_NAME-etcd1"):2379" --cacert "$MN_PKI/etcd/ca.crt" \
    --cert "$MN_PKI/apiserver-etcd-client.crt" --key "$MN_PKI/apiserver-etcd-client.key" endpoint health
}

# control_plane NAME ROLE ARGS... runs a Node service from the checkout in a skiff/node container.
control_plane() {
  local name="$1" role="$2"; shift 2
  run_in "$name" "$role" -v "$MN_ROOT:$MN_ROOT:ro" -v "$MN_STATE:/etc/skiff:ro" \
    --entrypoint node "$MN_IMAGE" "$@"
}

start_apiservers() {
  local etcd="" i p=/etc/skiff/pki
  for i in $(seq 1 "$etcds"); do etcd+="${etcd:+,}https://$MN_NAME-etcd$i:2379"; done
  for i in $(seq 1 "$apiservers"); do
    mkdir -p "$MN_STATE/logs/apiserver$i"
    # The serving certificate names the container's address: the API server waits for it.
    run_in "$MN_NAME-apiserver$i" apiserver -v "$MN_ROOT:$MN_ROOT:ro" -v "$MN_STATE:/etc/skiff:ro" \
      -v "$MN_STATE/logs/apiserver$i:/var/log/skiff" --entrypoint bash "$MN_IMAGE" -c "$(after_marker $p/.apiserver-ready \
      node $(node_flags apiserver) "$MN_ROOT/apiserver/main.ts" --etcd-servers="$etcd" \
      --etcd-cafile=$p/etcd/ca.crt --etcd-certfile=$p/apiserver-etcd-client.crt --etcd-keyfile=$p/apiserver-etcd-client.key \
      --bind-address=0.0.0.0 --secure-port=$MN_API_PORT --service-cluster-ip-range="$MN_SERVICE_CIDR" \
      --tls-cert-file=$p/apiserver.crt --tls-private-key-file=$p/apiserver.key --client-ca-file=$p/ca.crt \
      --authorization-mode=Node,RBAC \
      --service-account-key-file=$p/sa.pub --service-account-signing-key-file=$p/sa.key \
      --encryption-provider-config=$p/encryption-config.yaml --audit-log-path=/var/log/skiff/audit.log \
      --kubelet-client-certificate=$p/apiserver-kubelet-client.crt --kubelet-client-key=$p/apiserver-kubelet-client.key \
      --kubelet-certificate-authority=$p/ca.crt ${SKIFF_APISERVER_FLAGS:-})"
  done
  mn_pki apiserver "$MN_PKI" --hosts "$(hosts_of "$MN_NAME-apiserver" "$apiservers")"
  touch "$MN_PKI/.apiserver-ready"
}

start_control_plane() {
  local i servers=""
  start_apiservers
  for i in $(seq 1 "$apiservers"); do
    servers+="${servers:+,}https://$(ip_of "$MN_NAME-apiserver$i"):$MN_API_PORT"
    wait_until "API server $i" 90 curl -sf --cacert "$MN_PKI/ca.crt" "https://$(ip_of "$MN_NAME-apiserver$i"):$MN_API_PORT/readyz"
  done
  # Components fail over between API servers (comma-separated servers); kubectl takes one.
  mn_pki kubeconfig "$MN_PKI" admin "${servers%%,*}" "$MN_KUBECONFIG"
  for who in scheduler controller-manager kube-proxy; do mn_pki kubeconfig "$MN_PKI" "$who" "$servers" "$MN_PKI/$who.kubeconfig"; done
  # Two of each with --ha, leader-elected; a single one needs no election (no lease write every 2 s).
  local copies=1 elect=false; [ "$ha" = 1 ] && copies=2 elect=true
  for i in $(seq 1 "$copies"); do
    control_plane "$MN_NAME-scheduler$i" scheduler "$MN_ROOT/scheduler/main.ts" \
      --kubeconfig=/etc/skiff/pki/scheduler.kubeconfig --leader-elect=$elect ${SKIFF_SCHEDULER_FLAGS:-}
    # The controller-manager signs (and auto-approves) the kubelets' client certificate requests.
    control_plane "$MN_NAME-controller-manager$i" controller-manager "$MN_ROOT/controller-manager/main.ts" \
      --kubeconfig=/etc/skiff/pki/controller-manager.kubeconfig --leader-elect=$elect --cluster-cidr="$MN_CLUSTER_CIDR" \
      --cluster-signing-cert-file=/etc/skiff/pki/ca.crt --cluster-signing-key-file=/etc/skiff/pki/ca.key --root-ca-file=/etc/skiff/pki/ca.crt \
      ${SKIFF_CONTROLLER_MANAGER_FLAGS:-}
  done
  # The cluster DNS address is reserved as the kube-dns Service (the proxies answer on it).
  admin_curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' \
    "${servers%%,*}/api/v1/namespaces/kube-system/services" \
    -d "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"kube-dns\",\"labels\":{\"k8s-app\":\"kube-dns\"}},\"spec\":{\"clusterIP\":\"$MN_CLUSTER_DNS\",\"ports\":[{\"name\":\"dns\",\"port\":53,\"protocol\":\"UDP\"},{\"name\":\"dns-tcp\",\"port\":53,\"protocol\":\"TCP\"}]}}" || true
  write_bootstrap_kubeconfig "$servers"
}

# write_bootstrap_kubeconfig SERVERS: what a joining node gets — the CA and a bootstrap token
# (skiffctl token create, as for a VM join), so its kubelet can ask for a client certificate.
write_bootstrap_kubeconfig() {
  local token
  token="$("$MN_ROOT/kubectl/skiffctl" --kubeconfig="$MN_KUBECONFIG" token create --ttl 24h --description "multinode $MN_NAME nodes")"
  umask 077
  cat >"$MN_PKI/bootstrap.kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: $MN_NAME
  cluster:
    server: $1
    certificate-authority-data: $(base64 -w0 <"$MN_PKI/ca.crt")
users:
- name: kubelet-bootstrap
  user:
    token: $token
contexts:
- name: bootstrap
  context: {cluster: $MN_NAME, user: kubelet-bootstrap}
current-context: bootstrap
KUBECONFIG
  umask 022
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
wait_until "$nodes nodes Ready" 180 ready_nodes "$nodes"

cat <<NEXT

Skiff multi-node cluster $MN_NAME is up: $nodes nodes, $etcds etcd members, $apiservers API server(s).
Security on: TLS everywhere, Node+RBAC, nodes joined with a bootstrap token (certificates: $MN_PKI).
  export KUBECONFIG=$MN_KUBECONFIG
  skiffctl get nodes -o wide
  skiffctl apply -f examples/deployment-and-service.yaml
Logs: $MN_STATE/logs (node services, audit log) and docker logs $MN_NAME-<component>
Shell on a node: docker exec -it $MN_NAME-node1 bash     Stop: deploy/multinode/down.sh${SKIFF_MN_NAME:+ --name $MN_NAME}
NEXT
