/**
 * The prober's Lease view: its sightings and stale list (src/prober/leases.ts, pure), the rule it
 * shares with the hook, its list-and-watch loop (src/prober/lease-watch.ts) against a scripted API,
 * and the client's streaming GET (src/io/kube-api.ts) against a real HTTP server on loopback.
 */
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, test } from "node:test";
import { Clock } from "../src/engine/clock.js";
import { readLeaseSignal } from "../src/engine/lease-signal.js";
import { type ApiClient, inClusterClient } from "../src/io/kube-api.js";
import type { LeaseObject } from "../src/model/objects.js";
import { LEASES_PATH, watchLeases } from "../src/prober/lease-watch.js";
import { type Sighting, sameLeases, sightAll, sightLease, staleLeases } from "../src/prober/leases.js";

const T0 = Date.parse("2026-12-01T00:00:00Z");
const lease = (name: string, renewTime: string | null, durationSeconds: number | null = 40): LeaseObject => ({
  name,
  renewTime,
  durationSeconds,
});
const R1 = "2026-12-01T00:00:00.000000Z";
const R2 = "2026-12-01T00:00:10.000000Z";

describe("sightings", () => {
  test("kept while the renewTime stays, new when it changes, dropped without one", () => {
    let s: Map<string, Sighting> = sightLease(new Map(), lease("a", R1), T0);
    s = sightLease(s, lease("a", R1), T0 + 5000);
    assert.equal(s.get("a")?.seenAt, T0, "the same renewal is not seen again");
    s = sightLease(s, lease("a", R2), T0 + 9000);
    assert.equal(s.get("a")?.seenAt, T0 + 9000);
    s = sightLease(s, lease("a", null), T0 + 9500);
    assert.equal(s.has("a"), false);
  });

  test("a relist keeps unchanged sightings and forgets Leases no longer listed", () => {
    const before = sightAll(new Map(), [lease("a", R1), lease("b", R1)], T0);
    const after = sightAll(before, [lease("a", R1), lease("c", R2)], T0 + 30_000);
    assert.deepEqual([...after.keys()].sort(), ["a", "c"]);
    assert.equal(after.get("a")?.seenAt, T0, "a reconnect is no renewal");
    assert.equal(after.get("c")?.seenAt, T0 + 30_000);
  });
});

describe("stale Leases", () => {
  const cases: { name: string; ageMs: number; staleAfter: number | null; duration: number | null; stale: boolean }[] = [
    {
      name: "auto threshold (0.4 × 40 s = 16 s): 16.9 s is not over it",
      ageMs: 16_900,
      staleAfter: null,
      duration: 40,
      stale: false,
    },
    { name: "auto threshold: 17 s is", ageMs: 17_000, staleAfter: null, duration: 40, stale: true },
    { name: "no duration: the kubelet's 40 s", ageMs: 17_000, staleAfter: null, duration: null, stale: true },
    { name: "a 10 s Lease: at least 5 s", ageMs: 5_999, staleAfter: null, duration: 10, stale: false },
    { name: "a 10 s Lease: 6 s", ageMs: 6_000, staleAfter: null, duration: 10, stale: true },
    { name: "explicit 20 s: 20.5 s is not over it", ageMs: 20_500, staleAfter: 20, duration: 40, stale: false },
    { name: "explicit 20 s: 21 s", ageMs: 21_000, staleAfter: 20, duration: 40, stale: true },
  ];
  for (const c of cases)
    test(c.name, () => {
      const s = sightLease(new Map(), lease("gw", R1, c.duration), T0);
      const out = staleLeases(s, c.staleAfter, T0 + c.ageMs);
      assert.deepEqual(out, c.stale ? [{ node: "gw", renewTime: R1, seenAt: new Date(T0).toISOString() }] : []);
    });

  test("whatever the prober finds stale, the hook finds stale from the same sighting at any later time", () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let checked = 0;
    for (let i = 0; i < 2000; i++) {
      const duration = [null, 10, 40, 60][Math.floor(rnd() * 4)] as number | null;
      const staleAfter = rnd() < 0.5 ? null : 15 + Math.floor(rnd() * 30);
      const proberAt = T0 + Math.floor(rnd() * 60_000);
      const hookAt = proberAt + Math.floor(rnd() * 2000);
      const s = sightLease(new Map(), lease("gw", R1, duration), T0);
      if (staleLeases(s, staleAfter, proberAt).length === 0) continue;
      checked++;
      const seen = { gw: { renewTime: R1, seenAt: new Date(T0).toISOString() } };
      const reading = readLeaseSignal(
        [lease("gw", R1, duration), lease("x", R2), lease("y", R2)],
        { staleAfterSeconds: staleAfter },
        new Clock(hookAt),
        {
          ...seen,
          x: { renewTime: R2, seenAt: new Date(hookAt).toISOString() },
          y: { renewTime: R2, seenAt: new Date(hookAt).toISOString() },
        },
      );
      assert.equal(reading.verdicts?.get("gw")?.code, "lease-stale", `case ${i}: ${duration} ${staleAfter}`);
    }
    assert.ok(checked > 500, `only ${checked} stale cases drawn`);
  });

  test("the stale list compares by node and renewal", () => {
    const a = [{ node: "a", renewTime: R1, seenAt: "x" }];
    assert.ok(sameLeases(a, [{ node: "a", renewTime: R1, seenAt: "y" }]));
    assert.ok(!sameLeases(a, [{ node: "a", renewTime: R2, seenAt: "x" }]));
    assert.ok(!sameLeases(a, []));
  });
});

