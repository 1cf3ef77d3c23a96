/**
 * The Helm chart in charts/cilium-egress-ha-operator, rendered with the real `helm template`
 * (test/support/helm.ts finds helm; without it every test is skipped, saying so).
 * test/chart-settings.test.ts checks that the chart and the hook agree on every setting.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";
import {
  all,
  CHART,
  container,
  envOf,
  FULLNAME,
  HELM,
  HELM_MISSING,
  helmNotes,
  helmTemplate,
  IMAGE,
  type K8sObject,
  NAMESPACE,
  one,
  render,
} from "./support/helm.js";

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** Rules as sorted "group/resource:verb" grants, so equality ignores ordering and grouping. */
function grants(rules: Rule[]): string[] {
  const out: string[] = [];
  for (const r of rules) {
    assert.deepEqual(Object.keys(r).sort(), ["apiGroups", "resources", "verbs"], "unexpected rule fields");
    for (const g of r.apiGroups) for (const res of r.resources) for (const v of r.verbs) out.push(`${g}/${res}:${v}`);
  }
  return out.sort();
}

/** Every Role, as "namespace/name: grants". */
function roles(objects: K8sObject[]): string[] {
  return all(objects, "Role")
    .map((r) => `${r.metadata.namespace}/${r.metadata.name}: ${grants(r.rules).join(" ")}`)
    .sort();
}

const SIGNALS_OFF = { signals: { lease: { enabled: false }, ciliumAgent: { enabled: false } } };
const DEFAULT_POOL = { egress: "node-restriction.kubernetes.io/egress-pool=egress" };
const podSpec = (objects: K8sObject[]) => one(objects, "Deployment").spec.template.spec;

