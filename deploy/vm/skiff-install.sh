#!/usr/bin/env bash
# skiff-install.sh: install Skiff on a few Linux VMs (Debian/Ubuntu, root). See docs/install-vms.md.
# Security is always on: TLS everywhere (etcd with client certificates), Node+RBAC, service
# account tokens, Secrets encrypted at rest, an audit log; nodes join with a bootstrap token and
# obtain their own certificates through CSRs.
#   init [--advertise-address IP] [--etcd-members 1|3] [--node-name NAME] [--no-node]
#        first control-plane host: PKI, etcd, API server, scheduler, controller-manager (and,
#        unless --no-node, kubelet + proxy); admin kubeconfig; prints the join command.
#   join SERVER TOKEN [--control-plane] [--node-ip IP] [--node-name NAME]
#        TOKEN is the join string K10<ca-sha256>::<id>.<secret> printed by init. The CA served by
#        SERVER is checked against the pinned hash before anything is sent; a mismatch is refused.
#        --control-plane needs the cluster's CA files copied to /etc/skiff/pki first (docs).
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
  for c in ip:iproute2 nsenter:util-linux iptables:iptables openssl:openssl jq:jq curl:curl; do
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

# etcd_ctl ARGS... runs etcdctl against this host's member with the API server's client cert
# (the only etcd client certificate there is).
etcd_ctl() {
  ETCDCTL_API=3 etcdctl --endpoints "${ETCD_ENDPOINTS:-https://127.0.0.1:2379}" --cacert $PKI/etcd/ca.crt \
    --cert $PKI/apiserver-etcd-client.crt --key $PKI/apiserver-etcd-client.key "$@"
}

# etcd_flags NAME IP CLUSTER STATE: a member serving clients and peers over TLS, each side
# admitting only certificates of the etcd CA.
etcd_flags() {
  local name="$1" ip="$2" cluster="$3" state="$4" d=$PKI/etcd
  echo "--name $name --data-dir $STATE/etcd" \
    "--listen-client-urls https://$ip:2379,https://127.0.0.1:2379 --advertise-client-urls https://$ip:2379" \
    "--listen-peer-urls https://$ip:2380 --initial-advertise-peer-urls https://$ip:2380" \
    "--initial-cluster $cluster --initial-cluster-state $state --initial-cluster-token skiff" \
    "--cert-file $d/server.crt --key-file $d/server.key --trusted-ca-file $d/ca.crt --client-cert-auth" \
    "--peer-cert-file $d/peer.crt --peer-key-file $d/peer.key --peer-trusted-ca-file $d/ca.crt --peer-client-cert-auth"
}

# start_etcd FLAGS starts this host's member and waits until it is healthy.
start_etcd() {
  write_env etcd "$1"
  service_start etcd
  for _ in $(seq 1 60); do etcd_ctl endpoint health >/dev/null 2>&1 && return 0; sleep 0.5; done
  die "etcd did not become healthy; see journalctl -u skiff-etcd (or /var/log/skiff/etcd.log)"
}

# control_plane_pki IP NAME makes (or keeps) every certificate and key a control-plane host needs.
control_plane_pki() {
  local ip="$1" name="$2"
  # The first address of the service range is the `kubernetes` Service's ClusterIP.
  local svc_ip="${SERVICE_CIDR%/*}"; svc_ip="${svc_ip%.*}.1"
  SKIFF_SERVICE_IP="$svc_ip" skiff_pki all $PKI --hosts "$ip,$name"
}

