#!/usr/bin/env bash
# skiff-install.sh: install Skiff on a few Linux VMs (Debian/Ubuntu, root). See docs/install-vms.md.
#   init [--advertise-address IP] [--etcd-members 1|3] [--node-name NAME] [--tls] [--no-node]
#        first control-plane host: etcd, API server, scheduler, controller-manager (and, unless
#        --no-node, kubelet + proxy); cluster CA; admin kubeconfig; prints the join command.
#   join SERVER TOKEN [--control-plane] [--node-ip IP] [--node-name NAME]
#        TOKEN is the join string K10<ca-sha256>::<id>.<secret> printed by init. The CA served by
#        SERVER is checked against the pinned hash before anything is sent; a mismatch is refused.
#   token create          print a new join command (control-plane host)
#   doctor                one line per problem, with its fix; exit 1 when any
#   uninstall             stop and remove everything Skiff added to this host
set -euo pipefail
SKIFF_ROOT="$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)"
LIB="$SKIFF_ROOT/deploy/vm/lib"
# shellcheck source=lib/pki.sh
source "$LIB/pki.sh"
# shellcheck source=lib/services.sh
source "$LIB/services.sh"
# shellcheck source=lib/cluster-info.sh
source "$LIB/cluster-info.sh"
ETC=/etc/skiff
PKI=$ETC/pki
STATE=/var/lib/skiff
CLUSTER_CIDR="${SKIFF_CLUSTER_CIDR:-10.244.0.0/16}"
SERVICE_CIDR="${SKIFF_SERVICE_CIDR:-10.96.0.0/12}"
CLUSTER_DNS="${SKIFF_CLUSTER_DNS:-10.96.0.10}"

say() { echo "skiff: $*" >&2; }
die() { echo "skiff: $*" >&2; exit 1; }

# default_ip prints the address this host uses to reach the network (or to reach $1).
default_ip() {
  local to="${1:-1.1.1.1}"
  ip -4 route get "$to" 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p' | head -1 | grep . || hostname -I | cut -d' ' -f1
}

install_packages() {
  local need=()
  command -v dockerd >/dev/null || need+=(docker.io)
  command -v etcd >/dev/null || need+=(etcd-server)
  command -v etcdctl >/dev/null || need+=(etcd-client)
  for c in ip:iproute2 iptables:iptables openssl:openssl jq:jq curl:curl; do
    command -v "${c%%:*}" >/dev/null || need+=("${c#*:}")
  done
  if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]}"
    mkdir -p $STATE && printf '%s\n' "${need[@]}" >>$STATE/installed-packages
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  # Debian's etcd-server starts its own etcd on 2379; Skiff's member replaces it (restored by uninstall).
  if has_systemd && systemctl is-enabled --quiet etcd 2>/dev/null; then
    mkdir -p $STATE && touch $STATE/etcd-service-was-enabled
    systemctl disable --now etcd >/dev/null 2>&1
  fi
  [ -x "$SKIFF_ROOT/node_modules/.bin/node" ] || (cd "$SKIFF_ROOT" && npm ci --no-audit --no-fund)
  ensure_docker
}

# kubeconfig FILE SERVER [TOKEN] writes a kubeconfig; with a CA present it carries the CA data,
# and without a token, the admin client certificate when init --tls made one.
kubeconfig() {
  local file="$1" server="$2" token="${3:-}" ca="" user
  [ -s $PKI/ca.crt ] && ca="    certificate-authority-data: $(base64 -w0 <$PKI/ca.crt)"
  user="{${token:+token: $token}}"
  if [ -z "$token" ] && [ -s $PKI/admin.crt ]; then
    user="{client-certificate-data: $(base64 -w0 <$PKI/admin.crt), client-key-data: $(base64 -w0 <$PKI/admin.key)}"
  fi
  cat >"$file" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: skiff
  cluster:
    server: $server
$ca
contexts:
- name: skiff
  context: {cluster: skiff, user: skiff}
current-context: skiff
users:
- name: skiff
  user: $user
EOF
  chmod 600 "$file"
}

# start_node_services IP NAME SERVER starts kubelet and proxy (pod CIDR from the controller-manager).
start_node_services() {
  local ip="$1" name="$2"
  ensure_docker
  write_env kubelet "--kubeconfig=$ETC/kubelet.kubeconfig --node-name=$name --node-ip=$ip --cluster-cidr=$CLUSTER_CIDR --cluster-dns=$CLUSTER_DNS --root-dir=$STATE/kubelet"
  write_env proxy "--kubeconfig=$ETC/kubelet.kubeconfig --node-name=$name --cluster-dns=$CLUSTER_DNS"
  service_start kubelet
  service_start proxy
}

