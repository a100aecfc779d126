#!/usr/bin/env bash
# pki.sh: the cluster CA, certificates and join tokens of a VM install (sourced by
# skiff-install.sh). Layout follows kubeadm: /etc/skiff/pki/{ca,apiserver,admin}.{crt,key}.

# pki_ca DIR creates the cluster CA in DIR unless it exists (10 years, RSA 2048).
pki_ca() {
  local dir="$1"
  mkdir -p "$dir" && chmod 700 "$dir"
  [ -s "$dir/ca.crt" ] && [ -s "$dir/ca.key" ] && return 0
  openssl genrsa -out "$dir/ca.key" 2048 2>/dev/null
  openssl req -x509 -new -key "$dir/ca.key" -sha256 -days 3650 -subj "/CN=skiff-ca" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$dir/ca.crt" 2>/dev/null
  chmod 600 "$dir/ca.key"
}

# pki_cert DIR NAME SUBJECT [SAN] issues NAME.crt/NAME.key signed by the CA in DIR.
pki_cert() {
  local dir="$1" name="$2" subj="$3" san="${4:-}" ext
  [ -s "$dir/$name.crt" ] && return 0
  ext="$(mktemp)"
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    if [ -n "$san" ]; then echo "extendedKeyUsage=serverAuth"; echo "subjectAltName=$san"; else echo "extendedKeyUsage=clientAuth"; fi
  } >"$ext"
  openssl genrsa -out "$dir/$name.key" 2048 2>/dev/null
  openssl req -new -key "$dir/$name.key" -subj "$subj" -out "$dir/$name.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 365 -sha256 -extfile "$ext" -out "$dir/$name.crt" 2>/dev/null
  rm -f "$dir/$name.csr" "$ext"
  chmod 600 "$dir/$name.key"
}

# pki_ca_hash CERT prints kubeadm's CA pin: sha256 of the CA's DER SubjectPublicKeyInfo.
pki_ca_hash() {
  echo "sha256:$(openssl x509 -pubkey -noout -in "$1" | openssl pkey -pubin -outform der 2>/dev/null | sha256sum | cut -d' ' -f1)"
}

# new_token prints a bootstrap token [a-z0-9]{6}.[a-z0-9]{16}.
new_token() {
  local chars=abcdefghijklmnopqrstuvwxyz0123456789 out="" i n
  for n in 6 16; do
    for ((i = 0; i < n; i++)); do out+="${chars:$(( $(od -An -N2 -tu2 /dev/urandom) % 36 )):1}"; done
    [ "$n" = 6 ] && out+="."
  done
  echo "$out"
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
