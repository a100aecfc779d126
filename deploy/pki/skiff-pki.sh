#!/usr/bin/env bash
# skiff-pki.sh: the certificates, keys and secrets a secure Skiff cluster needs, with openssl.
# Layout follows kubeadm (DIR/ca.crt, DIR/etcd/ca.crt, ...). Idempotent: existing files are kept,
# so re-running never invalidates what a cluster already trusts.
#
#   skiff-pki.sh all DIR --hosts IP,NAME,...      everything below for a control-plane host
#   skiff-pki.sh ca DIR                            cluster CA and etcd CA
#   skiff-pki.sh apiserver DIR --hosts IP,NAME     API server serving cert (SANs: hosts, 127.0.0.1, kubernetes.*, 10.96.0.1)
#   skiff-pki.sh client DIR NAME CN [O]            a client cert signed by the cluster CA (DIR/NAME.crt/.key)
#   skiff-pki.sh kubelet DIR NODE                  kubelet client cert CN=system:node:NODE, O=system:nodes
#   skiff-pki.sh kubelet-serving DIR NODE --hosts IP,NAME   kubelet API serving cert (kubelet-NODE-serving.crt/.key)
#   skiff-pki.sh etcd DIR --hosts IP,NAME          etcd server+peer certs and the API server's etcd client cert
#   skiff-pki.sh sa DIR                            service account signing key pair (sa.key, sa.pub)
#   skiff-pki.sh encryption DIR                    encryption-config.yaml with a fresh AES-GCM key
#   skiff-pki.sh kubeconfig DIR NAME SERVER OUT    a kubeconfig for client cert NAME (CA embedded)
#   skiff-pki.sh ca-hash CERT                      the join pin: sha256:<hex of the CA's DER SPKI>
#   skiff-pki.sh token                             a new bootstrap token [a-z0-9]{6}.[a-z0-9]{16}
#   skiff-pki.sh rotate-key DIR                    prepend a new AES-GCM key (old keys still decrypt)
set -euo pipefail

DAYS_CA=3650
DAYS_CERT=365
SERVICE_IP="${SKIFF_SERVICE_IP:-10.96.0.1}"

die() { echo "skiff-pki: $*" >&2; exit 1; }

# new_ca DIR NAME CN: a self-signed CA (RSA 2048, 10 years).
new_ca() {
  local dir="$1" name="$2" cn="$3"
  mkdir -p "$dir" && chmod 700 "$dir"
  [ -s "$dir/$name.crt" ] && [ -s "$dir/$name.key" ] && return 0
  openssl genrsa -out "$dir/$name.key" 2048 2>/dev/null
  openssl req -x509 -new -key "$dir/$name.key" -sha256 -days $DAYS_CA -subj "/CN=$cn" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "$dir/$name.crt" 2>/dev/null
  chmod 600 "$dir/$name.key"
}

# san_of HOSTS: "IP:a,DNS:b" from a comma list of IPs and names.
san_of() {
  local out="" h
  IFS=',' read -ra hs <<<"$1"
  for h in "${hs[@]}"; do
    [ -z "$h" ] && continue
    if [[ "$h" =~ ^[0-9.]+$ || "$h" == *:* ]]; then out+="IP:$h,"; else out+="DNS:$h,"; fi
  done
  echo "${out%,}"
}

# issue CADIR CANAME DIR NAME SUBJECT USAGE [SAN]: NAME.crt/NAME.key signed by CANAME in CADIR.
# USAGE is serverAuth, clientAuth or serverAuth,clientAuth.
issue() {
  local cadir="$1" ca="$2" dir="$3" name="$4" subj="$5" usage="$6" san="${7:-}" ext
  mkdir -p "$dir"
  [ -s "$dir/$name.crt" ] && [ -s "$dir/$name.key" ] && return 0
  ext="$(mktemp)"
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$usage"
    [ -n "$san" ] && echo "subjectAltName=$san"
  } >"$ext"
  openssl genrsa -out "$dir/$name.key" 2048 2>/dev/null
  openssl req -new -key "$dir/$name.key" -subj "$subj" -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$cadir/$ca.crt" -CAkey "$cadir/$ca.key" -CAcreateserial \
    -days $DAYS_CERT -sha256 -extfile "$ext" -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr" "$ext"
  chmod 600 "$dir/$name.key"
}

hosts_arg() { [ "${1:-}" = --hosts ] && [ -n "${2:-}" ] || die "--hosts IP,NAME,... is required"; echo "$2"; }

cmd_ca() { new_ca "$1" ca skiff-ca; new_ca "$1/etcd" ca skiff-etcd-ca; }

cmd_apiserver() {
  local dir="$1" hosts; hosts="$(hosts_arg "${2:-}" "${3:-}")"
  issue "$dir" ca "$dir" apiserver "/CN=kube-apiserver" serverAuth \
    "$(san_of "$hosts,127.0.0.1,localhost,$SERVICE_IP,kubernetes,kubernetes.default,kubernetes.default.svc,kubernetes.default.svc.cluster.local")"
}

cmd_client() { issue "$1" ca "$1" "$2" "/${4:+O=$4/}CN=$3" clientAuth; }

cmd_kubelet() { issue "$1" ca "$1" "kubelet-$2" "/O=system:nodes/CN=system:node:$2" clientAuth; }

