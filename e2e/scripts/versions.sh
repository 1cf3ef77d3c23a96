# Versions of the e2e tools. Sourced by init-tools-modules.sh and build-tools.sh.
# Changing one here needs `bash e2e/scripts/init-tools-modules.sh <tool>` to refresh go.mod/go.sum.
K8S_VERSION=v1.34.4
ETCD_VERSION=v3.6.16
# The proxy refuses the version list of github.com/flant/shell-operator and refuses v1.20.3,
# but serves v1.20.2 when asked for it exactly.
SHELL_OPERATOR_VERSION=v1.20.2
KWOK_VERSION=v0.8.0
# Only served releases >= 1.18 are v1.20.2 (besides 1.15.x).
CILIUM_VERSION=v1.20.2
