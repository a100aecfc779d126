# node-flags.sh: the Node/V8 flags of each Skiff service, on top of NODE_OPTIONS (sourced by
# local-up.sh, deploy/multinode/up.sh and deploy/vm/lib/run-service.sh, so every install runs
# the services alike).
#
# NODE_OPTIONS gives every service a 1 MB young generation: an idle service keeps ≈25 MB less RSS
# than with V8's default (16 MB semi-spaces, grown during start-up and kept). The API server is
# the one service whose steady work allocates fast; with 1 MB it spends a sixth more CPU per
# create in the scavenger and promotes short-lived request objects to the old generation, so
# it gets 4 MB: ≈4.5 MB more RSS idle, ≈14 % less CPU per create, and less RSS after a burst of
# writes than with 1 MB (docs/footprint.md). A flag on the command line overrides NODE_OPTIONS'.

# node_flags NAME prints the extra Node flags service NAME runs with (none for most).
node_flags() {
  case "$1" in
    apiserver) echo "--max-semi-space-size=4" ;;
  esac
}
