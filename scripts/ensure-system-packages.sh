#!/usr/bin/env bash
# Installs the Debian packages the test environment needs (MIT KDC and its tools, the
# Kerberos headers the `kerberos` addon builds against, openssl), only when missing.
set -euo pipefail
packages=(krb5-kdc krb5-admin-server krb5-user libkrb5-dev openssl)
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
