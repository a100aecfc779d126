#!/usr/bin/env bash
# build-test-images.sh: build every image Skiff's nodes and tests need, locally (nothing is
# pulled): skiff/debian:bookworm (debootstrap minbase, tarball cached), skiff/busybox,
# skiff/pause, skiff/echo, skiff/node. Idempotent and fast when nothing changed: each image
# carries the label io.skiff.image.hash (hash of its build inputs) and is rebuilt only when
# that hash differs. Usage: build-test-images.sh [image ...]   (default: all)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${SKIFF_CACHE_DIR:-/var/lib/skiff/cache}"
NODE_BIN="$ROOT/node_modules/node/bin/node"
BUSYBOX_BIN="${BUSYBOX_BIN:-/bin/busybox}"
mkdir -p "$CACHE"

# Build tools on a fresh machine: debootstrap (Debian base), gcc + static libc (pause).
missing=()
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v gcc >/dev/null || missing+=(gcc)
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || [ -f /usr/lib/aarch64-linux-gnu/libc.a ] || missing+=(libc6-dev)
[ -x "$BUSYBOX_BIN" ] || missing+=(busybox-static)
if [ ${#missing[@]} -gt 0 ]; then
  echo "build-test-images: installing ${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

log() { echo "build-test-images: $*" >&2; }

# current_hash IMAGE prints the io.skiff.image.hash label of IMAGE, or nothing.
current_hash() {
  docker image inspect --format '{{ index .Config.Labels "io.skiff.image.hash" }}' "$1" 2>/dev/null || true
}

# fingerprint FILE... hashes small files by content and big binaries by size+mtime (fast).
fingerprint() {
  for f in "$@"; do
    if [ "$(stat -c %s "$f")" -gt 8000000 ]; then stat -c '%n %s %Y' "$f"; else sha256sum "$f"; fi
  done | sha256sum | cut -c1-16
}

# build IMAGE CONTEXT_FILES... builds IMAGE from the Dockerfile in $HERE/<dir> plus the given
# files copied into a temporary context, unless the image already has the same input hash.
build() {
  local image="$1" dir="$2"; shift 2
  local hash; hash="$(fingerprint "$HERE/$dir/Dockerfile" "$@")"
  if [ "$(current_hash "$image")" = "$hash" ]; then return 0; fi
  log "building $image"
  local ctx; ctx="$(mktemp -d)"
  cp "$HERE/$dir/Dockerfile" "$ctx/"
  for f in "$@"; do cp "$f" "$ctx/"; done
  DOCKER_BUILDKIT=0 docker build -q --label "io.skiff.image.hash=$hash" -t "$image" "$ctx" >/dev/null 2>"$ctx/err" \
    || { cat "$ctx/err" >&2; rm -rf "$ctx"; return 1; }
  rm -rf "$ctx"
}

debian() {
  local image=skiff/debian:bookworm tar="$CACHE/debian-bookworm-minbase.tar"
  docker image inspect "$image" >/dev/null 2>&1 && return 0
  if [ ! -s "$tar" ]; then
    log "debootstrap bookworm (once, ~25 s; cached in $tar)"
    local dir; dir="$(mktemp -d)"
    debootstrap --variant=minbase bookworm "$dir" http://deb.debian.org/debian >/dev/null
    rm -rf "$dir"/var/cache/apt/archives/*.deb
    tar -C "$dir" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
    rm -rf "$dir"
  fi
  log "importing $image"
  docker import --change 'CMD ["/bin/bash"]' - "$image" <"$tar" >/dev/null
}

pause() {
  local bin="$CACHE/pause" src="$HERE/pause/pause.c"
  if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
    gcc -static -Os -s -o "$bin.tmp" "$src" && mv "$bin.tmp" "$bin"
  fi
  build skiff/pause:latest pause "$bin"
}

want="${*:-debian busybox pause echo node}"
for name in $want; do
  case "$name" in
    debian) debian ;;
    busybox) build skiff/busybox:latest busybox "$BUSYBOX_BIN" ;;
    pause) pause ;;
    echo) debian; build skiff/echo:latest echo "$HERE/echo/echo-server.ts" "$NODE_BIN" ;;
    node) debian; build skiff/node:latest node "$NODE_BIN" ;;
    *) log "unknown image $name"; exit 2 ;;
  esac
done
