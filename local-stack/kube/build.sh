#!/usr/bin/env bash
# Builds etcd and kube-apiserver for the local stack from the Go modules pinned in go.mod,
# into $KAO_CACHE_DIR/bin. A stamp records what was built: when it matches go.mod and go.sum
# the script exits at once. `build.sh --pin vX.Y.Z` moves kube-apiserver to another release and
# derives the replace lines for its staging modules from that release's own go.mod.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${KAO_CACHE_DIR:-$root/.cache}
bin=$cache/bin
cd "$here"

kube_version() { awk '$1 == "k8s.io/kubernetes" {print $2}' go.mod; }

if [[ ${1:-} == --pin ]]; then
  version=${2:?usage: build.sh --pin vX.Y.Z}
  gomod=$(go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  staging=v0.${version#v1.}
  {
    sed '/^replace (/,$d' go.mod | sed "s|k8s.io/kubernetes v[^ ]*|k8s.io/kubernetes $version|"
    echo "replace ("
    awk -v v="$staging" '$2 == "=>" && $3 ~ /^\.\/staging\// {print "\t" $1 " => " $1 " " v}' "$gomod"
    echo ")"
  } >go.mod.new
  mv go.mod.new go.mod
  GOFLAGS=-mod=mod go mod tidy
fi

version=$(kube_version)
stamp_want="$version $(cat go.mod go.sum etcd/main.go | sha256sum | cut -c1-16)"
if [[ -x $bin/kube-apiserver && -x $bin/etcd && "$(cat "$bin/.stamp" 2>/dev/null)" == "$stamp_want" ]]; then
  exit 0
fi

mkdir -p "$bin"
minor=$(cut -d. -f2 <<<"$version")
# Without these the server reports v0.0.0 and clients refuse or warn.
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$version \
  -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor \
  -X k8s.io/component-base/version.gitTreeState=clean"
echo "building etcd and kube-apiserver $version (first build takes several minutes)" >&2
export CGO_ENABLED=0
go build -trimpath -ldflags "-s -w" -o "$bin/etcd" ./etcd
go build -trimpath -ldflags "$ldflags" -o "$bin/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
echo "$stamp_want" >"$bin/.stamp"
