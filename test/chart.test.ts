/**
 * The Helm chart in charts/cilium-egress-ha-operator, rendered with the real `helm template`.
 * helm is looked up in $HELM, then the e2e tool cache, then PATH; without it every test is skipped
 * (build it with `go install helm.sh/helm/v3/cmd/helm@v3.22.0`).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, stringify as stringifyYaml } from "yaml";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CHART = join(ROOT, "charts", "cilium-egress-ha-operator");
const KUBE_VERSION = "1.34.0";
const NAMESPACE = "egress-ha";
const RELEASE = "t";
const HELM_MISSING =
  "helm not found: set $HELM, put helm on PATH, or build it into the e2e tool cache with " +
  "GOBIN=$HOME/.cache/cilium-egress-ha-e2e/bin GOTOOLCHAIN=local CGO_ENABLED=0 go install helm.sh/helm/v3/cmd/helm@v3.22.0";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findHelm(): string | undefined {
  const candidates = [
    process.env.HELM,
    join(process.env.E2E_CACHE ?? join(homedir(), ".cache", "cilium-egress-ha-e2e"), "bin", "helm"),
    ...(process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, "helm")),
  ];
  return candidates.find((p): p is string => p !== undefined && p !== "" && executable(p));
}

const HELM = findHelm();
const scratch = mkdtempSync(join(tmpdir(), "chart-test-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: rendered manifests are untyped
  [k: string]: any;
}

interface Rendered {
  status: number | null;
  stdout: string;
  stderr: string;
}

let fileCount = 0;

/** The image a user builds from the Dockerfile and pushes: the chart has no default. */
const IMAGE = "registry.example.com/cilium-egress-ha-operator";
const IMAGE_VALUES = join(scratch, "image-values.yaml");
writeFileSync(IMAGE_VALUES, `image:\n  repository: ${IMAGE}\n`);

/**
 * `helm template` with optional values (written to a file, so types survive) and --set flags.
 * `withImage: false` leaves out the image repository every install must set.
 */