# The kubelet's own API (logs/exec) serves this; the API server verifies it with --kubelet-certificate-authority.
cmd_kubelet_serving() {
  local dir="$1" node="$2" hosts; hosts="$(hosts_arg "${3:-}" "${4:-}")"
  issue "$dir" ca "$dir" "kubelet-$node-serving" "/O=system:nodes/CN=system:node:$node" serverAuth "$(san_of "$hosts,$node")"
}

cmd_etcd() {
  local dir="$1" hosts san; hosts="$(hosts_arg "${2:-}" "${3:-}")"
  san="$(san_of "$hosts,127.0.0.1,localhost")"
  issue "$dir/etcd" ca "$dir/etcd" server "/CN=etcd-server" serverAuth,clientAuth "$san"
  issue "$dir/etcd" ca "$dir/etcd" peer "/CN=etcd-peer" serverAuth,clientAuth "$san"
  # Only the API server holds an etcd client certificate.
  issue "$dir/etcd" ca "$dir" apiserver-etcd-client "/O=system:masters/CN=kube-apiserver-etcd-client" clientAuth
}

cmd_sa() {
  local dir="$1"
  [ -s "$dir/sa.key" ] && return 0
  openssl genrsa -out "$dir/sa.key" 2048 2>/dev/null
  openssl rsa -in "$dir/sa.key" -pubout -out "$dir/sa.pub" 2>/dev/null
  chmod 600 "$dir/sa.key"
}

cmd_encryption() {
  local dir="$1" f="$1/encryption-config.yaml"
  [ -s "$f" ] && return 0
  umask 077
  cat >"$f" <<YAML
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - aesgcm:
          keys:
            - name: key-$(date +%Y%m%d%H%M%S)-$RANDOM
              secret: $(head -c 32 /dev/urandom | base64 -w0)
      - identity: {}
YAML
}

# rotate-key: a new key goes first (it encrypts new writes); older keys stay to decrypt. After
# every API server runs with it, rewrite all secrets (skiffctl get secrets -A -o json | skiffctl replace -f -),
# then the old key may be removed.
cmd_rotate_key() {
  local f="$1/encryption-config.yaml" tmp
  [ -s "$f" ] || die "no $f"
  tmp="$(mktemp)"
  awk -v name="key-$(date +%Y%m%d%H%M%S)-$RANDOM" -v secret="$(head -c 32 /dev/urandom | base64 -w0)" '
    { print } /keys:/ && !done { print "            - name: " name; print "              secret: " secret; done=1 }' "$f" >"$tmp"
  chmod 600 "$tmp" && mv "$tmp" "$f"
}

cmd_kubeconfig() {
  local dir="$1" name="$2" server="$3" out="$4"
  umask 077
  cat >"$out" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: skiff
  cluster:
    server: $server
    certificate-authority-data: $(base64 -w0 <"$dir/ca.crt")
users:
- name: $name
  user:
    client-certificate-data: $(base64 -w0 <"$dir/$name.crt")
    client-key-data: $(base64 -w0 <"$dir/$name.key")
contexts:
- name: skiff
  context:
    cluster: skiff
    user: $name
current-context: skiff
YAML
}

cmd_ca_hash() {
  echo "sha256:$(openssl x509 -pubkey -noout -in "$1" | openssl pkey -pubin -outform der 2>/dev/null | sha256sum | cut -d' ' -f1)"
}

cmd_token() {
  local r=""
  # Read a fixed amount and filter it (no pipe closed early: safe under pipefail).
  while [ ${#r} -lt 22 ]; do r+="$(head -c 512 /dev/urandom | LC_ALL=C tr -dc 'a-z0-9')"; done
  echo "${r:0:6}.${r:6:16}"
}

cmd_all() {
  local dir="$1" hosts; hosts="$(hosts_arg "${2:-}" "${3:-}")"
  cmd_ca "$dir"
  cmd_apiserver "$dir" --hosts "$hosts"
  cmd_etcd "$dir" --hosts "$hosts"
  cmd_client "$dir" admin kubernetes-admin system:masters
  cmd_client "$dir" scheduler system:kube-scheduler
  cmd_client "$dir" controller-manager system:kube-controller-manager
  cmd_client "$dir" kube-proxy system:kube-proxy
  # The only client the kubelet API accepts (--kubelet-client-certificate on the API server).
  cmd_client "$dir" apiserver-kubelet-client kube-apiserver-kubelet-client
  cmd_sa "$dir"
  cmd_encryption "$dir"
}

main() {
  local cmd="${1:-}"; shift || true
  case "$cmd" in
    all) cmd_all "$@" ;;
    ca) cmd_ca "$@" ;;
    apiserver) cmd_apiserver "$@" ;;
    client) cmd_client "$@" ;;
    kubelet) cmd_kubelet "$@" ;;
    kubelet-serving) cmd_kubelet_serving "$@" ;;
    etcd) cmd_etcd "$@" ;;
    sa) cmd_sa "$@" ;;
    encryption) cmd_encryption "$@" ;;
    rotate-key) cmd_rotate_key "$@" ;;
    kubeconfig) cmd_kubeconfig "$@" ;;
    ca-hash) cmd_ca_hash "$@" ;;
    token) cmd_token ;;
    *) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; [ -z "$cmd" ] || exit 2 ;;
  esac
}

main "$@"
