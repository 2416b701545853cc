#!/usr/bin/env bash
# Writes this machine's registry settings into folder $1 as the image build's secrets (see the
# Dockerfile): npmrc (the npm registry and, when npm uses one, a CA file), ca-certificates
# (that CA file) and apt.conf (apt's Acquire:: settings: a proxy, a mirror's options). They
# are read at build time from the machine, passed as secrets, and never committed or baked in.
set -euo pipefail
out=${1:?usage: build-secrets.sh DIR}
mkdir -p "$out"
chmod 700 "$out"
registry=$(npm config get registry)
cafile=$(npm config get cafile)
{
  echo "registry=$registry"
  if [[ -n $cafile && $cafile != undefined && $cafile != null && -r $cafile ]]; then
    echo "cafile=/run/secrets/ca-certificates"
  fi
} >"$out/npmrc"
if [[ -n $cafile && $cafile != undefined && $cafile != null && -r $cafile ]]; then
  cp "$cafile" "$out/ca-certificates"
else
  : >"$out/ca-certificates"
fi
# One-line Acquire:: statements of apt's configuration files (blocks are left out).
cat /etc/apt/apt.conf /etc/apt/apt.conf.d/* 2>/dev/null |
  grep -E '^Acquire::[^{]*;[[:space:]]*$' >"$out/apt.conf" || true
