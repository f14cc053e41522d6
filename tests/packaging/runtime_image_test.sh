#!/usr/bin/env bash
# The Dockerfile's runtime stage, proved without a Docker engine: every shared library the
# built binary loads comes from a package that `scripts/install-deps --runtime` installs (or
# one of their dependencies), each runtime package is needed, and the image runs as a
# non-root numeric user with the binary as entrypoint.
#
#   runtime_image_test.sh SOURCE_DIR BINARY
set -euo pipefail
src=$1
binary=$2
fail=0
complain() { echo "FAIL: $*" >&2; fail=1; }

mapfile -t runtime_packages < <(
  sed -n '/^runtime_packages=(/,/)/p' "$src/scripts/install-deps" | tr -s ' ()' '\n' |
    grep -v -e '^runtime_packages=' -e '^$')
((${#runtime_packages[@]})) || { echo "FAIL: no runtime_packages in install-deps" >&2; exit 1; }

# The packages that own the libraries the binary loads.
owner_of() {
  local path=$1 real
  real=$(readlink -f "$path")
  for candidate in "$path" "$real" "${path#/usr}" "${real#/usr}" "/usr$path" "/usr$real"; do
    if owner=$(dpkg-query -S "$candidate" 2>/dev/null | head -n1); then
      echo "${owner%%:*}"
      return 0
    fi
  done
  return 1
}
declare -A needed=()
while read -r lib path; do
  [ -n "$path" ] || continue
  if pkg=$(owner_of "$path"); then
    needed[$pkg]=$lib
  else
    complain "$lib ($path) belongs to no Debian package"
  fi
done < <(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}')
((${#needed[@]})) || complain "ldd found no shared libraries in $binary"

# Everything the runtime packages pull in (Depends and Pre-Depends, recursively), from dpkg's
# own database: the build installed them, and apt's package lists may be gone.
for pkg in "${runtime_packages[@]}"; do
  dpkg-query -W "$pkg" >/dev/null 2>&1 || complain "runtime package $pkg is not installed here"
done
declare -A provided=()
queue=("${runtime_packages[@]}")
while ((${#queue[@]})); do
  pkg=${queue[0]}
  queue=("${queue[@]:1}")
  [ -z "${provided[$pkg]:-}" ] || continue
  provided[$pkg]=1
  # An alternative or virtual package that is not installed simply adds nothing.
  deps=$(dpkg-query -W -f='${Depends}, ${Pre-Depends}' "$pkg" 2>/dev/null) || deps=""
  # "a (>= 1) | b, c:any" -> a b c (each alternative counts)
  for dep in $(echo "$deps" | tr ',|' '\n\n' | sed -e 's/(.*)//' -e 's/:.*//' -e 's/ //g'); do
    [ -n "$dep" ] && queue+=("$dep")
  done
done
for pkg in "${!needed[@]}"; do
  [ -n "${provided[$pkg]:-}" ] || complain "${needed[$pkg]} comes from $pkg, which install-deps --runtime does not install"
done

# Each runtime package is there for a library the binary loads (ca-certificates: for TLS to
# an API server whose CA is in the system store, e.g. a managed cluster's public endpoint).
for pkg in "${runtime_packages[@]}"; do
  [ "$pkg" = ca-certificates ] && continue
  [ -n "${needed[$pkg]:-}" ] || complain "install-deps --runtime installs $pkg, which the binary does not load"
done

dockerfile="$src/Dockerfile"
grep -q 'install-deps --build' "$dockerfile" || complain "the build stage does not use install-deps --build"
grep -q 'install-deps --runtime' "$dockerfile" || complain "the runtime stage does not use install-deps --runtime"
grep -Eq '^USER [1-9][0-9]*:[1-9][0-9]*$' "$dockerfile" || complain "the image does not run as a non-root numeric user"
grep -q '^ENTRYPOINT \["/usr/local/bin/readinglist-operator"\]' "$dockerfile" || complain "the entrypoint is not the binary"
# The manifests run the image as the user the Dockerfile declares.
user=$(sed -n 's/^USER \([0-9]*\):.*/\1/p' "$dockerfile")
grep -q "runAsUser: $user\$" "$src/manifests/deployment.yaml" || complain "manifests/deployment.yaml does not run as uid $user"

if ((fail)); then exit 1; fi
echo "ok: ${#needed[@]} library packages, all from install-deps --runtime (${runtime_packages[*]})"
