# shellcheck shell=bash
# shellcheck disable=SC2154  # lc_prog comes from local-cluster.sh
# The files a Deployment's nginx pod sees, laid out locally as its kubelet would: each volume
# the first container mounts under the site prefix (/srv/site/), filled from the ConfigMaps of
# that volume (a configMap volume or the configMap sources of a projected one, each item's key
# at its path). A ConfigMap that does not exist is left out, as the kubelet does for an optional
# source. Sourced by scripts that also source local-cluster.sh (for lc_prog):
#
#   lc_sync_pod DEPLOYMENT DIR PORT   lays the pod's conf/ and html/ out under DIR (an nginx
#                                     prefix with tmp/), nginx.conf listening on 127.0.0.1:PORT;
#                                     status 0 when nginx.conf changed (nginx must reload)

lc_pod_prefix=/srv/site/

lc_sync_pod() {
  local deployment=$1 dir=$2 port=$3 mounts sources volume configmap key path mount target
  # shellcheck disable=SC2016  # Go templates, not shell expansions
  mounts=$(kubectl get deployment "$deployment" -o go-template='{{range (index .spec.template.spec.containers 0).volumeMounts}}{{.name}} {{.mountPath}}{{"\n"}}{{end}}') || return 1
  # shellcheck disable=SC2016
  sources=$(kubectl get deployment "$deployment" -o go-template='{{range .spec.template.spec.volumes}}{{$v := .name}}{{if .configMap}}{{$cm := .configMap.name}}{{range .configMap.items}}{{$v}} {{$cm}} {{.key}} {{.path}}{{"\n"}}{{end}}{{end}}{{if .projected}}{{range .projected.sources}}{{if .configMap}}{{$cm := .configMap.name}}{{range .configMap.items}}{{$v}} {{$cm}} {{.key}} {{.path}}{{"\n"}}{{end}}{{end}}{{end}}{{end}}{{end}}') || return 1
  rm -rf "$dir/next"
  mkdir -p "$dir/next/conf" "$dir/next/html" "$dir/tmp"
  while read -r volume configmap key path; do
    [ -n "$volume" ] || continue
    mount=$(awk -v v="$volume" '$1 == v { print $2 }' <<<"$mounts")
    [[ $mount == "$lc_pod_prefix"* ]] || continue
    target="$dir/next/${mount#"$lc_pod_prefix"}/$path"
    mkdir -p "$(dirname "$target")"
    kubectl get configmap "$configmap" -o go-template="{{index .data \"$key\"}}" >"$target" 2>/dev/null ||
      rm -f "$target"
  done <<<"$sources"
  [ -s "$dir/next/conf/nginx.conf" ] || {
    echo "$lc_prog: the pod of $deployment mounts no nginx.conf" >&2
    return 1
  }
  # The pod listens on 8080 on every interface; here only loopback, on the chosen port.
  sed -i "s/^\(\s*\)listen 8080;/\1listen 127.0.0.1:${port};/" "$dir/next/conf/nginx.conf"
  # As root, nginx's workers run as nobody: let them read the site and write their temp files.
  chmod 755 "$(dirname "$dir")" "$dir" && chmod -R a+rX "$dir/next" && chmod 1777 "$dir/tmp"
  if ! diff -qr "$dir/next/html" "$dir/html" >/dev/null 2>&1; then
    rm -rf "$dir/html" && mv "$dir/next/html" "$dir/html"
  fi
  if cmp -s "$dir/next/conf/nginx.conf" "$dir/conf/nginx.conf"; then
    rm -rf "$dir/next"
    return 1
  fi
  rm -rf "$dir/conf" && mv "$dir/next/conf" "$dir/conf" && rm -rf "$dir/next"
}
