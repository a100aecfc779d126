#!/usr/bin/env bash
# down.sh: remove a simulated multi-node cluster made by up.sh — exactly the containers,
# volumes and network labelled skiff.multinode=<name>, and its state folder.
# Usage: down.sh [--name NAME]
set -euo pipefail
while [ $# -gt 0 ]; do
  case "$1" in
    --name) export SKIFF_MN_NAME="$2"; shift 2 ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "down.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
# shellcheck source=deploy/multinode/lib.sh
source "$(dirname "$0")/lib.sh"

mapfile -t containers < <(docker ps -aq --filter "label=$MN_LABEL")
if [ ${#containers[@]} -gt 0 ]; then
  log "removing ${#containers[@]} containers"
  docker rm -f -v "${containers[@]}" >/dev/null
fi
mapfile -t volumes < <(docker volume ls -q --filter "label=$MN_LABEL")
if [ ${#volumes[@]} -gt 0 ]; then
  log "removing ${#volumes[@]} volumes"
  docker volume rm "${volumes[@]}" >/dev/null
fi
mapfile -t networks < <(docker network ls -q --filter "label=$MN_LABEL")
if [ ${#networks[@]} -gt 0 ]; then
  log "removing network $MN_NAME"
  docker network rm "${networks[@]}" >/dev/null
fi
# The state folder holds only what up.sh wrote (kubeconfigs, image tarball, node logs).
case "$MN_STATE" in /var/lib/skiff/multinode/?*) rm -rf "$MN_STATE" ;; esac
log "cluster $MN_NAME removed"
