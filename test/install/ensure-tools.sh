#!/usr/bin/env bash
# Installs what the install tests need, only when missing: Debian's Docker engine (its CLI has
# BuildKit built in) and mmdebstrap for the base images, and helm built from its Go module.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
packages=(docker.io mmdebstrap)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if (( ${#missing[@]} > 0 )); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing Debian packages: ${missing[*]} (install them as root)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
bash "$here/helm/build.sh" >/dev/null
