#!/usr/bin/env bash
# smoke-image.sh IMAGE: the Dockerfile's build-time smoke test, run again on a built image as the chart
# runs it (uid 65534, read-only root filesystem, /tmp the only writable place): the Node runtime loads,
# the hook answers --config, a hook run on an empty binding context succeeds, and the command on PATH for
# people (status, capture) answers with the bundled Kubernetes client loaded.
# Used by .github/workflows/ci.yml (the amd64 image of every change) and release.yml (the pushed image).
set -euo pipefail
image="$1"
docker run --rm --user 65534:65534 --read-only --tmpfs /tmp --entrypoint /bin/sh "$image" -ec '
  node --version
  /opt/cilium-egress-ha/hooks/cilium-egress-ha --config >/dev/null
  smoke="$(mktemp -d)"
  echo "[]" >"$smoke/context.json"
  TMPDIR="$smoke" BINDING_CONTEXT_PATH="$smoke/context.json" KUBERNETES_PATCH_PATH="$smoke/patch" \
    METRICS_PATH="$smoke/metrics" /opt/cilium-egress-ha/hooks/cilium-egress-ha
  cilium-egress-ha status --help >/dev/null
  node -e "require(\"/opt/cilium-egress-ha/dist/kube.cjs\")"
  echo "smoke test passed: $(uname -m)"
'