function helmTemplate(values?: unknown, sets: string[] = [], withImage = true): Rendered {
  assert.ok(HELM, HELM_MISSING);
  const args = ["template", RELEASE, CHART, "--namespace", NAMESPACE, "--kube-version", KUBE_VERSION];
  // A values file, not --set, so a test's own values can still override it.
  if (withImage) args.push("-f", IMAGE_VALUES);
  if (values !== undefined) {
    const file = join(scratch, `values-${fileCount++}.yaml`);
    writeFileSync(file, stringifyYaml(values));
    args.push("-f", file);
  }
  for (const s of sets) args.push("--set", s);
  const r = spawnSync(HELM, args, { encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function render(values?: unknown, sets: string[] = []): K8sObject[] {
  const r = helmTemplate(values, sets);
  assert.equal(r.status, 0, `helm template failed:\n${r.stderr}`);
  const docs = parseAllDocuments(r.stdout);
  const objects: K8sObject[] = [];
  for (const doc of docs) {
    assert.deepEqual(doc.errors, [], "rendered YAML does not parse");
    const obj = doc.toJS() as K8sObject | null;
    if (obj !== null) objects.push(obj);
  }
  assert.ok(objects.length > 0, "helm template rendered nothing");
  return objects;
}

function all(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((o) => o.kind === kind);
}

function one(objects: K8sObject[], kind: string, name?: string): K8sObject {
  const found = all(objects, kind).filter((o) => name === undefined || o.metadata.name === name);
  assert.equal(found.length, 1, `expected exactly one ${kind}${name ? ` ${name}` : ""}, got ${found.length}`);
  return found[0]!;
}

function container(objects: K8sObject[]) {
  const containers = one(objects, "Deployment").spec.template.spec.containers;
  assert.equal(containers.length, 1);
  return containers[0];
}

function envOf(objects: K8sObject[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of container(objects).env as { name: string; value?: string }[]) {
    assert.equal(env[e.name], undefined, `env ${e.name} is set twice`);
    assert.equal(typeof e.value, "string", `env ${e.name} must have a string value`);
    env[e.name] = e.value!;
  }
  return env;
}

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

const SIGNALS_OFF = { signals: { lease: { enabled: false }, ciliumAgent: { enabled: false } } };
const FULLNAME = "t-cilium-egress-ha-operator";

describe("helm chart", { skip: HELM ? false : HELM_MISSING }, () => {
  test("helm lint passes", () => {
    const r = spawnSync(HELM!, ["lint", CHART, "--kube-version", KUBE_VERSION, "-f", IMAGE_VALUES], {
      encoding: "utf8",
    });
    assert.equal(r.status, 0, `helm lint failed:\n${r.stdout}${r.stderr}`);
  });

  test("Deployment: one replica, Recreate, the shell-operator flags and the hooks dir", () => {
    const objects = render();
    const dep = one(objects, "Deployment");
    assert.equal(dep.metadata.namespace, NAMESPACE);
    assert.equal(dep.spec.replicas, 1);
    assert.deepEqual(dep.spec.strategy, { type: "Recreate" });
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
    const pod = dep.spec.template.spec;
    assert.equal(pod.priorityClassName, "system-cluster-critical");
    assert.equal(pod.serviceAccountName, FULLNAME);
    const env = envOf(objects);
    assert.equal(env.SHELL_OPERATOR_HOOKS_DIR, "/opt/cilium-egress-ha/hooks");
    assert.equal(env.LOG_TYPE, "json");
    assert.equal(env.LOG_LEVEL, "info");
  });

  test("replicas stay 1 whatever the values say", () => {
    // There is no replicas value; the schema refuses an attempt to add one.
    const r = helmTemplate(undefined, ["replicas=2"]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /replicas/);
  });

  test("pod and container securityContext are hardened, /tmp is a writable emptyDir", () => {
    const objects = render();
    const pod = one(objects, "Deployment").spec.template.spec;
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

  test("ClusterRole grants exactly nodes, CEGPs and events, bound to the ServiceAccount", () => {
    const objects = render();
    const sa = one(objects, "ServiceAccount");
    assert.equal(sa.metadata.name, FULLNAME);
    assert.equal(sa.metadata.namespace, NAMESPACE);
    const role = one(objects, "ClusterRole");
    assert.deepEqual(grants(role.rules), [
      "/events:create",
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
  });

  test("events.enabled=false drops the events grant and sets EGRESS_HA_EVENTS=false", () => {
    const objects = render({ events: { enabled: false } });
    assert.deepEqual(grants(one(objects, "ClusterRole").rules), [
      "/nodes:list",
      "/nodes:watch",
      "cilium.io/ciliumegressgatewaypolicies:list",
      "cilium.io/ciliumegressgatewaypolicies:patch",
      "cilium.io/ciliumegressgatewaypolicies:watch",
    ]);
    assert.equal(envOf(objects).EGRESS_HA_EVENTS, "false");
  });

  test("signals on (default): a lease Role in kube-node-lease and a pods Role in kube-system", () => {
    const objects = render();
    const roles = all(objects, "Role");
    assert.equal(roles.length, 2);
    const lease = one(objects, "Role", `${FULLNAME}-lease`);
    assert.equal(lease.metadata.namespace, "kube-node-lease");
    assert.deepEqual(grants(lease.rules), ["coordination.k8s.io/leases:list", "coordination.k8s.io/leases:watch"]);
    const agent = one(objects, "Role", `${FULLNAME}-cilium-agent`);
    assert.equal(agent.metadata.namespace, "kube-system");
    assert.deepEqual(grants(agent.rules), ["/pods:list", "/pods:watch"]);

    const bindings = all(objects, "RoleBinding");
    assert.equal(bindings.length, 2);
    for (const role of [lease, agent]) {
      const b = one(objects, "RoleBinding", role.metadata.name);
      assert.equal(b.metadata.namespace, role.metadata.namespace);
      assert.deepEqual(b.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name });
      assert.deepEqual(b.subjects, [{ kind: "ServiceAccount", name: FULLNAME, namespace: NAMESPACE }]);
    }
    const env = envOf(objects);
    assert.equal(env.EGRESS_HA_LEASE_SIGNAL, "true");
    assert.equal(env.EGRESS_HA_AGENT_SIGNAL, "true");
  });

  test("signals off: no Role and no RoleBinding, and the env says so", () => {
    const objects = render(SIGNALS_OFF);
    assert.ok(all(objects, "Deployment").length === 1, "the release still renders");
    assert.deepEqual(
      all(objects, "Role").map((o) => o.metadata.name),
      [],
    );
    assert.deepEqual(
      all(objects, "RoleBinding").map((o) => o.metadata.name),
      [],
    );
    const env = envOf(objects);
    assert.equal(env.EGRESS_HA_LEASE_SIGNAL, "false");
    assert.equal(env.EGRESS_HA_AGENT_SIGNAL, "false");
  });

  test("each signal's Role follows its own switch and the agent namespace", () => {
    const leaseOnly = render({ signals: { ciliumAgent: { enabled: false } } });
    assert.deepEqual(
      all(leaseOnly, "Role").map((o) => `${o.metadata.namespace}/${o.metadata.name}`),
      [`kube-node-lease/${FULLNAME}-lease`],
    );
    const agentOnly = render({ signals: { lease: { enabled: false }, ciliumAgent: { namespace: "cilium" } } });
    assert.deepEqual(
      all(agentOnly, "Role").map((o) => `${o.metadata.namespace}/${o.metadata.name}`),
      [`cilium/${FULLNAME}-cilium-agent`],
    );
    assert.equal(one(agentOnly, "RoleBinding").metadata.namespace, "cilium");
    assert.equal(envOf(agentOnly).EGRESS_HA_AGENT_NAMESPACE, "cilium");
  });

  test("default settings map to the hook's env vars", () => {
    const env = envOf(render());
    assert.deepEqual(JSON.parse(env.EGRESS_HA_POOLS!), { egress: "node.kubernetes.io/role=egress" });
    assert.deepEqual(
      Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith("EGRESS_HA_") && k !== "EGRESS_HA_POOLS")),
      {
        EGRESS_HA_CORDON_DRAINS: "true",
        EGRESS_HA_RECOVERY_DELAY: "30s",
        EGRESS_HA_EXTRA_BLOCKING_TAINTS: "",
        EGRESS_HA_RESYNC_INTERVAL: "2s",
        EGRESS_HA_DRY_RUN: "false",
        EGRESS_HA_LOG_LEVEL: "info",
        EGRESS_HA_RUN_TIMEOUT: "30s",
        EGRESS_HA_LEASE_SIGNAL: "true",
        EGRESS_HA_LEASE_STALE_AFTER: "auto",
        EGRESS_HA_AGENT_SIGNAL: "true",
        EGRESS_HA_AGENT_NAMESPACE: "kube-system",
        EGRESS_HA_AGENT_SELECTOR: "k8s-app=cilium",
        EGRESS_HA_AGENT_GRACE: "60s",
        EGRESS_HA_EVENTS: "true",
      },
    );
  });

  test("EGRESS_HA_POOLS is the JSON of values.pools; other settings are rendered as given", () => {
    const pools = {
      blue: "egress.example.com/pool=blue,topology.kubernetes.io/zone in (a,b)",
      green: {
        matchLabels: { "egress.example.com/pool": "green" },
        matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "NotIn", values: ["c"] }],
      },
    };
    const objects = render({
      pools,
      cordonDrains: false,
      recoveryDelay: "1m30s",
      extraBlockingTaints: ["example.com/maintenance", "example.com/drain"],
      resyncInterval: 0,
      dryRun: true,
      logLevel: "debug",
      runTimeout: "45s",
      signals: { lease: { staleAfter: "40s" }, ciliumAgent: { selector: "app=cilium-agent" } },
      shellOperator: { logLevel: "warn" },
      extraEnv: [{ name: "EGRESS_HA_QUEUE", value: "egress" }],
    });
    const env = envOf(objects);
    // helm replaces the default map entry by entry, so the default pool must be removed explicitly.
    assert.deepEqual(JSON.parse(env.EGRESS_HA_POOLS!), { egress: "node.kubernetes.io/role=egress", ...pools });
    assert.equal(env.EGRESS_HA_CORDON_DRAINS, "false");
    assert.equal(env.EGRESS_HA_RECOVERY_DELAY, "1m30s");
    assert.equal(env.EGRESS_HA_EXTRA_BLOCKING_TAINTS, "example.com/maintenance,example.com/drain");
    assert.equal(env.EGRESS_HA_RESYNC_INTERVAL, "0");
    assert.equal(env.EGRESS_HA_DRY_RUN, "true");
    assert.equal(env.EGRESS_HA_LOG_LEVEL, "debug");
    assert.equal(env.EGRESS_HA_RUN_TIMEOUT, "45s");
    assert.equal(env.EGRESS_HA_LEASE_STALE_AFTER, "40s");
    assert.equal(env.EGRESS_HA_AGENT_SELECTOR, "app=cilium-agent");
    assert.equal(env.LOG_LEVEL, "warn");
    assert.equal(env.EGRESS_HA_QUEUE, "egress");

    const only = envOf(render({ pools: { egress: null, green: pools.green } }));
    assert.deepEqual(JSON.parse(only.EGRESS_HA_POOLS!), { green: pools.green });
  });

  test("image, scheduling and pod metadata come from values", () => {
    const objects = render({
      image: { repository: "registry.example.com/egress-ha", tag: "0.2.0-rc.1", pullPolicy: "Always" },
      imagePullSecrets: [{ name: "regcred" }],
      priorityClassName: "",
      nodeSelector: { "kubernetes.io/os": "linux" },
      tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }],
      podAnnotations: { "example.com/a": "1" },
      podLabels: { team: "net" },
      serviceAccount: { name: "egress-ha" },
    });
    const c = container(objects);
    assert.equal(c.image, "registry.example.com/egress-ha:0.2.0-rc.1");
    assert.equal(c.imagePullPolicy, "Always");
    const pod = one(objects, "Deployment").spec.template;
    assert.deepEqual(pod.spec.imagePullSecrets, [{ name: "regcred" }]);
    assert.equal(pod.spec.priorityClassName, undefined);
    assert.deepEqual(pod.spec.nodeSelector, { "kubernetes.io/os": "linux" });
    assert.deepEqual(pod.spec.tolerations, [{ key: "CriticalAddonsOnly", operator: "Exists" }]);
    assert.equal(pod.metadata.annotations["example.com/a"], "1");
    assert.equal(pod.metadata.labels.team, "net");
    assert.equal(pod.spec.serviceAccountName, "egress-ha");
    assert.equal(one(objects, "ServiceAccount").metadata.name, "egress-ha");
    assert.equal(one(objects, "ClusterRoleBinding").subjects[0].name, "egress-ha");
  });

  test("metrics Service and ServiceMonitor only when enabled", () => {
    const off = render();
    assert.equal(all(off, "Service").length, 0);
    assert.equal(all(off, "ServiceMonitor").length, 0);

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

  describe("bad values fail at install with a message naming the field", () => {
    const cases: { name: string; values?: unknown; sets?: string[]; field: RegExp }[] = [
      { name: "pool name not a DNS label", sets: ["pools.Bad=x"], field: /at '\/pools': additional properties 'Bad'/ },
      { name: "pool selector empty", values: { pools: { egress: "" } }, field: /pools\/egress/ },
      { name: "no pool at all", values: { pools: { egress: null } }, field: /pools/ },
      { name: "cordonDrains not a boolean", sets: ["cordonDrains=maybe"], field: /cordonDrains/ },
      { name: "dryRun a string", values: { dryRun: "true" }, field: /dryRun/ },
      { name: "recoveryDelay not a duration", sets: ["recoveryDelay=soon"], field: /recoveryDelay/ },
      { name: "runTimeout with a bad unit", sets: ["runTimeout=30d"], field: /runTimeout/ },
      { name: "staleAfter not a duration", sets: ["signals.lease.staleAfter=never"], field: /staleAfter/ },
      { name: "logLevel not a level", sets: ["logLevel=verbose"], field: /logLevel/ },
      { name: "unknown top-level key", sets: ["poolz.egress=x"], field: /poolz/ },
      { name: "unknown signal", sets: ["signals.ping.enabled=true"], field: /ping/ },
      { name: "signal switch not a boolean", sets: ["signals.ciliumAgent.enabled=yes"], field: /ciliumAgent\/enabled/ },
      { name: "image.tag a number", sets: ["image.tag=1"], field: /image\/tag/ },
      { name: "taint key invalid", values: { extraBlockingTaints: ["bad key"] }, field: /extraBlockingTaints/ },
    ];
    for (const c of cases) {
      test(c.name, () => {
        const r = helmTemplate(c.values, c.sets);
        assert.notEqual(r.status, 0, `helm template should fail, rendered:\n${r.stdout.slice(0, 400)}`);
        assert.match(r.stderr, /values don't meet the specifications of the schema/);
        assert.match(r.stderr, c.field);
      });
    }
  });
});

test("an install without image.repository fails and says what to set", (t) => {
  if (!HELM) return t.skip(HELM_MISSING);
  const r = helmTemplate(undefined, [], false);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /image\.repository is required: build the image from the repository's Dockerfile/);
});
