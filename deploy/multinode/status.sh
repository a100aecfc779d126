#!/usr/bin/env bash
# status.sh: what runs in a simulated multi-node cluster: its containers and, when the API
# server answers, its nodes. Usage: status.sh [--name NAME]
set -euo pipefail
[ "${1:-}" = --name ] && export SKIFF_MN_NAME="$2"
# shellcheck source=deploy/multinode/lib.sh
source "$(dirname "$0")/lib.sh"
docker ps -a --filter "label=$MN_LABEL" --format 'table {{.Names}}\t{{.Status}}\t{{.Label "skiff.role"}}'
if [ -f "$MN_KUBECONFIG" ]; then
  server="$(api_server)"
  echo; echo "API server $server"
  admin_curl -sf "$server/api/v1/nodes" | jq -r '.items[] | [.metadata.name, (.status.conditions[]? | select(.type=="Ready") | "Ready=" + .status), .spec.podCIDR] | @tsv' ||
    echo "(API server not answering)"
fi
