//go:build tools

// Package controllermanager pins kube-controller-manager, built by ../build.sh from the same
// k8s.io/kubernetes release as kube-apiserver, so that `go mod tidy` keeps what it needs.
package controllermanager

import _ "k8s.io/kubernetes/cmd/kube-controller-manager"
