/**
 * The prober's shell: the round loop, the heartbeat, the evidence writes and the /metrics and
 * /healthz endpoint. Everything it decides is in rounds.ts (pure); this file only reads the
 * clock, the targets file and the network, and writes the heartbeat and the evidence.
 * - Rounds start every interval; a round that overruns delays the next, never doubles it. A
 *   round that leaves suspects is followed at once by a confirmation round (rounds.ts).
 * - The targets (pool nodes and their InternalIPs) are the hook's: it writes them to the shared
 *   directory whenever they change, so pool selection lives in one place. Re-read every second.
 * - The evidence is written at start (so it never holds an earlier prober's verdicts) and then
 *   only when a verdict changed; writes never block rounds (a change during a write is written
 *   right after it).
 * - The heartbeat (every 500 ms) says whether the evidence is current, and whether the Lease
 *   watch is; the hook stops trusting the evidence when it is stale or says it is not.
 * - With the Lease signal on, it watches the node Leases (lease-watch.ts) and, after each counted
 *   round, names the stale ones in the evidence (leases.ts): a stale gateway Lease runs the hook
 *   within a round, not on its next tick.
 */
import * as http from "node:http";
import type { Settings } from "../config/settings.js";
import { readOwnFile } from "../io/files.js";
import type { ApiClient } from "../io/kube-api.js";
import type { Logger } from "../io/log.js";
import { ensurePrivateDir } from "../io/private-dir.js";
import { probeRound } from "../io/probe.js";
import { replaceFile } from "../io/replace.js";
import {
  HEARTBEAT_FILE,
  type LeaseEvidence,
  type LeaseWatch,
  type ProbeTarget,
  parseTargets,
  TARGETS_FILE,
} from "../model/evidence.js";
import { ConditionLog } from "./conditions.js";
import { watchLeases } from "./lease-watch.js";
import { type Sighting, sameLeases, sightAll, sightLease, staleLeases } from "./leases.js";
import { ProberMetrics } from "./metrics.js";
import { EvidenceWriter } from "./publish.js";
import { applyRound, attemptsFor, evidenceOf, nextRoundAt, type Track } from "./rounds.js";

export interface ProberIO {
  api: ApiClient;
  log: Logger;
  podName: string;
  podUid: string | null;
  now?: () => number;
}

/** A prober that counted no round for this long says it is blind (heartbeat `blind`). */
export const blindAfterMs = (p: { intervalMs: number; timeoutMs: number }): number =>
  Math.max(2000, 3 * (p.intervalMs + p.timeoutMs));

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

