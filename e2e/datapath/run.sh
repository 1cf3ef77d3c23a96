#!/usr/bin/env bash
# The egress outage on a real Cilium datapath (npm run e2e:datapath; see e2e/README.md "Real datapath").
#
# Checks the prerequisites (fails at once, exit code 3, naming what is missing), builds the tools it
# needs (cached), creates the control-plane network namespace, runs e2e/datapath/datapath.test.ts inside
# it, and afterwards removes whatever that run left behind, also after a crash or a signal: processes in
# the run's namespaces, bpffs mounts under its work dir, the namespaces, the work dir. It restores
# kernel.timer_migration, which the agents set to 0, and reports every other host sysctl that changed.
#
# Environment: E2E_SCENARIOS=crash,crash-prober,... picks scenarios and E2E_RUNS=<n> their repetitions;
# E2E_PROBER=1 runs them with the prober beside the hook (as a `-prober` name does); E2E_FULL=1 runs the
# full table (default: the CI sample, one run per scenario; e2e/datapath/scenarios.ts has the names);
# every run writes .e2e/datapath.json. E2E_KEEP=1 keeps the work dir (logs, kubeconfigs, arrivals.txt);
# E2E_DATAPATH_SKIP_BUILD=1 skips build-tools.sh (the binaries must be there).
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/usr/local/go/bin:$PATH"
E2E_CACHE="${E2E_CACHE:-$HOME/.cache/cilium-egress-ha-e2e}"
export E2E_CACHE

fail() {
  echo "e2e:datapath: $*" >&2
  exit 3
}

# ---- prerequisites (before building anything) ----
[ "$(id -u)" = 0 ] || fail "must run as root: it creates network namespaces, mounts bpffs and loads BPF programs"
[ -e /sys/kernel/btf/vmlinux ] || fail "the kernel has no BTF (/sys/kernel/btf/vmlinux); Cilium needs it"
for t in clang llc; do
  [ -x "/usr/lib/llvm-19/bin/$t" ] ||
    fail "/usr/lib/llvm-19/bin/$t missing: the agent compiles its BPF programs at startup (apt-get install -y --no-install-recommends clang-19 llvm-19)"
done
for c in iptables ipset ip unshare nsenter mount umount node; do
  command -v "$c" >/dev/null 2>&1 || fail "$c missing (apt-get install -y iptables ipset iproute2 util-linux)"
done
probe_dir="$(mktemp -d /tmp/ceha-dp-bpfcheck.XXXXXX)"
if ! mount -t bpf bpf "$probe_dir" 2>/dev/null; then
  rmdir "$probe_dir"
  fail "cannot mount a bpffs (mount -t bpf): BPF is unavailable here"
fi
umount "$probe_dir"
rmdir "$probe_dir"
ip netns add ceha-dp-check 2>/dev/null || fail "cannot create network namespaces (ip netns add)"
ip netns del ceha-dp-check

# ---- tools ----
if [ "${E2E_DATAPATH_SKIP_BUILD:-0}" != 1 ]; then
  bash e2e/scripts/build-tools.sh k8s etcd shell-operator crds cilium nfq-delay
  bash e2e/scripts/build-helm.sh
fi
for b in etcd kube-apiserver kube-controller-manager kubectl shell-operator helm cilium-agent cilium-cni cilium-dbg; do
  [ -x "$E2E_CACHE/bin/$b" ] || fail "$E2E_CACHE/bin/$b not built: run bash e2e/scripts/build-tools.sh k8s etcd shell-operator crds cilium && bash e2e/scripts/build-helm.sh"
done

# ---- the run ----
PREFIX="ceha-dp-$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')"
WORK="$(mktemp -d "/tmp/$PREFIX.XXXXXX")"
SYSCTL_BEFORE="$WORK.sysctl-before"
sysctl -a 2>/dev/null | grep -E '^(kernel|vm|fs)\.' | sort >"$SYSCTL_BEFORE" || true
TIMER_MIGRATION="$(sysctl -n kernel.timer_migration 2>/dev/null || echo)"
made_dirs=()
for d in /run/cilium /var/lib/cilium; do [ -e "$d" ] || made_dirs+=("$d"); done
child=""

our_netns() { ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^${PREFIX}-" || true; }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$child" ] && kill -0 "$child" 2>/dev/null; then
    kill -TERM "$child" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$child" 2>/dev/null || break; sleep 1; done
    kill -KILL "$child" 2>/dev/null || true
  fi
  local left=0 ns pid m
  # processes still inside this run's namespaces were started by this run
  for ns in $(our_netns); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do
      left=1
      kill -KILL "$pid" 2>/dev/null || true
    done
  done
  [ "$left" = 1 ] && sleep 1
  # bpffs (and any other) mounts under the work dir, deepest first
  for m in $(awk -v w="$WORK/" 'index($5, w) == 1 {print $5}' /proc/self/mountinfo | sort -r); do
    umount -l "$m" 2>/dev/null || true
    left=1
  done
  for ns in $(our_netns); do
    ip netns del "$ns" 2>/dev/null || true
    [ "$ns" = "$PREFIX-cp" ] || left=1   # the control-plane namespace is this script's own
  done
  [ "$left" = 1 ] && echo "e2e:datapath: removed leftovers of $PREFIX (namespaces, processes or mounts)" >&2
  if [ -n "$TIMER_MIGRATION" ]; then sysctl -qw "kernel.timer_migration=$TIMER_MIGRATION" 2>/dev/null || true; fi
  for d in "${made_dirs[@]}"; do rmdir "$d" 2>/dev/null || true; done
  local after="$WORK.sysctl-after"
  sysctl -a 2>/dev/null | grep -E '^(kernel|vm|fs)\.' | sort >"$after" || true
  local changed
  changed="$(diff "$SYSCTL_BEFORE" "$after" | grep -E '^[<>]' | grep -vE 'kernel\.(random|ns_last_pid)|fs\.(dentry-state|file-nr|inode-nr|inode-state|quota)|kernel\.pty\.nr' || true)"
  if [ -n "$changed" ]; then
    echo "e2e:datapath: host sysctls changed by the run (< before, > after; see e2e/README.md):" >&2
    echo "$changed" | sed 's/^/  /' >&2
  fi
  rm -f "$SYSCTL_BEFORE" "$after"
  if [ "${E2E_KEEP:-0}" = 1 ]; then
    echo "e2e:datapath: kept $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ip netns add "$PREFIX-cp"
echo "e2e:datapath: run $PREFIX, work dir $WORK, $( [ "${E2E_FULL:-0}" = 1 ] && echo "full repetitions" || echo "CI sample (E2E_FULL=1 for the full repetitions)")" >&2
t0=$(date +%s)
CEHA_DP_PREFIX="$PREFIX" CEHA_DP_WORK="$WORK" \
  nsenter --net="/run/netns/$PREFIX-cp" node --import tsx --test-reporter=spec e2e/datapath/datapath.test.ts &
child=$!
set +e
wait "$child"
rc=$?
set -e
child=""
echo "e2e:datapath: finished in $(( $(date +%s) - t0 ))s (rc=$rc)" >&2
exit "$rc"
