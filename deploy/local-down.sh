#!/usr/bin/env bash
# local-down.sh: stop the one-machine cluster started by local-up.sh and remove what it added to
# the host: pod containers (label io.skiff.pod.uid), their tmpfs volumes, the pod bridge, routes
# and iptables rules tagged "skiff", and the service interface. `--purge` also deletes the etcd
# data and logs.
set -euo pipefail
source "$(dirname "$0")/lib/local-env.sh"
cd "$SKIFF_ROOT"

echo "skiff: stopping services"
for svc in proxy kubelet controller-manager scheduler apiserver etcd; do stop "$svc"; done

if docker info >/dev/null 2>&1; then
  ids="$(docker ps -aq --filter label=io.skiff.pod.uid --filter "label=io.skiff.node=$SKIFF_NODE_NAME")"
  [ -n "$ids" ] && docker rm -f $ids >/dev/null && echo "  removed pod containers"
fi
"$SKIFF_NODE" kubelet/network/uninstall.ts 2>/dev/null | sed "s/^/  removed /" || true
ip link del skiff-svc0 2>/dev/null && echo "  removed service interface skiff-svc0" || true
# The kubelet mounts secret and token volumes as tmpfs; with their pods gone they go too.
mounts="$(awk -v dir="$SKIFF_LOCAL_DIR/kubelet/pods/" 'index($2, dir) == 1 { print $2 }' /proc/mounts)"
if [ -n "$mounts" ]; then
  echo "$mounts" | xargs -n1 umount && echo "  unmounted $(echo "$mounts" | wc -l) pod volumes"
fi
if [ "${1:-}" = "--purge" ]; then
  rm -rf "$SKIFF_LOCAL_DIR"
  echo "  purged $SKIFF_LOCAL_DIR"
fi
echo "skiff: down"