# start_control_plane IP ETCD_SERVERS starts API server, scheduler and controller-manager; prints the server URL.
start_control_plane() {
  local ip="$1" etcd="$2" p=$PKI server="https://$1:6443"
  write_env apiserver "--etcd-servers=$etcd --etcd-cafile=$p/etcd/ca.crt --etcd-certfile=$p/apiserver-etcd-client.crt" \
    "--etcd-keyfile=$p/apiserver-etcd-client.key --bind-address=0.0.0.0 --secure-port=6443 --service-cluster-ip-range=$SERVICE_CIDR" \
    "--tls-cert-file=$p/apiserver.crt --tls-private-key-file=$p/apiserver.key --client-ca-file=$p/ca.crt" \
    "--authorization-mode=Node,RBAC --service-account-key-file=$p/sa.pub --service-account-signing-key-file=$p/sa.key" \
    "--encryption-provider-config=$p/encryption-config.yaml --audit-log-path=/var/log/skiff/audit.log" \
    "--kubelet-client-certificate=$p/apiserver-kubelet-client.crt --kubelet-client-key=$p/apiserver-kubelet-client.key" \
    "--kubelet-certificate-authority=$p/ca.crt"
  service_start apiserver
  for _ in $(seq 1 120); do curl -sf --cacert $p/ca.crt "$server/readyz" >/dev/null && break; sleep 0.5; done
  curl -sf --cacert $p/ca.crt "$server/readyz" >/dev/null || die "the API server did not become ready; see journalctl -u skiff-apiserver (or /var/log/skiff)"
  local who
  for who in admin scheduler controller-manager; do skiff_pki kubeconfig $p "$who" "$server" "$ETC/$who.kubeconfig"; done
  write_env scheduler "--kubeconfig=$ETC/scheduler.kubeconfig --leader-elect=true"
  # The controller-manager signs (and auto-approves) the nodes' certificate requests with the CA.
  write_env controller-manager "--kubeconfig=$ETC/controller-manager.kubeconfig --leader-elect=true" \
    "--cluster-cidr=$CLUSTER_CIDR --allocate-node-cidrs=true --root-ca-file=$p/ca.crt" \
    "--cluster-signing-cert-file=$p/ca.crt --cluster-signing-key-file=$p/ca.key"
  service_start scheduler
  service_start controller-manager
  echo "$server"
}

# start_node_services IP NAME starts kubelet and proxy (pod CIDR from the controller-manager).
# A control-plane host holds the CA and issues its node's certificates itself; a worker's kubelet
# bootstraps them (client certificate, then its API's serving certificate) through CSRs. The
# proxy uses the node's own credentials (the Node authorizer lets a node read Services and Endpoints).
start_node_services() {
  local ip="$1" name="$2" creds
  ensure_docker
  if [ -s $PKI/ca.key ]; then
    skiff_pki kubelet $PKI "$name"
    skiff_pki kubelet-serving $PKI "$name" --hosts "$ip"
    skiff_pki kubeconfig $PKI "kubelet-$name" "$(server_of $ETC/admin.kubeconfig)" $ETC/kubelet.kubeconfig
    creds="--kubeconfig=$ETC/kubelet.kubeconfig --tls-cert-file=$PKI/kubelet-$name-serving.crt --tls-private-key-file=$PKI/kubelet-$name-serving.key"
  else
    creds="--kubeconfig=$ETC/kubelet.kubeconfig --bootstrap-kubeconfig=$ETC/bootstrap-kubelet.kubeconfig --cert-dir=$STATE/kubelet/pki --rotate-server-certificates"
  fi
  write_env kubelet "$creds --client-ca-file=$PKI/ca.crt --node-name=$name --node-ip=$ip --cluster-cidr=$CLUSTER_CIDR --cluster-dns=$CLUSTER_DNS --root-dir=$STATE/kubelet"
  write_env proxy "--kubeconfig=$ETC/kubelet.kubeconfig --node-name=$name --cluster-dns=$CLUSTER_DNS"
  service_start kubelet
  service_start proxy
}

# server_of KUBECONFIG prints its (first) server URL.
server_of() { sed -n 's/^ *server: //p' "$1" | head -1; }

cmd_init() {
  local ip="" members=1 name node=1; name="$(hostname -s | tr '[:upper:]' '[:lower:]')"
  while [ $# -gt 0 ]; do
    case "$1" in
      --advertise-address) ip="$2"; shift 2 ;;
      --etcd-members) members="$2"; shift 2 ;;
      --node-name) name="$2"; shift 2 ;;
      --tls) shift ;; # always on now; accepted so older instructions keep working
      --no-node) node=0; shift ;;
      *) die "init: unknown argument $1" ;;
    esac
  done
  [ "$members" = 1 ] || [ "$members" = 3 ] || die "init: --etcd-members is 1 or 3"
  ip="${ip:-$(default_ip)}"
  install_packages
  mkdir -p $ETC $STATE
  control_plane_pki "$ip" "$name"
  printf 'SKIFF_ROLE=control-plane\nSKIFF_NODE_IP=%s\nSKIFF_NODE_NAME=%s\nSKIFF_ETCD_MEMBERS=%s\nSKIFF_RUNS_NODE=%s\n' "$ip" "$name" "$members" "$node" >$ETC/cluster.env
  start_etcd "$(etcd_flags "$name" "$ip" "$name=https://$ip:2380" new)"
  local server; server="$(start_control_plane "$ip" "https://$ip:2379")"
  publish_cluster_info "$server" "https://$ip:2379"
  local token; token="$(create_token "$server")"
  if [ $node = 1 ]; then start_node_services "$ip" "$name"; fi
  say "control plane up at $server (etcd: 1 member$([ "$members" = 3 ] && echo ", 2 more join with --control-plane"))"
  echo "export KUBECONFIG=$ETC/admin.kubeconfig   # then: skiffctl get nodes"
  echo "Join a worker:        $0 join $server $(join_token "$token")"
  [ "$members" = 3 ] && echo "Join control planes:  copy $(printf '%s ' "${SHARED_PKI_FILES[@]}")from $PKI to the same paths, then: $0 join $server $(join_token "$token") --control-plane   (on 2 more hosts)"
  return 0
}

