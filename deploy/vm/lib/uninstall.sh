#!/usr/bin/env bash
# uninstall.sh: leave the host as Skiff found it (sourced by skiff-install.sh): stop and remove
# the units, remove pod containers and their volume mounts, Skiff's routes (proto 211), interfaces skiff0/skiff-svc0,
# every iptables rule commented "skiff" and the SKIFF-* chains, /etc/skiff, /var/lib/skiff,
# and re-enable Debian's etcd.service when init had disabled it. Packages that init installed
# are listed in /var/lib/skiff/installed-packages and kept (remove them with apt if wanted).

# remove_iptables_rules deletes every rule whose comment starts with "skiff", then SKIFF-* chains.
remove_iptables_rules() {
  local table rule chain
  for table in filter nat mangle; do
    iptables -w -t "$table" -S 2>/dev/null | grep -E -- '--comment "?skiff' | while read -r rule; do
      # `-S` prints "-A CHAIN spec"; turning -A into -D deletes exactly that rule.
      eval "iptables -w -t $table ${rule/-A /-D }" 2>/dev/null || true
    done || true
    for chain in $(iptables -w -t "$table" -S 2>/dev/null | sed -n 's/^-N \(SKIFF-[A-Z0-9-]*\)$/\1/p'); do
      iptables -w -t "$table" -F "$chain" 2>/dev/null || true
      iptables -w -t "$table" -X "$chain" 2>/dev/null || true
    done
  done
}

uninstall() {
  local svc
  for svc in proxy kubelet controller-manager scheduler apiserver etcd; do service_remove "$svc"; done
  has_systemd && systemctl daemon-reload
  if docker info >/dev/null 2>&1; then
    local ids; ids="$(docker ps -aq --filter label=io.skiff.pod.uid)"
    # shellcheck disable=SC2086
    [ -n "$ids" ] && docker rm -f -v $ids >/dev/null
    docker network ls -q --filter label=io.skiff.network=pod | xargs -r docker network rm >/dev/null 2>&1 || true
    docker network rm skiff0 >/dev/null 2>&1 || true
  fi
  # Secret, ConfigMap and token volumes are tmpfs mounts under the kubelet's root: unmount them
  # (deepest first) so the directories can go.
  awk '$2 ~ "^/var/lib/skiff/" {print $2}' /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
  ip route show proto 211 2>/dev/null | while read -r dst _; do ip route del "$dst" proto 211 2>/dev/null || true; done || true
  for link in skiff0 skiff-svc0; do ip link del "$link" 2>/dev/null || true; done
  remove_iptables_rules
  if [ -f /var/lib/skiff/etcd-service-was-enabled ] && has_systemd; then systemctl enable --now etcd >/dev/null 2>&1 || true; fi
  [ -f /var/lib/skiff/installed-packages ] && echo "skiff: packages installed by init (kept): $(sort -u /var/lib/skiff/installed-packages | tr '\n' ' ')"
  [ -L /usr/local/bin/skiffctl ] && rm -f /usr/local/bin/skiffctl
  rm -rf /etc/skiff /var/lib/skiff /var/log/skiff /run/skiff
  echo "skiff: uninstalled"
}
