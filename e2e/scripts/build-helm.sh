#!/usr/bin/env bash
# Builds helm from its Go module into the e2e tool cache (for the chart tests and the RBAC e2e), with
# the ldflags of helm's own Makefile: its version, and the Kubernetes version that `helm template` and
# `helm lint` assume without --kube-version, derived as the Makefile does from the client-go that
# helm's go.mod requires. Without the latter, helm assumes Kubernetes v1.20 and refuses the chart's
# kubeVersion. Idempotent (go-install.sh).
set -euo pipefail
HELM_VERSION=v3.22.0
export PATH="/usr/local/go/bin:$PATH"
if ! command -v go >/dev/null 2>&1; then
  echo "build-helm.sh: Go is missing; the chart tests will be skipped (see e2e/README.md)" >&2
  exit 3
fi
# client-go v0.N.x is Kubernetes 1.N.
gomod="$(GOTOOLCHAIN=local go mod download -json "helm.sh/helm/v3@$HELM_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
client_go="$(awk '$1 == "k8s.io/client-go" { print $2 }' "$gomod")"
k8s_minor="$(echo "$client_go" | cut -d. -f2)"
if ! [[ "$k8s_minor" =~ ^[0-9]+$ ]]; then
  echo "build-helm.sh: cannot read the client-go version from $gomod (got '$client_go')" >&2
  exit 1
fi
ldflags="-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
for p in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
  ldflags+=" -X $p.k8sVersionMajor=1 -X $p.k8sVersionMinor=$k8s_minor"
done
exec bash "$(dirname "${BASH_SOURCE[0]}")/go-install.sh" helm "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" "$ldflags"
