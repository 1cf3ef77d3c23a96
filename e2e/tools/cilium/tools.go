//go:build tools

// Package tools pins the Cilium binaries the real-datapath e2e builds (see e2e/scripts/build-tools.sh cilium):
// the agent (the `daemon` main package), the CNI plugin and the debug CLI.
package tools

import (
	_ "github.com/cilium/cilium/cilium-dbg"
	_ "github.com/cilium/cilium/daemon"
	_ "github.com/cilium/cilium/plugins/cilium-cni"
)
