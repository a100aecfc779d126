#!/usr/bin/env bash
# doctor.sh: check a Skiff host and print one line per problem with its fix (sourced by
# skiff-install.sh). Checks what this host's role needs: Docker, etcd health, listening ports,
# IP forwarding, certificates (expiry, chain, key permissions), and a route to every other
# node's pod CIDR via that node's address.

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
  local p=/etc/skiff/pki
  if ETCDCTL_API=3 etcdctl --endpoints https://127.0.0.1:2379 --cacert $p/etcd/ca.crt --cert $p/apiserver-etcd-client.crt \
    --key $p/apiserver-etcd-client.key endpoint health >/dev/null 2>&1; then ok "etcd healthy (TLS, client certificate)"
  else problem "etcd on https://127.0.0.1:2379 is not healthy" "systemctl restart skiff-etcd; journalctl -u skiff-etcd"; fi
  listening 2380 || problem "etcd peer port 2380 is not listening" "systemctl restart skiff-etcd"
}

# doctor_cert CERT CA checks one certificate: signed by CA, not expired, not expiring within 30
# days, and its key (beside it, .key) readable by root only.
doctor_cert() {
  local cert="$1" ca="$2" key="${1%.crt}.key" end
  end="$(openssl x509 -noout -enddate -in "$cert" 2>/dev/null | cut -d= -f2)"
  if ! openssl verify -CAfile "$ca" "$cert" >/dev/null 2>&1; then
    problem "$cert is not signed by $ca (or is expired)" "reissue it: docs/install-vms.md, Certificates"
  elif ! openssl x509 -noout -checkend 2592000 -in "$cert" >/dev/null; then
    problem "$cert expires on $end" "renew it before then: docs/install-vms.md, Certificates"
  else ok "$(basename "$cert") valid until $end"; fi
  if [ -f "$key" ] && [ "$(stat -c %a "$key")" != 600 ]; then problem "$key is readable by others" "chmod 600 $key"; fi
}

# doctor_certs checks every certificate this host holds, and that the node has its credentials.
doctor_certs() {
  local p=/etc/skiff/pki c dir=/var/lib/skiff/kubelet/pki
  [ -s $p/ca.crt ] || { problem "no cluster CA in $p/ca.crt" "re-run skiff-install.sh join (or init)"; return; }
  for c in $p/*.crt; do
    case "$c" in $p/ca.crt | $p/apiserver-etcd-client.crt) ;; *) doctor_cert "$c" $p/ca.crt ;; esac
  done
  for c in $p/etcd/*.crt $p/apiserver-etcd-client.crt; do
    [ -f "$c" ] && [ "$c" != $p/etcd/ca.crt ] && doctor_cert "$c" $p/etcd/ca.crt
  done
  for c in $dir/kubelet-client.crt $dir/kubelet-server.crt; do [ -f "$c" ] && doctor_cert "$c" $p/ca.crt; done
  if [ "${SKIFF_RUNS_NODE:-1}" = 1 ] && [ ! -s /etc/skiff/kubelet.kubeconfig ]; then
    problem "the kubelet has no credentials yet (/etc/skiff/kubelet.kubeconfig)" \
      "its certificate request may wait for approval: skiffctl get csr on a control-plane host; journalctl -u skiff-kubelet"
  fi
  return 0
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

# nodes_json prints the cluster's Nodes as JSON, read with this host's credentials: the admin's
# on control-plane hosts, else the node's own (the Node authorizer lets a node read Nodes).
nodes_json() {
  local k
  for k in /etc/skiff/admin.kubeconfig /etc/skiff/kubelet.kubeconfig; do
    [ -s "$k" ] && { "$SKIFF_ROOT/kubectl/skiffctl" --kubeconfig "$k" get nodes -o json; return; }
  done
  return 1
}

# doctor_routes checks a route to each other node's pod CIDR via its InternalIP.
doctor_routes() {
  local nodes me="${SKIFF_NODE_NAME:-}" name cidr ipaddr via
  nodes="$(nodes_json 2>/dev/null)" || { problem "cannot list nodes from the API server" "check the API server (skiff-install.sh doctor on a control-plane host)"; return; }
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
  local role=""
  # shellcheck source=/dev/null
  [ -f /etc/skiff/cluster.env ] && source /etc/skiff/cluster.env
  role="${SKIFF_ROLE:-}"
  [ -n "$role" ] || { problem "Skiff is not installed on this host" "skiff-install.sh init (first control plane) or join SERVER TOKEN"; return 1; }
  doctor_docker
  doctor_certs
  if [ "$role" = control-plane ]; then
    doctor_etcd
    doctor_ports 2379:etcd 6443:apiserver
  fi
  if [ "${SKIFF_RUNS_NODE:-1}" = 1 ]; then
    doctor_ports 10250:kubelet
    doctor_forwarding
    doctor_routes
  fi
  if [ "$problems" -eq 0 ]; then echo "skiff doctor: no problems found"; return 0; fi
  echo "skiff doctor: $problems problem(s)"; return 1
}
