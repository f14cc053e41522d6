# shellcheck shell=bash
# A local stand-in for a cluster, shared by scripts/demo and tests/e2e/e2e_test.sh: the
# project's test API server (with the kubeconfig kubectl uses as it is), the operator
# reconciling against it, and Debian's nginx serving a list's content ConfigMap with the
# nginx.conf the operator generated, the served files following the ConfigMap as a kubelet's
# volume would. Sourced (not run) by a bash script under `set -euo pipefail`:
#
#   lc_init WORK                    a private directory for logs, the kubeconfig and the site
#   lc_start_apiserver BINARY       exports KUBECONFIG; log in WORK/apiserver.log
#   lc_start_operator BINARY        log in WORK/operator.log
#   lc_wait_ready NAME [TIMEOUT]    kubectl wait for the list's Ready condition
#   lc_site_init NAME PORT          the nginx prefix WORK/site (conf/, html/, tmp/)
#   lc_sync_site                    copies the ConfigMap NAME-site into it (status: see below)
#   lc_start_nginx [ACCESS_LOG]     nginx on 127.0.0.1:PORT; access log to stdout or the file
#   lc_run_nginx PREFIX PORT [LOG]  the same for any prefix (a microsite's, see pod-files.sh)
#   lc_resync                       lc_sync_site, and nginx reloaded if nginx.conf changed
#   lc_stop                         stops every process started here, newest first
#
# Every process started is recorded in lc_pids; call lc_stop from the caller's EXIT trap.
# Messages are prefixed with ${lc_prog} (default: the caller's name).

lc_prog=${lc_prog:-$(basename "$0")}
lc_pids=()
lc_work=""
lc_site=""
lc_site_name=""
lc_site_port=""
lc_site_version=""
lc_nginx_pid=""
lc_last_nginx_pid=""

lc_stop() {
  local i
  for ((i = ${#lc_pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${lc_pids[$i]}" 2>/dev/null || true
    wait "${lc_pids[$i]}" 2>/dev/null || true
  done
  lc_pids=()
}

# lc_wait_for DESCRIPTION COMMAND...: polls every 0.1 s for up to ${LC_TIMEOUT:-30} s.
lc_wait_for() {
  local what=$1 deadline=$((SECONDS + ${LC_TIMEOUT:-30}))
  shift
  while ((SECONDS < deadline)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  "$@" >/dev/null 2>&1 && return 0
  echo "$lc_prog: timed out waiting for $what" >&2
  return 1
}

# A loopback port nothing listens on (nginx cannot be given port 0), below the kernel's
# ephemeral range, so no outgoing connection of a test running beside this one takes it
# between this check and nginx's bind.
lc_free_port() {
  local port low=32768
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  ((low > 12000)) || low=32768
  for _ in $(seq 100); do
    port=$((10000 + RANDOM % (low - 10000)))
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
  echo "$port"
}

lc_init() {
  lc_work=$1
  mkdir -p "$lc_work"
}

lc_start_apiserver() {
  export KUBECONFIG="$lc_work/kubeconfig"
  "$1" --port 0 --kubeconfig "$KUBECONFIG" >"$lc_work/apiserver.log" 2>&1 &
  lc_pids+=($!)
  lc_wait_for "the test API server" grep -q "listening on" "$lc_work/apiserver.log"
}

# Probes and metrics on loopback ports of their own (logged), clear of nginx's port.
lc_start_operator() {
  "$1" run --kubeconfig "$KUBECONFIG" --health-bind-address 127.0.0.1:0 \
    --metrics-bind-address 127.0.0.1:0 >"$lc_work/operator.log" 2>&1 &
  lc_pids+=($!)
}

lc_wait_ready() {
  if ! kubectl wait --for=condition=Ready "readinglist/$1" --timeout="${2:-60s}"; then
    echo "$lc_prog: the list $1 did not become Ready; operator log:" >&2
    cat "$lc_work/operator.log" >&2
    return 1
  fi
}

# The prefix layout of the pod: conf/nginx.conf, html/, tmp/.
lc_site_init() {
  lc_site_name=$1
  lc_site_port=$2
  lc_site="$lc_work/site"
  lc_site_version=""
  mkdir -p "$lc_site/conf" "$lc_site/html" "$lc_site/tmp"
}

# Copies the ConfigMap's files when it changed; status 0 when nginx.conf changed (nginx must
# reload), 1 otherwise. Call it in a condition (`if lc_sync_site`, `lc_sync_site || true`).
lc_sync_site() {
  local version key target configmap="$lc_site_name-site"
  version=$(kubectl get configmap "$configmap" -o jsonpath='{.metadata.resourceVersion}') || return 1
  [ "$version" != "$lc_site_version" ] || return 1
  # shellcheck disable=SC2016  # a Go template, not a shell expansion
  for key in $(kubectl get configmap "$configmap" -o go-template='{{range $k, $v := .data}}{{$k}} {{end}}'); do
    target="$lc_site/html/$key"
    [ "$key" = nginx.conf ] && target="$lc_site/conf/nginx.conf.new"
    kubectl get configmap "$configmap" -o go-template="{{index .data \"$key\"}}" >"$target.part" || return 1
    mv "$target.part" "$target"
  done
  lc_site_version=$version
  # The pod listens on 8080 on every interface; here only loopback, on the chosen port.
  sed -i "s/^\(\s*\)listen 8080;/\1listen 127.0.0.1:${lc_site_port};/" "$lc_site/conf/nginx.conf.new"
  # As root, nginx's workers run as nobody: let them read the site and write their temp files.
  chmod 755 "$lc_work" "$lc_site" && chmod -R a+rX "$lc_site/html" "$lc_site/conf" &&
    chmod 1777 "$lc_site/tmp"
  if cmp -s "$lc_site/conf/nginx.conf.new" "$lc_site/conf/nginx.conf"; then
    rm "$lc_site/conf/nginx.conf.new"
    return 1
  fi
  mv "$lc_site/conf/nginx.conf.new" "$lc_site/conf/nginx.conf"
}

# nginx in the foreground (its error log in WORK/nginx.log); the generated config logs
# requests to stdout: the terminal, or ACCESS_LOG when given.
# shellcheck disable=SC2120  # the argument is optional
lc_start_nginx() {
  lc_run_nginx "$lc_site" "$lc_site_port" "$@"
  lc_nginx_pid=$lc_last_nginx_pid
}

# lc_run_nginx PREFIX PORT [ACCESS_LOG]: nginx on any prefix laid out as the pod's (conf/,
# html/, tmp/); its pid in lc_last_nginx_pid, its error log appended to WORK/nginx.log.
lc_run_nginx() {
  local prefix=$1 port=$2
  shift 2
  if (($#)); then
    nginx -p "$prefix/" -c conf/nginx.conf -e stderr -g 'daemon off;' >>"$1" 2>>"$lc_work/nginx.log" &
  else
    nginx -p "$prefix/" -c conf/nginx.conf -e stderr -g 'daemon off;' 2>>"$lc_work/nginx.log" &
  fi
  lc_last_nginx_pid=$!
  lc_pids+=("$lc_last_nginx_pid")
  if ! lc_wait_for "nginx on port $port" curl -fs "http://127.0.0.1:${port}/healthz"; then
    cat "$lc_work/nginx.log" >&2
    return 1
  fi
}

lc_resync() {
  if lc_sync_site; then kill -HUP "$lc_nginx_pid"; fi
}
