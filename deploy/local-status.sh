#!/usr/bin/env bash
# local-status.sh: show which services of the local cluster run, and the node's readiness.
set -uo pipefail
source "$(dirname "$0")/lib/local-env.sh"
for svc in etcd apiserver scheduler controller-manager kubelet proxy; do
  if running "$svc"; then printf '%-20s running (pid %s)\n' "$svc" "$(cat "$SKIFF_PIDS/$svc.pid")"; else printf '%-20s stopped\n' "$svc"; fi
done
curl -sf --cacert "$SKIFF_PKI/ca.crt" "https://127.0.0.1:$SKIFF_API_PORT/readyz" >/dev/null && echo "API server ready at https://127.0.0.1:$SKIFF_API_PORT" || echo "API server not ready"
