#!/usr/bin/env bash
# smoke-test.sh: exercise skiff-install.sh on three throwaway "VMs" — containers on a private
# Docker network, without systemd (services fall back to background processes): init on cp1, a
# join with a wrong CA pin and one with a revoked token (both refused before anything is sent
# or installed), a real join of w1 whose kubelet obtains its client and serving certificates
# through CSRs, a pod on w1 whose logs come through the API server, the security promises
# (anonymous 401, a node reading secrets 403, etcd refusing a client without a certificate,
# Secrets encrypted in etcd, an audit log without secret values), a control-plane join of cp2
# (refused without the shared CA files, then a second etcd member and API server), doctor on
# all three, uninstall on w1 (must leave no skiff interface, route or iptables rule). Cleans up.
# Needs an image with docker.io, etcd, openssl, jq, curl (built here from skiff/node, labelled).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
P="skiff-vmsmoke-$$"
IMG=skiff-test/vm-host:latest
fail() { echo "smoke-test: FAIL: $*" >&2; exit 1; }
cleanup() {
  [ -n "${SKIFF_SMOKE_KEEP:-}" ] && { echo "smoke-test: kept $P-cp1, $P-cp2 and $P-w1 (SKIFF_SMOKE_KEEP)"; return; }
  docker rm -f -v "$P-cp1" "$P-cp2" "$P-w1" >/dev/null 2>&1 || true
  docker volume rm "$P-cp1" "$P-cp2" "$P-w1" >/dev/null 2>&1 || true
  docker network rm "$P" >/dev/null 2>&1 || true
}
trap cleanup EXIT

if ! docker image inspect "$IMG" >/dev/null 2>&1; then
  printf 'FROM skiff/node:latest\nRUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends etcd-server etcd-client openssl jq curl >/dev/null && rm -rf /var/lib/apt/lists/*\n' |
    DOCKER_BUILDKIT=0 docker build -q --label skiff.test=vm-install -t "$IMG" - >/dev/null
fi
docker network create --label skiff.test=vm-install "$P" >/dev/null
for h in cp1 cp2 w1; do
  docker volume create --label skiff.test=vm-install "$P-$h" >/dev/null
  docker run -d --name "$P-$h" --hostname "$h" --network "$P" --label skiff.test=vm-install \
    --cap-add ALL --cap-drop SYS_RESOURCE --security-opt seccomp=unconfined --security-opt apparmor=unconfined \
    --security-opt systempaths=unconfined -v /sys/fs/cgroup:/sys/fs/cgroup:rw --tmpfs /run \
    -v "$P-$h:/var/lib/docker" -v "$ROOT:$ROOT:ro" --entrypoint sleep "$IMG" infinity >/dev/null
