/**
 * What a hook run may touch outside itself: env, files, the clock, stderr and the network. The
 * process wiring (cli/hook-process.ts) gives the real ones; tests give their own.
 */
import type { ProbeOutcome, ProbeSettings, ProbeTarget } from "../io/probe.js";

export interface RunIO {
  env: Record<string, string | undefined>;
  readFile(path: string): Promise<string>;
  writeFile(path: string, data: string): Promise<void>;
  /**
   * The state file's content, or null when there is none yet. Rejects when it cannot be read,
   * with a `code` that says why (see io/files.ts; TOO_LARGE: the file is discarded).
   */
  readState(path: string): Promise<string | null>;
  /** Replaces the state file atomically. */
  writeState(path: string, data: string): Promise<void>;
  /**
   * The policy index beside the state file (hook/policy-index.ts), or null when there is none;
   * read and written like the state, under its lock. Absent where no index can be kept.
   */
  readIndex?(path: string): Promise<string | null>;
  writeIndex?(path: string, data: string): Promise<void>;
  /**
   * Why this run cannot save its state, known once readState returned, or null. Code LOCKED:
   * another run holds the state file, which keeps its memory; any other: the memory is lost.
   */
  stateUnsaved?(): { code: string; message: string } | null;
  /**
   * Whether an earlier run could not save its state (the marker markUnsaved leaves, removed by
   * the next successful writeState); known once readState returned.
   */
  lastSaveFailed?(): boolean;
  /** Leaves the marker that says this run's state could not be saved; never fails. */
  markUnsaved?(path: string): Promise<void>;
  /** Test-only: a cap on the state smaller than MAX_STATE_BYTES (hook/budget.ts). */
  stateCapBytes?: number;
  stderr(text: string): void;
  now(): Date;
  /**
   * A file in the directory shared with the prober (EGRESS_HA_PROBER_DIR), or null when missing;
   * and its atomic replacement. Absent where no prober can run beside the hook.
   */
  readProberFile?(path: string): Promise<string | null>;
  writeProberFile?(path: string, data: string): Promise<void>;
  /** Probes pool nodes (the network); absent where no probe can run. */
  probe?(targets: ProbeTarget[], settings: ProbeSettings): Promise<ProbeOutcome[]>;
}

export const EXIT_OK = 0;
export const EXIT_CONTRACT = 1;
export const EXIT_USAGE = 2;