describe("helm chart", { skip: HELM ? false : HELM_MISSING }, () => {
  test("helm lint --strict passes", () => {
    const r = spawnSync(HELM!, ["lint", CHART, "--strict", "--set", `image.repository=${IMAGE}`], {
      encoding: "utf8",
    });
    assert.equal(r.status, 0, `helm lint failed:\n${r.stdout}${r.stderr}`);
  });

  test("helm template works without --kube-version (helm is built with its Kubernetes version)", () => {
    const r = spawnSync(HELM!, ["template", "t", CHART, "--set", `image.repository=${IMAGE}`], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
  });

  test("Deployment: 2 replicas, a rollout that never leaves zero, the shell-operator flags and the hooks dir", () => {
    const objects = render();
    const dep = one(objects, "Deployment");
    assert.equal(dep.metadata.namespace, NAMESPACE);
    assert.equal(dep.spec.replicas, 2);
    assert.deepEqual(dep.spec.strategy, { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
    const c = container(objects);
    assert.equal(c.image, `${IMAGE}:0.1.0`);
    assert.deepEqual(c.args, [
      "start",
      "--tmp-dir=/tmp/shell-operator",
      "--debug-unix-socket=/tmp/shell-operator/debug.socket",
      "--listen-port=9115",
    ]);
    assert.deepEqual(c.ports, [{ name: "metrics", containerPort: 9115, protocol: "TCP" }]);
    assert.equal(c.livenessProbe.tcpSocket.port, "metrics");
    assert.deepEqual(c.readinessProbe.httpGet, { path: "/metrics", port: "metrics" });
    const pod = podSpec(objects);
    assert.equal(pod.priorityClassName, "system-cluster-critical");
    assert.equal(pod.serviceAccountName, FULLNAME);
    const env = envOf(objects);
    assert.equal(env.SHELL_OPERATOR_HOOKS_DIR, "/opt/cilium-egress-ha/hooks");
    assert.equal(env.LOG_TYPE, "json");
    assert.equal(env.LOG_LEVEL, "info");
  });

  test("one replica: the new pod starts before the old one stops; anti-affinity is not needed", () => {
    const objects = render({ replicas: 1 });
    const dep = one(objects, "Deployment");
    assert.equal(dep.spec.replicas, 1);
    assert.deepEqual(dep.spec.strategy.rollingUpdate, { maxSurge: 1, maxUnavailable: 0 });
    assert.equal(podSpec(objects).affinity.podAntiAffinity, undefined);
    const zero = helmTemplate({ replicas: 0 });
    assert.notEqual(zero.status, 0);
    assert.match(zero.stderr, /replicas/);
  });

  test("replicas on different nodes (required anti-affinity on the hostname), and a PodDisruptionBudget", () => {
    const objects = render({ replicas: 3 });
    const anti = podSpec(objects).affinity.podAntiAffinity;
    const selector = one(objects, "Deployment").spec.selector.matchLabels;
    assert.deepEqual(anti, {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: selector }, topologyKey: "kubernetes.io/hostname" },
      ],
    });
    const pdb = one(objects, "PodDisruptionBudget");
    assert.equal(pdb.apiVersion, "policy/v1");
    assert.deepEqual(pdb.spec, { maxUnavailable: 1, selector: { matchLabels: selector } });
    assert.equal(podSpec(render({ spreadAcrossNodes: false })).affinity.podAntiAffinity, undefined);
    assert.equal(all(render({ podDisruptionBudget: { enabled: false } }), "PodDisruptionBudget").length, 0);
  });

  test("not-ready and unreachable tolerations with a short tolerationSeconds, then the user's", () => {
    const tolerations = podSpec(
      render({ tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }] }),
    ).tolerations;
    assert.deepEqual(tolerations, [
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 30 },
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 30 },
      { key: "CriticalAddonsOnly", operator: "Exists" },
    ]);
    assert.equal(podSpec(render({ nodeFailureTolerationSeconds: 10 })).tolerations[1].tolerationSeconds, 10);
  });

  describe("never on a pool node: the node affinity negates every pool's selector", () => {
    const required = (values: unknown) =>
      podSpec(render(values)).affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;

    test("the default pool", () => {
      assert.deepEqual(required(undefined), [
        {
          matchExpressions: [
            { key: "node-restriction.kubernetes.io/egress-pool", operator: "NotIn", values: ["egress"] },
          ],
        },
      ]);
    });

    test("every operator has its negation; a pool of several requirements gives one term per requirement", () => {
      const terms = required({
        pools: { gw: "a=1,b!=2,c in (3,4),d notin (5),e,!f" },
      });
      assert.deepEqual(
        terms.map((t: { matchExpressions: unknown[] }) => t.matchExpressions),
        [
          [{ key: "a", operator: "NotIn", values: ["1"] }],
          [{ key: "b", operator: "In", values: ["2"] }],
          [{ key: "c", operator: "NotIn", values: ["3", "4"] }],
          [{ key: "d", operator: "In", values: ["5"] }],
          [{ key: "e", operator: "DoesNotExist" }],
          [{ key: "f", operator: "Exists" }],
        ],
      );
    });

    test("several pools: outside each of them (the terms multiply out)", () => {
      const terms = required({
        pools: {
          blue: "pool=blue,zone in (a)",
          green: { matchLabels: { pool: "green" }, matchExpressions: [{ key: "gpu", operator: "DoesNotExist" }] },
        },
      });
      assert.deepEqual(terms, [
        {
          matchExpressions: [
            { key: "pool", operator: "NotIn", values: ["blue"] },
            { key: "pool", operator: "NotIn", values: ["green"] },
          ],
        },
        {
          matchExpressions: [
            { key: "pool", operator: "NotIn", values: ["blue"] },
            { key: "gpu", operator: "Exists" },
          ],
        },
        {
          matchExpressions: [
            { key: "zone", operator: "NotIn", values: ["a"] },
            { key: "pool", operator: "NotIn", values: ["green"] },
          ],
        },
        {
          matchExpressions: [
            { key: "zone", operator: "NotIn", values: ["a"] },
            { key: "gpu", operator: "Exists" },
          ],
        },
      ]);
    });

    test("avoidPoolNodes=preferred relaxes it, none drops it; affinity values merge over it", () => {
      const preferred = podSpec(render({ avoidPoolNodes: "preferred" })).affinity.nodeAffinity;
      assert.deepEqual(preferred, {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            preference: {
              matchExpressions: [
                { key: "node-restriction.kubernetes.io/egress-pool", operator: "NotIn", values: ["egress"] },
              ],
            },
          },
        ],
      });
      assert.equal(podSpec(render({ avoidPoolNodes: "none" })).affinity.nodeAffinity, undefined);
      const zone = { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In", values: ["a"] }] }] };
      const merged = podSpec(
        render({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: zone } } }),
      ).affinity;
      assert.deepEqual(merged.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution, zone);
      assert.ok(merged.podAntiAffinity, "the anti-affinity stays");
      assert.match(helmTemplate({ avoidPoolNodes: "always" }).stderr, /avoidPoolNodes/);
    });

    test("too many terms: no node affinity, and NOTES says why", () => {
      const pools = Object.fromEntries(["a", "b", "c"].map((p) => [p, `${p}1=x,${p}2=x,${p}3=x`]));
      assert.equal(podSpec(render({ pools })).affinity.nodeAffinity, undefined);
      assert.match(notes({ pools }), /multiplies out to\s+27 node selector terms/);
    });
  });

  test("pod and container securityContext are hardened, /tmp is a writable emptyDir", () => {
    const objects = render();
    const pod = podSpec(objects);
    assert.deepEqual(pod.securityContext, {
      runAsNonRoot: true,
      runAsUser: 65534,
      runAsGroup: 65534,
      fsGroup: 65534,
      seccompProfile: { type: "RuntimeDefault" },
    });
    const c = container(objects);
    assert.deepEqual(c.securityContext, {
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    assert.deepEqual(c.volumeMounts, [{ name: "tmp", mountPath: "/tmp" }]);
    const tmp = (pod.volumes as { name: string; emptyDir?: unknown }[]).find((v) => v.name === "tmp");
    assert.ok(tmp?.emptyDir, "the tmp volume must be an emptyDir");
  });

  test("OpenShift's restricted SCC: pinUserAndGroup=false leaves the UID and GID to the SCC", () => {
    assert.deepEqual(podSpec(render({ pinUserAndGroup: false })).securityContext, {
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
  });

  test("ClusterRole grants exactly nodes and CEGPs; Events get a Role in the default namespace only", () => {
    const objects = render();
    const sa = one(objects, "ServiceAccount");
    assert.equal(sa.metadata.name, FULLNAME);
    assert.equal(sa.metadata.namespace, NAMESPACE);
    const role = one(objects, "ClusterRole");
    assert.deepEqual(grants(role.rules), [
      "/nodes:list",
      "/nodes:watch",
      "cilium.io/ciliumegressgatewaypolicies:list",
      "cilium.io/ciliumegressgatewaypolicies:patch",
      "cilium.io/ciliumegressgatewaypolicies:watch",
    ]);
    const binding = one(objects, "ClusterRoleBinding");
    assert.deepEqual(binding.roleRef, {
      apiGroup: "rbac.authorization.k8s.io",
      kind: "ClusterRole",
      name: role.metadata.name,
    });
    assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: FULLNAME, namespace: NAMESPACE }]);
    const evidence = ["create", "get", "list", "update", "watch"].map((v) => `cilium-egress-ha.io/probeevidences:${v}`);
    assert.deepEqual(roles(objects), [
      `default/${FULLNAME}-events: /events:create`,
      // the prober's evidence, in the release namespace only (test/chart-prober.test.ts)
      `${NAMESPACE}/${FULLNAME}-evidence: ${evidence.join(" ")}`,
      `kube-node-lease/${FULLNAME}-lease: coordination.k8s.io/leases:list coordination.k8s.io/leases:watch`,
      `kube-system/${FULLNAME}-cilium-agent: /pods:list /pods:watch`,
    ]);
    for (const r of all(objects, "Role")) {
      const b = one(objects, "RoleBinding", r.metadata.name);
      assert.equal(b.metadata.namespace, r.metadata.namespace);
      assert.deepEqual(b.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: r.metadata.name });
      assert.deepEqual(b.subjects, [{ kind: "ServiceAccount", name: FULLNAME, namespace: NAMESPACE }]);
    }
    assert.equal(all(objects, "RoleBinding").length, 4);
  });

  test("events.enabled=false drops the events Role and sets EGRESS_HA_EVENTS=false", () => {
    const objects = render({ events: { enabled: false } });
    assert.deepEqual(
      roles(objects).filter((r) => r.includes("events")),
      [],
    );
    assert.equal(envOf(objects).EGRESS_HA_EVENTS, "false");
  });

  test("signals off: no lease or agent Role, and the env says so", () => {
    const objects = render(SIGNALS_OFF);
    assert.deepEqual(
      roles(objects).filter((r) => !r.startsWith(`${NAMESPACE}/${FULLNAME}-evidence:`)),
      [`default/${FULLNAME}-events: /events:create`],
    );
    const env = envOf(objects);
    assert.equal(env.EGRESS_HA_LEASE_SIGNAL, "false");
    assert.equal(env.EGRESS_HA_AGENT_SIGNAL, "false");
  });

  test("each signal's Role follows its own switch and the agent namespace", () => {
    const agentOnly = render({ signals: { lease: { enabled: false }, ciliumAgent: { namespace: "cilium" } } });
    assert.deepEqual(
      roles(agentOnly)
        .map((r) => r.split(":")[0])
        .filter((r) => r !== `${NAMESPACE}/${FULLNAME}-evidence`),
      [`cilium/${FULLNAME}-cilium-agent`, `default/${FULLNAME}-events`],
    );
    assert.equal(envOf(agentOnly).EGRESS_HA_AGENT_NAMESPACE, "cilium");
  });

  test("default settings map to the hook's env vars", () => {
    const env = envOf(render());
    assert.deepEqual(JSON.parse(env.EGRESS_HA_POOLS!), DEFAULT_POOL);
    assert.deepEqual(
      Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith("EGRESS_HA_") && k !== "EGRESS_HA_POOLS")),
      {
        EGRESS_HA_CORDON_DRAINS: "true",
        EGRESS_HA_RECOVERY_DELAY: "30s",
        EGRESS_HA_EXTRA_BLOCKING_TAINTS: "",
        EGRESS_HA_RESYNC_INTERVAL: "1s",
        EGRESS_HA_DRY_RUN: "false",
        EGRESS_HA_LOG_LEVEL: "info",
        EGRESS_HA_RUN_TIMEOUT: "30s",
        EGRESS_HA_LEASE_SIGNAL: "true",
        EGRESS_HA_LEASE_STALE_AFTER: "auto",
        EGRESS_HA_AGENT_SIGNAL: "true",
        EGRESS_HA_AGENT_NAMESPACE: "kube-system",
        EGRESS_HA_AGENT_SELECTOR: "k8s-app=cilium",
        EGRESS_HA_AGENT_GRACE: "60s",
        EGRESS_HA_PROBE: "true",
        EGRESS_HA_PROBE_PORTS: "4240",
        EGRESS_HA_PROBE_TIMEOUT: "500ms",
        EGRESS_HA_PROBE_FAILURES: "3",
        EGRESS_HA_PROBE_WINDOW: "1s",
        EGRESS_HA_PROBE_MODE: "tcp",
        EGRESS_HA_EVENTS: "true",
        EGRESS_HA_EVENT_LIMIT: "50",
        EGRESS_HA_POLICY_METRICS: "auto",
        EGRESS_HA_QUEUE: "cilium-egress-ha",
        EGRESS_HA_PROBER: "true",
        EGRESS_HA_PROBER_CONFIRM: "5",
        EGRESS_HA_PROBER_DIR: "/tmp/cilium-egress-ha-prober",
        EGRESS_HA_PROBER_FAILURES: "2",
        EGRESS_HA_PROBER_INTERVAL: "400ms",
        EGRESS_HA_PROBER_NAMESPACE: NAMESPACE,
        EGRESS_HA_PROBER_STALE: "3s",
        EGRESS_HA_PROBER_TIMEOUT: "100ms",
      },
    );
  });

  describe("a user's pools replace the default pool", () => {
    const gw = { gw: "egress.example.com/pool=gw" };
    test("from a values file", () => {
      assert.deepEqual(JSON.parse(envOf(render({ pools: gw })).EGRESS_HA_POOLS!), gw);
    });
    test("from --set-json and --set", () => {
      const json = render(undefined, { extraArgs: ["--set-json", `pools=${JSON.stringify(gw)}`] });
      assert.deepEqual(JSON.parse(envOf(json).EGRESS_HA_POOLS!), gw);
      const set = render(undefined, { sets: ["pools.gw=egress.example.com/pool=gw"] });
      assert.deepEqual(JSON.parse(envOf(set).EGRESS_HA_POOLS!), gw);
    });
    test("several pools, strings and objects; an empty map is the default pool", () => {
      const pools = {
        blue: "egress.example.com/pool=blue,topology.kubernetes.io/zone in (a,b)",
        green: {
          matchLabels: { "egress.example.com/pool": "green" },
          matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "NotIn", values: ["c"] }],
        },
      };
      assert.deepEqual(JSON.parse(envOf(render({ pools })).EGRESS_HA_POOLS!), pools);
      assert.deepEqual(JSON.parse(envOf(render({ pools: {} })).EGRESS_HA_POOLS!), DEFAULT_POOL);
    });
  });

  test("other settings are rendered as given, EGRESS_HA_QUEUE and EGRESS_HA_STATE_FILE included", () => {
    const env = envOf(
      render({
        cordonDrains: false,
        recoveryDelay: "1m30s",
        extraBlockingTaints: ["example.com/maintenance", "example.com/drain"],
        resyncInterval: 0,
        dryRun: true,
        logLevel: "debug",
        runTimeout: "45s",
        queue: "egress",
        stateFile: "/tmp/egress/state.json",
        signals: {
          lease: { enabled: false, staleAfter: "40s" },
          ciliumAgent: { selector: "app=cilium-agent", grace: 90 },
          probe: { enabled: false },
        },
        shellOperator: { logLevel: "error" },
        extraEnv: [{ name: "EXTRA", value: "1" }],
      }),
    );
    assert.equal(env.EGRESS_HA_CORDON_DRAINS, "false");
    assert.equal(env.EGRESS_HA_RECOVERY_DELAY, "1m30s");
    assert.equal(env.EGRESS_HA_EXTRA_BLOCKING_TAINTS, "example.com/maintenance,example.com/drain");
    assert.equal(env.EGRESS_HA_RESYNC_INTERVAL, "0");
    assert.equal(env.EGRESS_HA_DRY_RUN, "true");
    assert.equal(env.EGRESS_HA_LOG_LEVEL, "debug");
    assert.equal(env.EGRESS_HA_RUN_TIMEOUT, "45s");
    assert.equal(env.EGRESS_HA_QUEUE, "egress");
    assert.equal(env.EGRESS_HA_STATE_FILE, "/tmp/egress/state.json");
    assert.equal(env.EGRESS_HA_LEASE_STALE_AFTER, "40s");
    assert.equal(env.EGRESS_HA_AGENT_SELECTOR, "app=cilium-agent");
    assert.equal(env.EGRESS_HA_AGENT_GRACE, "90");
    assert.equal(env.LOG_LEVEL, "error");
    assert.equal(env.EXTRA, "1");
    assert.equal(envOf(render()).EGRESS_HA_STATE_FILE, undefined, "the hook's default when stateFile is empty");
  });

  test("extraEnv cannot set a variable the chart sets from a value", () => {
    const r = helmTemplate({ extraEnv: [{ name: "EGRESS_HA_QUEUE", value: "q" }] });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /extraEnv: EGRESS_HA_QUEUE is set by the chart; set the value queue instead/);
  });

  test("image: by digest when image.digest is set", () => {
    const digest = `sha256:${"ab".repeat(32)}`;
    assert.equal(container(render({ image: { digest } })).image, `${IMAGE}@${digest}`);
    assert.equal(container(render({ image: { tag: "0.2.0-rc.1" } })).image, `${IMAGE}:0.2.0-rc.1`);
    assert.match(helmTemplate({ image: { digest: "sha256:nothex" } }).stderr, /image\/digest/);
  });

  test("scheduling and pod metadata come from values; commonLabels go on every object", () => {
    const objects = render({
      image: { pullPolicy: "Always" },
      imagePullSecrets: [{ name: "regcred" }],
      priorityClassName: "",
      nodeSelector: { "kubernetes.io/os": "linux" },
      topologySpreadConstraints: [
        { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway" },
      ],
      podAnnotations: { "example.com/a": "1" },
      podLabels: { team: "net" },
      commonLabels: { "example.com/owner": "netops" },
      serviceAccount: { name: "egress-ha" },
      metrics: { serviceMonitor: { enabled: true }, prometheusRule: { enabled: true } },
    });
    assert.equal(container(objects).imagePullPolicy, "Always");
    const pod = one(objects, "Deployment").spec.template;
    assert.deepEqual(pod.spec.imagePullSecrets, [{ name: "regcred" }]);
    assert.equal(pod.spec.priorityClassName, undefined);
    assert.deepEqual(pod.spec.nodeSelector, { "kubernetes.io/os": "linux" });
    const selector = one(objects, "Deployment").spec.selector.matchLabels;
    assert.deepEqual(pod.spec.topologySpreadConstraints, [
      {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: selector },
      },
    ]);
    assert.equal(pod.metadata.annotations["example.com/a"], "1");
    assert.equal(pod.metadata.labels.team, "net");
    assert.equal(pod.metadata.labels["example.com/owner"], "netops");
    for (const o of objects) assert.equal(o.metadata.labels?.["example.com/owner"], "netops", `${o.kind} label`);
    assert.equal(pod.spec.serviceAccountName, "egress-ha");
    assert.equal(one(objects, "ServiceAccount").metadata.name, "egress-ha");
    assert.equal(one(objects, "ClusterRoleBinding").subjects[0].name, "egress-ha");
  });

  test("commonLabels cannot override the chart's selector labels", () => {
    const objects = render({ commonLabels: { "app.kubernetes.io/name": "other" } });
    assert.equal(one(objects, "Deployment").metadata.labels?.["app.kubernetes.io/name"], "cilium-egress-ha-operator");
  });

  test("metrics Service and ServiceMonitor only when enabled", () => {
    const off = render();
    assert.equal(all(off, "Service").length, 0);
    assert.equal(all(off, "ServiceMonitor").length, 0);
    assert.equal(all(off, "PrometheusRule").length, 0);

    const on = render({ metrics: { serviceMonitor: { enabled: true, labels: { release: "prom" } } } });
    const svc = one(on, "Service");
    assert.deepEqual(svc.spec.ports, [{ name: "metrics", port: 9115, targetPort: "metrics", protocol: "TCP" }]);
    const podLabels = one(on, "Deployment").spec.template.metadata.labels;
    for (const [k, v] of Object.entries(svc.spec.selector)) assert.equal(podLabels[k], v, `selector ${k}`);
    const sm = one(on, "ServiceMonitor");
    assert.equal(sm.metadata.labels?.release, "prom");
    assert.deepEqual(sm.spec.selector.matchLabels, svc.spec.selector);
    assert.deepEqual(
      sm.spec.endpoints.map((e: { port: string; path: string }) => `${e.port}${e.path}`),
      ["metrics/metrics/hooks", "metrics/metrics"],
    );
  });

  test("PrometheusRule (opt-in): the recommended alerts, on the metrics that exist", () => {
    const rule = one(
      render({
        metrics: { prometheusRule: { enabled: true, labels: { release: "prom" }, alertLabels: { team: "net" } } },
      }),
      "PrometheusRule",
    );
    assert.equal(rule.metadata.labels?.release, "prom");
    const rules = rule.spec.groups[0].rules as { alert: string; expr: string; labels: Record<string, string> }[];
    const byName = Object.fromEntries(rules.map((r) => [r.alert, r]));
    assert.deepEqual(Object.keys(byName).sort(), [
      "CiliumEgressHABindingMonitorMissing",
      "CiliumEgressHAHookRunsFailing",
      "CiliumEgressHAInformerDead",
      "CiliumEgressHAOperatorAbsent",
      "CiliumEgressHAOperatorScrapeFailing",
      "CiliumEgressHAPolicyStuck",
      "CiliumEgressHAPoolNoSpareNode",
      "CiliumEgressHAProberDegraded",
      "CiliumEgressHASignalDegraded",
    ]);
    assert.match(byName.CiliumEgressHAPolicyStuck!.expr, /cilium_egress_ha_policy_stuck\{namespace="egress-ha"\}/);
    assert.match(
      byName.CiliumEgressHASignalDegraded!.expr,
      /cilium_egress_ha_signal_state\{.*state=~"suspended\|unavailable"/,
    );
    // Every binding allows failure, so a failed run counts in allowed_errors: alerting on errors_total
    // alone never fires. A replica's failed runs with no successful one, per pod.
    const failing = byName.CiliumEgressHAHookRunsFailing!.expr;
    assert.match(
      failing,
      /increase\(shell_operator_hook_run_allowed_errors_total\{namespace="egress-ha", hook="cilium-egress-ha"\}/,
    );
    assert.match(failing, /unless on \(namespace, pod, hook\)/);
    assert.match(failing, /shell_operator_hook_run_success_total/);
    assert.match(byName.CiliumEgressHABindingMonitorMissing!.expr, /shell_operator_binding_monitor_missing_total/);
    assert.match(byName.CiliumEgressHAInformerDead!.expr, /shell_operator_factory_informer_dead_total/);
    for (const r of rules) {
      assert.equal(r.labels.team, "net");
      assert.ok(["critical", "warning"].includes(r.labels.severity!), r.alert);
    }
  });

  describe("bad values fail at install with a message naming the field", () => {
    const cases: { name: string; values?: unknown; sets?: string[]; field: RegExp }[] = [
      { name: "pool name not a DNS label", sets: ["pools.Bad=x"], field: /at '\/pools': additional properties 'Bad'/ },
      { name: "pool selector empty", values: { pools: { egress: "" } }, field: /pools\/egress/ },
      { name: "cordonDrains not a boolean", sets: ["cordonDrains=maybe"], field: /cordonDrains/ },
      { name: "dryRun a string", values: { dryRun: "true" }, field: /dryRun/ },
      { name: "logLevel not a level", sets: ["logLevel=verbose"], field: /logLevel/ },
      { name: "unknown top-level key", sets: ["poolz.egress=x"], field: /poolz/ },
      { name: "unknown signal", sets: ["signals.ping.enabled=true"], field: /ping/ },
      { name: "signal switch not a boolean", sets: ["signals.ciliumAgent.enabled=yes"], field: /ciliumAgent\/enabled/ },
      { name: "image.tag a number", sets: ["image.tag=1"], field: /image\/tag/ },
      { name: "taint key invalid", values: { extraBlockingTaints: ["bad key"] }, field: /extraBlockingTaints/ },
      { name: "queue not a name", values: { queue: "Egress_Queue" }, field: /queue/ },
      { name: "stateFile outside /tmp", values: { stateFile: "/var/lib/state.json" }, field: /stateFile/ },
      { name: "stateFile relative", values: { stateFile: "state.json" }, field: /stateFile/ },
      { name: "stateFile with ..", values: { stateFile: "/tmp/../etc/x" }, field: /stateFile/ },
      { name: "PDB maxUnavailable 0", values: { podDisruptionBudget: { maxUnavailable: 0 } }, field: /maxUnavailable/ },
    ];
    for (const c of cases) {
      test(c.name, () => {
        const r = helmTemplate(c.values, { sets: c.sets ?? [] });
        assert.notEqual(r.status, 0, `helm template should fail, rendered:\n${r.stdout.slice(0, 400)}`);
        assert.match(r.stderr, /values don't meet the specifications of the schema/);
        assert.match(r.stderr, c.field);
      });
    }
  });
});

const notes = (values?: unknown) => helmNotes(values);

describe("NOTES", { skip: HELM ? false : HELM_MISSING }, () => {
  test("the default pool label is not kubelet-settable: no warning; the prior art's is, and NOTES says so", () => {
    assert.doesNotMatch(notes(), /WARNING: pool/);
    const prior = notes({
      pools: { egress: "node.kubernetes.io/role=egress", safe: "node-role.kubernetes.io/egress" },
    });
    assert.match(prior, /WARNING: pool egress selects nodes only by labels that a node's own kubelet may set/);
    assert.doesNotMatch(prior, /pool safe/);
  });

  test("replicas, pending replicas and the pool node affinity are explained", () => {
    const two = notes();
    assert.match(two, /with 2 replicas side by side/);
    assert.match(two, /the extra replicas stay Pending/);
    assert.match(two, /never runs on a pool node/);
    assert.match(notes({ replicas: 1 }), /WARNING: one replica/);
    assert.match(notes({ avoidPoolNodes: "preferred" }), /avoids running on a pool node/);
  });

  test("an unknown EGRESS_HA_ variable in extraEnv is named", () => {
    assert.match(
      notes({ extraEnv: [{ name: "EGRESS_HA_POOL", value: "x" }] }),
      /WARNING: extraEnv sets EGRESS_HA_POOL, which is no setting of the hook/,
    );
  });

  test("the label command for the default pool", () => {
    assert.match(notes(), /kubectl label node <node> node-restriction\.kubernetes\.io\/egress-pool=egress/);
  });
});

test("an install without image.repository fails and says what to set", (t) => {
  if (!HELM) return t.skip(HELM_MISSING);
  const r = helmTemplate(undefined, { withImage: false });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /image\.repository is required: build the image from the repository's Dockerfile/);
});