done
inst="$ROOT/deploy/vm/skiff-install.sh"
# api PATH reads from the API server on cp1 as admin (client certificate).
api() {
  docker exec "$P-cp1" curl -sf --cacert /etc/skiff/pki/ca.crt --cert /etc/skiff/pki/admin.crt --key /etc/skiff/pki/admin.key "$server$1"
}
# ctl HOST ARGS... runs skiffctl on HOST (as admin on cp1; pass --kubeconfig for other identities).
ctl() {
  local h="$1"; shift
  docker exec -e KUBECONFIG=/etc/skiff/admin.kubeconfig "$P-$h" "$ROOT/kubectl/skiffctl" "$@"
}
# wait_ready_nodes N waits (2 min at most) until N nodes are Ready, or fails with the count seen.
wait_ready_nodes() {
  local n=""
  for _ in $(seq 1 120); do
    n="$(api /api/v1/nodes | jq '[.items[] | select(.status.conditions[]? | .type=="Ready" and .status=="True")] | length')"
    [ "$n" = "$1" ] && return 0; sleep 1
  done
  fail "expected $1 Ready nodes, got $n"
}
# wait_for WHAT SECONDS CMD... polls CMD until it succeeds or fails the test with WHAT.
wait_for() {
  local what="$1" secs="$2"; shift 2
  for _ in $(seq 1 "$secs"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  fail "$what (waited ${secs}s)"
}

echo "== init on cp1"
out="$(docker exec "$P-cp1" "$inst" init 2>&1)" || { echo "$out"; fail "init failed"; }
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

echo "== join with a revoked token is refused before anything is installed"
revoked="$(docker exec "$P-cp1" "$inst" token create | awk '{print $4}')"
ctl cp1 token delete "${revoked#*::}" >/dev/null
if out="$(docker exec "$P-w1" "$inst" join "$server" "$revoked" 2>&1)"; then fail "a revoked token was accepted"; fi
echo "$out" | grep -q "refuses this token" || fail "unexpected refusal: $out"
docker exec "$P-w1" test ! -e /etc/skiff/cluster.env || fail "installed despite the revoked token"
echo "   refused: $(echo "$out" | tail -1)"

echo "== join w1"
docker exec "$P-w1" "$inst" join "$server" "$token" 2>&1 | tail -1
wait_ready_nodes 2
echo "   2 nodes Ready"

echo "== w1's kubelet obtained its client and serving certificates through CSRs"
# csrs_issued SIGNER prints how many issued CSRs of w1 have that signer.
csrs_issued() {
  ctl cp1 get csr -o json | jq --arg s "$1" '[.items[] | select((.spec.username // "") | . == "system:node:w1" or startswith("system:bootstrap:")) | select(.spec.signerName==$s and (.status.certificate // "") != "")] | length'
}
wait_for "no issued kubelet-serving CSR for w1" 60 test "$(csrs_issued kubernetes.io/kubelet-serving)" -ge 1
[ "$(csrs_issued kubernetes.io/kube-apiserver-client-kubelet)" -ge 1 ] || fail "no issued client CSR for w1"
docker exec "$P-w1" test ! -e /etc/skiff/pki/ca.key || fail "the worker holds the CA key"
echo "   $(ctl cp1 get csr -o json | jq -r '[.items[] | .spec.signerName + " → " + ([.status.conditions[]?.type] | join(","))] | join("; ")')"

echo "== a pod on w1: its logs come through the API server (the kubelet's serving cert is checked)"
docker save skiff/busybox:latest skiff/pause:latest | docker exec -i "$P-w1" docker load -q >/dev/null
printf '%s' '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"hello"},"spec":{"nodeSelector":{"kubernetes.io/hostname":"w1"},"containers":[{"name":"c","image":"skiff/busybox:latest","imagePullPolicy":"IfNotPresent","command":["sh","-c","echo hello-from-w1; sleep 3600"]}]}}' |
  docker exec -i -e KUBECONFIG=/etc/skiff/admin.kubeconfig "$P-cp1" "$ROOT/kubectl/skiffctl" apply -f - >/dev/null
wait_for "pod hello did not log on w1: $(ctl cp1 get pod hello -o wide 2>&1 | tail -1)" 90 sh -c "docker exec -e KUBECONFIG=/etc/skiff/admin.kubeconfig $P-cp1 $ROOT/kubectl/skiffctl logs hello | grep -q hello-from-w1"
echo "   skiffctl logs hello: $(ctl cp1 logs hello)"

echo "== no one gets in where they don't belong"
code="$(docker exec "$P-w1" curl -s -o /dev/null -w '%{http_code}' --cacert /etc/skiff/pki/ca.crt "$server/api/v1/secrets")"
[ "$code" = 401 ] || fail "an anonymous request got $code, not 401"
if out="$(docker exec "$P-w1" "$ROOT/kubectl/skiffctl" --kubeconfig /etc/skiff/kubelet.kubeconfig get secrets -n kube-system 2>&1)"; then fail "node w1 could list secrets: $out"; fi
echo "$out" | grep -qi forbidden || fail "node w1 listing secrets: $out"
cp1ip="$(docker exec "$P-cp1" sh -c '. /etc/skiff/cluster.env; echo $SKIFF_NODE_IP')"
if docker exec "$P-w1" curl -ksf "https://$cp1ip:2379/version" >/dev/null 2>&1; then fail "etcd answered a client without a certificate"; fi
echo "   anonymous → 401; node w1 reading secrets → forbidden; etcd without a client certificate → refused"

echo "== Secrets are encrypted in etcd; the audit log has lines and no secret values"
ctl cp1 create secret generic smoke --from-literal=password=pl41n-v4lue >/dev/null
raw="$(docker exec "$P-cp1" sh -c 'p=/etc/skiff/pki; ETCDCTL_API=3 etcdctl --endpoints https://127.0.0.1:2379 --cacert $p/etcd/ca.crt --cert $p/apiserver-etcd-client.crt --key $p/apiserver-etcd-client.key get /registry/secrets/default/smoke --print-value-only' | tr -d '\0')"
# Skiff keeps name, namespace and uid readable beside the sealed object (encrypted-storage.ts).
echo "$raw" | grep -q '"encrypted":"k8s:enc:aesgcm:v1:' || fail "the Secret is not sealed with the aesgcm provider: ${raw:0:120}"
echo "$raw" | grep -q 'pl41n-v4lue' && fail "the Secret's value is in etcd as plaintext"
docker exec "$P-cp1" grep -q '"resource":"secrets"' /var/log/skiff/audit.log || fail "no audit line for the secret"
docker exec "$P-cp1" grep -q -e 'pl41n-v4lue' -e "$(printf pl41n-v4lue | base64)" /var/log/skiff/audit.log && fail "the audit log holds the secret's value"
echo "   etcd: …$(grep -o '"encrypted":"k8s:enc:aesgcm:v1:[^:]*:.\{12\}' <<<"$raw")…; audit lines: $(docker exec "$P-cp1" sh -c 'wc -l </var/log/skiff/audit.log')"

echo "== join --control-plane: refused without the shared CA files, then a second etcd member and API server"
if out="$(docker exec "$P-cp2" "$inst" join "$server" "$token" --control-plane 2>&1)"; then fail "a control-plane join without the CA files was accepted"; fi
echo "$out" | grep -q "copy .*ca.key" || fail "unexpected refusal: $out"
for f in ca.crt ca.key etcd/ca.crt etcd/ca.key sa.key sa.pub encryption-config.yaml; do
  docker exec "$P-cp1" cat "/etc/skiff/pki/$f" | docker exec -i "$P-cp2" sh -c "mkdir -p /etc/skiff/pki/etcd && umask 077 && cat >/etc/skiff/pki/$f"
done
docker exec "$P-cp2" "$inst" join "$server" "$token" --control-plane 2>&1 | tail -1
cp2ip="$(docker exec "$P-cp2" sh -c '. /etc/skiff/cluster.env; echo $SKIFF_NODE_IP')"
members="$(docker exec "$P-cp2" sh -c 'p=/etc/skiff/pki; ETCDCTL_API=3 etcdctl --endpoints https://127.0.0.1:2379 --cacert $p/etcd/ca.crt --cert $p/apiserver-etcd-client.crt --key $p/apiserver-etcd-client.key member list' | grep -c started)"
[ "$members" = 2 ] || fail "expected 2 started etcd members, got $members"
# cp2's API server serves a certificate for its own address, and reads what cp1's wrote (the secret too: same key).
got="$(docker exec "$P-cp2" curl -sf --cacert /etc/skiff/pki/ca.crt --cert /etc/skiff/pki/admin.crt --key /etc/skiff/pki/admin.key "https://$cp2ip:6443/api/v1/namespaces/default/secrets/smoke" | jq -r .data.password | base64 -d)"
[ "$got" = pl41n-v4lue ] || fail "cp2's API server read the secret as '$got'"
wait_ready_nodes 3
echo "   2 etcd members, cp2's API server at https://$cp2ip:6443 decrypts cp1's secret, 3 nodes Ready"

echo "== doctor"
for h in cp1 cp2 w1; do
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