# start_control_plane IP NAME ETCD_SERVERS starts API server, scheduler and controller-manager.
start_control_plane() {
  local ip="$1" etcd="$3" scheme=http tls=""
  if [ -s $PKI/apiserver.crt ]; then
    scheme=https
    tls="--tls-cert-file=$PKI/apiserver.crt --tls-private-key-file=$PKI/apiserver.key --client-ca-file=$PKI/ca.crt"
  fi
  write_env apiserver "--etcd-servers=$etcd --bind-address=0.0.0.0 --secure-port=6443 --service-cluster-ip-range=$SERVICE_CIDR $tls"
  service_start apiserver
  local server="$scheme://$ip:6443"
  for _ in $(seq 1 120); do curl -ksf "$server/readyz" >/dev/null && break; sleep 0.5; done
  curl -ksf "$server/readyz" >/dev/null || die "the API server did not become ready; see journalctl -u skiff-apiserver (or /var/log/skiff)"
  kubeconfig $ETC/admin.kubeconfig "$server"
  kubeconfig $ETC/components.kubeconfig "$server"
  write_env scheduler "--kubeconfig=$ETC/components.kubeconfig --leader-elect=true"
  write_env controller-manager "--kubeconfig=$ETC/components.kubeconfig --leader-elect=true --cluster-cidr=$CLUSTER_CIDR --allocate-node-cidrs=true"
  service_start scheduler
  service_start controller-manager
  echo "$server"
}

etcd_flags() {
  local name="$1" ip="$2" cluster="$3" state="$4"
  echo "--name $name --data-dir $STATE/etcd --listen-client-urls http://$ip:2379,http://127.0.0.1:2379 --advertise-client-urls http://$ip:2379 --listen-peer-urls http://$ip:2380 --initial-advertise-peer-urls http://$ip:2380 --initial-cluster $cluster --initial-cluster-state $state --initial-cluster-token skiff"
}

cmd_init() {
  local ip="" members=1 name; name="$(hostname -s | tr '[:upper:]' '[:lower:]')"
  local tls=0 node=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --advertise-address) ip="$2"; shift 2 ;;
      --etcd-members) members="$2"; shift 2 ;;
      --node-name) name="$2"; shift 2 ;;
      --tls) tls=1; shift ;;
      --no-node) node=0; shift ;;
      *) die "init: unknown argument $1" ;;
    esac
  done
  [ "$members" = 1 ] || [ "$members" = 3 ] || die "init: --etcd-members is 1 or 3"
  ip="${ip:-$(default_ip)}"
  install_packages
  mkdir -p $ETC $STATE
  pki_ca $PKI
  if [ $tls = 1 ]; then
    # The first address of the service range is the `kubernetes` Service's ClusterIP.
    local svc_ip="${SERVICE_CIDR%/*}"; svc_ip="${svc_ip%.*}.1"
    pki_cert $PKI apiserver "/CN=skiff-apiserver" "IP:$ip,IP:127.0.0.1,IP:$svc_ip,DNS:$name,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
    pki_cert $PKI admin "/O=system:masters/CN=admin"
  fi
  printf 'SKIFF_ROLE=control-plane\nSKIFF_NODE_IP=%s\nSKIFF_NODE_NAME=%s\nSKIFF_ETCD_MEMBERS=%s\nSKIFF_RUNS_NODE=%s\n' "$ip" "$name" "$members" "$node" >$ETC/cluster.env
  write_env etcd "$(etcd_flags "$name" "$ip" "$name=http://$ip:2380" new)"
  service_start etcd
  for _ in $(seq 1 60); do ETCDCTL_API=3 etcdctl --endpoints "$ip:2379" endpoint health >/dev/null 2>&1 && break; sleep 0.5; done
  local server; server="$(start_control_plane "$ip" "$name" "http://$ip:2379")"
  publish_cluster_info "$server" "$ip"
  local token; token="$(create_token "$server")"
  if [ $node = 1 ]; then
    cp $ETC/admin.kubeconfig $ETC/kubelet.kubeconfig
    start_node_services "$ip" "$name"
  fi
  say "control plane up at $server (etcd: 1 member$([ "$members" = 3 ] && echo ", 2 more join with --control-plane"))"
  echo "export KUBECONFIG=$ETC/admin.kubeconfig   # then: skiffctl get nodes"
  echo "Join a worker:        $0 join $server $(join_token "$token")"
  [ "$members" = 3 ] && echo "Join control planes:  $0 join $server $(join_token "$token") --control-plane   (on 2 more hosts)"
  return 0
}

