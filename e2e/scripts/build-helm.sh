#!/usr/bin/env bash
# Builds helm from its Go module into the e2e tool cache (for the chart tests and the RBAC e2e).
# Idempotent: skipped when the binary already reports the pinned version.
set -euo pipefail
HELM_VERSION=v3.22.0
export PATH="/usr/local/go/bin:$PATH"
BIN="${E2E_CACHE:-$HOME/.cache/cilium-egress-ha-e2e}/bin"
if [ -x "$BIN/helm" ] && "$BIN/helm" version --short 2>/dev/null | grep -q "^${HELM_VERSION%.*}"; then
  echo "[build-helm] helm $HELM_VERSION: reused in $BIN"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "build-helm.sh: Go is missing; the chart tests will be skipped (see e2e/README.md)" >&2
  exit 3
fi
mkdir -p "$BIN"
t0=$(date +%s)
GOBIN="$BIN" GOTOOLCHAIN=local CGO_ENABLED=0 go install \
  -ldflags "-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
echo "[build-helm] helm $HELM_VERSION: built in $(($(date +%s) - t0))s into $BIN"
