#!/usr/bin/env bash
# pki.sh: certificates and join-string signatures of a VM install (sourced by skiff-install.sh).
# Certificates come from deploy/pki/skiff-pki.sh (kubeadm's layout in /etc/skiff/pki); this file
# adds what only the installer needs: the files control-plane hosts share, and kubeadm's JWS
# signature of cluster-info with a bootstrap token.

# SHARED_PKI_FILES are what every control-plane host must hold alike (kubeadm's list): the two
# CAs, the service account key pair and the encryption key. Everything else is per host and is
# issued from these.
SHARED_PKI_FILES=(ca.crt ca.key etcd/ca.crt etcd/ca.key sa.key sa.pub encryption-config.yaml)

# skiff_pki ARGS... runs deploy/pki/skiff-pki.sh.
skiff_pki() { bash "$SKIFF_ROOT/deploy/pki/skiff-pki.sh" "$@"; }

# shared_pki_present tells whether all SHARED_PKI_FILES are in $PKI.
shared_pki_present() {
  local f
  for f in "${SHARED_PKI_FILES[@]}"; do [ -s "$PKI/$f" ] || return 1; done
}

# b64url encodes stdin as unpadded base64url.
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }

# jws_sign TOKEN FILE prints a detached JWS (HS256, key = the whole token) over FILE's content,
# as kubeadm signs cluster-info: proof to a joining node that the server knows its token.
jws_sign() {
  local token="$1" file="$2" header payload sig
  header="$(printf '{"alg":"HS256","kid":"%s"}' "${token%%.*}" | b64url)"
  payload="$(b64url <"$file")"
  sig="$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$token" -binary | b64url)"
  echo "$header..$sig"
}

# jws_verify TOKEN FILE JWS succeeds when JWS signs FILE with TOKEN.
jws_verify() {
  [ "$(jws_sign "$1" "$2")" = "$3" ]
}
