#!/usr/bin/env bash
# Writes what is generated for installs: the chart's crds/ (a copy of the generated crds/) and
# deploy/install.yaml (the chart rendered with default values into kafka-system: CRDs first,
# then the Namespace, then the operator). `--check` writes nothing and exits 1 naming what is
# stale, as the install tests do.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
helm=$(bash test/install/helm/build.sh)
chart=charts/kafka-access-operator
namespace=kafka-system

render_install() {
  echo "# kafka-access-operator: CRDs, RBAC and the operator in namespace $namespace, for kubectl apply"
  echo "# and GitOps. Generated from $chart with default values by \`make manifests\`; do not edit."
  # The CRDs come first, then the Namespace, so a single apply succeeds.
  "$helm" template kafka-access-operator "$chart" --namespace "$namespace" --include-crds |
    awk -v ns="$namespace" '
      /^# Source: kafka-access-operator\/templates\// && !done {
        print "# The operator namespace\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: " ns "\n  labels:\n    app.kubernetes.io/part-of: kafka-access-operator\n---"
        done = 1
      }
      { print }'
}

if [[ ${1:-} == --check ]]; then
  stale=()
  diff -r crds "$chart/crds" >/dev/null || stale+=("$chart/crds (copy of crds/)")
  [[ "$(render_install)" == "$(cat deploy/install.yaml 2>/dev/null)" ]] || stale+=(deploy/install.yaml)
  if (( ${#stale[@]} > 0 )); then
    echo "stale, run \`make manifests\`: ${stale[*]}" >&2
    exit 1
  fi
  exit 0
fi
rm -f "$chart"/crds/*.yaml
cp crds/*.yaml "$chart/crds/"
render_install >deploy/install.yaml
