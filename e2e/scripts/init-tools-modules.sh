#!/usr/bin/env bash
# (Re)creates the go.mod/go.sum of the e2e tools modules under e2e/tools/.
# Only needed when bumping a version: the committed go.mod/go.sum are what build-tools.sh uses.
# Usage: bash e2e/scripts/init-tools-modules.sh [k8s|etcd|shell-operator|kwok]...   (default: all)
set -euo pipefail
export GOTOOLCHAIN=local CGO_ENABLED=0
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TOOLS="$(cd "$HERE/../tools" && pwd)"
# shellcheck source=versions.sh
. "$HERE/versions.sh"

json_field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[process.argv[1]]))' "$1"; }

init_k8s() {
  local staging_version="v0.${K8S_VERSION#v1.}" gomod mods
  gomod=$(cd "$(mktemp -d)" && go mod download -json "k8s.io/kubernetes@${K8S_VERSION}" | json_field GoMod)
  mods=$(go mod edit -json "$gomod" | node -e '
    let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{
      for (const r of JSON.parse(s).Replace||[]) if (r.New.Path.startsWith("./staging/")) console.log(r.Old.Path)})')
  echo "k8s ${K8S_VERSION}: $(echo "$mods" | wc -l) staging modules -> ${staging_version}"
  cd "$TOOLS/k8s"
  rm -f go.mod go.sum
  go mod init e2e.local/tools/k8s
  # upstream's go.mod carries a godebug line; mirror its go/godebug defaults
  local upgo; upgo=$(go mod edit -json "$gomod" | json_field Go)
  go mod edit -go="$upgo"
  local godebug; godebug=$(go mod edit -json "$gomod" | node -e '
    let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{
      for (const g of JSON.parse(s).Godebug||[]) console.log(g.Key+"="+g.Value)})')
  for g in $godebug; do go mod edit -godebug="$g"; done
  for m in $mods; do go mod edit -replace="$m=$m@${staging_version}"; done
  go get -tool "k8s.io/kubernetes/cmd/kube-apiserver@${K8S_VERSION}" \
               "k8s.io/kubernetes/cmd/kube-controller-manager@${K8S_VERSION}" \
               "k8s.io/kubernetes/cmd/kubectl@${K8S_VERSION}"
  go mod tidy
}

init_etcd() {
  cd "$TOOLS/etcd"
  rm -f go.mod go.sum
  go mod init e2e.local/tools/etcd
  go get -tool "go.etcd.io/etcd/server/v3@${ETCD_VERSION}" "go.etcd.io/etcd/etcdctl/v3@${ETCD_VERSION}"
  go mod tidy
}

init_shell_operator() {
  cd "$TOOLS/shell-operator"
  rm -f go.mod go.sum
  go mod init e2e.local/tools/shell-operator
  # same single replace as upstream's go.mod
  go mod edit -replace=github.com/go-openapi/validate=github.com/flant/go-openapi-validate@v0.19.12-flant.0
  # the proxy refuses github.com/deckhouse/module-sdk: use the local interface-only stand-in (see its README)
  go mod edit -replace=github.com/deckhouse/module-sdk=./module-sdk-shim
  go get -tool "github.com/flant/shell-operator/cmd/shell-operator@${SHELL_OPERATOR_VERSION}"
  go mod tidy
}

init_kwok() {
  cd "$TOOLS/kwok"
  rm -f go.mod go.sum
  go mod init e2e.local/tools/kwok
  go get -tool "sigs.k8s.io/kwok/cmd/kwok@${KWOK_VERSION}"
  go mod tidy
}

targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(k8s etcd shell-operator kwok)
for t in "${targets[@]}"; do
  case "$t" in
    k8s) (init_k8s) ;;
    etcd) (init_etcd) ;;
    shell-operator) (init_shell_operator) ;;
    kwok) (init_kwok) ;;
    *) echo "unknown tools module: $t" >&2; exit 2 ;;
  esac
done