/** An API that answers the Lease list from `lists` in turn and streams the scripted watch answers. */
function scriptedApi(
  lists: { status: number; rv: string; items: unknown[] }[],
  watches: { status: number; lines: unknown[] }[],
): ApiClient & { paths: string[] } {
  const paths: string[] = [];
  return {
    paths,
    async request(_m, path) {
      paths.push(path);
      const l = lists.shift() ?? { status: 503, rv: "", items: [] };
      return {
        status: l.status,
        body: { metadata: { resourceVersion: l.rv }, items: l.items, message: "unavailable" },
      };
    },
    async stream(path, onLine, opts) {
      paths.push(path);
      const w = watches.shift();
      if (!w) {
        // Nothing more scripted: hold the watch open until the test stops it.
        await new Promise<void>((r) => opts.signal.addEventListener("abort", () => r(), { once: true }));
        return 0;
      }
      for (const line of w.lines) onLine(JSON.stringify(line));
      return w.status;
    },
  };
}

const obj = (name: string, renewTime: string, rv: string) => ({
  metadata: { name, resourceVersion: rv },
  spec: { renewTime, leaseDurationSeconds: 40 },
});

test("the watch lists, follows changes from the list's version, relists after 410, and says when it is down", async () => {
  const api = scriptedApi(
    [
      { status: 503, rv: "", items: [] },
      { status: 200, rv: "10", items: [obj("a", R1, "9"), obj("b", R1, "8")] },
      { status: 200, rv: "30", items: [obj("a", R2, "25")] },
    ],
    [
      {
        status: 200,
        lines: [
          { type: "MODIFIED", object: obj("a", R2, "11") },
          { type: "BOOKMARK", object: { metadata: { resourceVersion: "15" } } },
        ],
      },
      {
        status: 200,
        lines: [
          { type: "DELETED", object: obj("b", R1, "16") },
          { type: "ERROR", object: { code: 410 } },
        ],
      },
    ],
  );
  const seen: string[] = [];
  const stop = new AbortController();
  const done = watchLeases(
    api,
    {
      list: (ls) => seen.push(`list ${ls.map((l) => `${l.name}@${l.renewTime}`).join(",")}`),
      changed: (l) => seen.push(`changed ${l.name}@${l.renewTime}`),
      deleted: (n) => seen.push(`deleted ${n}`),
      state: (up, why) => seen.push(up ? "up" : `down: ${why}`),
    },
    stop.signal,
  );
  const deadline = Date.now() + 5000;
  while (!seen.includes(`list a@${R2}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  stop.abort();
  await done;
  assert.deepEqual(seen, [
    "down: cannot list the node Leases: HTTP 503: unavailable",
    `list a@${R1},b@${R1}`,
    "up",
    `changed a@${R2}`,
    "deleted b",
    `list a@${R2}`,
    "up",
  ]);
  const watchPaths = api.paths.filter((p) => p.includes("watch=1"));
  assert.match(watchPaths[0] ?? "", /resourceVersion=10$/, "the first watch starts at the list's version");
  assert.match(watchPaths[1] ?? "", /resourceVersion=15$/, "the next from the last event or bookmark");
  assert.match(watchPaths[2] ?? "", /resourceVersion=30$/, "after 410, from the new list");
  assert.ok(api.paths.every((p) => p.startsWith(LEASES_PATH)));
});

describe("the client's streaming GET", () => {
  async function serve(handler: http.RequestListener): Promise<{ url: string; close: () => void }> {
    const server = http.createServer(handler);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => {
        server.closeAllConnections();
        server.close();
      },
    };
  }
  const client = (url: string) =>
    inClusterClient({ EGRESS_HA_PROBER_API: url, EGRESS_HA_PROBER_SERVICEACCOUNT: "/nonexistent" });

  test("lines split across chunks arrive whole, and the status comes back", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200);
      res.write('{"n":1}\n{"n"');
      setTimeout(() => res.end(':2}\n{"n":3}'), 30);
    });
    try {
      const lines: string[] = [];
      const status = await client(s.url).stream("/w", (l) => lines.push(l), {
        signal: new AbortController().signal,
        idleMs: 2000,
      });
      assert.equal(status, 200);
      assert.deepEqual(lines, ['{"n":1}', '{"n":2}', '{"n":3}']);
    } finally {
      s.close();
    }
  });

  test("a quiet connection is given up after idleMs; an abort ends it quietly; a refused line ends it", async () => {
    const s = await serve((req, res) => {
      res.writeHead(200);
      if (req.url === "/bad") res.write("not json\n");
      // otherwise: headers, then nothing
    });
    try {
      const started = Date.now();
      await assert.rejects(
        client(s.url).stream("/quiet", () => {}, { signal: new AbortController().signal, idleMs: 200 }),
        /nothing received for 200 ms/,
      );
      assert.ok(Date.now() - started < 2000);
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 100);
      assert.equal(await client(s.url).stream("/quiet", () => {}, { signal: stop.signal, idleMs: 5000 }), 0);
      await assert.rejects(
        client(s.url).stream("/bad", (l) => JSON.parse(l), { signal: new AbortController().signal, idleMs: 5000 }),
        SyntaxError,
      );
    } finally {
      s.close();
    }
  });
});
