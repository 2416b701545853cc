#!/usr/bin/env bash
# Installs what the install tests need, only when missing: Debian's Docker engine (its CLI has
# BuildKit built in) and mmdebstrap for the base images, and helm built from its Go module.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/../../scripts/ensure-system-packages.sh" docker.io mmdebstrap
bash "$here/helm/build.sh" >/dev/null
