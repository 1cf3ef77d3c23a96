#!/usr/bin/env bash
# Builds the real control-plane components used by the e2e tests, from Go modules only, into a cache
# directory outside the repository:
#
#   ${E2E_CACHE:-$HOME/.cache/cilium-egress-ha-e2e}/bin/{kube-apiserver,kube-controller-manager,kubectl,etcd,etcdctl,shell-operator[,kwok]}
#   ${E2E_CACHE:-$HOME/.cache/cilium-egress-ha-e2e}/crds/{ciliumegressgatewaypolicies,ciliumnodes}.yaml
#   ${E2E_CACHE:-$HOME/.cache/cilium-egress-ha-e2e}/kwok/kwok.yaml   (with kwok: node stages from its module)
#   ${E2E_CACHE:-$HOME/.cache/cilium-egress-ha-e2e}/bin/{cilium-agent,cilium-cni,cilium-dbg}   (with cilium)
#   ${E2E_CACHE:-$HOME/.cache/cilium-egress-ha-e2e}/bin/nfq-delay   (with nfq-delay: e2e/tools/nfq-delay, the
#       datapath e2e's slow gateway; standard library only, built in seconds)
#   ${E2E_CACHE:-$HOME/.cache/cilium-egress-ha-e2e}/cilium/{bpf/,crds/}  (with cilium: the agent's BPF C sources
#       and every v2/v2alpha1 CRD, copied writable from the github.com/cilium/cilium module zip)
#
# Idempotent: a tool is skipped when all its binaries exist and its stamp (sha256 of its go.mod, go.sum,
# local files, build flags and the go version) matches.
#
# Usage: bash e2e/scripts/build-tools.sh [k8s] [etcd] [shell-operator] [kwok] [crds] [cilium] [nfq-delay]
#        (default: k8s etcd shell-operator crds; kwok only when named, or with E2E_WITH_KWOK=1;
#         cilium, the real datapath of e2e/datapath, only when named: ~16 min cold, 2.5 GB RSS)
# Exit codes: 0 ok, 1 a build failed, 2 bad usage, 3 the go toolchain is missing.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOOLS="$(cd "$HERE/../tools" && pwd)"
# shellcheck source=versions.sh
. "$HERE/versions.sh"

if ! command -v go >/dev/null 2>&1; then
  if [ -x /usr/local/go/bin/go ]; then
    export PATH="/usr/local/go/bin:$PATH"
  else
    cat >&2 <<'MSG'
build-tools.sh: the Go toolchain (`go`, 1.26 or newer) is missing, so the e2e control plane
(kube-apiserver, etcd, shell-operator) cannot be built. Run the e2e suite on a machine of the `go`
kind (Go at /usr/local/go plus the Go module proxy), or install Go 1.26+ and put it on PATH.
MSG
    exit 3
  fi
fi

export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="${GOFLAGS:-} -mod=readonly"
CACHE="${E2E_CACHE:-$HOME/.cache/cilium-egress-ha-e2e}"
BIN="$CACHE/bin"
STAMPS="$CACHE/stamps"
mkdir -p "$BIN" "$STAMPS" "$CACHE/crds"
GOVERSION="$(go env GOVERSION)"

log() { printf '[build-tools] %s\n' "$*"; }

# stamp TOOL FLAGS FILES... -> sha256 of the inputs
stamp_of() {
  local flags="$1"; shift
  { printf '%s\n%s\n' "$GOVERSION" "$flags"; cat "$@"; } | sha256sum | cut -d' ' -f1
}

# build_tool NAME DIR "BINARIES" "FLAGS" STAMP_FILES... ; the build itself is in function build_NAME
run_tool() {
  local name="$1" dir="$2" bins="$3" flags="$4"; shift 4
  local want have="" t0 all=1 b
  want="$(stamp_of "$flags" "$@")"
  [ -f "$STAMPS/$name" ] && have="$(cat "$STAMPS/$name")"
  for b in $bins; do [ -x "$BIN/$b" ] || all=0; done
  if [ "$all" = 1 ] && [ "$want" = "$have" ]; then
    log "$name: reused ($bins) in $BIN"
    return 0
  fi
  log "$name: building ($bins) ..."
  t0=$(date +%s)
  local tmp; tmp="$(mktemp -d "$CACHE/.build-$name.XXXXXX")"
  if ! (cd "$dir" && "build_${name//-/_}" "$tmp"); then
    rm -rf "$tmp"
    log "$name: FAILED after $(( $(date +%s) - t0 ))s"
    return 1
  fi
  for b in $bins; do mv -f "$tmp/$b" "$BIN/$b"; done
  rm -rf "$tmp"
  echo "$want" >"$STAMPS/$name"
  log "$name: built in $(( $(date +%s) - t0 ))s"
}

