# shellcheck shell=bash
# shellcheck disable=SC2154  # $work and $artifacts are the caller's (see below)
# Helpers shared by the e2e scripts (sourced): checks that count and fail loudly, the
# dependency check, and headless Chromium with screenshots checked as real PNGs. They use the
# caller's $work (a private temporary directory) and $artifacts (where screenshots go).

checks=0
ok() {
  checks=$((checks + 1))
  echo "ok   $*"
}
fail() {
  echo "FAIL $*" >&2
  exit 1
}
check() {  # check DESCRIPTION COMMAND...: the command's status decides
  local what=$1
  shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}
expect_eq() {  # expect_eq DESCRIPTION ACTUAL EXPECTED
  [ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
  ok "$1: $3"
}

# What the test needs, checked before anything starts.
need() {  # need COMMAND WHY
  command -v "$1" >/dev/null 2>&1 ||
    fail "$1 is not installed ($2): run scripts/install-deps, which installs every test dependency"
}
browser() {  # browser NAME ARGS...: headless Chromium, a fresh profile; its log in NAME.log
  local n=$1
  shift
  mkdir -p "$work/home"
  HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache" \
    timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --no-first-run --no-default-browser-check --hide-scrollbars --mute-audio \
    --disable-background-networking --disable-component-update --disable-default-apps \
    --disable-extensions --disable-sync --user-data-dir="$work/profile-$n" \
    --enable-logging=stderr --v=0 "$@" 2>"$work/$n.log"
}
png_size() {  # png_size FILE: "WIDTHxHEIGHT" from the IHDR chunk; fails if not a PNG
  local signature ihdr bytes
  signature=$(od -An -tx1 -N8 "$1" | tr -d ' \n')
  [ "$signature" = 89504e470d0a1a0a ] || return 1
  ihdr=$(od -An -c -j12 -N4 "$1" | tr -d ' \n')
  [ "$ihdr" = IHDR ] || return 1
  read -ra bytes < <(od -An -tu1 -j16 -N8 "$1" | tr -s ' \n' '  ')
  echo "$(((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]))x$(((bytes[4] << 24) | (bytes[5] << 16) | (bytes[6] << 8) | bytes[7]))"
}
screenshot() {  # screenshot NAME WIDTH HEIGHT URL: ARTIFACT_DIR/NAME.png, checked
  local n=$1 width=$2 height=$3 url=$4 file="$artifacts/$1.png" size bytes
  rm -f "$file"
  browser "$n" --window-size="$width,$height" --screenshot="$file" "$url" >/dev/null ||
    { cat "$work/$n.log" >&2; fail "chromium could not take the $n screenshot"; }
  [ -f "$file" ] || fail "no screenshot at $file"
  size=$(png_size "$file") || fail "$file is not a PNG"
  bytes=$(wc -c <"$file")
  [ "$size" = "${width}x${height}" ] || fail "$file is $size, expected ${width}x${height}"
  ((bytes > 20000)) || fail "$file is only $bytes bytes: a blank page?"
  ok "screenshot $n: $file ($size, $bytes bytes)"
}

# e2e_workdir NAME: a private temporary directory in $work, and traps that stop every process
# started (lc_stop), print the last lines of the logs when the test failed, and remove $work.
e2e_workdir() {
  work=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  trap e2e_cleanup EXIT
  trap 'exit 130' INT TERM
}
e2e_cleanup() {
  local status=$?
  lc_stop
  if ((status != 0)) && [ -d "$work" ]; then
    for log in operator.log nginx.log; do
      if [ -s "$work/$log" ]; then
        echo "--- last lines of $log" >&2
        tail -n 20 "$work/$log" >&2
      fi
    done
  fi
  rm -rf "$work"
}
