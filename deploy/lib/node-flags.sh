# node-flags.sh: the Node/V8 flags of each Skiff service, on top of NODE_OPTIONS (sourced by
# local-up.sh, deploy/multinode/up.sh, node.sh and nodes.sh, deploy/vm/lib/run-service.sh and
# bench/kubelet/pod-startup.ts, so every install runs the services alike).
#
# NODE_OPTIONS gives every service a 1 MB young generation: an idle service keeps ≈25 MB less RSS
# than with V8's default (16 MB semi-spaces, grown during start-up and kept). The API server is
# the one service whose steady work allocates fast; with 1 MB it spends a sixth more CPU per
# create in the scavenger and promotes short-lived request objects to the old generation, so
# it gets 4 MB: ≈4.5 MB more RSS idle, ≈14 % less CPU per create, and less RSS after a burst of
# writes than with 1 MB (docs/footprint.md). A flag on the command line overrides NODE_OPTIONS'.
#
# The kubelet runs without V8's optimizing compilers: --max-opt=1 stops JavaScript at Sparkplug
# (no Maglev, no TurboFan) and --liftoff-only keeps undici's WebAssembly HTTP parser on its
# baseline code. Their compilations ran on V8's worker threads, whose malloc arena kept ≈10 MB
# freed but not returned, and touched ≈8 MB more of the node binary: idle RSS with 20 pods
# 91 → 74 MB, and the kubelet, which mostly waits on Docker and the API server, spends no more
# CPU (less: nothing is compiled twice). These flags change V8's code cache key, so every
# --warm-compile-cache run must pass them too (docs/footprint.md).

# node_flags NAME prints the extra Node flags service NAME runs with (none for most).
node_flags() {
  case "$1" in
    apiserver) echo "--max-semi-space-size=4" ;;
    kubelet) echo "--max-opt=1 --liftoff-only" ;;
  esac
}
