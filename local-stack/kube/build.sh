#!/usr/bin/env bash
# Builds etcd and kube-apiserver for the local stack from the Go modules pinned in go.mod, and
# kube-controller-manager from controller-manager/go.mod (the same Kubernetes release), into
# $KAO_CACHE_DIR/bin. A stamp per build records what was built: when it matches the go.mod
# and go.sum it was built from, that build is skipped. `build.sh --pin vX.Y.Z` moves both modules to another
# release and derives the replace lines for its staging modules from that release's own go.mod.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${KAO_CACHE_DIR:-$root/.cache}
bin=$cache/bin
cd "$here"

kube_version() {
  awk '$1 == "k8s.io/kubernetes" {print $2} $1 == "require" && $2 == "k8s.io/kubernetes" {print $3}' go.mod
}

# Moves the module in the current folder to k8s.io/kubernetes $1, with its staging replaces.
pin() {
  local version=$1 gomod staging
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
}

if [[ ${1:-} == --pin ]]; then
  pin "${2:?usage: build.sh --pin vX.Y.Z}"
  (cd controller-manager && pin "$2")
fi

version=$(kube_version)
# kube-controller-manager links every in-tree volume plugin, whose modules kube-apiserver does
# not need: it has a module of its own (controller-manager/), pinned to the same release, so
# neither build invalidates the other's stamp.
cm_version=$(cd controller-manager && kube_version)
if [[ $cm_version != "$version" ]]; then
  echo "controller-manager/go.mod pins k8s.io/kubernetes $cm_version, go.mod $version: pin both to one release" >&2
  exit 1
fi
mkdir -p "$bin"
minor=$(cut -d. -f2 <<<"$version")
# Without these the servers report v0.0.0 and clients refuse or warn.
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=$version \
  -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor \
  -X k8s.io/component-base/version.gitTreeState=clean"
export CGO_ENABLED=0

stamp_want="$version $(cat go.mod go.sum etcd/main.go | sha256sum | cut -c1-16)"
if [[ ! -x $bin/kube-apiserver || ! -x $bin/etcd || "$(cat "$bin/.stamp" 2>/dev/null)" != "$stamp_want" ]]; then
  echo "building etcd and kube-apiserver $version (first build takes several minutes)" >&2
  go build -trimpath -ldflags "-s -w" -o "$bin/etcd" ./etcd
  go build -trimpath -ldflags "$ldflags" -o "$bin/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
  echo "$stamp_want" >"$bin/.stamp"
fi

cm_stamp_want="$version $(cat controller-manager/go.mod controller-manager/go.sum | sha256sum | cut -c1-16)"
if [[ ! -x $bin/kube-controller-manager || "$(cat "$bin/.controller-manager.stamp" 2>/dev/null)" != "$cm_stamp_want" ]]; then
  echo "building kube-controller-manager $version (first build takes several minutes)" >&2
  (cd controller-manager && go build -trimpath -ldflags "$ldflags" -o "$bin/kube-controller-manager" \
    k8s.io/kubernetes/cmd/kube-controller-manager)
  echo "$cm_stamp_want" >"$bin/.controller-manager.stamp"
fi
