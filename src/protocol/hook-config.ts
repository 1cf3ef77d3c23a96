/**
 * The `--config` answer (protocol §2): one Node binding per pool and one policy binding, all in
 * one group so every object event brings full snapshots of all of them, plus an optional
 * schedule binding so time-based rules (the probe, Lease staleness, the agent grace, the
 * recovery delay) are re-evaluated when no object changes: a dead node sends no events. The
 * schedule binding is outside the group and includes every snapshot but the policies: a tick
 * decides the policies only when a node's health changed, from the policy index (hook/tick.ts).
 * A second, slow schedule binding in the group brings full snapshots once a minute, so a full run
 * that failed before it wrote the index (with allowFailure it is not retried) leaves ticks at
 * most a minute behind the policies. With the prober on, a binding on its evidence objects runs the
 * hook as soon as a verdict changes.
 * Built from settings only: no I/O, no runtime env.
 */
import type { Settings } from "../config/settings.js";
import {
  EVIDENCE_GROUP,
  EVIDENCE_KIND,
  EVIDENCE_LABEL,
  EVIDENCE_LABEL_VALUE,
  EVIDENCE_VERSION,
} from "../model/evidence.js";
import {
  AGENT_BINDING,
  EVIDENCE_BINDING,
  INVENTORY_BINDING,
  LEASE_BINDING,
  nodeBindingName,
  POLICY_BINDING,
  REFRESH_BINDING,
  RESYNC_BINDING,
} from "./binding-context.js";
import {
  AGENT_JQ_FILTER,
  EVIDENCE_JQ_FILTER,
  INVENTORY_JQ_FILTER,
  LEASE_JQ_FILTER,
  NODE_JQ_FILTER,
  POLICY_JQ_FILTER,
} from "./projections.js";

export const NODE_LEASE_NAMESPACE = "kube-node-lease";

export const BINDING_GROUP = "cilium-egress-ha";
/** How often the refresh binding brings full snapshots (at least the resync interval). */
export const FULL_REFRESH_SECONDS = 60;
/**
 * With the prober: every event (an evidence write among them) runs the hook and lone ticks are
 * skipped (src/hook/tick-gate.ts), so the refresh is only a safety net, and a hook run a minute
 * would be a fifth of the replica's idle cost.
 */
export const PROBER_REFRESH_SECONDS = 300;

export function buildHookConfig(settings: Settings): Record<string, unknown> {
  const common: Record<string, unknown> = {
    group: BINDING_GROUP,
    queue: settings.queue,
    keepFullObjectsInMemory: false,
  };
  // With a resync tick the next run re-decides from fresh snapshots within seconds, so a failed
  // run (a guarded patch refused after a concurrent edit, an Event an admission webhook rejects)
  // is dropped instead of blocking the queue, and failover for every other policy, with
  // shell-operator's 5–32 s retry backoff.
  if (settings.resyncIntervalSeconds > 0) common.allowFailure = true;
  const config: Record<string, unknown> = {
    configVersion: "v1",
    kubernetes: [
      ...settings.pools.map((pool) => ({
        name: nodeBindingName(pool.name),
        apiVersion: "v1",
        kind: "Node",
        labelSelector: pool.selector,
        jqFilter: NODE_JQ_FILTER,
        ...common,
      })),
      {
        name: POLICY_BINDING,
        apiVersion: "cilium.io/v2",
        kind: "CiliumEgressGatewayPolicy",
        jqFilter: POLICY_JQ_FILTER,
        ...common,
      },
      {
        // Every node, projected to its name, hostname label and whether it is reported down: a
        // heartbeat does not change the projection; a label change or a node going down (rare) does.
        name: INVENTORY_BINDING,
        apiVersion: "v1",
        kind: "Node",
        jqFilter: INVENTORY_JQ_FILTER,
        ...common,
      },
    ],
  };
  const kubernetes = config.kubernetes as Record<string, unknown>[];
  if (settings.leaseSignal) {
    kubernetes.push({
      name: LEASE_BINDING,
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      namespace: { nameSelector: { matchNames: [NODE_LEASE_NAMESPACE] } },
      jqFilter: LEASE_JQ_FILTER,
      // Every kubelet renews every 10 s: keep the snapshot current, but never run on it. A dead
      // node sends no event anyway; the schedule binding evaluates staleness.
      executeHookOnEvent: [],
      executeHookOnSynchronization: false,
      ...common,
    });
  }
  if (settings.agentSignal) {
    kubernetes.push({
      name: AGENT_BINDING,
      apiVersion: "v1",
      kind: "Pod",
      namespace: { nameSelector: { matchNames: [settings.agentNamespace] } },
      labelSelector: settings.agentSelector,
      jqFilter: AGENT_JQ_FILTER,
      ...common,
    });
  }
  if (settings.prober) {
    // The prober's evidence: a changed verdict runs the hook at once. Every replica's object
    // carries the label (the name is the pod's, not known to a static --config); each run reads
    // its own (hook/evidence.ts).
    kubernetes.push({
      name: EVIDENCE_BINDING,
      apiVersion: `${EVIDENCE_GROUP}/${EVIDENCE_VERSION}`,
      kind: EVIDENCE_KIND,
      namespace: { nameSelector: { matchNames: [settings.prober.namespace] } },
      labelSelector: { matchLabels: { [EVIDENCE_LABEL]: EVIDENCE_LABEL_VALUE } },
      jqFilter: EVIDENCE_JQ_FILTER,
      ...common,
    });
  }
  if (settings.resyncIntervalSeconds > 0) {
    config.schedule = [
      {
        name: RESYNC_BINDING,
        crontab: `@every ${settings.resyncIntervalSeconds}s`,
        includeSnapshotsFrom: kubernetes.map((b) => b.name as string).filter((name) => name !== POLICY_BINDING),
        queue: settings.queue,
        allowFailure: true,
      },
      {
        name: REFRESH_BINDING,
        crontab: `@every ${Math.max(settings.prober ? PROBER_REFRESH_SECONDS : FULL_REFRESH_SECONDS, settings.resyncIntervalSeconds)}s`,
        group: BINDING_GROUP,
        queue: settings.queue,
        allowFailure: true,
      },
    ];
  }
  return config;
}
