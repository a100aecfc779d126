#!/usr/bin/env bash
# shellcheck disable=SC2034 # variables are used by the scripts that source this file
# lib.sh: names and helpers shared by the simulated multi-node cluster scripts (sourced).
# Everything a cluster creates carries the label skiff.multinode=$MN_NAME, so down.sh removes
# exactly that: containers (with their anonymous volumes), named volumes, the network.
# Security is on as in deploy/local-up.sh: the cluster's PKI lives in $MN_PKI (control-plane
# containers see $MN_STATE at /etc/skiff); each node sees only $MN_STATE/nodes/node<i> there.
MN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MN_NAME="${SKIFF_MN_NAME:-skiff-mn}"
MN_LABEL="skiff.multinode=$MN_NAME"
MN_STATE="${SKIFF_MN_STATE:-/var/lib/skiff/multinode/$MN_NAME}"
MN_KUBECONFIG="$MN_STATE/admin.kubeconfig"
MN_PKI="$MN_STATE/pki"
MN_CLUSTER_CIDR="${SKIFF_CLUSTER_CIDR:-10.244.0.0/16}"
MN_SERVICE_CIDR="${SKIFF_SERVICE_CIDR:-10.96.0.0/12}"
MN_CLUSTER_DNS="${SKIFF_CLUSTER_DNS:-10.96.0.10}"
MN_API_PORT=6443
MN_ETCD_IMAGE="${SKIFF_MN_ETCD_IMAGE:-skiff/debian:bookworm}"
MN_IMAGE="${SKIFF_MN_IMAGE:-skiff/node:latest}"
# Images every node gets (docker save | docker load: nodes pull nothing).
MN_NODE_IMAGES="${SKIFF_MN_NODE_IMAGES:-skiff/pause:latest skiff/busybox:latest skiff/echo:latest}"

log() { echo "multinode: $*" >&2; }

# ip_of CONTAINER prints the container's address on the cluster network.
ip_of() {
  docker inspect -f "{{ (index .NetworkSettings.Networks \"$MN_NAME\").IPAddress }}" "$1"
}

# wait_until DESCRIPTION SECONDS CMD... polls CMD until it succeeds or the deadline passes.
wait_until() {
  local what="$1" secs="$2"; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then log "timed out after ${secs}s waiting for $what"; return 1; fi
    sleep 0.5
  done
}

# node_options prints the `docker run` options a simulated node needs in this sandbox
# (environment.md: --privileged fails, ALL minus SYS_RESOURCE works).
node_options() {
  echo --cap-add ALL --cap-drop SYS_RESOURCE \
    --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
    --security-opt systempaths=unconfined \
    -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run
}

# mn_pki ARGS... runs deploy/pki/skiff-pki.sh (idempotent: existing files are kept).
mn_pki() {
  bash "$MN_ROOT/deploy/pki/skiff-pki.sh" "$@"
}

# admin_curl ARGS... calls the API server as the cluster admin, verifying its certificate.
admin_curl() {
  curl --cacert "$MN_PKI/ca.crt" --cert "$MN_PKI/admin.crt" --key "$MN_PKI/admin.key" "$@"
}

# api_server prints the admin kubeconfig's server URL.
api_server() {
  sed -n 's/^ *server: //p' "$MN_KUBECONFIG"
}

# after_marker FILE CMD... prints a bash -c script that waits for FILE (seen inside the
# container), then execs CMD: certificates naming a container's address can only be made once
# the container has one, so it starts first and waits for up.sh to write them.
after_marker() {
  local marker="$1"; shift
  printf 'until [ -f %q ]; do sleep 0.2; done; exec' "$marker"
  printf ' %q' "$@"
}
