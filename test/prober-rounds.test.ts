/**
 * The prober's round logic (src/prober/rounds.ts), case by case: verdicts, the failure count,
 * refusals, void rounds under starvation, a lossy link, and the evidence the tracks make.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseEvidence } from "../src/model/evidence.js";
import { applyRound, evidenceOf, type RoundAnswer, roundLag, type Track } from "../src/prober/rounds.js";

const OPTS = { timeoutMs: 150, failures: 3 };
const T0 = Date.parse("2026-12-01T00:00:00Z");
type A = RoundAnswer["answer"];

/** Plays rounds of answers (one letter per node: o open, r refused, s silent), 100 ms apart, on time. */
function play(nodes: string[], rounds: string[], start = new Map<string, Track>()) {
  let tracks = start;
  const changes: string[][] = [];
  rounds.forEach((letters, i) => {
    const at = T0 + i * 100;
    const answers = nodes.map((node, j) => {
      const answer = ({ o: "open", r: "refused", s: "silent" } as Record<string, A>)[letters[j] as string] as A;
      return { node, answer, rttMs: answer === "silent" ? null : 1 };
    });
    const r = applyRound(tracks, answers, { scheduledAt: at, startedAt: at, endedAt: at + 5 }, OPTS);
    assert.equal(r.voided, false);
    tracks = r.tracks;
    changes.push(r.changed);
  });
  return { tracks, changes };
}

describe("verdicts", () => {
  const cases: { name: string; rounds: string[]; verdict: string; changes: string[][] }[] = [
    { name: "answers stay up, no change", rounds: ["o", "o", "o"], verdict: "up", changes: [[], [], []] },
    { name: "two silent rounds are below the count", rounds: ["s", "s", "o"], verdict: "up", changes: [[], [], []] },
    {
      name: "three silent rounds make it silent",
      rounds: ["s", "s", "s"],
      verdict: "silent",
      changes: [[], [], ["n"]],
    },
    { name: "any answer ends a silence", rounds: ["s", "s", "s", "o"], verdict: "up", changes: [[], [], ["n"], ["n"]] },
    { name: "a refusal is a verdict at once", rounds: ["r"], verdict: "refused", changes: [["n"]] },
    {
      name: "silence after a refusal keeps it refused below the count",
      rounds: ["r", "s", "s"],
      verdict: "refused",
      changes: [["n"], [], []],
    },
    {
      name: "a slow answer is an answer",
      rounds: ["s", "s", "o", "s", "s", "o"],
      verdict: "up",
      changes: [[], [], [], [], [], []],
    },
  ];
  for (const c of cases)
    test(c.name, () => {
      const { tracks, changes } = play(["n"], c.rounds);
      assert.equal(tracks.get("n")?.verdict, c.verdict);
      assert.deepEqual(changes, c.changes);
    });

  test("a silence starts at its first silent round, and is remembered once it ends", () => {
    const { tracks } = play(["n"], ["o", "s", "s", "s", "s", "o"]);
    const t = tracks.get("n") as Track;
    assert.equal(t.lastSilence, T0 + 400);
    const silent = play(["n"], ["o", "s", "s", "s"]).tracks.get("n") as Track;
    assert.equal(silent.silentSince, T0 + 100);
  });

  test("a node no longer probed is dropped; a change only when it was not up", () => {
    const { tracks } = play(["a", "b"], ["os", "os", "os"]);
    const r = applyRound(tracks, [], { scheduledAt: T0 + 300, startedAt: T0 + 300, endedAt: T0 + 300 }, OPTS);
    assert.deepEqual(r.changed, ["b"]);
    assert.equal(r.tracks.size, 0);
  });
});

describe("starvation", () => {
  const cases: { name: string; start: number; end: number; lag: number; voided: boolean }[] = [
    { name: "on time", start: 0, end: 150, lag: 0, voided: false },
    { name: "late start within half the timeout", start: 75, end: 80, lag: 75, voided: false },
    { name: "late start past half the timeout", start: 76, end: 80, lag: 76, voided: true },
    { name: "a timeout that fired late", start: 0, end: 300, lag: 150, voided: true },
    { name: "a timeout a little late", start: 0, end: 200, lag: 50, voided: false },
  ];
  for (const c of cases)
    test(c.name, () => {
      const timing = { scheduledAt: T0, startedAt: T0 + c.start, endedAt: T0 + c.end };
      assert.equal(roundLag(timing, OPTS.timeoutMs), c.lag);
      const before = play(["n"], ["s", "s"]).tracks;
      const r = applyRound(before, [{ node: "n", answer: "silent", rttMs: null }], timing, OPTS);
      assert.equal(r.voided, c.voided);
      // A void round never counts a silence: the node stays up.
      assert.equal(r.tracks.get("n")?.verdict, c.voided ? "up" : "silent");
    });

  test("a starved prober (every round late) never turns a verdict", () => {
    let tracks = new Map<string, Track>();
    for (let i = 0; i < 50; i++) {
      const at = T0 + i * 1000;
      const r = applyRound(
        tracks,
        [{ node: "n", answer: "silent", rttMs: null }],
        { scheduledAt: at, startedAt: at + 900, endedAt: at + 1050 },
        OPTS,
      );
      assert.ok(r.voided);
      tracks = r.tracks;
    }
    assert.equal(tracks.get("n"), undefined);
  });
});

test("a link losing 2 % of probes at random turns no verdict in 100 000 rounds", () => {
  // Deterministic pseudo-random loss: a verdict needs three losses in a row (p = 8e-6 per round).
  let seed = 7;
  const lost = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31 < 0.02;
  };
  let tracks = new Map<string, Track>();
  let changes = 0;
  for (let i = 0; i < 100_000; i++) {
    const at = T0 + i * 100;
    const r = applyRound(
      tracks,
      [{ node: "n", answer: lost() ? "silent" : "open", rttMs: 1 }],
      { scheduledAt: at, startedAt: at, endedAt: at + 2 },
      OPTS,
    );
    tracks = r.tracks;
    changes += r.changed.length;
  }
  assert.equal(changes, 0);
});

test("the evidence lists the nodes with something to say, and parses back", () => {
  const { tracks } = play(["a", "b", "c", "d"], ["oorr", "osso", "osso", "osso", "ooso"]);
  const ev = evidenceOf(tracks, [], T0 + 500, { intervalMs: 100, timeoutMs: 150, failures: 3 });
  assert.deepEqual(ev.nodes, [
    {
      node: "b",
      verdict: "up",
      since: null,
      failures: 0,
      lastSilence: new Date(T0 + 300).toISOString(),
      lastRefusal: null,
    },
    {
      node: "c",
      verdict: "silent",
      since: new Date(T0 + 100).toISOString(),
      failures: 4,
      lastSilence: new Date(T0 + 400).toISOString(),
      lastRefusal: new Date(T0).toISOString(),
    },
    { node: "d", verdict: "up", since: null, failures: 0, lastSilence: null, lastRefusal: new Date(T0).toISOString() },
  ]);
  assert.deepEqual(parseEvidence(JSON.parse(JSON.stringify(ev))), ev);
  assert.throws(() => parseEvidence({ ...ev, nodes: [{ node: "x", verdict: "gone" }] }), /verdict/);
});
