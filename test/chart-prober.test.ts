/**
 * The chart's prober (on by default, `prober.enabled`): a native sidecar from Kubernetes 1.29 (a
 * plain container before), hardened like shell-operator's, its evidence kind and Role, the tick
 * (the same), and `prober.enabled=false` rolling everything back to the probe on the 1 s tick.
 */

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readSettings } from "../src/config/settings.js";
import {
  all,
  envOf,
  FULLNAME,
  HELM,
  HELM_MISSING,
  type K8sObject,
  NAMESPACE,
  render as renderChart,
} from "./support/helm.js";

/** Renders with the prober on (the default, set again so a test cannot lose it), under the test's own values. */
const render = (values: Record<string, unknown> = {}, opts?: Parameters<typeof renderChart>[1]): K8sObject[] =>
  renderChart(
    { ...values, prober: { enabled: true, ...((values.prober as Record<string, unknown> | undefined) ?? {}) } },
    opts,
  );

const spec = (objects: K8sObject[]) =>
  (objects.find((o) => o.kind === "Deployment") as unknown as { spec: { template: { spec: Record<string, unknown> } } })
    .spec.template.spec;
type Container = {
  name: string;
  restartPolicy?: string;
  securityContext?: unknown;
  env?: { name: string; value?: string }[];
};
const named = (list: unknown, name: string) => ((list ?? []) as Container[]).find((c) => c.name === name);

describe("the prober in the chart", { skip: HELM ? false : HELM_MISSING }, () => {
  test("a native sidecar on Kubernetes >= 1.29, a plain container on 1.28", () => {
    const on129 = spec(render({}, { extraArgs: ["--kube-version", "1.29.0"] }));
    assert.equal(named(on129.initContainers, "prober")?.restartPolicy, "Always");
    assert.equal(named(on129.containers, "prober"), undefined);
    const on128 = spec(render({}, { extraArgs: ["--kube-version", "1.28.0"] }));
    assert.equal(on128.initContainers, undefined);
    assert.ok(named(on128.containers, "prober"));
  });

  test("hardened: read-only root, no capabilities, no privilege escalation, the pod's non-root user", () => {
    const s = spec(render({}, { extraArgs: ["--kube-version", "1.30.0"] }));
    assert.deepEqual(named(s.initContainers, "prober")?.securityContext, {
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    assert.equal((s.securityContext as { runAsNonRoot: boolean }).runAsNonRoot, true);
  });

  test("the evidence kind and a Role on it alone, in the release namespace", () => {
    const objects = render();
    const crd = all(objects, "CustomResourceDefinition");
    assert.deepEqual(
      crd.map((c) => c.metadata.name),
      ["probeevidences.cilium-egress-ha.io"],
    );
    const role = objects.find((o) => o.kind === "Role" && o.metadata.name === `${FULLNAME}-evidence`) as K8sObject & {
      rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    };
    assert.equal(role.metadata.namespace, NAMESPACE);
    assert.deepEqual(role.rules, [
      {
        apiGroups: ["cilium-egress-ha.io"],
        resources: ["probeevidences"],
        verbs: ["get", "list", "watch", "create", "update"],
      },
    ]);
    assert.equal(envOf(objects).EGRESS_HA_RESYNC_INTERVAL, "1s", "the same tick: its hook script skips lone ticks");
    // The chart's rounds are the prober's defaults, the confirmation attempts included.
    const rounds = (p: ReturnType<typeof readSettings>["prober"]) =>
      p && { intervalMs: p.intervalMs, timeoutMs: p.timeoutMs, failures: p.failures, confirm: p.confirm };
    assert.equal(envOf(objects).EGRESS_HA_PROBER_CONFIRM, "5");
    assert.deepEqual(
      rounds(readSettings(envOf(objects)).prober),
      rounds(readSettings({ EGRESS_HA_PROBER: "true" }).prober),
    );
  });

  test("the prober times Leases with the hook's settings", () => {
    const objects = render(
      { signals: { lease: { enabled: true, staleAfter: "25s" } } },
      { extraArgs: ["--kube-version", "1.30.0"] },
    );
    const prober = Object.fromEntries(
      (named(spec(objects).initContainers, "prober")?.env ?? []).map((e) => [e.name, e.value]),
    );
    const hook = envOf(objects);
    for (const k of [
      "EGRESS_HA_LEASE_SIGNAL",
      "EGRESS_HA_LEASE_STALE_AFTER",
      "EGRESS_HA_PROBE_PORTS",
      "EGRESS_HA_POOLS",
    ])
      assert.equal(prober[k], hook[k], k);
    assert.equal(prober.EGRESS_HA_LEASE_STALE_AFTER, "25s");
  });

  test("shell-operator's CPU request follows the flavour (auto), and a set value is kept", () => {
    const cpu = (objects: K8sObject[]) =>
      (named(spec(objects).containers, "shell-operator") as { resources?: { requests?: { cpu?: string } } })?.resources
        ?.requests?.cpu;
    assert.equal(cpu(render()), "15m", "with the prober: shell-operator and the tick gate");
    assert.equal(cpu(render({ prober: { enabled: false } })), "160m", "without: a Node process every tick");
    assert.equal(cpu(render({ resources: { requests: { cpu: "300m" } } })), "300m");
  });

  test("prober.enabled=false: no prober, no kind, no Role, the probe back on the 1 s tick", () => {
    const objects = render({ prober: { enabled: false } }, { extraArgs: ["--kube-version", "1.30.0"] });
    const s = spec(objects);
    assert.equal(s.initContainers, undefined);
    assert.equal(named(s.containers, "prober"), undefined);
    assert.deepEqual(all(objects, "CustomResourceDefinition"), []);
    assert.ok(!objects.some((o) => o.metadata.name === `${FULLNAME}-evidence`));
    const env = envOf(objects);
    assert.equal(env.EGRESS_HA_PROBER, "false");
    assert.equal(env.EGRESS_HA_RESYNC_INTERVAL, "1s");
  });
});
