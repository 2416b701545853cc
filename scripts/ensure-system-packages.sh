#!/usr/bin/env bash
# Installs Debian packages only when missing: those named as arguments, or by default those
# the test environment needs (MIT KDC and its tools, the Kerberos headers the `kerberos` addon
# builds against, openssl).
set -euo pipefail
packages=("$@")
(( ${#packages[@]} > 0 )) || packages=(krb5-kdc krb5-admin-server krb5-user libkrb5-dev openssl)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
(( ${#missing[@]} == 0 )) && exit 0
if [[ $(id -u) -ne 0 ]]; then
  echo "missing Debian packages: ${missing[*]} (install them as root)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
