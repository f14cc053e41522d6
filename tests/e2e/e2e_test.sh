#!/usr/bin/env bash
# End to end (ctest label e2e): the chain from `kubectl apply` to a page in a real browser, on
# loopback. The project's test API server stands in for the cluster; the real kubectl applies
# the CRD and the worked example; the operator reconciles it; Debian's nginx serves the content
# ConfigMap with the nginx.conf the operator generated, the files following the ConfigMap as a
# kubelet's volume would (scripts/lib/local-cluster.sh, shared with scripts/demo).
#
#   e2e_test.sh served  OPERATOR TEST_APISERVER SOURCE_DIR ARTIFACT_DIR
#       over HTTP (curl): status, security headers, ETag/304, gzip, /healthz, nginx.conf not
#       served, every link of the example, tidy; then `kubectl apply` of an edited list is
#       served, and `kubectl delete` removes the list's children.
#   e2e_test.sh browser OPERATOR TEST_APISERVER SOURCE_DIR ARTIFACT_DIR
#       headless Chromium: the DOM has the title and every section, the stylesheet applies
#       under the page's Content-Security-Policy (no CSP report, fetched with 200, changes the
#       rendering) and an inline script does not run; phone and desktop screenshots are saved
#       to ARTIFACT_DIR.
#
# Every process started is stopped on exit, whatever happens; the temporary directory goes too.
set -euo pipefail

