#!/usr/bin/env bash
# Builds helm from the Go module pinned in go.mod (helm.sh/helm/v4) into $KAO_CACHE_DIR/bin,
# for the chart's tests and for rendering deploy/install.yaml. A stamp records what was built:
# when it matches go.mod and go.sum the script exits at once. Prints the binary's path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
cache=${KAO_CACHE_DIR:-$root/.cache}
bin=$cache/bin
cd "$here"

version=$(go list -m -f "{{.Version}}" helm.sh/helm/v4)
stamp_want="$version $(cat go.mod go.sum | sha256sum | cut -c1-16)"
if [[ -x $bin/helm && "$(cat "$bin/.helm.stamp" 2>/dev/null)" == "$stamp_want" ]]; then
  echo "$bin/helm"
  exit 0
fi

mkdir -p "$bin"
echo "building helm $version" >&2
# Without these `helm version` reports a development build.
ldflags="-s -w -X helm.sh/helm/v4/internal/version.version=$version \
  -X helm.sh/helm/v4/internal/version.metadata= -X helm.sh/helm/v4/internal/version.gitTreeState=clean"
CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$bin/helm.new" helm.sh/helm/v4/cmd/helm
mv "$bin/helm.new" "$bin/helm"
echo "$stamp_want" >"$bin/.helm.stamp"
echo "$bin/helm"
