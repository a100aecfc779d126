#!/usr/bin/env bash
# add-node.sh: add one more node to a running simulated multi-node cluster (made by up.sh). It
# joins like the others — bootstrap token, CSRs for its client and serving certificates — and this prints its
# container name once it is Ready. Usage: add-node.sh [--name NAME]
set -euo pipefail
while [ $# -gt 0 ]; do
  case "$1" in
    --name) export SKIFF_MN_NAME="$2"; shift 2 ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "add-node.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=deploy/multinode/lib.sh
source "$(dirname "$0")/lib.sh"
# shellcheck source=deploy/multinode/nodes.sh
source "$(dirname "$0")/nodes.sh"
[ -s "$MN_PKI/bootstrap.kubeconfig" ] || { log "no cluster $MN_NAME here (up.sh --name $MN_NAME makes one)"; exit 1; }

i=1
while docker inspect "$MN_NAME-node$i" >/dev/null 2>&1; do i=$((i + 1)); done
log "node$i"
start_node "$i"
load_images "$i"
node_ready() {
  admin_curl -sf "$(api_server)/api/v1/nodes/node$1" | jq -e '.status.conditions[] | select(.type=="Ready" and .status=="True")'
}
wait_until "node$i Ready" 180 node_ready "$i"
echo "$MN_NAME-node$i"
