# cilium-egress-ha-operator: shell-operator with the hook and a Node 20 runtime.
# Build for both architectures with:
#   docker buildx build --platform linux/amd64,linux/arm64 -t <registry>/cilium-egress-ha-operator:<tag> .
# dist/ is committed, so the image needs no Node toolchain, only the Node runtime.
ARG SHELL_OPERATOR_IMAGE=ghcr.io/flant/shell-operator:v1.20.3
ARG NODE_IMAGE=node:20-alpine

# The official shell-operator image is Alpine (musl) without Node: take the musl build of
# node from the Node Alpine image of the same architecture.
FROM ${NODE_IMAGE} AS node

FROM ${SHELL_OPERATOR_IMAGE}
RUN apk add --no-cache libstdc++ libgcc
COPY --from=node /usr/local/bin/node /usr/local/bin/node
# The same layout as the repository: hooks/ beside dist/. Only hooks/ is scanned for hooks.
COPY dist /opt/cilium-egress-ha/dist
COPY --chmod=0755 hooks /opt/cilium-egress-ha/hooks
ENV SHELL_OPERATOR_HOOKS_DIR=/opt/cilium-egress-ha/hooks
# Smoke test at build time: the runtime works and the hook answers --config.
RUN node --version && /opt/cilium-egress-ha/hooks/cilium-egress-ha --config >/dev/null
