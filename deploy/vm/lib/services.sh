#!/usr/bin/env bash
# services.sh: install, start and stop Skiff's services (sourced by skiff-install.sh). Uses
# systemd when it runs; otherwise (containers, CI sandboxes) starts the same run-service.sh
# command in the background with its log in /var/log/skiff and a pid in /run/skiff.

has_systemd() { [ -d /run/systemd/system ] && command -v systemctl >/dev/null; }

# write_env NAME FLAGS... writes /etc/skiff/NAME.env holding the service's flags.
write_env() {
  local name="$1"; shift
  mkdir -p /etc/skiff
  printf 'SKIFF_FLAGS="%s"\n' "$*" >"/etc/skiff/$name.env"
}

# service_start NAME installs (systemd) and starts skiff-NAME.
service_start() {
  local name="$1" unit="skiff-$1"
  if has_systemd; then
    sed "s#@SKIFF_ROOT@#$SKIFF_ROOT#g" "$SKIFF_ROOT/deploy/vm/units/$unit.service" >"/etc/systemd/system/$unit.service"
    systemctl daemon-reload
    systemctl enable --now "$unit" >/dev/null 2>&1
    systemctl restart "$unit"
    return
  fi
  mkdir -p /var/log/skiff /run/skiff
  service_running "$name" && return 0
  setsid nohup "$SKIFF_ROOT/deploy/vm/lib/run-service.sh" "$name" >>"/var/log/skiff/$name.log" 2>&1 </dev/null &
  echo $! >"/run/skiff/$name.pid"
}

# service_running NAME tells whether skiff-NAME runs.
service_running() {
  if has_systemd; then systemctl is-active --quiet "skiff-$1"; return; fi
  [ -f "/run/skiff/$1.pid" ] && kill -0 "$(cat "/run/skiff/$1.pid")" 2>/dev/null
}

# service_remove NAME stops skiff-NAME and removes its unit.
service_remove() {
  local name="$1" unit="skiff-$1"
  if has_systemd; then
    systemctl disable --now "$unit" >/dev/null 2>&1 || true
    rm -f "/etc/systemd/system/$unit.service"
    return
  fi
  if [ -f "/run/skiff/$name.pid" ]; then
    local pid; pid="$(cat "/run/skiff/$name.pid")"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "/run/skiff/$name.pid"
  fi
}

# ensure_docker starts the Docker engine (systemd unit, else a background dockerd).
ensure_docker() {
  docker info >/dev/null 2>&1 && return 0
  if has_systemd; then systemctl enable --now docker >/dev/null 2>&1; else
    mkdir -p /var/log/skiff
    setsid nohup dockerd >>/var/log/skiff/dockerd.log 2>&1 </dev/null &
  fi
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "skiff: the Docker engine did not start" >&2; return 1
}
