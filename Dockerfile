# cilium-egress-ha-operator: the official shell-operator image, a Node LTS runtime and the hook.
#
# Base images are pinned by tag here; Renovate keeps the tags current (renovate.json). The release
# workflow (.github/workflows/release.yml) resolves each tag to its digest, builds from tag@digest and
# records both references in the image labels below and in the release notes.
#
# Build both architectures and push (a builder with QEMU/binfmt for the foreign one, see the README):
#   docker buildx build --platform linux/amd64,linux/arm64 --push -t <registry>/cilium-egress-ha-operator:<tag> .
# dist/ is committed, so the image needs no Node toolchain, only the Node runtime.

# shell-operator v1.20.3: Alpine 3.22 (musl 1.2.5).
ARG SHELL_OPERATOR_IMAGE=ghcr.io/flant/shell-operator:v1.20.3
# Node 26, the Active LTS (supported to 2029-04), built for musl on Alpine 3.23: the Node images stopped
# building on Alpine 3.22 when 3.24 came out, so a 3.22 tag no longer receives Node's security releases.
# Alpine 3.23 has the same musl (1.2.5) as the shell-operator base; node's C++ runtime comes along
# from the same image (below), so nothing of it depends on the base's older gcc.
ARG NODE_IMAGE=node:26-alpine3.23

FROM ${NODE_IMAGE} AS node

FROM ${SHELL_OPERATOR_IMAGE}
ARG SHELL_OPERATOR_IMAGE
ARG NODE_IMAGE
ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="cilium-egress-ha-operator" \
      org.opencontainers.image.description="shell-operator with a hook that keeps CiliumEgressGatewayPolicies on healthy gateway nodes" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="${SHELL_OPERATOR_IMAGE}" \
      io.github.cilium-egress-ha.node-image="${NODE_IMAGE}"
COPY --from=node /usr/local/bin/node /usr/local/bin/node
# The libstdc++ and libgcc_s node was built against, in /usr/local/lib: musl's loader searches it
# before /usr/lib, and no file of the base's apk packages is replaced.
COPY --from=node /usr/lib/libstdc++.so.6 /usr/lib/libgcc_s.so.1 /usr/local/lib/
# The same layout as the repository: hooks/ beside dist/. Only hooks/ is scanned for hooks.
COPY dist /opt/cilium-egress-ha/dist
COPY --chmod=0755 hooks /opt/cilium-egress-ha/hooks
ENV SHELL_OPERATOR_HOOKS_DIR=/opt/cilium-egress-ha/hooks
# The commands for people (status, capture, plan) on PATH, outside hooks/ so shell-operator does not
# run them: `kubectl exec deploy/<release> -c shell-operator -- cilium-egress-ha status`. The wrapper
# follows the link to dist/, and dist/kube.cjs carries the Kubernetes client: nothing else is installed.
# Smoke test at build time, on each platform: the runtime loads with these libraries, the hook answers
# --config, a hook run on an empty binding context succeeds (the run path, with its code cache), and
# the command on PATH answers offline with the Kubernetes client loaded.
RUN ln -s /opt/cilium-egress-ha/hooks/cilium-egress-ha /usr/local/bin/cilium-egress-ha \
 && node --version \
 && /opt/cilium-egress-ha/hooks/cilium-egress-ha --config >/dev/null \
 && smoke="$(mktemp -d)" && echo '[]' >"$smoke/context.json" \
 && TMPDIR="$smoke" BINDING_CONTEXT_PATH="$smoke/context.json" KUBERNETES_PATCH_PATH="$smoke/patch" \
    METRICS_PATH="$smoke/metrics" /opt/cilium-egress-ha/hooks/cilium-egress-ha \
 && cilium-egress-ha status --help >/dev/null \
 && node -e 'require("/opt/cilium-egress-ha/dist/kube.cjs")' \
 && rm -rf "$smoke"
