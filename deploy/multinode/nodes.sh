#!/usr/bin/env bash
# nodes.sh: starting simulated nodes of a multi-node cluster (sourced by up.sh and add-node.sh,
# after lib.sh). A node gets only what a joining machine gets — the cluster CA, a bootstrap
# kubeconfig (bootstrap token) and kube-proxy's kubeconfig — in $MN_STATE/nodes/node<i>, mounted
# read-only at /etc/skiff. Its kubelet then obtains its client certificate and its API's serving
# certificate through the CSR flow (kubelet --bootstrap-kubeconfig --rotate-server-certificates).

# Every Node service runs as deploy/lib/local-env.sh runs them: with Node's compile cache (one
# folder shared by the cluster's containers, warmed by warm_compile_cache) and a 1 MB young
# generation — together ≈40 MB less RSS per service — and two malloc arenas.
MN_COMPILE_CACHE=/var/cache/skiff-compile
MN_NODE_ENV=(-e NODE_OPTIONS=--max-semi-space-size=1 -e MALLOC_ARENA_MAX=2 -e "NODE_COMPILE_CACHE=$MN_COMPILE_CACHE"
  -v "$MN_STATE/compile-cache:$MN_COMPILE_CACHE")

# run_in NAME ROLE ARGS... starts a labelled container on the cluster network.
run_in() {
  local name="$1" role="$2"; shift 2
  docker run -d --name "$name" --hostname "$name" --network "$MN_NAME" \
    --label "$MN_LABEL" --label "skiff.role=$role" "${MN_NODE_ENV[@]}" "$@" >/dev/null
}

# warm_compile_cache loads every service once (each stops at an unknown flag), so none starts
# cold: a cold start also loads the TypeScript stripper and keeps it for the process's life.
# Each runs with its node_flags, as it is started: some V8 flags change the code cache's key.
warm_compile_cache() {
  mkdir -p "$MN_STATE/compile-cache"
  docker run --rm "${MN_NODE_ENV[@]}" -v "$MN_ROOT:$MN_ROOT:ro" --entrypoint bash "$MN_IMAGE" -c \
    "source $MN_ROOT/deploy/lib/node-flags.sh; for s in apiserver scheduler controller-manager kubelet proxy; do node \$(node_flags \$s) $MN_ROOT/\$s/main.ts --warm-compile-cache >/dev/null 2>&1; done; true"
}

# start_node I creates node I (pod CIDR 10.244.I.0/24); its kubelet waits for load_images.
start_node() {
  local i="$1" n="$MN_NAME-node$1" dir="$MN_STATE/nodes/node$1"
  mkdir -p "$MN_STATE/logs/node$i" "$dir"
  cp "$MN_PKI/ca.crt" "$MN_PKI/bootstrap.kubeconfig" "$MN_PKI/kube-proxy.kubeconfig" "$dir/"
  docker volume create --label "$MN_LABEL" "$n-docker" >/dev/null
  # shellcheck disable=SC2046 # node_options is a word list
  run_in "$n" node $(node_options) -v "$n-docker:/var/lib/docker" \
    -v "$MN_ROOT:$MN_ROOT:ro" -v "$dir:/etc/skiff:ro" -v "$MN_STATE/logs/node$i:/var/log/skiff" \
    -e SKIFF_ROOT="$MN_ROOT" -e SKIFF_NODE_NAME="node$i" -e SKIFF_POD_CIDR="10.244.$i.0/24" \
    -e SKIFF_CLUSTER_CIDR="$MN_CLUSTER_CIDR" -e SKIFF_CLUSTER_DNS="$MN_CLUSTER_DNS" -e SKIFF_NODE_PKI=/etc/skiff \
    -e SKIFF_KUBELET_FLAGS="${SKIFF_KUBELET_FLAGS:-}" -e SKIFF_PROXY_FLAGS="${SKIFF_PROXY_FLAGS:-}" \
    --entrypoint bash "$MN_IMAGE" "$MN_ROOT/deploy/multinode/node.sh" run
}

# load_images I loads the node images into node I's dockerd, then lets its kubelet start.
load_images() {
  local n="$MN_NAME-node$1"
  wait_until "dockerd in $n" 60 docker exec "$n" docker info
  docker exec -i "$n" docker load -q <"$MN_STATE/images.tar" >/dev/null
  docker exec "$n" touch /var/lib/docker/.skiff-images-loaded
}

# ready_nodes N succeeds when at least N nodes report Ready=True.
ready_nodes() {
  admin_curl -sf "$(api_server)/api/v1/nodes" |
    jq -e --argjson n "$1" '[.items[] | select(.status.conditions[]? | .type=="Ready" and .status=="True")] | length >= $n'
}
