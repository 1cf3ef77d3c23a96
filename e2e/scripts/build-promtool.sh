#!/usr/bin/env bash
# Builds promtool, Prometheus's rule checker and unit-test runner, from its Go module into the e2e tool
# cache, for the alert and dashboard tests (test/alerts.test.ts; .ci/run). Prometheus v3's Go module
# tags are v0.3XX.Y for release 3.XX.Y. The remove_all_sd tag leaves out the service-discovery plugins
# (cloud SDKs), which promtool's rule tests never use: a much shorter build. Idempotent (go-install.sh).
set -euo pipefail
PROMETHEUS_MODULE_VERSION=v0.316.0
exec bash "$(dirname "${BASH_SOURCE[0]}")/go-install.sh" promtool \
  "github.com/prometheus/prometheus/cmd/promtool@$PROMETHEUS_MODULE_VERSION" "" remove_all_sd
