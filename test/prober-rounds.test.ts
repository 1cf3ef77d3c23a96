/**
 * The prober's round logic (src/prober/rounds.ts), case by case: verdicts, the failure count,
 * refusals, void rounds under starvation, confirmation rounds, a lossy link (exactly and simulated),
 * a hard crash's detection time, and the evidence the tracks make.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ProberSettings } from "../src/config/prober-settings.js";
import { readSettings } from "../src/config/settings.js";
import { parseEvidence } from "../src/model/evidence.js";
import {
  applyRound,
  attemptsFor,
  evidenceOf,
  nextRoundAt,
  type RoundAnswer,
  type RoundOptions,
  roundLag,
  type Track,
} from "../src/prober/rounds.js";

const OPTS = { timeoutMs: 150, failures: 3, confirm: 5 };
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

describe("confirmation rounds", () => {
  const CONFIRM = { timeoutMs: 150, failures: 2, confirm: 5 };
  const silentRound = (tracks: Map<string, Track>, at: number, start = at, end = at + 150) =>
    applyRound(
      tracks,
      [{ node: "n", answer: "silent", rttMs: null }],
      { scheduledAt: at, startedAt: start, endedAt: end },
      CONFIRM,
    );

  test("a silent node is a suspect: the next round starts when this one ends and gives it `confirm` attempts", () => {
    const first = silentRound(new Map(), T0);
    assert.deepEqual(first.suspects, ["n"]);
    assert.equal(first.tracks.get("n")?.verdict, "up");
    assert.equal(attemptsFor(first.tracks, "n", CONFIRM), 5);
    assert.equal(attemptsFor(first.tracks, "other", CONFIRM), 1);
    assert.equal(nextRoundAt(first, { scheduledAt: T0, startedAt: T0, endedAt: T0 + 150 }, 200), T0 + 150);
    const second = silentRound(first.tracks, T0 + 150);
    assert.equal(second.tracks.get("n")?.verdict, "silent");
    assert.deepEqual(second.changed, ["n"]);
    // A verdict is no longer a suspect: back to one attempt on the regular schedule.
    assert.deepEqual(second.suspects, []);
    assert.equal(attemptsFor(second.tracks, "n", CONFIRM), 1);
    assert.equal(nextRoundAt(second, { scheduledAt: T0 + 150, startedAt: T0 + 150, endedAt: T0 + 300 }, 200), T0 + 350);
  });

  test("without a suspect the next round keeps the interval; a round that ran over starts the next when it ends", () => {
    const r = applyRound(
      new Map(),
      [{ node: "n", answer: "open", rttMs: 1 }],
      { scheduledAt: T0, startedAt: T0, endedAt: T0 + 2 },
      CONFIRM,
    );
    assert.deepEqual(r.suspects, []);
    assert.equal(nextRoundAt(r, { scheduledAt: T0, startedAt: T0 + 3, endedAt: T0 + 5 }, 200), T0 + 203);
    assert.equal(nextRoundAt(r, { scheduledAt: T0, startedAt: T0, endedAt: T0 + 250 }, 200), T0 + 250);
  });

  test("the starvation rule holds for a confirmation round: late after the round before, or attempts one after another", () => {
    const first = silentRound(new Map(), T0);
    const late = silentRound(first.tracks, T0 + 150, T0 + 150 + 76, T0 + 150 + 76 + 150);
    assert.ok(late.voided);
    assert.equal(late.tracks.get("n")?.silent, 1, "a void round changes nothing");
    assert.deepEqual(late.suspects, ["n"], "the suspect is still to be confirmed");
    // Five attempts in a row, each waiting its timeout: the round's end fires 600 ms late.
    const serial = silentRound(first.tracks, T0 + 150, T0 + 150, T0 + 150 + 5 * 150);
    assert.ok(serial.voided);
    assert.equal(serial.tracks.get("n")?.verdict, "up");
  });

  test("an answer in the confirmation round ends the suspicion", () => {
    const first = silentRound(new Map(), T0);
    const r = applyRound(
      first.tracks,
      [{ node: "n", answer: "open", rttMs: 1 }],
      { scheduledAt: T0 + 150, startedAt: T0 + 150, endedAt: T0 + 151 },
      CONFIRM,
    );
    assert.deepEqual(r.suspects, []);
    assert.equal(r.tracks.get("n")?.silent, 0);
    assert.deepEqual(r.changed, []);
  });
});

/** A deterministic pseudo-random source in [0, 1). */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

/**
 * Plays the prober's loop for one node with the real round logic: each round gives the node the
 * attempts the logic asks for, all at once; `answers(at)` says whether one attempt started at
 * `at` is answered. A round lasts 1 ms when every attempt answered and the timeout when any did not
 * (the attempts are waited for together). Returns the times of the `silent` verdicts and the rounds played.
 */
