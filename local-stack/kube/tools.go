//go:build tools

// Package kube pins the servers built by build.sh so that `go mod tidy` keeps them.
package kube

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
