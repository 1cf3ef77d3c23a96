#!/usr/bin/env bash
# go-install.sh NAME PACKAGE@VERSION [LDFLAGS] [TAGS]: `go install`s one tool into the e2e tool cache,
# ${E2E_CACHE:-$HOME/.cache/cilium-egress-ha-e2e}/bin/NAME, from its Go module. TAGS: comma-separated
# build tags (go build -tags).
# Idempotent: skipped when the binary exists and its stamp (package, version, ldflags, tags, go version)
# matches.
# Exit codes: 0 ok, 1 the build failed, 3 the Go toolchain is missing.
set -euo pipefail
name="$1" pkg="$2" ldflags="${3:-}" tags="${4:-}"
export PATH="/usr/local/go/bin:$PATH"
if ! command -v go >/dev/null 2>&1; then
  echo "go-install.sh: Go is missing, so $name cannot be built (see e2e/README.md)" >&2
  exit 3
fi
export GOTOOLCHAIN=local CGO_ENABLED=0
CACHE="${E2E_CACHE:-$HOME/.cache/cilium-egress-ha-e2e}"
BIN="$CACHE/bin"
STAMP="$CACHE/stamps/$name"
mkdir -p "$BIN" "$CACHE/stamps"
# Tags join the stamp only when given, so the stamps of tools built without tags stay valid.
tag_args=() tag_stamp=""
if [ -n "$tags" ]; then tag_args=(-tags "$tags") tag_stamp="tags=$tags"$'\n'; fi
want="$(printf '%s\n%s\n%s\n%s' "$pkg" "$ldflags" "$(go env GOVERSION)" "$tag_stamp" | sha256sum | cut -d' ' -f1)"
if [ -x "$BIN/$name" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  echo "[go-install] $name ($pkg): reused in $BIN"
  exit 0
fi
t0=$(date +%s)
GOBIN="$BIN" go install -trimpath "${tag_args[@]}" -ldflags "-s -w $ldflags" "$pkg"
echo "$want" >"$STAMP"
echo "[go-install] $name ($pkg): built in $(($(date +%s) - t0))s into $BIN"