# join_token TOKEN prints the join string: the CA pin, then the bootstrap token (k3s style).
join_token() {
  echo "K10$(pki_ca_hash $PKI/ca.crt | cut -d: -f2)::$1"
}

cmd_join() {
  local server="${1:?join SERVER TOKEN}" joinstr="${2:?join SERVER TOKEN}"; shift 2
  local cp=0 ip="" name; name="$(hostname -s | tr '[:upper:]' '[:lower:]')"
  while [ $# -gt 0 ]; do
    case "$1" in
      --control-plane) cp=1; shift ;;
      --node-ip) ip="$2"; shift 2 ;;
      --node-name) name="$2"; shift 2 ;;
      *) die "join: unknown argument $1" ;;
    esac
  done
  [[ "$joinstr" =~ ^K10([0-9a-f]{64})::([a-z0-9]{6}\.[a-z0-9]{16})$ ]] || die "join: the token must look like K10<64 hex>::<6>.<16> (from 'skiff-install.sh init' or 'token create')"
  local pin="sha256:${BASH_REMATCH[1]}" token="${BASH_REMATCH[2]}"
  # Discovery first: fetch the CA anonymously, compare it with the pin, and only then trust it.
  discover "$server" "$pin" "$token"
  local host="${server#*://}"; host="${host%%:*}"
  ip="${ip:-$(default_ip "$host")}"
  install_packages
  printf 'SKIFF_ROLE=%s\nSKIFF_NODE_IP=%s\nSKIFF_NODE_NAME=%s\nSKIFF_SERVER=%s\nSKIFF_RUNS_NODE=1\n' \
    "$([ $cp = 1 ] && echo control-plane || echo worker)" "$ip" "$name" "$server" >$ETC/cluster.env
  if [ $cp = 1 ]; then join_control_plane "$server" "$ip" "$name"; fi
  kubeconfig $ETC/kubelet.kubeconfig "$server" "$token"
  start_node_services "$ip" "$name"
  say "joined $server as $name ($ip); the node turns Ready within a few seconds (skiffctl get nodes)"
}

# join_control_plane SERVER IP NAME adds an etcd member here, then a control plane on it.
join_control_plane() {
  local server="$1" ip="$2" name="$3" etcd cluster
  etcd="$(cluster_config "$server" etcdEndpoints)"
  cluster="$(ETCDCTL_API=3 etcdctl --endpoints "$etcd" member add "$name" --peer-urls "http://$ip:2380" |
    sed -n 's/^ETCD_INITIAL_CLUSTER="\(.*\)"/\1/p')"
  [ -n "$cluster" ] || die "join: could not add an etcd member through $etcd"
  write_env etcd "$(etcd_flags "$name" "$ip" "$cluster" existing)"
  service_start etcd
  for _ in $(seq 1 60); do ETCDCTL_API=3 etcdctl --endpoints "$ip:2379" endpoint health >/dev/null 2>&1 && break; sleep 0.5; done
  start_control_plane "$ip" "$name" "http://$ip:2379,$etcd" >/dev/null
}

cmd_token() {
  [ "${1:-}" = create ] || die "usage: token create"
  [ -s $ETC/admin.kubeconfig ] || die "token: run on a control-plane host (no $ETC/admin.kubeconfig)"
  local server; server="$(sed -n 's/^ *server: //p' $ETC/admin.kubeconfig)"
  echo "$0 join $server $(join_token "$(create_token "$server")")"
}

# shellcheck source=/dev/null # doctor.sh and uninstall.sh are loaded on demand
case "${1:-}" in
  init) shift; cmd_init "$@" ;;
  join) shift; cmd_join "$@" ;;
  token) shift; cmd_token "$@" ;;
  doctor) shift; source "$LIB/doctor.sh"; doctor "$@" ;;
  uninstall) shift; source "$LIB/uninstall.sh"; uninstall "$@" ;;
  *) sed -n '2,13p' "$0"; exit 2 ;;
esac
