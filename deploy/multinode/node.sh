#!/usr/bin/env bash
# shellcheck disable=SC2086 # the SKIFF_*_FLAGS extras are word-split on purpose
# node.sh: runs INSIDE a simulated node container (skiff/node image, checkout bind-mounted at
# the same path as on the host). Subcommands:
#   run            entrypoint: start dockerd, wait for the images the host loads into it
#                  (marker /var/lib/docker/.skiff-images-loaded), start kubelet and proxy,
#                  then stay in the foreground as long as dockerd lives.
#   start NAME     start kubelet or proxy in the background (no-op when it runs).
#   stop NAME [SIG] send SIG (TERM) to kubelet or proxy and forget its pid.
#   running NAME   exit 0 when NAME runs.
# Settings come from the environment the container was created with:
#   SKIFF_ROOT, SKIFF_NODE_NAME, SKIFF_NODE_IP, SKIFF_POD_CIDR, SKIFF_CLUSTER_CIDR,
#   SKIFF_CLUSTER_DNS, SKIFF_KUBELET_FLAGS, SKIFF_PROXY_FLAGS (extra flags), and either
#   SKIFF_NODE_PKI (a secure cluster: the folder with ca.crt, bootstrap.kubeconfig and
#   kube-proxy.kubeconfig — the kubelet bootstraps its client certificate with the token, then
#   its API's serving certificate with its node credentials) or SKIFF_KUBECONFIG (plain HTTP).
set -euo pipefail
# shellcheck source=deploy/lib/node-flags.sh
source "$SKIFF_ROOT/deploy/lib/node-flags.sh"
LOGS=/var/log/skiff
# The node's address on the cluster network (what `docker run` gave it); docker exec sessions
# do not inherit the entrypoint's environment, so it is derived here every time.
SKIFF_NODE_IP="${SKIFF_NODE_IP:-$(hostname -i | cut -d' ' -f1)}"
PIDS=/run/skiff
mkdir -p "$LOGS" "$PIDS"

running() {
  [ -f "$PIDS/$1.pid" ] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null
}

# credentials_for NAME prints the kubeconfig and TLS flags of kubelet or proxy.
credentials_for() {
  local p="${SKIFF_NODE_PKI:-}"
  if [ -z "$p" ]; then echo --kubeconfig="$SKIFF_KUBECONFIG"; return; fi
  case "$1" in
    # The kubelet writes its own kubeconfig (and certificates, in <root-dir>/pki) on first start.
    kubelet) echo --kubeconfig=/var/lib/skiff/kubelet/kubeconfig --bootstrap-kubeconfig="$p/bootstrap.kubeconfig" \
      --rotate-server-certificates --client-ca-file="$p/ca.crt" ;;
    proxy) echo --kubeconfig="$p/kube-proxy.kubeconfig" ;;
  esac
}

command_for() {
  case "$1" in
    kubelet)
      # shellcheck disable=SC2086 # extra flags are word-split on purpose
      echo node "$(node_flags kubelet)" "$SKIFF_ROOT/kubelet/main.ts" "$(credentials_for kubelet)" --node-name="$SKIFF_NODE_NAME" \
        --node-ip="$SKIFF_NODE_IP" --pod-cidr="$SKIFF_POD_CIDR" --cluster-cidr="$SKIFF_CLUSTER_CIDR" \
        --cluster-dns="$SKIFF_CLUSTER_DNS" ${SKIFF_KUBELET_FLAGS:-} ;;
    proxy)
      echo node "$SKIFF_ROOT/proxy/main.ts" "$(credentials_for proxy)" --node-name="$SKIFF_NODE_NAME" \
        --cluster-dns="$SKIFF_CLUSTER_DNS" ${SKIFF_PROXY_FLAGS:-} ;;
    *) echo "node.sh: unknown service $1" >&2; return 2 ;;
  esac
}

start() {
  local name="$1"
  running "$name" && return 0
  local cmd; cmd="$(command_for "$name")"
  # setsid: a service must survive the `docker exec` that started it.
  # shellcheck disable=SC2086
  setsid $cmd >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$name.pid"
}

stop() {
  local name="$1" sig="${2:-TERM}"
  [ -f "$PIDS/$name.pid" ] || return 0
  kill -"$sig" "$(cat "$PIDS/$name.pid")" 2>/dev/null || true
  if [ "$sig" = KILL ] || [ "$sig" = 9 ]; then rm -f "$PIDS/$name.pid"; return 0; fi
  for _ in $(seq 1 60); do running "$name" || break; sleep 0.5; done
  rm -f "$PIDS/$name.pid"
}

run() {
  # The default docker0 bridge is off: pods use the kubelet's skiff0 network, and a second
  # bridge would only blur which address is the node's.
  dockerd --bridge=none >>"$LOGS/dockerd.log" 2>&1 &
  local dockerd=$!
  until docker info >/dev/null 2>&1; do
    kill -0 "$dockerd" 2>/dev/null || { echo "node.sh: dockerd exited; see $LOGS/dockerd.log" >&2; exit 1; }
    sleep 0.2
  done
  until [ -f /var/lib/docker/.skiff-images-loaded ]; do sleep 0.2; done
  start kubelet
  start proxy
  trap 'stop proxy; stop kubelet; kill -TERM $dockerd; wait $dockerd' TERM INT
  wait "$dockerd"
}

case "${1:-}" in
  run) run ;;
  start) start "$2" ;;
  stop) stop "$2" "${3:-TERM}" ;;
  running) running "$2" ;;
  *) echo "usage: node.sh run | start NAME | stop NAME [SIG] | running NAME" >&2; exit 2 ;;
esac