export async function runProber(settings: Settings, io: ProberIO, signal: AbortSignal): Promise<void> {
  const p = settings.prober;
  const probe = settings.probe;
  if (!p || !probe) throw new Error("the prober needs EGRESS_HA_PROBER=true and the probe on");
  const now = io.now ?? Date.now;
  const { log } = io;
  const conditions = new ConditionLog(log, now);
  await ensurePrivateDir(p.dir);
  const metrics = new ProberMetrics();
  const writer = new EvidenceWriter(io.api, { namespace: p.namespace, name: io.podName, podUid: io.podUid });
  const round = { intervalMs: p.intervalMs, timeoutMs: p.timeoutMs, failures: p.failures, confirm: p.confirm };
  let tracks = new Map<string, Track>();
  let targets: ProbeTarget[] = [];
  let targetsText: string | null = null;
  let lastRound = now();
  let lastCounted = now();
  // The node Leases (with the Lease signal on): sightings by this process's clock, the stale ones
  // published with the verdicts.
  let sightings = new Map<string, Sighting>();
  let stale: LeaseEvidence[] = [];
  let leaseWatch: LeaseWatch = settings.leaseSignal ? "down" : "off";
  metrics.leaseWatch = settings.leaseSignal ? 0 : null;

  // Evidence writes: one at a time; `dirty` asks for one more with the newest tracks.
  let published = false;
  let writing: Promise<void> | null = null;
  let dirty = true;
  const publish = (): void => {
    if (writing) return;
    dirty = false;
    writing = writer
      .write(evidenceOf(tracks, stale, now(), round))
      .then(
        () => {
          metrics.writes.ok++;
          published = true;
          conditions.clear("prober:evidence");
        },
        (err: Error & { code?: string }) => {
          metrics.writes.failed++;
          published = false;
          dirty = true;
          conditions.report("prober:evidence", "error", `cannot write the probe evidence: ${err.message}`, {
            code: err.code ?? "EIO",
          });
        },
      )
      .finally(() => {
        writing = null;
        if (dirty && !signal.aborted) setTimeout(publish, published ? 0 : 1000);
      });
  };

  const server = http.createServer((req, res) => {
    if (req.url === "/metrics") {
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(metrics.render());
    } else if (req.url === "/healthz") {
      const ok = now() - lastRound < Math.max(3000, 10 * p.intervalMs);
      res.writeHead(ok ? 200 : 503).end(ok ? "ok\n" : "rounds stalled\n");
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(p.metricsPort, resolve));
  signal.addEventListener("abort", () => server.close(), { once: true });

  const readTargets = async (): Promise<void> => {
    try {
      const text = await readOwnFile(`${p.dir}/${TARGETS_FILE}`, 4 << 20);
      if (text !== null && text !== targetsText) {
        targets = parseTargets(text);
        targetsText = text;
        metrics.targets = targets.length;
      }
      conditions.clear("prober:targets");
    } catch (err) {
      conditions.report("prober:targets", "warn", `cannot read the probe targets: ${(err as Error).message}`);
    }
  };
  const beat = async (): Promise<void> => {
    const at = now();
    const current = published && !dirty;
    // Blind: no round counted lately (void under starvation, or stalled): its verdicts are not news.
    const blind = at - lastCounted > blindAfterMs(p);
    const line = JSON.stringify({
      at: new Date(at).toISOString(),
      published: current,
      leases: leaseWatch,
      blind,
      // All the hook script's tick gate reads: the evidence is current and this prober can see.
      ok: current && !blind && leaseWatch !== "down",
    });
    await replaceFile(`${p.dir}/${HEARTBEAT_FILE}`, `${line}\n`, "the prober heartbeat").then(
      () => conditions.clear("prober:heartbeat"),
      (err: Error) => conditions.report("prober:heartbeat", "error", `cannot write the heartbeat: ${err.message}`),
    );
  };

  log.info("prober started", {
    intervalMs: p.intervalMs,
    timeoutMs: p.timeoutMs,
    failures: p.failures,
    confirm: p.confirm,
  });
  publish();
  const leasesWatched = settings.leaseSignal
    ? watchLeases(
        io.api,
        {
          list: (leases) => {
            sightings = sightAll(sightings, leases, now());
          },
          changed: (lease) => {
            sightings = sightLease(sightings, lease, now());
          },
          deleted: (name) => {
            sightings = new Map(sightings);
            sightings.delete(name);
          },
          state: (up, why) => {
            leaseWatch = up ? "watching" : "down";
            metrics.leaseWatch = up ? 1 : 0;
            if (up) conditions.clear("prober:leases");
            else conditions.report("prober:leases", "error", `${why}; the hook times Leases on its tick meanwhile`);
          },
        },
        signal,
      )
    : Promise.resolve();
  /** After a counted round: the stale Leases, published when they changed. */
  const checkLeases = (): void => {
    if (leaseWatch !== "watching") return;
    const nowStale = staleLeases(sightings, settings.leaseStaleAfterSeconds, now());
    if (sameLeases(nowStale, stale)) return;
    log.info("stale node Leases changed", { leases: nowStale.map((l) => l.node) });
    stale = nowStale;
    metrics.staleLeases = stale.length;
    dirty = true;
    publish();
  };
  let scheduled = now();
  let nextTargets = scheduled;
  let nextBeat = scheduled;
  while (!signal.aborted) {
    await sleep(scheduled - now());
    if (scheduled >= nextTargets) {
      await readTargets();
      nextTargets = scheduled + 1000;
    }
    if (scheduled >= nextBeat) {
      await beat();
      nextBeat = Math.max(nextBeat + 500, scheduled);
    }
    const startedAt = now();
    const answers = await probeRound(
      targets,
      { ports: probe.ports, timeoutMs: p.timeoutMs, mode: probe.mode },
      (node) => attemptsFor(tracks, node, round),
      now,
    );
    const timing = { scheduledAt: scheduled, startedAt, endedAt: now() };
    const r = applyRound(tracks, answers, timing, round);
    lastRound = now();
    metrics.lag.observe(r.lagMs / 1000);
    if (r.voided) {
      metrics.rounds.voided++;
      conditions.report("prober:starved", "warn", "probe rounds void: the prober runs late", { lagMs: r.lagMs });
    } else {
      conditions.clear("prober:starved");
      metrics.rounds.counted++;
      lastCounted = now();
      for (const a of answers) if (a.rttMs !== null) metrics.rtt.observe(a.rttMs / 1000);
      tracks = r.tracks;
      metrics.verdicts = { up: 0, silent: 0, refused: 0 };
      for (const t of tracks.values()) metrics.verdicts[t.verdict] = (metrics.verdicts[t.verdict] ?? 0) + 1;
      if (r.changed.length > 0) {
        log.info("probe verdicts changed", { nodes: r.changed.map((n) => `${n}=${tracks.get(n)?.verdict ?? "gone"}`) });
        dirty = true;
        publish();
      }
      checkLeases();
    }
    // A suspect: the confirmation round starts now; else one interval after this round's start.
    scheduled = nextRoundAt(r, timing, p.intervalMs);
  }
  await Promise.all([writing, leasesWatched]);
}
