/**
 * Writes this replica's evidence object: replace it with the resourceVersion last seen, create it
 * when it does not exist, read it again when another write got there first. Called only when a
 * verdict changed (and once at start), so the prober makes no API write at rest. The object is
 * owned by the pod (when POD_UID is known), so it goes away with the replica.
 */
import type { ApiClient } from "../io/kube-api.js";
import {
  EVIDENCE_GROUP,
  EVIDENCE_KIND,
  EVIDENCE_LABEL,
  EVIDENCE_LABEL_VALUE,
  EVIDENCE_PLURAL,
  EVIDENCE_VERSION,
  type Evidence,
} from "../model/evidence.js";

export interface Target {
  namespace: string;
  /** The pod's name: the object's name, and the hook's writer id. */
  name: string;
  podUid: string | null;
}

export class EvidenceWriter {
  private resourceVersion: string | null = null;
  constructor(
    private readonly api: ApiClient,
    private readonly target: Target,
  ) {}

  private get collection(): string {
    return `/apis/${EVIDENCE_GROUP}/${EVIDENCE_VERSION}/namespaces/${this.target.namespace}/${EVIDENCE_PLURAL}`;
  }

  private object(spec: Evidence): Record<string, unknown> {
    const { name, namespace, podUid } = this.target;
    const metadata: Record<string, unknown> = { name, namespace, labels: { [EVIDENCE_LABEL]: EVIDENCE_LABEL_VALUE } };
    if (podUid) metadata.ownerReferences = [{ apiVersion: "v1", kind: "Pod", name, uid: podUid }];
    if (this.resourceVersion !== null) metadata.resourceVersion = this.resourceVersion;
    return { apiVersion: `${EVIDENCE_GROUP}/${EVIDENCE_VERSION}`, kind: EVIDENCE_KIND, metadata, spec };
  }

  private remember(body: unknown): void {
    const rv = (body as { metadata?: { resourceVersion?: unknown } } | null)?.metadata?.resourceVersion;
    this.resourceVersion = typeof rv === "string" ? rv : null;
  }

  /** Writes `spec`; throws with the API's status when it cannot. Up to three calls. */
  async write(spec: Evidence): Promise<void> {
    const path = `${this.collection}/${this.target.name}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (this.resourceVersion === null) {
        const got = await this.api.request("GET", path);
        if (got.status === 404) {
          const created = await this.api.request("POST", this.collection, this.object(spec));
          if (created.status === 201 || created.status === 200) return this.remember(created.body);
          if (created.status !== 409) throw apiError("create", created.status, created.body);
          continue;
        }
        if (got.status !== 200) throw apiError("read", got.status, got.body);
        this.remember(got.body);
      }
      const put = await this.api.request("PUT", path, this.object(spec));
      if (put.status === 200) return this.remember(put.body);
      if (put.status !== 409 && put.status !== 404) throw apiError("replace", put.status, put.body);
      this.resourceVersion = null;
    }
    throw new Error(`cannot write ${EVIDENCE_KIND} ${this.target.namespace}/${this.target.name}: conflicts`);
  }
}

function apiError(verb: string, status: number, body: unknown): Error {
  const message = (body as { message?: unknown } | null)?.message;
  return Object.assign(
    new Error(`cannot ${verb} the evidence: HTTP ${status}${typeof message === "string" ? `: ${message}` : ""}`),
    {
      code: `HTTP_${status}`,
    },
  );
}