# ---- k8s: kube-apiserver, kube-controller-manager, kubectl (flags as upstream hack/lib/golang.sh) ----
K8S_MINOR="$(echo "$K8S_VERSION" | cut -d. -f2)"
K8S_LDFLAGS="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  K8S_LDFLAGS+=" -X $p.gitVersion=${K8S_VERSION} -X $p.gitMajor=1 -X $p.gitMinor=${K8S_MINOR}"
  K8S_LDFLAGS+=" -X $p.gitTreeState=clean -X $p.gitCommit=0000000000000000000000000000000000000000"
  K8S_LDFLAGS+=" -X $p.buildDate=2000-01-01T00:00:00Z"
done
K8S_TAGS="selinux,notest,grpcnotrace"
build_k8s() {
  go build -trimpath -tags="$K8S_TAGS" -ldflags="$K8S_LDFLAGS" -o "$1/" \
    k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kubectl
}

# ---- etcd + etcdctl (main packages are the module roots, hence -o) ----
ETCD_LDFLAGS="-s -w"
build_etcd() {
  go build -trimpath -ldflags="$ETCD_LDFLAGS" -o "$1/etcd" go.etcd.io/etcd/server/v3
  go build -trimpath -ldflags="$ETCD_LDFLAGS" -o "$1/etcdctl" go.etcd.io/etcd/etcdctl/v3
}

# ---- shell-operator ----
SO_LDFLAGS="-s -w -X github.com/flant/shell-operator/pkg/app.Version=${SHELL_OPERATOR_VERSION}"
build_shell_operator() {
  go build -trimpath -ldflags="$SO_LDFLAGS" -o "$1/shell-operator" github.com/flant/shell-operator/cmd/shell-operator
}

# ---- kwok (optional) ----
KWOK_LDFLAGS="-s -w"
build_kwok() {
  go build -trimpath -ldflags="$KWOK_LDFLAGS" -o "$1/kwok" sigs.k8s.io/kwok/cmd/kwok
}

# ---- cilium: agent (the `daemon` main package), CNI plugin, debug CLI (flags as real-datapath recipe) ----
CILIUM_TAGS="osusergo"
CILIUM_LDFLAGS="-s -w -X \"github.com/cilium/cilium/pkg/version.ciliumVersion=${CILIUM_VERSION#v}\""
build_cilium() {
  go build -trimpath -tags="$CILIUM_TAGS" -ldflags="$CILIUM_LDFLAGS" -o "$1/" \
    github.com/cilium/cilium/daemon github.com/cilium/cilium/plugins/cilium-cni github.com/cilium/cilium/cilium-dbg
  mv "$1/daemon" "$1/cilium-agent"
}

# the agent compiles its BPF programs from C at startup (no precompiled objects in 1.20): keep a writable copy
# of the module's bpf/ tree, and every CRD the agent waits for
NFQ_LDFLAGS="-s -w"
build_nfq_delay() {
  go build -trimpath -ldflags="$NFQ_LDFLAGS" -o "$1/nfq-delay" .
}

