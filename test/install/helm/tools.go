//go:build tools

// Package helm pins the helm command built by build.sh so that `go mod tidy` keeps it.
package helm

import _ "helm.sh/helm/v4/cmd/helm"
