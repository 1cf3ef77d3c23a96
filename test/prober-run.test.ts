/**
 * The prober's shell (src/prober/run.ts) in-process, on loopback, with a fake API: it writes its
 * evidence at start and when a verdict changes, never at rest; it beats its heartbeat; it serves
 * its metrics and health. And the evidence writer's create / replace / conflict path.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import type { ApiClient, ApiResponse } from "../src/io/kube-api.js";
import { createLogger } from "../src/io/log.js";
import { type Evidence, parseHeartbeat, serializeTargets } from "../src/model/evidence.js";
import { LEASES_PATH } from "../src/prober/lease-watch.js";
import { EvidenceWriter } from "../src/prober/publish.js";
import { runProber } from "../src/prober/run.js";

/**
 * An API holding one evidence object, recording every call on it; it lists `leases` and streams
 * the Lease events pushed with `emit` until the prober stops.
 */
function fakeApi(): ApiClient & {
  calls: string[];
  object: Record<string, unknown> | null;
  leases: unknown[];
  emit: (event: unknown) => void;
} {
  let rv = 0;
  let listener: ((line: string) => void) | null = null;
  const api = {
    calls: [] as string[],
    object: null as Record<string, unknown> | null,
    leases: [] as unknown[],
    emit: (event: unknown) => listener?.(JSON.stringify(event)),
    async stream(_path: string, onLine: (line: string) => void, opts: { signal: AbortSignal }): Promise<number> {
      listener = onLine;
      await new Promise<void>((r) => opts.signal.addEventListener("abort", () => r(), { once: true }));
      return 0;
    },
    async request(method: string, path: string, body?: unknown): Promise<ApiResponse> {
      if (path.startsWith(LEASES_PATH))
        return { status: 200, body: { metadata: { resourceVersion: "1" }, items: api.leases } };
      api.calls.push(method);
      const o = body as { metadata: { resourceVersion?: string } } | undefined;
      if (method === "GET") return api.object ? { status: 200, body: api.object } : { status: 404, body: {} };
      if (method === "POST") {
        if (api.object) return { status: 409, body: {} };
        api.object = { ...(body as object), metadata: { ...o?.metadata, resourceVersion: String(++rv) } };
        return { status: 201, body: api.object };
      }
      const current = (api.object?.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
      if (!api.object) return { status: 404, body: {} };
      if (o?.metadata.resourceVersion !== current) return { status: 409, body: {} };
      api.object = { ...(body as object), metadata: { ...o?.metadata, resourceVersion: String(++rv) } };
      return { status: 200, body: api.object };
    },
  };
  return api;
}

const spec = (n: number): Evidence => ({
  changed: new Date(n).toISOString(),
  intervalMs: 100,
  timeoutMs: 150,
  failures: 3,
  nodes: [],
  leases: [],
});

test("the writer creates, then replaces with the resourceVersion it saw, and rereads after a conflict", async () => {
  const api = fakeApi();
  const w = new EvidenceWriter(api, { namespace: "ns", name: "pod-a", podUid: "u1" });
  await w.write(spec(1));
  await w.write(spec(2));
  assert.deepEqual(api.calls, ["GET", "POST", "PUT"]);
  // Someone else wrote meanwhile: the replace conflicts, the writer reads and replaces again.
  (api.object?.metadata as { resourceVersion: string }).resourceVersion = "99";
  await w.write(spec(3));
  assert.deepEqual(api.calls.slice(3), ["PUT", "GET", "PUT"]);
  const meta = api.object?.metadata as { labels: Record<string, string>; ownerReferences: { uid: string }[] };
  assert.equal(meta.labels["cilium-egress-ha.io/evidence"], "probe");
  assert.equal(meta.ownerReferences[0]?.uid, "u1");
});

test("the prober writes at start and on a verdict change only, and beats its heartbeat", {
  timeout: 20_000,
}, async () => {
  const dir = await mkdtemp(join(tmpdir(), "prober-"));
  const server = net.createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  const metricsPort = 20000 + Math.floor(Math.random() * 20000);
  const settings = readSettings({
    EGRESS_HA_PROBER: "true",
    EGRESS_HA_PROBE_PORTS: String(port),
    EGRESS_HA_PROBER_DIR: join(dir, "p"),
    EGRESS_HA_PROBER_METRICS_PORT: String(metricsPort),
    EGRESS_HA_PROBER_INTERVAL: "50ms",
    EGRESS_HA_PROBER_TIMEOUT: "100ms",
  });
  const api = fakeApi();
  const lines: string[] = [];
  const stop = new AbortController();
  const running = runProber(
    settings,
    { api, log: createLogger((l) => lines.push(l), "info"), podName: "pod-a", podUid: null },
    stop.signal,
  );
  try {
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(api.calls, ["GET", "POST"], "one write at start");
    // open on 127.0.0.1, refused on 127.0.0.2 (nothing listens there on that port)
    await writeFile(
      join(dir, "p", "targets.json"),
      serializeTargets([
        { node: "open", address: "127.0.0.1" },
        { node: "refusing", address: "127.0.0.2" },
      ]),
    );
    await new Promise((r) => setTimeout(r, 1800));
    const writes = api.calls.filter((c) => c !== "GET").length;
    assert.equal(writes, 2, `start + the refusal: ${api.calls}`);
    const nodes = (api.object?.spec as Evidence | undefined)?.nodes ?? [];
    assert.deepEqual(
      nodes.map((n) => [n.node, n.verdict]),
      [["refusing", "refused"]],
    );
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(api.calls.filter((c) => c !== "GET").length, 2, "no write at rest");
    const beat = parseHeartbeat(await readFile(join(dir, "p", "heartbeat.json"), "utf8"));
    assert.ok(beat?.published);
    assert.equal(beat?.blind, false);
    assert.match(await readFile(join(dir, "p", "heartbeat.json"), "utf8"), /"ok":true/, "what the tick gate reads");
    assert.ok(Date.now() - Date.parse(beat.at) < 1500);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    assert.match(metrics, /cilium_egress_ha_prober_rounds_total\{result="counted"\} [1-9]/);
    assert.match(metrics, /cilium_egress_ha_prober_rtt_seconds_count [1-9]/);
    assert.match(metrics, /cilium_egress_ha_prober_nodes\{verdict="refused"\} 1/);
    assert.equal((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status, 200);
  } finally {
    stop.abort();
    await running;
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
  for (const l of lines) {
    const o = JSON.parse(l) as { level: string; condition?: string; code?: string };
    if (o.level === "warn" || o.level === "error") assert.ok(o.condition ?? o.code, l);
  }
});

test("a gateway Lease that stops renewing is named stale within a round of its threshold, once; its renewal clears it", {
  timeout: 20_000,
}, async () => {
  const dir = await mkdtemp(join(tmpdir(), "prober-"));
  const metricsPort = 20000 + Math.floor(Math.random() * 20000);
  const settings = readSettings({
    EGRESS_HA_PROBER: "true",
    EGRESS_HA_PROBER_DIR: join(dir, "p"),
    EGRESS_HA_PROBER_METRICS_PORT: String(metricsPort),
    EGRESS_HA_PROBER_INTERVAL: "50ms",
    EGRESS_HA_PROBER_TIMEOUT: "100ms",
    EGRESS_HA_LEASE_STALE_AFTER: "15s",
  });
  const api = fakeApi();
  const lease = (name: string, renewTime: string, rv: string) => ({
    metadata: { name, resourceVersion: rv },
    spec: { renewTime, leaseDurationSeconds: 40 },
  });
  api.leases = [lease("gw", "2026-12-01T00:00:00.000000Z", "1"), lease("other", "2026-12-01T00:00:00.000000Z", "1")];
  // The prober's clock, moved on by the test: the Leases age without waiting for them.
  let offset = 0;
  const now = () => Date.now() + offset;
  const stop = new AbortController();
  const lines: string[] = [];
  const running = runProber(
    settings,
    { api, log: createLogger((l) => lines.push(l), "info"), podName: "pod-a", podUid: null, now },
    stop.signal,
  );
  const until = async (what: string, ok: () => boolean) => {
    const deadline = Date.now() + 5000;
    while (!ok()) {
      if (Date.now() > deadline) assert.fail(`${what}: ${api.calls} ${lines.join("")}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const staleNow = () => ((api.object?.spec as Evidence | undefined)?.leases ?? []).map((l) => l.node);
  const writes = () => api.calls.filter((c) => c !== "GET").length;
  try {
    await until("the first write", () => writes() === 1);
    const beat = async () => parseHeartbeat(await readFile(join(dir, "p", "heartbeat.json"), "utf8").catch(() => ""));
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal((await beat())?.leases, "watching");
    // 14 s on: "other" renews, "gw" does not. Not stale yet.
    offset = 14_000;
    api.emit({ type: "MODIFIED", object: lease("other", "2026-12-01T00:00:14.000000Z", "2") });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(writes(), 1, "nothing stale yet: no write");
    // 16 s on: gw's age is 16 s, over 15 s: one write naming it.
    offset = 16_000;
    await until("gw named stale", () => staleNow().includes("gw"));
    assert.deepEqual(staleNow(), ["gw"]);
    assert.equal(writes(), 2);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(writes(), 2, "no write while it stays stale");
    // gw renews: one write that clears it.
    api.emit({ type: "MODIFIED", object: lease("gw", "2026-12-01T00:00:16.000000Z", "3") });
    await until("gw cleared", () => staleNow().length === 0);
    assert.equal(writes(), 3);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    assert.match(metrics, /cilium_egress_ha_prober_lease_watch 1/);
    assert.match(metrics, /cilium_egress_ha_prober_stale_leases 0/);
  } finally {
    stop.abort();
    await running;
    await rm(dir, { recursive: true, force: true });
  }
});

test("a silent node: its confirmation attempts go out at once, the verdict follows, the heartbeat beats every 500 ms", {
  timeout: 20_000,
}, async () => {
  const dir = await mkdtemp(join(tmpdir(), "prober-"));
  const arrivals: number[] = [];
  const sockets: net.Socket[] = [];
  // Accepts and never answers: silent in http mode.
  const quiet = net.createServer((s) => {
    arrivals.push(Date.now());
    sockets.push(s);
  });
  await new Promise<void>((r) => quiet.listen(0, "127.0.0.1", r));
  const settings = readSettings({
    EGRESS_HA_PROBER: "true",
    EGRESS_HA_PROBE_MODE: "http",
    EGRESS_HA_PROBE_PORTS: String((quiet.address() as net.AddressInfo).port),
    EGRESS_HA_PROBER_DIR: join(dir, "p"),
    EGRESS_HA_PROBER_METRICS_PORT: String(20000 + Math.floor(Math.random() * 20000)),
  });
  const api = fakeApi();
  const stop = new AbortController();
  const running = runProber(
    settings,
    { api, log: createLogger(() => undefined, "info"), podName: "pod-a", podUid: null },
    stop.signal,
  );
  const verdictOf = () => ((api.object?.spec as Evidence | undefined)?.nodes ?? []).find((n) => n.node === "dead");
  try {
    await new Promise((r) => setTimeout(r, 200));
    await writeFile(join(dir, "p", "targets.json"), serializeTargets([{ node: "dead", address: "127.0.0.1" }]));
    const beats = new Set<string>();
    for (let i = 0; i < 40 && verdictOf()?.verdict !== "silent"; i++) {
      beats.add((await readFile(join(dir, "p", "heartbeat.json"), "utf8").catch(() => "")).trim());
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(verdictOf()?.verdict, "silent");
    assert.equal(verdictOf()?.failures, 2, "the first silent round and its confirmation");
    // The confirmation round: five connections within a few milliseconds of each other.
    const burst = arrivals.some((t) => arrivals.filter((u) => u >= t && u - t < 60).length >= 5);
    assert.ok(burst, `arrivals ${arrivals.map((t) => t - (arrivals[0] ?? 0))}`);
    for (let i = 0; i < 12; i++) {
      beats.add((await readFile(join(dir, "p", "heartbeat.json"), "utf8")).trim());
      await new Promise((r) => setTimeout(r, 100));
    }
    beats.delete("");
    // Sampled over about 1.7 s from the prober's start: 4 beats at least, where one a second gives 2.
    assert.ok(beats.size >= 4, `${beats.size} heartbeats`);
  } finally {
    stop.abort();
    await running;
    for (const s of sockets) s.destroy();
    quiet.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("a starved prober (every round void) says it is blind, and the tick gate's ok goes false", {
  timeout: 20_000,
}, async () => {
  const dir = await mkdtemp(join(tmpdir(), "prober-"));
  const settings = readSettings({
    EGRESS_HA_PROBER: "true",
    EGRESS_HA_PROBER_DIR: join(dir, "p"),
    EGRESS_HA_PROBER_METRICS_PORT: String(20000 + Math.floor(Math.random() * 20000)),
    EGRESS_HA_PROBER_INTERVAL: "50ms",
    EGRESS_HA_PROBER_TIMEOUT: "100ms",
    EGRESS_HA_LEASE_SIGNAL: "false",
  });
  // Every read of the clock is 200 ms later than the one before: each round's timers run late.
  let skew = 0;
  const now = () => {
    skew += 200;
    return Date.now() + skew;
  };
  const lines: string[] = [];
  const stop = new AbortController();
  const running = runProber(
    settings,
    { api: fakeApi(), log: createLogger((l) => lines.push(l), "info"), podName: "pod-a", podUid: null, now },
    stop.signal,
  );
  try {
    const read = async () => parseHeartbeat(await readFile(join(dir, "p", "heartbeat.json"), "utf8").catch(() => ""));
    const deadline = Date.now() + 10_000;
    while (!(await read())?.blind) {
      assert.ok(Date.now() < deadline, "the heartbeat never said blind");
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(await readFile(join(dir, "p", "heartbeat.json"), "utf8"), /"ok":false/);
    // Every round was void, and the log said so once (a lasting warning), not once a round.
    const starved = lines.filter((l) => l.includes('"condition":"prober:starved"'));
    assert.equal(starved.length, 1, starved.join(""));
  } finally {
    stop.abort();
    await running;
    await rm(dir, { recursive: true, force: true });
  }
});
