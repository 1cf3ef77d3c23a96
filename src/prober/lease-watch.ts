/**
 * The prober's watch of the node Leases in kube-node-lease: a list, then a watch from its
 * resourceVersion, again and again; a list again when the watch says its version is gone (410) or
 * the connection fails. Reports each list and each change; the sightings are kept by the caller
 * (leases.ts). Says whether it is current (`watching`) or not (`down`), which the heartbeat passes
 * on: while down, the hook times Leases on its own tick.
 */
import type { ApiClient } from "../io/kube-api.js";
import type { LeaseObject } from "../model/objects.js";
import { projectLease } from "../protocol/projections.js";

export const LEASES_PATH = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases";
/** The server ends a watch after this long (a fresh one follows at once). */
const WATCH_SECONDS = 300;
/** A watch that brings no byte for this long (no event, no bookmark) is a dead connection. */
const IDLE_MS = (WATCH_SECONDS + 30) * 1000;
const RETRY_MS = [1000, 2000, 5000, 10_000];

export interface LeaseWatchHandlers {
  /** A full list: the Leases that exist now. */
  list(leases: LeaseObject[]): void;
  changed(lease: LeaseObject): void;
  deleted(name: string): void;
  /** The watch became current, or stopped being current (with why). */
  state(up: boolean, why: string | null): void;
}

class Gone extends Error {}

const resourceVersionOf = (o: unknown): string | null => {
  const rv = (o as { metadata?: { resourceVersion?: unknown } } | null)?.metadata?.resourceVersion;
  return typeof rv === "string" && rv !== "" ? rv : null;
};

function listError(status: number, body: unknown): Error {
  const message = (body as { message?: unknown } | null)?.message;
  return new Error(`cannot list the node Leases: HTTP ${status}${typeof message === "string" ? `: ${message}` : ""}`);
}

/** Watches until the signal aborts. */
export async function watchLeases(api: ApiClient, on: LeaseWatchHandlers, signal: AbortSignal): Promise<void> {
  let failures = 0;
  const wait = (ms: number) =>
    new Promise<void>((r) => {
      const t = setTimeout(r, ms);
      signal.addEventListener(
        "abort",
        () => {
          clearTimeout(t);
          r();
        },
        { once: true },
      );
    });
  while (!signal.aborted) {
    try {
      const list = await api.request("GET", LEASES_PATH);
      if (list.status !== 200) throw listError(list.status, list.body);
      const items = (list.body as { items?: unknown[] } | null)?.items ?? [];
      let rv = resourceVersionOf(list.body);
      if (rv === null) throw new Error("cannot list the node Leases: the list has no resourceVersion");
      on.list(items.map(projectLease));
      on.state(true, null);
      failures = 0;
      while (!signal.aborted) {
        const path = `${LEASES_PATH}?watch=1&allowWatchBookmarks=true&timeoutSeconds=${WATCH_SECONDS}&resourceVersion=${rv}`;
        const status = await api.stream(
          path,
          (line) => {
            const ev = JSON.parse(line) as { type?: string; object?: unknown };
            if (ev.type === "ERROR") {
              const code = (ev.object as { code?: unknown } | null)?.code;
              throw code === 410 ? new Gone("gone") : new Error(`the Lease watch failed: ${line.slice(0, 200)}`);
            }
            if (!["ADDED", "MODIFIED", "DELETED", "BOOKMARK"].includes(ev.type ?? ""))
              throw new Error(`the Lease watch sent no event: ${line.slice(0, 200)}`);
            rv = resourceVersionOf(ev.object) ?? rv;
            if (ev.type === "BOOKMARK") return;
            const lease = projectLease(ev.object);
            if (typeof lease.name !== "string") throw new Error("the Lease watch sent a Lease without a name");
            if (ev.type === "DELETED") on.deleted(lease.name);
            else on.changed(lease);
          },
          { signal, idleMs: IDLE_MS },
        );
        if (status === 410) break;
        if (status !== 200 && !signal.aborted) throw new Error(`the Lease watch failed: HTTP ${status}`);
      }
    } catch (err) {
      if (signal.aborted) return;
      if (err instanceof Gone) continue;
      on.state(false, (err as Error).message);
      await wait(RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)] as number);
    }
  }
}
