#!/usr/bin/env bash
# End to end (ctest label e2e): a conference microsite from `kubectl apply` to a real browser, on
# loopback. The real kubectl applies the CRDs, the worked example and examples/conference/ (a
# Microsite over three lists); the operator reconciles them; Debian's nginx serves the files the
# microsite's pod would see (its projected volume laid out from the ConfigMaps, as a kubelet
# would: scripts/lib/pod-files.sh) with the nginx.conf the operator generated.
#
#   microsite_e2e_test.sh OPERATOR TEST_APISERVER SOURCE_DIR ARTIFACT_DIR
#       "/" lists every talk; every relative link of the index loads; each list's page, style
#       and feed are served under /<list>/, /<list> redirects there; the merged feed has every
#       list's entries; nginx.conf is never served; a list relabelled out of the selector leaves
#       the index and its path; headless Chromium renders the index (screenshot in
#       ARTIFACT_DIR/microsite.png).
#
# Every process started is stopped on exit, whatever happens; the temporary directory goes too.
set -euo pipefail

if (($# != 4)); then
  sed -n '8,13p' "$0" >&2
  exit 2
fi
operator=$1
apiserver=$2
src=$3
artifacts=$4
microsite=cloud-native-rust-day

lc_prog="e2e microsite"
# shellcheck source=scripts/lib/local-cluster.sh
. "$src/scripts/lib/local-cluster.sh"
# shellcheck source=scripts/lib/pod-files.sh
. "$src/scripts/lib/pod-files.sh"
# shellcheck source=tests/e2e/lib.sh
. "$src/tests/e2e/lib.sh"

need kubectl "the real client drives the operator; Debian does not package it, see scripts/install-deps"
need nginx "serves the generated site"
need curl "fetches the served site"
need chromium "the browser that loads the index"
need timeout "bounds each browser run"
for binary in "$operator" "$apiserver"; do
  [ -x "$binary" ] || fail "$binary is not built (cmake --build build)"
done

e2e_workdir rl-e2e-microsite

# --- The cluster stand-in, the operator, the lists and the microsite, nginx ---------------------
lc_init "$work"
lc_start_apiserver "$apiserver"
kubectl apply -f "$src/crds/readinglist.dev_readinglists.yaml" -f "$src/crds/readinglist.dev_microsites.yaml"
lc_start_operator "$operator"
kubectl apply -f "$src/examples/five-years-of-cloud-native-rust.yaml" -f "$src/examples/conference/"
if ! kubectl wait --for=condition=Ready "microsite/$microsite" --timeout=60s; then
  cat "$work/operator.log" >&2
  fail "microsite/$microsite did not become Ready"
fi
ok "kubectl apply: microsite/$microsite is Ready"
mapfile -t lists < <(kubectl get readinglists -l readinglist.dev/collection=cloud-native-rust \
  -o jsonpath='{range .items[*]}{.metadata.name}{"\n"}{end}')
expect_eq "lists selected" "${#lists[@]}" 3
expect_eq "status.lists.valid" "$(kubectl get microsite "$microsite" -o jsonpath='{.status.lists.valid}')" 3

port=$(lc_free_port)
site="$work/microsite"
lc_sync_pod "$microsite-microsite" "$site" "$port" || true
[ -s "$site/html/index.html" ] || fail "the microsite's pod would see no index.html"
lc_run_nginx "$site" "$port" "$work/access.log"
base="http://127.0.0.1:$port"
ok "nginx serves the microsite's pod files with the generated nginx.conf on $base"

status_of() {  # status_of PATH: the HTTP status, the body in $work/body
  curl -sS --max-time 10 --path-as-is -o "$work/body" -D "$work/headers" -w '%{http_code}' "$base$1"
}
html_text() {  # how HTML serializes text: & < > escaped
  local s=$1
  s=${s//&/&amp;}
  s=${s//</&lt;}
  s=${s//>/&gt;}
  printf '%s' "$s"
}

# --- The index and every list under its path -----------------------------------------------------
expect_eq "GET /" "$(status_of /)" 200
cp "$work/body" "$work/index.html"
for list in "${lists[@]}"; do
  title=$(kubectl get readinglist "$list" -o jsonpath='{.spec.title}')
  grep -qF "$(html_text "$title")" "$work/index.html" || fail "the index lacks the talk '$title'"
  grep -qF "href=\"$list/\"" "$work/index.html" || fail "the index does not link $list/"
  expect_eq "GET /$list/" "$(status_of "/$list/")" 200
  grep -qF "<title>$(html_text "$title")</title>" "$work/body" || fail "/$list/ is not the page of $list"
  expect_eq "GET /$list/style.css" "$(status_of "/$list/style.css")" 200
  expect_eq "GET /$list/feed.xml" "$(status_of "/$list/feed.xml")" 200
  expect_eq "GET /$list" "$(status_of "/$list")" 301
  location=$(grep -i '^location:' "$work/headers" | cut -d: -f2- | tr -d ' \r')
  expect_eq "/$list redirects relative to itself" "$location" "$list/"
done
ok "the index has every talk, each served under its own path"

# Every relative link of the index loads (cards, stylesheet, feed).
mapfile -t links < <(grep -o 'href="[^"]*"' "$work/index.html" | sed 's/^href="//; s/"$//' |
  grep -vE '^(https?:|mailto:|#|//)' | sort -u)
((${#links[@]} >= 5)) || fail "the index has only ${#links[@]} relative links"
for link in "${links[@]}"; do
  [ "$(status_of "/$link")" = 200 ] || fail "the index links '$link', which is not served"
done
ok "all ${#links[@]} relative links of the index are served"

expect_eq "GET /feed.xml" "$(status_of /feed.xml)" 200
for entry in "Queue the Hardening Enhancements" "Server-Side Apply" "Wasmtime"; do
  grep -qF "$entry" "$work/body" || fail "the merged feed lacks '$entry'"
done
ok "the merged feed has the entries of every list"
for path in /nginx.conf "/${lists[0]}/nginx.conf" /no-such-talk/ /..data/index.html; do
  expect_eq "GET $path" "$(status_of "$path")" 404
done

# --- A list relabelled out of the selector leaves the site ----------------------------------------
gone=webassembly-on-kubernetes
kubectl label readinglist "$gone" readinglist.dev/collection-
selected() { [ "$(kubectl get microsite "$microsite" -o jsonpath='{.status.lists.selected}')" = 2 ]; }
LC_TIMEOUT=30 lc_wait_for "the microsite to count 2 lists" selected || fail "the relabel was not seen"
resynced_without() {
  if lc_sync_pod "$microsite-microsite" "$site" "$port"; then kill -HUP "$lc_last_nginx_pid"; fi
  [ "$(status_of "/$gone/")" = 404 ] && status_of / >/dev/null && ! grep -qF "href=\"$gone/\"" "$work/body"
}
LC_TIMEOUT=30 lc_wait_for "/$gone/ to go" resynced_without || fail "/$gone/ is still served"
ok "relabelled out: $gone left the index and its path (its own site stays)"
expect_eq "readinglist/$gone still exists" "$(kubectl get readinglist "$gone" -o jsonpath='{.metadata.name}')" "$gone"

# --- A real browser -------------------------------------------------------------------------------
mkdir -p "$artifacts"
browser index --dump-dom "$base/" >"$work/dom.html" || { cat "$work/index.log" >&2; fail "chromium could not load $base/"; }
for list in "${lists[@]}"; do
  [ "$list" = "$gone" ] && continue
  grep -qF "href=\"$list/\"" "$work/dom.html" || fail "Chromium's DOM of the index lacks the card of $list"
done
ok "Chromium renders the index with its cards"
screenshot microsite 1280 900 "$base/"
echo "$checks checks passed; screenshot: $artifacts/microsite.png"
