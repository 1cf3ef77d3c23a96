#!/usr/bin/env bash
# Builds actionlint, the GitHub Actions workflow linter, from its Go module into the e2e tool cache,
# for .ci/run (go-install.sh: idempotent). actionlint reads its version from the module's build info.
set -euo pipefail
ACTIONLINT_VERSION=v1.7.12
exec bash "$(dirname "${BASH_SOURCE[0]}")/go-install.sh" actionlint "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