do_cilium_sources() {
  local dir want="cilium=${CILIUM_VERSION}"
  if [ -f "$CACHE/cilium/bpf/bpf_lxc.c" ] && [ "$(cat "$STAMPS/cilium-sources" 2>/dev/null)" = "$want" ]; then
    log "cilium: reused bpf/ and crds/ in $CACHE/cilium"
    return 0
  fi
  dir="$(cd "$TOOLS/cilium" && go list -m -f '{{.Dir}}' github.com/cilium/cilium)"
  if [ ! -f "$dir/bpf/bpf_lxc.c" ]; then
    log "cilium: FAILED: $dir/bpf/bpf_lxc.c not found"
    return 1
  fi
  rm -rf "$CACHE/cilium"
  mkdir -p "$CACHE/cilium/crds"
  cp -r "$dir/bpf" "$CACHE/cilium/bpf"
  cp "$dir"/pkg/k8s/apis/cilium.io/client/crds/v2/*.yaml "$dir"/pkg/k8s/apis/cilium.io/client/crds/v2alpha1/*.yaml \
    "$CACHE/cilium/crds/"
  chmod -R u+w "$CACHE/cilium"          # module-cache files are read-only
  echo "$want" >"$STAMPS/cilium-sources"
  log "cilium: bpf/ and $(ls "$CACHE/cilium/crds" | wc -l) CRDs in $CACHE/cilium"
}

# kwok has no built-in stages (kwokctl adds them): assemble a config from the stage files in its module zip
do_kwok_config() {
  local dir out="$CACHE/kwok/kwok.yaml"
  dir="$(cd "$TOOLS/kwok" && go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)"
  mkdir -p "$CACHE/kwok"
  {
    # explicit parallelism: with a config file, kwok v0.8.0 leaves these at 0 and exits
    # ("node leases parallelism must be greater than 0")
    printf 'apiVersion: config.kwok.x-k8s.io/v1alpha1\nkind: KwokConfiguration\noptions:\n'
    printf '  podPlayStageParallelism: 4\n  nodePlayStageParallelism: 4\n  nodeLeaseParallelism: 4\n  podsOnNodeSyncParallelism: 1\n'
    echo '---'; cat "$dir/kustomize/stage/node/fast/node-initialize.yaml"
    echo '---'; cat "$dir/kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml"
  } >"$out.tmp"
  mv -f "$out.tmp" "$out"
  log "kwok: stage config $out"
}

# ---- Cilium CRDs from the github.com/cilium/cilium module zip (no build) ----
do_crds() {
  local t0 dir src
  local want="cilium=${CILIUM_VERSION}"
  if [ -s "$CACHE/crds/ciliumegressgatewaypolicies.yaml" ] && [ "$(cat "$STAMPS/crds" 2>/dev/null)" = "$want" ]; then
    log "crds: reused (cilium ${CILIUM_VERSION}) in $CACHE/crds"
    return 0
  fi
  t0=$(date +%s)
  log "crds: downloading github.com/cilium/cilium@${CILIUM_VERSION} ..."
  dir="$(cd "$(mktemp -d)" && GOFLAGS= go mod download -json "github.com/cilium/cilium@${CILIUM_VERSION}" \
         | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
  src="$dir/pkg/k8s/apis/cilium.io/client/crds/v2"
  if [ ! -f "$src/ciliumegressgatewaypolicies.yaml" ]; then
    log "crds: FAILED: $src/ciliumegressgatewaypolicies.yaml not found"
    return 1
  fi
  for f in ciliumegressgatewaypolicies.yaml ciliumnodes.yaml; do
    cp "$src/$f" "$CACHE/crds/$f"
    chmod u+w "$CACHE/crds/$f"          # module-cache files are read-only
  done
  echo "$want" >"$STAMPS/crds"
  log "crds: extracted in $(( $(date +%s) - t0 ))s"
}

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(k8s etcd shell-operator crds)
  [ "${E2E_WITH_KWOK:-0}" = 1 ] && targets+=(kwok)
fi

T0=$(date +%s)
rc=0
for t in "${targets[@]}"; do
  case "$t" in
    k8s) run_tool k8s "$TOOLS/k8s" "kube-apiserver kube-controller-manager kubectl" \
           "$K8S_VERSION $K8S_TAGS $K8S_LDFLAGS" "$TOOLS/k8s/go.mod" "$TOOLS/k8s/go.sum" || rc=1 ;;
    etcd) run_tool etcd "$TOOLS/etcd" "etcd etcdctl" "$ETCD_VERSION $ETCD_LDFLAGS" \
           "$TOOLS/etcd/go.mod" "$TOOLS/etcd/go.sum" || rc=1 ;;
    shell-operator) run_tool shell-operator "$TOOLS/shell-operator" "shell-operator" \
           "$SHELL_OPERATOR_VERSION $SO_LDFLAGS" "$TOOLS/shell-operator/go.mod" "$TOOLS/shell-operator/go.sum" \
           "$TOOLS/shell-operator/module-sdk-shim/go.mod" "$TOOLS/shell-operator/module-sdk-shim/pkg/patch.go" || rc=1 ;;
    kwok) run_tool kwok "$TOOLS/kwok" "kwok" "$KWOK_VERSION $KWOK_LDFLAGS" \
           "$TOOLS/kwok/go.mod" "$TOOLS/kwok/go.sum" && do_kwok_config || rc=1 ;;
    crds) do_crds || rc=1 ;;
    cilium) run_tool cilium "$TOOLS/cilium" "cilium-agent cilium-cni cilium-dbg" \
           "$CILIUM_VERSION $CILIUM_TAGS $CILIUM_LDFLAGS" "$TOOLS/cilium/go.mod" "$TOOLS/cilium/go.sum" \
           && do_cilium_sources || rc=1 ;;
    nfq-delay) run_tool nfq-delay "$TOOLS/nfq-delay" "nfq-delay" "$NFQ_LDFLAGS" \
           "$TOOLS/nfq-delay/go.mod" "$TOOLS/nfq-delay/main.go" || rc=1 ;;
    *) echo "build-tools.sh: unknown tool '$t' (k8s, etcd, shell-operator, kwok, crds, cilium, nfq-delay)" >&2; exit 2 ;;
  esac
done
log "done in $(( $(date +%s) - T0 ))s (rc=$rc); binaries in $BIN"
exit "$rc"
