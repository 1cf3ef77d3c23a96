/**
 * What `capture` and `status` read from a live cluster, and `status`'s read of a replica's state
 * file. Read-only throughout: `status` never takes the state file's lock and never writes, so it
 * can run beside the hook in its pod (kubectl exec) without disturbing a run.
 */
import type { Settings } from "../config/settings.js";
import { MAX_STATE_BYTES, parseState, type RunState } from "../hook/state.js";
import { readRegular } from "../io/files.js";
import { NODE_LEASE_NAMESPACE } from "../protocol/hook-config.js";

/** A binding context built from the live objects, and the kubeconfig context it came through. */
export interface Captured {
  doc: unknown[];
  contextName: string;
}

/**
 * Lists everything the bindings select, through the kubeconfig (KUBECONFIG, ~/.kube/config, or
 * the pod's ServiceAccount in-cluster), and builds the binding context shell-operator would send.
 * Only list calls: the hook's RBAC (list and watch) is all it needs.
 */
export async function captureLive(settings: Settings, context?: string): Promise<Captured> {
  // dist/kube.cjs: client-node is bundled there alone, loaded only now.
  const { connect } = await import("../kube/client.js");
  const { captureContext } = await import("../kube/capture.js");
  const cluster = await connect(context);
  const nodesByPool = new Map<string, unknown[]>();
  for (const pool of settings.pools) nodesByPool.set(pool.name, await cluster.listNodes(pool.selector));
  const doc = captureContext(settings, {
    nodesByPool,
    allNodes: await cluster.listNodes({ matchLabels: {}, matchExpressions: [] }),
    policies: await cluster.listPolicies(),
    leases: settings.leaseSignal ? await cluster.listLeases(NODE_LEASE_NAMESPACE) : null,
    agents: settings.agentSignal ? await cluster.listPods(settings.agentNamespace, settings.agentSelector) : null,
  });
  return { doc, contextName: cluster.contextName };
}

/** A replica's state as `status` found it: the state (when there is one) and a line saying what was read. */
export interface ReplicaState {
  state: RunState | undefined;
  /** "read" (its memory is used), "missing" or "unreadable" (the plan is shown without memory). */
  memory: "read" | "missing" | "unreadable";
  line: string;
}

/**
 * Reads the state file as it is right now, without its lock: a run holding the lock may replace
 * the file meanwhile, which is harmless because the hook replaces it atomically (rename), so this
 * sees either the old state or the new one. Never creates, locks or writes anything.
 */
export async function readReplicaState(path: string): Promise<ReplicaState> {
  let text: string;
  try {
    const what = `state file ${path}`;
    text = (await readRegular(path, what, { noFollow: true, owned: true, maxBytes: MAX_STATE_BYTES })).toString("utf8");
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT")
      return {
        state: undefined,
        memory: "missing",
        line: `State: none at ${path}: this replica has not run yet; shown without memory of recent failures`,
      };
    return {
      state: undefined,
      memory: "unreadable",
      line: `State: ${(err as Error).message}; shown without memory of recent failures`,
    };
  }
  try {
    return { state: parseState(text), memory: "read", line: `State: ${path}, read without its lock` };
  } catch (err) {
    return {
      state: undefined,
      memory: "unreadable",
      line: `State: ${path} is not a state this version reads (${(err as Error).message}); shown without memory of recent failures`,
    };
  }
}