if (($# != 5)) || [[ $1 != served && $1 != browser ]]; then
  sed -n '8,16p' "$0" >&2
  exit 2
fi
mode=$1
operator=$2
apiserver=$3
src=$4
artifacts=$5
example="$src/examples/five-years-of-cloud-native-rust.yaml"

lc_prog="e2e $mode"
# shellcheck source=scripts/lib/local-cluster.sh
. "$src/scripts/lib/local-cluster.sh"
# shellcheck source=tests/e2e/lib.sh
. "$src/tests/e2e/lib.sh"

need kubectl "the real client drives the operator; Debian does not package it, see scripts/install-deps"
need nginx "serves the generated site"
need curl "fetches the served site"
for binary in "$operator" "$apiserver"; do
  [ -x "$binary" ] || fail "$binary is not built (cmake --build build)"
done
if [ "$mode" = served ]; then
  need tidy "checks the served page"
  need gzip "decompresses the gzip response"
else
  need chromium "the browser that loads the served page"
  need timeout "bounds each browser run"
fi

e2e_workdir "rl-e2e-$mode"

# --- The cluster stand-in, the operator, the list, nginx --------------------------------------
lc_init "$work"
lc_start_apiserver "$apiserver"
kubectl apply -f "$src/crds/readinglist.dev_readinglists.yaml" -f "$src/crds/readinglist.dev_microsites.yaml"
lc_start_operator "$operator"
kubectl apply -f "$example"
name=$(kubectl get -f "$example" -o jsonpath='{.metadata.name}')
lc_wait_ready "$name" 30s
ok "kubectl apply: readinglist/$name is Ready"
title=$(kubectl get readinglist "$name" -o jsonpath='{.spec.title}')
mapfile -t sections < <(kubectl get readinglist "$name" -o jsonpath='{range .spec.sections[*]}{.title}{"\n"}{end}')
((${#sections[@]} >= 3)) || fail "the example has ${#sections[@]} sections, expected at least 3"

port=$(lc_free_port)
lc_site_init "$name" "$port"
lc_sync_site || true
if [ ! -s "$lc_site/conf/nginx.conf" ] || [ ! -s "$lc_site/html/index.html" ]; then
  fail "ConfigMap $name-site did not hold nginx.conf and index.html"
fi
access_log="$work/access.log"
lc_start_nginx "$access_log"
base="http://127.0.0.1:$port"
ok "nginx serves ConfigMap $name-site with the generated nginx.conf on $base"

# --- HTTP helpers ------------------------------------------------------------------------------
fetch() {  # fetch NAME PATH [CURL ARGS...]: prints the status; headers in NAME.h, body in NAME.b
  local n=$1 path=$2
  shift 2
  curl -sS --max-time 10 --path-as-is -D "$work/$n.h" -o "$work/$n.b" -w '%{http_code}' "$@" \
    "$base$path"
}
header() {  # header NAME FIELD: the field's value in NAME.h (empty if absent)
  { grep -i "^$2:" "$work/$1.h" || true; } | tail -n 1 | cut -d: -f2- | sed 's/^ *//' | tr -d '\r'
}
html_text() {  # how HTML serializes text: & < > escaped
  local s=$1
  s=${s//&/&amp;}
  s=${s//</&lt;}
  s=${s//>/&gt;}
  printf '%s' "$s"
}

serves_title() {  # serves_title TITLE: re-syncs the site from the ConfigMap, then looks
  lc_resync || true
  local page  # read whole: `grep -q` stops early, and curl's SIGPIPE would fail the pipe
  page=$(curl -fsS --max-time 5 "$base/") && grep -qF "<title>$(html_text "$1")</title>" <<<"$page"
}
children_gone() {  # no ConfigMap, Deployment or Service of the list is left
  local kind
  for kind in configmap deployment service; do
    ! kubectl get "$kind" "$name-site" >/dev/null 2>&1 || return 1
  done
  [ -z "$(kubectl get configmaps,deployments,services -l "app.kubernetes.io/instance=$name" -o name)" ]
}

served_checks() {
  # Status, type, and the same bytes the offline renderer makes of the manifest.
  expect_eq "GET / is 200" "$(fetch page /)" 200
  expect_eq "/ is HTML in UTF-8" "$(header page content-type)" "text/html; charset=utf-8"
  "$operator" render -f "$example" -o "$work/offline" >/dev/null
  diff -u "$work/offline/index.html" "$work/page.b" >&2 ||
    fail "/ is not the page 'readinglist-operator render' makes of the example"
  ok "/ is the page 'readinglist-operator render' makes of the example"

  # Security headers.
  local csp
  csp=$(header page content-security-policy)
  [[ $csp == *"default-src 'none'"* ]] || fail "CSP lacks default-src 'none': '$csp'"
  [[ $csp != *script-src* && $csp != *unsafe-* ]] || fail "CSP allows script or unsafe-*: '$csp'"
  [[ $csp == *"style-src 'self'"* && $csp == *"frame-ancestors 'none'"* ]] ||
    fail "CSP lacks style-src 'self' or frame-ancestors 'none': '$csp'"
  ok "Content-Security-Policy allows no script: $csp"
  expect_eq "X-Content-Type-Options" "$(header page x-content-type-options)" nosniff
  expect_eq "Referrer-Policy" "$(header page referrer-policy)" strict-origin-when-cross-origin
  expect_eq "X-Frame-Options" "$(header page x-frame-options)" DENY
  [[ $(header page permissions-policy) == *"camera=()"* ]] || fail "Permissions-Policy missing"
  ok "Permissions-Policy: $(header page permissions-policy)"
  expect_eq "Cache-Control of the page" "$(header page cache-control)" "public, max-age=60"
  expect_eq "Server has no version" "$(header page server)" nginx

  # ETag revalidation.
  local etag
  etag=$(header page etag)
  [ -n "$etag" ] || fail "no ETag on /"
  expect_eq "If-None-Match: $etag is 304" "$(fetch revalidate / -H "If-None-Match: $etag")" 304
  [ ! -s "$work/revalidate.b" ] || fail "the 304 has a body"
  [ -n "$(header revalidate content-security-policy)" ] || fail "the 304 lacks the CSP"
  expect_eq "If-None-Match with another ETag is 200" \
    "$(fetch stale / -H 'If-None-Match: "0-0"')" 200

  # gzip.
  expect_eq "GET / with Accept-Encoding: gzip is 200" \
    "$(fetch gzip / -H 'Accept-Encoding: gzip')" 200
  expect_eq "Content-Encoding" "$(header gzip content-encoding)" gzip
  expect_eq "Vary" "$(header gzip vary)" Accept-Encoding
  gzip -dc "$work/gzip.b" >"$work/gunzipped.b" || fail "the gzip body does not decompress"
  check "the gzip body decompresses to the page ($(wc -c <"$work/gzip.b") of $(wc -c <"$work/page.b") bytes)" \
    cmp -s "$work/gunzipped.b" "$work/page.b"

  # The other endpoints and files.
  expect_eq "/healthz is 200" "$(fetch healthz /healthz)" 200
  expect_eq "/healthz says ok" "$(cat "$work/healthz.b")" ok
  expect_eq "/nginx.conf is 404" "$(fetch conf /nginx.conf)" 404
  ! grep -q worker_processes "$work/conf.b" || fail "/nginx.conf served the config"
  expect_eq "/conf/nginx.conf is 404" "$(fetch conf2 /conf/nginx.conf)" 404
  local status
  status=$(fetch conf3 /../conf/nginx.conf)
  [[ $status == 4?? ]] || fail "/../conf/nginx.conf is $status, expected a 4xx"
  ok "/../conf/nginx.conf is $status"
  local path type
  for path in style.css:text/css feed.xml:application/atom+xml readinglist.json:application/json; do
    type=${path#*:}
    path=${path%%:*}
    expect_eq "GET /$path is 200" "$(fetch file "/$path")" 200
    expect_eq "/$path is $type" "$(header file content-type)" "$type; charset=utf-8"
  done

  # Every link of the worked example (url: fields and Markdown links in its YAML) is an href.
  local urls=() url missing=0
  mapfile -t urls < <(grep -oE '(url:[[:space:]]*"?https?://[^"[:space:]]+|\]\(https?://[^)[:space:]]+)' "$example" |
    sed -E 's/^url:[[:space:]]*"?//; s/^\]\(//' | sort -u)
  ((${#urls[@]} >= 20)) || fail "found only ${#urls[@]} URLs in $example"
  for url in "${urls[@]}"; do
    if ! grep -qF "href=\"${url//&/&amp;}\"" "$work/page.b"; then
      echo "missing link: $url" >&2
      missing=$((missing + 1))
    fi
  done
  ((missing == 0)) || fail "$missing of the example's ${#urls[@]} links are not in the served page"
  ok "all ${#urls[@]} distinct links of the example are hrefs in the served page"

  # HTML Tidy: no errors, and no warnings either (as the unit tests require of the page).
  local tidy_status=0
  tidy -q -e "$work/page.b" >"$work/tidy.txt" 2>&1 || tidy_status=$?
  ((tidy_status == 0)) || { cat "$work/tidy.txt" >&2; fail "tidy -q -e exited $tidy_status (1: warnings, 2: errors)"; }
  ok "tidy -q -e: no errors or warnings"

  # The children exist before the list is deleted.
  local kind
  for kind in configmap deployment service; do
    kubectl get "$kind" "$name-site" >/dev/null || fail "no $kind $name-site"
  done
  ok "the list's ConfigMap, Deployment and Service exist"

  # Edit with kubectl apply: the re-rendered page is served.
  local new_title="Five Years of Cloud-Native Rust: Edited End to End"
  sed "s/^  title: .*/  title: \"$new_title\"/" "$example" >"$work/edited.yaml"
  grep -qF "$new_title" "$work/edited.yaml" || fail "could not edit the title in a copy of $example"
  kubectl apply -f "$work/edited.yaml"
  local started=$SECONDS
  LC_TIMEOUT=30 lc_wait_for "the edited title to be served" serves_title "$new_title" ||
    fail "the edited list was not served within 30 s"
  ok "kubectl apply of an edited list: served within $((SECONDS - started)) s"
  fetch edited / >/dev/null
  ! grep -qF "<h1>$(html_text "$title")</h1>" "$work/edited.b" || fail "the old title is still served"
  ok "the old title is gone from the served page"

  # Delete: the list's children are garbage-collected.
  kubectl delete readinglist "$name" --timeout=30s
  started=$SECONDS
  LC_TIMEOUT=30 lc_wait_for "the children of $name to be deleted" children_gone ||
    fail "the ConfigMap, Deployment or Service of $name outlived it"
  ! kubectl get readinglist "$name" >/dev/null 2>&1 || fail "readinglist/$name still exists"
  ok "kubectl delete: the list, its ConfigMap, Deployment and Service are gone (in $((SECONDS - started)) s)"
}

# --- Browser helpers ---------------------------------------------------------------------------
csp_reports() {  # csp_reports NAME: what Chromium logged about the Content-Security-Policy
  grep -iE 'Content Security Policy|Refused to' "$work/$1.log" || true
}
requests_since() {  # requests_since LINE: access-log lines after LINE made by the browser
  tail -n +"$(($1 + 1))" "$access_log" | grep HeadlessChrome || true
}

browser_checks() {
  mkdir -p "$artifacts"
  # Control: this Chromium runs scripts, and --dump-dom shows what they did to the DOM.
  browser control --dump-dom 'data:text/html,<title>before</title><script>document.title="after"</script>' \
    >"$work/control.html" || { cat "$work/control.log" >&2; fail "chromium does not run"; }
  grep -qF '<title>after</title>' "$work/control.html" ||
    fail "control: a script without CSP did not change the title in the dumped DOM"
  ok "control: chromium runs (a script without CSP changes the dumped DOM)"

  # The served page: title and every section in the DOM, no CSP report, the stylesheet fetched.
  local before
  before=$(wc -l <"$access_log")
  browser page --dump-dom "$base/" >"$work/dom.html" ||
    { cat "$work/page.log" >&2; fail "chromium could not load $base/"; }
  grep -qF "<title>$(html_text "$title")</title>" "$work/dom.html" ||
    fail "the DOM lacks <title>$title</title>"
  ok "the DOM has the title: $title"
  local section
  for section in "${sections[@]}"; do
    grep -qF ">$(html_text "$section")</h2>" "$work/dom.html" ||
      fail "the DOM lacks a heading for the section '$section'"
  done
  ok "the DOM has a heading for each of the ${#sections[@]} sections: ${sections[*]}"
  [ -z "$(csp_reports page)" ] || { csp_reports page >&2; fail "Chromium reported CSP violations loading the page"; }
  ok "no Content-Security-Policy violation reported loading the page"
  local requests
  requests=$(requests_since "$before")
  grep -qE '"GET /style.css HTTP/[0-9.]+" 200 ' <<<"$requests" ||
    { echo "$requests" >&2; fail "the browser did not fetch /style.css with 200"; }
  ok "the browser fetched /style.css: 200"
  ! grep -vE '"GET /favicon.ico ' <<<"$requests" | grep -qE '" [45][0-9][0-9] ' ||
    { echo "$requests" >&2; fail "the browser got an error for a request of the page"; }
  ok "every request of the page succeeded ($(grep -c . <<<"$requests") requests)"

  # Screenshots at phone and desktop widths: the artifacts.
  screenshot phone 390 844 "$base/"
  screenshot desktop 1280 900 "$base/"
  # The stylesheet changes the rendering: the same page without its <link rel="stylesheet">,
  # served with the same headers, looks different; the same page twice looks the same.
  sed '/<link rel="stylesheet"/d' "$lc_site/html/index.html" >"$lc_site/html/e2e-unstyled.html"
  ! grep -q 'rel="stylesheet"' "$lc_site/html/e2e-unstyled.html" || fail "could not unlink the stylesheet"
  chmod a+r "$lc_site/html/e2e-unstyled.html"
  screenshot desktop-unstyled 1280 900 "$base/e2e-unstyled.html"
  screenshot desktop-again 1280 900 "$base/"
  check "the same page renders the same twice (desktop-again.png = desktop.png)" \
    cmp -s "$artifacts/desktop.png" "$artifacts/desktop-again.png"
  rm -f "$artifacts/desktop-again.png"
  ! cmp -s "$artifacts/desktop.png" "$artifacts/desktop-unstyled.png" ||
    fail "the page renders the same with and without its stylesheet: the stylesheet does not apply"
  ok "the stylesheet applies: desktop.png differs from desktop-unstyled.png"

  # Negative control: an inline script in the page, served under the same CSP, does not run,
  # and Chromium reports the violation (so the check above would have seen one).
  sed 's|</head>|<script>document.title = "script ran";</script>\n</head>|' \
    "$lc_site/html/index.html" >"$lc_site/html/e2e-script.html"
  grep -qF 'script ran' "$lc_site/html/e2e-script.html" || fail "could not add the inline script"
  chmod a+r "$lc_site/html/e2e-script.html"
  browser script --dump-dom "$base/e2e-script.html" >"$work/script-dom.html" ||
    { cat "$work/script.log" >&2; fail "chromium could not load the page with a script"; }
  grep -qF "<title>$(html_text "$title")</title>" "$work/script-dom.html" ||
    fail "an inline script ran under the served CSP: $(grep -o '<title>[^<]*</title>' "$work/script-dom.html")"
  ok "an inline script does not run under the served CSP (the title is unchanged)"
  [ -n "$(csp_reports script)" ] || fail "Chromium reported no CSP violation for the inline script"
  ok "Chromium reports the blocked script: $(csp_reports script | head -n 1 | grep -oE 'violates the following Content Security Policy directive[^.]*')"

  echo "screenshots: $artifacts/phone.png $artifacts/desktop.png $artifacts/desktop-unstyled.png"
}

"${mode}_checks"
echo "e2e $mode: all $checks checks passed in $SECONDS s"