# join_token TOKEN prints the join string: the CA pin, then the bootstrap token (k3s style).
join_token() {
  local pin; pin="$(skiff_pki ca-hash $PKI/ca.crt)"
  echo "K10${pin#sha256:}::$1"
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
  [ $cp = 0 ] || shared_pki_present || die "join --control-plane: copy $(printf '%s ' "${SHARED_PKI_FILES[@]}")from $PKI on the first control-plane host to $PKI here first (docs/install-vms.md)"
  # Discovery first: fetch the CA anonymously, compare it with the pin, and only then trust it.
  discover "$server" "$pin" "$token"
  local host="${server#*://}"; host="${host%%:*}"
  ip="${ip:-$(default_ip "$host")}"
  install_packages
  printf 'SKIFF_ROLE=%s\nSKIFF_NODE_IP=%s\nSKIFF_NODE_NAME=%s\nSKIFF_SERVER=%s\nSKIFF_RUNS_NODE=1\n' \
    "$([ $cp = 1 ] && echo control-plane || echo worker)" "$ip" "$name" "$server" >$ETC/cluster.env
  if [ $cp = 1 ]; then join_control_plane "$server" "$ip" "$name"; else bootstrap_kubeconfig "$server" "$token"; fi
  start_node_services "$ip" "$name"
  say "joined $server as $name ($ip); the node turns Ready within a few seconds (skiffctl get nodes)"
}

# bootstrap_kubeconfig SERVER TOKEN writes what a worker's kubelet starts from: the pinned CA and
# the bootstrap token, which may only file certificate requests.
bootstrap_kubeconfig() {
  (umask 077 && cat >$ETC/bootstrap-kubelet.kubeconfig) <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: skiff
  cluster:
    server: $1
    certificate-authority-data: $(base64 -w0 <$PKI/ca.crt)
users:
- name: kubelet-bootstrap
  user:
    token: $2
contexts:
- name: bootstrap
  context: {cluster: skiff, user: kubelet-bootstrap}
current-context: bootstrap
KUBECONFIG
}

# join_control_plane SERVER IP NAME issues this host's certificates from the copied CAs, adds an
# etcd member here, then a control plane on it.
join_control_plane() {
  local server="$1" ip="$2" name="$3" etcd cluster
  control_plane_pki "$ip" "$name"
  etcd="$(cluster_config "$server" etcdEndpoints)"
  cluster="$(ETCD_ENDPOINTS="$etcd" etcd_ctl member add "$name" --peer-urls "https://$ip:2380" |
    sed -n 's/^ETCD_INITIAL_CLUSTER="\(.*\)"/\1/p')"
  [ -n "$cluster" ] || die "join: could not add an etcd member through $etcd"
  start_etcd "$(etcd_flags "$name" "$ip" "$cluster" existing)"
  start_control_plane "$ip" "https://$ip:2379,$etcd" >/dev/null
}

cmd_token() {
  [ "${1:-}" = create ] || die "usage: token create"
  [ -s $ETC/admin.kubeconfig ] || die "token: run on a control-plane host (no $ETC/admin.kubeconfig)"
  local server; server="$(server_of $ETC/admin.kubeconfig)"
  echo "$0 join $server $(join_token "$(create_token "$server")")"
}

# shellcheck source=/dev/null # doctor.sh and uninstall.sh are loaded on demand
case "${1:-}" in
  init) shift; cmd_init "$@" ;;
  join) shift; cmd_join "$@" ;;
  token) shift; cmd_token "$@" ;;
  doctor) shift; source "$LIB/doctor.sh"; doctor "$@" ;;
  uninstall) shift; source "$LIB/uninstall.sh"; uninstall "$@" ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
