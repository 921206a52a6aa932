#!/bin/sh
# deps.sh - make sure the build, test and report dependencies are installed.
#
# Usage: tools/deps.sh [extra-debian-package...]
# Checks for gnuplot, libcsv and CUnit (and any extra packages named), and
# installs what is missing with apt-get: directly as root, through sudo when
# it needs no password, or else prints the exact command and fails.
set -eu

CC=${CC:-cc}
need=""
command -v gnuplot >/dev/null 2>&1 || need="$need gnuplot-nox"
echo '#include <csv.h>' | $CC -E -x c - >/dev/null 2>&1 || need="$need libcsv-dev"
echo '#include <CUnit/Basic.h>' | $CC -E -x c - >/dev/null 2>&1 || need="$need libcunit1-dev"
for pkg in "$@"; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' ||
		need="$need $pkg"
done
[ -z "$need" ] && exit 0

echo "deps: installing$need" >&2
if [ "$(id -u)" = 0 ]; then
	run=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	run="sudo"
else
	echo "deps: missing$need; install them with: sudo apt-get install$need" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
$run apt-get update -qq >&2 && $run apt-get install -y -qq --no-install-recommends $need >&2 || {
	echo "deps: apt-get failed; install them with: sudo apt-get install$need" >&2
	exit 1
}
