#!/usr/bin/env bash
# cluster-info.sh: discovery for joining hosts, kubeadm-style (sourced by skiff-install.sh).
#  - kube-public/cluster-info (readable without credentials) holds a kubeconfig with the server
#    and the CA, plus per token `jws-kubeconfig-<id>`: an HMAC signature by that token.
#  - kube-public/skiff-config holds the cluster's CIDRs, DNS address and etcd endpoints.
#  - kube-system/bootstrap-token-<id> is the token (Kubernetes' bootstrap token Secret; Skiff
#    keeps only the SHA-256 of its secret part).
# A joining host checks the CA against the pin in its join string and the signature against its
# token, so it learns the server is genuine before it sends the token anywhere.

# api METHOD SERVER PATH [JSON] calls the API server as admin (client certificate, CA-checked).
api() {
  local method="$1" server="$2" path="$3" body="${4:-}"
  curl -sS -f -X "$method" --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" \
    -H 'Content-Type: application/json' ${body:+-d "$body"} "$server$path"
}

# upsert SERVER COLLECTION NAME JSON creates or replaces an object.
upsert() {
  local server="$1" coll="$2" name="$3" json="$4"
  api POST "$server" "$coll" "$json" >/dev/null 2>&1 || api PUT "$server" "$coll/$name" "$json" >/dev/null
}

# publish_cluster_info SERVER ETCD writes cluster-info, skiff-config and the kube-dns Service.
publish_cluster_info() {
  local server="$1" etcd="$2" kc
  api POST "$server" /api/v1/namespaces '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"kube-public"}}' >/dev/null 2>&1 || true
  kc="$(mktemp)"
  printf 'apiVersion: v1\nkind: Config\nclusters:\n- name: ""\n  cluster:\n    server: %s\n    certificate-authority-data: %s\n' \
    "$server" "$(base64 -w0 <"$PKI/ca.crt")" >"$kc"
  cp "$kc" "$ETC/cluster-info.kubeconfig"
  upsert "$server" /api/v1/namespaces/kube-public/configmaps cluster-info \
    "$(jq -n --rawfile kc "$kc" '{apiVersion:"v1",kind:"ConfigMap",metadata:{name:"cluster-info",namespace:"kube-public"},data:{kubeconfig:$kc}}')"
  rm -f "$kc"
  upsert "$server" /api/v1/namespaces/kube-public/configmaps skiff-config \
    "$(jq -n --arg c "$CLUSTER_CIDR" --arg s "$SERVICE_CIDR" --arg d "$CLUSTER_DNS" --arg e "$etcd" \
      '{apiVersion:"v1",kind:"ConfigMap",metadata:{name:"skiff-config",namespace:"kube-public"},data:{clusterCIDR:$c,serviceCIDR:$s,clusterDNS:$d,etcdEndpoints:$e}}')"
  api POST "$server" /api/v1/namespaces/kube-system/services \
    "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"kube-dns\",\"labels\":{\"k8s-app\":\"kube-dns\"}},\"spec\":{\"clusterIP\":\"$CLUSTER_DNS\",\"ports\":[{\"name\":\"dns\",\"port\":53,\"protocol\":\"UDP\"},{\"name\":\"dns-tcp\",\"port\":53,\"protocol\":\"TCP\"}]}}" >/dev/null 2>&1 || true
}

# create_token SERVER makes a bootstrap token (24 h; stored hashed, as `skiffctl token create`
# does), signs cluster-info with it and prints it. Only this moment knows the plaintext, so the
# signature is made here rather than by a controller as in kubeadm.
create_token() {
  local server="$1" token info sig
  token="$("$SKIFF_ROOT/kubectl/skiffctl" --kubeconfig "$ETC/admin.kubeconfig" token create --ttl 24h --description "skiff-install join")"
  sig="$(jws_sign "$token" "$ETC/cluster-info.kubeconfig")"
  info="$(api GET "$server" /api/v1/namespaces/kube-public/configmaps/cluster-info)"
  api PUT "$server" /api/v1/namespaces/kube-public/configmaps/cluster-info \
    "$(jq --arg k "jws-kubeconfig-${token%%.*}" --arg v "$sig" '.data[$k] = $v' <<<"$info")" >/dev/null
  echo "$token"
}

# discover SERVER PIN TOKEN fetches cluster-info without credentials, checks the CA against PIN
# and the signature against TOKEN, and stores the CA. Refuses (exit 1) on any mismatch.
discover() {
  local server="$1" pin="$2" token="$3" tmp got
  tmp="$(mktemp -d)"
  # -k: the CA is not known yet; it is trusted only once it matches the pin below.
  curl -ksSf "$server/api/v1/namespaces/kube-public/configmaps/cluster-info" >"$tmp/info.json" ||
    die "join: cannot read cluster-info from $server (is the API server reachable?)"
  jq -j '.data.kubeconfig // ""' "$tmp/info.json" >"$tmp/kubeconfig"
  sed -n 's/^ *certificate-authority-data: //p' "$tmp/kubeconfig" | base64 -d >"$tmp/ca.crt" 2>/dev/null || true
  [ -s "$tmp/ca.crt" ] || { rm -rf "$tmp"; die "join: refusing $server: its cluster-info carries no CA"; }
  got="$(skiff_pki ca-hash "$tmp/ca.crt")"
  if [ "$got" != "$pin" ]; then
    rm -rf "$tmp"
    die "join: refusing $server: its CA hash $got does not match the pinned $pin (wrong server, or someone in between)"
  fi
  if ! jws_verify "$token" "$tmp/kubeconfig" "$(jq -r --arg k "jws-kubeconfig-${token%%.*}" '.data[$k] // ""' "$tmp/info.json")"; then
    rm -rf "$tmp"
    die "join: refusing $server: it does not know this token (expired or revoked? run 'skiff-install.sh token create' on a control-plane host)"
  fi
  # The server is genuine now: the token may be shown to it. A revoked or expired one is refused
  # here, before anything is installed (a bootstrapper may list CSRs; anyone else gets 401).
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --cacert "$tmp/ca.crt" -H "Authorization: Bearer $token" \
    "$server/apis/certificates.k8s.io/v1/certificatesigningrequests?limit=1")"
  if [ "$code" != 200 ]; then
    rm -rf "$tmp"
    die "join: $server refuses this token (HTTP $code: expired or revoked?); run 'skiff-install.sh token create' on a control-plane host"
  fi
  mkdir -p "$PKI" && chmod 700 "$PKI"
  [ -s "$PKI/ca.crt" ] && ! cmp -s "$tmp/ca.crt" "$PKI/ca.crt" && { rm -rf "$tmp"; die "join: $PKI/ca.crt here is not the cluster's CA (copied from another cluster?)"; }
  cp "$tmp/ca.crt" "$PKI/ca.crt"
  rm -rf "$tmp"
}

# cluster_config SERVER KEY prints one value of kube-public/skiff-config.
cluster_config() {
  curl -sSf --cacert "$PKI/ca.crt" "$1/api/v1/namespaces/kube-public/configmaps/skiff-config" | jq -r --arg k "$2" '.data[$k]'
}
