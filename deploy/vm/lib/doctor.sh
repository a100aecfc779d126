#!/usr/bin/env bash
# doctor.sh: check a Skiff host and print one line per problem with its fix (sourced by
# skiff-install.sh). Checks what this host's role needs: Docker, etcd health, listening ports,
# IP forwarding, and a route to every other node's pod CIDR via that node's address.

problems=0
problem() { echo "PROBLEM: $1 — fix: $2"; problems=$((problems + 1)); }
ok() { [ -n "${SKIFF_DOCTOR_QUIET:-}" ] || echo "ok: $1"; }

# listening PORT tells whether something listens on TCP PORT.
listening() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

doctor_docker() {
  if ! command -v docker >/dev/null; then problem "Docker is not installed" "apt-get install -y docker.io"; return; fi
  if docker info >/dev/null 2>&1; then ok "Docker engine answers"; else problem "the Docker engine does not answer" "systemctl start docker (or run dockerd)"; fi
}

doctor_etcd() {
  if ETCDCTL_API=3 etcdctl --endpoints 127.0.0.1:2379 endpoint health >/dev/null 2>&1; then ok "etcd healthy"
  else problem "etcd on 127.0.0.1:2379 is not healthy" "systemctl restart skiff-etcd; journalctl -u skiff-etcd"; fi
  listening 2380 || problem "etcd peer port 2380 is not listening" "systemctl restart skiff-etcd"
}

doctor_ports() {
  local port what
  for pw in "$@"; do
    port="${pw%%:*}" what="${pw#*:}"
    if listening "$port"; then ok "$what listens on $port"; else problem "$what is not listening on port $port" "systemctl restart skiff-$what; journalctl -u skiff-$what"; fi
  done
}

doctor_forwarding() {
  if [ "$(cat /proc/sys/net/ipv4/ip_forward 2>/dev/null)" = 1 ]; then ok "IP forwarding on"
  else problem "IP forwarding is off (pods on other nodes cannot reach this node's pods)" "sysctl -w net.ipv4.ip_forward=1 (the kubelet sets it at start: systemctl restart skiff-kubelet)"; fi
}

# api_get SERVER PATH reads from the API server with this host's credentials: the admin client
# certificate on control-plane hosts with TLS, else the kubelet's token.
api_get() {
  local pki=/etc/skiff/pki auth=() token
  [ -s $pki/ca.crt ] && auth+=(--cacert "$pki/ca.crt")
  if [ -s $pki/admin.crt ]; then auth+=(--cert "$pki/admin.crt" --key "$pki/admin.key")
  else
    token="$(sed -n 's/.*token: *\([a-z0-9.]*\).*/\1/p' /etc/skiff/kubelet.kubeconfig 2>/dev/null | head -1)"
    [ -n "$token" ] && auth+=(-H "Authorization: Bearer $token")
  fi
  curl -sSf "${auth[@]}" "$1$2"
}

# doctor_routes SERVER checks a route to each other node's pod CIDR via its InternalIP.
doctor_routes() {
  local server="$1" nodes me="${SKIFF_NODE_NAME:-}" name cidr ipaddr via
  nodes="$(api_get "$server" /api/v1/nodes 2>/dev/null)" || { problem "cannot list nodes from $server" "check the API server (skiff-install.sh doctor on a control-plane host)"; return; }
  while IFS=$'\t' read -r name cidr ipaddr; do
    [ -z "$name" ] || [ "$name" = "$me" ] && continue
    if [ -z "$cidr" ]; then problem "node $name has no pod CIDR" "check skiff-controller-manager (--allocate-node-cidrs) on the control plane"; continue; fi
    via="$(ip -4 route get "${cidr%.*/*}.1" 2>/dev/null | sed -n 's/.* via \([0-9.]*\).*/\1/p')"
    if [ "$via" = "$ipaddr" ]; then ok "route to $name's pods $cidr via $ipaddr"
    else problem "no route to node $name's pod CIDR $cidr via $ipaddr (got: ${via:-none})" "systemctl restart skiff-kubelet (it keeps these routes); or: ip route replace $cidr via $ipaddr proto 211"; fi
  done < <(jq -r '.items[] | [.metadata.name, (.spec.podCIDR // ""), ((.status.addresses // [])[] | select(.type=="InternalIP") | .address)] | @tsv' <<<"$nodes")
}

# doctor prints the report; exit status 1 when there is any problem.
doctor() {
  local role="" server=""
  # shellcheck source=/dev/null
  [ -f /etc/skiff/cluster.env ] && source /etc/skiff/cluster.env
  role="${SKIFF_ROLE:-}"
  [ -n "$role" ] || { problem "Skiff is not installed on this host" "skiff-install.sh init (first control plane) or join SERVER TOKEN"; return 1; }
  for k in /etc/skiff/admin.kubeconfig /etc/skiff/kubelet.kubeconfig; do
    [ -f "$k" ] && server="$(sed -n 's/^ *server: //p' "$k" | head -1)" && break
  done
  doctor_docker
  if [ "$role" = control-plane ]; then
    doctor_etcd
    doctor_ports 2379:etcd 6443:apiserver
  fi
  if [ "${SKIFF_RUNS_NODE:-1}" = 1 ]; then
    doctor_ports 10250:kubelet
    doctor_forwarding
    [ -n "$server" ] && doctor_routes "$server"
  fi
  if [ "$problems" -eq 0 ]; then echo "skiff doctor: no problems found"; return 0; fi
  echo "skiff doctor: $problems problem(s)"; return 1
}
