#!/usr/bin/env bash
# run-service.sh NAME: start one Skiff service in the foreground with the flags that
# skiff-install.sh wrote to /etc/skiff/NAME.env (SKIFF_FLAGS). The systemd units call this, and
# so does the no-systemd fallback (containers, CI), so both run exactly the same command.
set -euo pipefail
name="${1:?usage: run-service.sh NAME}"
SKIFF_ROOT="$(cd "$(dirname "$(readlink -f "$0")")/../../.." && pwd)"
SKIFF_FLAGS=""
# shellcheck source=/dev/null
[ -f "/etc/skiff/$name.env" ] && source "/etc/skiff/$name.env"
node="$SKIFF_ROOT/node_modules/.bin/node"
# Node's compile cache also keeps the stripped TypeScript: warm starts skip the type stripper
# (≈17 MB of RSS per process) and recompiling every module.
export NODE_COMPILE_CACHE="${NODE_COMPILE_CACHE:-/var/lib/skiff/compile-cache}"
# A 1 MB young generation keeps ≈25 MB of RSS off each idle service; node_flags gives the API
# server more (deploy/lib/node-flags.sh).
export NODE_OPTIONS="${NODE_OPTIONS:---max-semi-space-size=1}"
# shellcheck source=deploy/lib/node-flags.sh
source "$SKIFF_ROOT/deploy/lib/node-flags.sh"
# Two malloc arenas instead of glibc's 8 per core: a busy kubelet keeps ≈7 MB less (docs/footprint.md).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# shellcheck disable=SC2086 # SKIFF_FLAGS is a flag list
# A worker's proxy runs with the node's credentials, which its kubelet first obtains through a
# CSR (TLS bootstrap): wait for them rather than fail and be restarted in a loop.
if [ "$name" = proxy ]; then
  kubeconfig="$(grep -o -- '--kubeconfig=[^ ]*' <<<"$SKIFF_FLAGS" | cut -d= -f2)"
  for i in $(seq 1 600); do
    [ -z "$kubeconfig" ] || [ -s "$kubeconfig" ] && break
    [ $((i % 30)) = 1 ] && echo "run-service.sh: proxy waits for $kubeconfig (the kubelet's TLS bootstrap)" >&2
    sleep 1
  done
fi
case "$name" in
  etcd) exec etcd $SKIFF_FLAGS ;;
  apiserver|scheduler|controller-manager|kubelet|proxy)
    # Load once and stop at an unknown flag: fills the compile cache after an update, so the
    # service itself never starts cold (a cold start keeps the TypeScript stripper in memory).
    # shellcheck disable=SC2046 # node_flags prints a flag list
    "$node" $(node_flags "$name") "$SKIFF_ROOT/$name/main.ts" --warm-compile-cache >/dev/null 2>&1 || true
    # shellcheck disable=SC2046
    exec "$node" $(node_flags "$name") "$SKIFF_ROOT/$name/main.ts" $SKIFF_FLAGS ;;
  *) echo "run-service.sh: unknown service $name" >&2; exit 2 ;;
esac
