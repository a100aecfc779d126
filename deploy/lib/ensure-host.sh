#!/usr/bin/env bash
# ensure-host.sh: install and start what Skiff needs on a Debian/Ubuntu host when missing:
# Docker Engine (started in the background when no daemon answers), etcd server + client,
# iproute2 and util-linux's nsenter (the kubelet wires pod sandboxes), iptables, busybox-static
# (test images), docker-registry (pull tests), debootstrap, gcc + libc6-dev (the static pause binary), jq and curl (scripts).
# Safe to run any number of times. Sourced or executed; needs root for installs.
set -euo pipefail

SKIFF_STATE_DIR="${SKIFF_STATE_DIR:-/var/lib/skiff}"
mkdir -p "$SKIFF_STATE_DIR/logs"

need_pkgs=()
command -v dockerd >/dev/null || need_pkgs+=(docker.io)
command -v etcd >/dev/null || need_pkgs+=(etcd-server)
command -v etcdctl >/dev/null || need_pkgs+=(etcd-client)
command -v ip >/dev/null || need_pkgs+=(iproute2)
command -v nsenter >/dev/null || need_pkgs+=(util-linux)
command -v iptables >/dev/null || need_pkgs+=(iptables)
[ -x /bin/busybox ] || need_pkgs+=(busybox-static)
command -v docker-registry >/dev/null || need_pkgs+=(docker-registry)
command -v debootstrap >/dev/null || need_pkgs+=(debootstrap)
# The pause image is a static C binary built locally (nodes pull nothing).
command -v gcc >/dev/null || need_pkgs+=(gcc)
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || [ -f /usr/lib/aarch64-linux-gnu/libc.a ] || need_pkgs+=(libc6-dev)
command -v jq >/dev/null || need_pkgs+=(jq)
command -v curl >/dev/null || need_pkgs+=(curl)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "skiff: installing ${need_pkgs[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

# Debian's etcd-server package starts a system etcd on 2379 where systemd runs; we start our own.
if ! docker info >/dev/null 2>&1; then
  echo "skiff: starting dockerd (log: $SKIFF_STATE_DIR/logs/dockerd.log)" >&2
  nohup dockerd >"$SKIFF_STATE_DIR/logs/dockerd.log" 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || { echo "skiff: dockerd did not start; see $SKIFF_STATE_DIR/logs/dockerd.log" >&2; exit 1; }
fi
