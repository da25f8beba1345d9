#!/bin/sh
# Install the Debian 12 packages archdoc needs to build and test, when any is
# missing. Sourced by scripts/setup and scripts/test; safe to run again.
#   ARCHDOC_EXTRA_PACKAGES  more packages to make sure of (space-separated)
set -eu

archdoc_packages="cmake make gcc pkg-config libc6-dev \
  libxml2-dev libgraphviz-dev libcmark-dev libpng-dev fonts-dejavu-core \
  ${ARCHDOC_EXTRA_PACKAGES:-}"

archdoc_missing=""
for p in $archdoc_packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    archdoc_missing="$archdoc_missing $p"
  fi
done

if [ -n "$archdoc_missing" ]; then
  echo "archdoc: installing:$archdoc_missing"
  if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
  else
    SUDO=
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $archdoc_missing >/dev/null
fi