function playLoop(p: ProberSettings, rounds: number, answers: (at: number) => boolean) {
  const opts = { timeoutMs: p.timeoutMs, failures: p.failures, confirm: p.confirm };
  let tracks = new Map<string, Track>();
  let due = T0;
  const verdicts: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const startedAt = due;
    const n = attemptsFor(tracks, "n", opts);
    let answered = 0;
    for (let k = 0; k < n; k++) if (answers(startedAt)) answered++;
    const timing = { scheduledAt: due, startedAt, endedAt: startedAt + (answered === n ? 1 : p.timeoutMs) };
    const r = applyRound(tracks, [{ node: "n", answer: answered > 0 ? "open" : "silent", rttMs: null }], timing, opts);
    if (r.changed.includes("n") && r.tracks.get("n")?.verdict === "silent") verdicts.push(timing.startedAt);
    tracks = r.tracks;
    due = nextRoundAt(r, timing, p.intervalMs);
  }
  return { verdicts, tracks };
}

/**
 * The chance that a node whose attempts are each lost with probability `loss` gets a false
 * `silent` verdict, per round it starts at rest, exactly: the round logic is asked, step by step,
 * how many attempts the node gets; all of them must be lost.
 */
function falseVerdictChance(loss: number, opts: RoundOptions): number {
  let tracks = new Map<string, Track>();
  let chance = 1;
  for (let i = 0; i < 20; i++) {
    chance *= loss ** attemptsFor(tracks, "n", opts);
    const at = T0 + i * 150;
    tracks = applyRound(
      tracks,
      [{ node: "n", answer: "silent", rttMs: null }],
      { scheduledAt: at, startedAt: at, endedAt: at + opts.timeoutMs },
      opts,
    ).tracks;
    if (tracks.get("n")?.verdict === "silent") return chance;
  }
  throw new Error("twenty silent rounds and no verdict: silent confirmation rounds are not counted");
}

describe("a lossy link (2 % each way: a probe lost with p = 0.04)", () => {
  const DEFAULTS = readSettings({ EGRESS_HA_PROBER: "true" }).prober as ProberSettings;
  const LOSS = 0.04;
  const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;
  // Rounds start at least min(interval, timeout) apart: a confirmation round follows only a round
  // with a silent attempt, which lasted the timeout.
  const roundsIn30Days = (p: ProberSettings) => THIRTY_DAYS_MS / Math.min(p.intervalMs, p.timeoutMs);
  const perThirtyDays = (p: ProberSettings) => falseVerdictChance(LOSS, p) * roundsIn30Days(p);

  test("the defaults: fewer than one false verdict per 30 days, computed exactly from the round logic", () => {
    // 0.04^(1 + 5) = 4.1e-9 per round × 25.9 million rounds (one per 100 ms timeout) = 0.11 per 30 days.
    assert.ok(perThirtyDays(DEFAULTS) < 1, `${perThirtyDays(DEFAULTS)} per 30 days`);
    assert.ok(Math.abs(falseVerdictChance(LOSS, DEFAULTS) - LOSS ** 6) < 1e-15);
    // The bound is tight enough to refuse a weaker design.
    for (const confirm of [1, 2, 3, 4]) assert.ok(perThirtyDays({ ...DEFAULTS, confirm }) > 1, `confirm ${confirm}`);
  });

  test("simulated: the exact chance holds when each attempt is lost at random", () => {
    // At a loss high enough to see verdicts (0.25: 0.25^6 = 2.4e-4 per round), the count over
    // 200 000 rounds is within 5 standard deviations of the exact chance.
    const loss = 0.25;
    const rnd = random(11);
    const { verdicts } = playLoop(DEFAULTS, 200_000, () => rnd() >= loss);
    const expected = falseVerdictChance(loss, DEFAULTS) * 200_000;
    assert.ok(Math.abs(verdicts.length - expected) < 5 * Math.sqrt(expected), `${verdicts.length} vs ${expected}`);
  });

  test("simulated at 4 % loss: no false verdict in 300 000 rounds, where a single confirmation attempt gives hundreds", () => {
    const play = (p: ProberSettings) => {
      const rnd = random(5);
      return playLoop(p, 300_000, () => rnd() >= LOSS).verdicts.length;
    };
    assert.equal(play(DEFAULTS), 0);
    assert.ok(play({ ...DEFAULTS, confirm: 1 }) > 100);
  });

  test("a hard crash: a verdict (0..interval) + failures × timeout later, 200-600 ms with the defaults", () => {
    const rnd = random(3);
    for (let i = 0; i < 200; i++) {
      const crash = T0 + 1000 + Math.floor(rnd() * 1000);
      const { verdicts } = playLoop(DEFAULTS, 40, (at) => at < crash);
      const v = verdicts.find((t) => t >= crash);
      assert.ok(v !== undefined, "a verdict");
      // The verdict is applied when the confirmation round ends, one timeout after it starts.
      const detection = v + DEFAULTS.timeoutMs - crash;
      assert.ok(
        detection >= 2 * DEFAULTS.timeoutMs && detection <= DEFAULTS.intervalMs + 2 * DEFAULTS.timeoutMs,
        `${detection} ms`,
      );
    }
  });
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
