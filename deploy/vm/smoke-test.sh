#!/usr/bin/env bash
# smoke-test.sh: exercise skiff-install.sh on two throwaway "VMs" — containers on a private
# Docker network, without systemd (services fall back to background processes): init on the
# first, a join with a wrong CA pin (must be refused), a real join, doctor on both, uninstall on
# the worker (must leave no skiff interface, route or iptables rule). Cleans up after itself.
# Needs an image with docker.io, etcd, openssl, jq, curl (built here from skiff/node, labelled).
# Usage: smoke-test.sh [--tls]   (--tls: init --tls, the API server serves HTTPS with the cluster CA)
set -euo pipefail
init_flags=()
[ "${1:-}" = --tls ] && init_flags=(--tls)
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
P="skiff-vmsmoke-$$"
IMG=skiff-test/vm-host:latest
fail() { echo "smoke-test: FAIL: $*" >&2; exit 1; }
cleanup() {
  docker rm -f -v "$P-cp1" "$P-w1" >/dev/null 2>&1 || true
  docker volume rm "$P-cp1" "$P-w1" >/dev/null 2>&1 || true
  docker network rm "$P" >/dev/null 2>&1 || true
}
trap cleanup EXIT

if ! docker image inspect "$IMG" >/dev/null 2>&1; then
  printf 'FROM skiff/node:latest\nRUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends etcd-server etcd-client openssl jq curl >/dev/null && rm -rf /var/lib/apt/lists/*\n' |
    DOCKER_BUILDKIT=0 docker build -q --label skiff.test=vm-install -t "$IMG" - >/dev/null
fi
docker network create --label skiff.test=vm-install "$P" >/dev/null
for h in cp1 w1; do
  docker volume create --label skiff.test=vm-install "$P-$h" >/dev/null
  docker run -d --name "$P-$h" --hostname "$h" --network "$P" --label skiff.test=vm-install \
    --cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
    --security-opt systempaths=unconfined -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run \
    -v "$P-$h:/var/lib/docker" -v "$ROOT:$ROOT:ro" --entrypoint sleep "$IMG" infinity >/dev/null
done
inst="$ROOT/deploy/vm/skiff-install.sh"
# api PATH reads from the API server on cp1 as admin (client certificate when init made one).
api() {
  # shellcheck disable=SC2016 # expanded inside the container
  docker exec "$P-cp1" sh -c 'p=/etc/skiff/pki; if [ -s $p/admin.crt ]; then set -- --cacert $p/ca.crt --cert $p/admin.crt --key $p/admin.key; fi; curl -sf "$@" "$0"' "$server$1"
}

echo "== init on cp1"
out="$(docker exec "$P-cp1" "$inst" init "${init_flags[@]}" 2>&1)" || { echo "$out"; fail "init failed"; }
echo "$out" | tail -3
join="$(echo "$out" | sed -n 's/^Join a worker: *//p')"
server="$(echo "$join" | awk '{print $3}')" token="$(echo "$join" | awk '{print $4}')"
[[ "$token" =~ ^K10[0-9a-f]{64}::[a-z0-9]{6}\.[a-z0-9]{16}$ ]] || fail "join token has the wrong form: $token"

echo "== join with a wrong CA pin is refused before anything is sent"
bad="K10$(printf '0%.0s' $(seq 1 64))::${token#*::}"
if out="$(docker exec "$P-w1" "$inst" join "$server" "$bad" 2>&1)"; then fail "a wrong pin was accepted"; fi
echo "$out" | grep -q "does not match the pinned" || fail "unexpected refusal: $out"
docker exec "$P-w1" test ! -e /etc/skiff/kubelet.kubeconfig || fail "credentials written despite the refusal"
echo "   refused: $(echo "$out" | tail -1)"

echo "== join w1"
docker exec "$P-w1" "$inst" join "$server" "$token" 2>&1 | tail -1
for _ in $(seq 1 120); do
  n="$(api /api/v1/nodes | jq '[.items[] | select(.status.conditions[]? | .type=="Ready" and .status=="True")] | length')"
  [ "$n" = 2 ] && break; sleep 1
done
[ "$n" = 2 ] || fail "expected 2 Ready nodes, got $n"
echo "   2 nodes Ready"

echo "== doctor"
for h in cp1 w1; do
  for _ in $(seq 1 30); do SKIFF_DOCTOR_QUIET=1 docker exec "$P-$h" "$inst" doctor >/dev/null 2>&1 && break; sleep 1; done
  docker exec -e SKIFF_DOCTOR_QUIET=1 "$P-$h" "$inst" doctor || fail "doctor found problems on $h"
done

echo "== doctor reports a missing route to another node's pods, with the fix"
cidr="$(api /api/v1/nodes/cp1 | jq -r .spec.podCIDR)"
docker exec "$P-w1" ip route del "$cidr"
if out="$(docker exec -e SKIFF_DOCTOR_QUIET=1 "$P-w1" "$inst" doctor)"; then fail "doctor missed the deleted route"; fi
echo "$out" | grep -q "no route to node cp1's pod CIDR $cidr.*fix:" || fail "unexpected doctor output: $out"
echo "   $(echo "$out" | head -1)"

echo "== uninstall w1"
docker exec "$P-w1" "$inst" uninstall || fail "uninstall exited $?"
left="$(docker exec "$P-w1" sh -c 'ip link show skiff0 2>/dev/null; ip link show skiff-svc0 2>/dev/null; ip route show proto 211; iptables-save | grep -i skiff; ls /etc/skiff 2>/dev/null' || true)"
[ -z "$left" ] || fail "uninstall left: $left"
echo "smoke-test: PASS"
