#!/usr/bin/env bash
# Writes this machine's registry settings into folder $1 as the image build's secrets (see the
# Dockerfile): npmrc (the npm registry and, when npm trusts extra CAs, a CA file),
# ca-certificates (those CAs) and apt.conf (apt's Acquire:: settings: a proxy, a mirror's
# options). They are read at build time from the machine, passed as secrets, and never
# committed or baked in.
set -euo pipefail
out=${1:?usage: build-secrets.sh DIR}
mkdir -p "$out"
chmod 700 "$out"
registry=$(npm config get registry)
# The CA bundle npm trusts here: its cafile setting (which the global npmrc of the Node in use
# may or may not hold) and Node's own NODE_EXTRA_CA_CERTS, which npm honours too.
bundles=()
for file in "$(npm config get cafile)" "${NODE_EXTRA_CA_CERTS:-}"; do
  [[ -n $file && $file != undefined && $file != null && -r $file ]] || continue
  [[ " ${bundles[*]-} " == *" $file "* ]] || bundles+=("$file")
done
{
  echo "registry=$registry"
  if (( ${#bundles[@]} > 0 )); then echo "cafile=/run/secrets/ca-certificates"; fi
} >"$out/npmrc"
if (( ${#bundles[@]} > 0 )); then cat "${bundles[@]}" >"$out/ca-certificates"; else : >"$out/ca-certificates"; fi
# One-line Acquire:: statements of apt's configuration files (blocks are left out).
cat /etc/apt/apt.conf /etc/apt/apt.conf.d/* 2>/dev/null |
  grep -E '^Acquire::[^{]*;[[:space:]]*$' >"$out/apt.conf" || true
