/**
 * The engine's memory: what a decision remembers for the next one. The engine takes the memory
 * the last run left and returns the memory to keep (Assessment and Plan `memory`); the hook stores
 * it as the state file's `engine` part and never edits it. Every record is bounded by the pool
 * nodes (one entry per node at most), but `remembered`, which has one entry per unannotated
 * policy the hook manages.
 */
import type { UnhealthyMemory } from "../model/node-health.js";
import type { ClampedTime } from "./clock.js";
import type { LeaseSighting } from "./lease-signal.js";
import type { ProbeRecord } from "./probe.js";
import { emptyRecord } from "./records.js";

export interface EngineMemory {
  /** Per node: when it was last seen unhealthy, and why (the recovery delay). */
  unhealthy: Record<string, UnhealthyMemory>;
  /** Per node: when the hook first saw its Lease's current renewTime (the Lease signal). */
  leaseSeen: Record<string, LeaseSighting>;
  /** Per node: since when its cilium agent has been down (the agent signal's grace). */
  agentDown: Record<string, string>;
  /** Per unannotated policy managed through a pinned pool node: policy → pool (scope.ts). */
  remembered: Record<string, string>;
  /** Per place a time was read (a node's field, the state file): a time from the future and when first seen (clock.ts). */
  clamped: Record<string, ClampedTime>;
  /** Per node: silent probe attempts in a row, and refusals (probe.ts). */
  probe: Record<string, ProbeRecord>;
}

/** Nothing remembered: the first run, or `plan` without --state. Null-prototype records: any name is a key. */
export function emptyEngineMemory(): EngineMemory {
  return {
    unhealthy: emptyRecord(),
    leaseSeen: emptyRecord(),
    agentDown: emptyRecord(),
    remembered: emptyRecord(),
    clamped: emptyRecord(),
    probe: emptyRecord(),
  };
}
