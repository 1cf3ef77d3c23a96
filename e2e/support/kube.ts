/**
 * A small raw client for the e2e apiserver: exact requests, exact status codes and messages,
 * and a watch that timestamps every event as it arrives (for the latency table).
 */
import { readFileSync } from "node:fs";
import https from "node:https";
import type { Cluster } from "../harness/cluster.js";

export interface KubeResponse<T = unknown> {
  status: number;
  body: T;
  text: string;
}

export class Kube {
  private readonly ca: Buffer;
  private readonly cert: Buffer | undefined;
  private readonly key: Buffer | undefined;
  private readonly token: string | undefined;
  readonly server: URL;

  constructor(server: string, tls: { ca: Buffer; cert?: Buffer; key?: Buffer; token?: string }) {
    this.server = new URL(server);
    this.ca = tls.ca;
    this.cert = tls.cert;
    this.key = tls.key;
    this.token = tls.token;
  }

  static admin(cluster: Cluster): Kube {
    return new Kube(cluster.server, {
      ca: readFileSync(cluster.pki.caCrt),
      cert: readFileSync(cluster.pki.adminCrt),
      key: readFileSync(cluster.pki.adminKey),
    });
  }

  request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    contentType = "application/json",
  ): Promise<KubeResponse<T>> {
    const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          hostname: this.server.hostname,
          port: this.server.port,
          path,
          method,
          ca: this.ca,
          cert: this.cert,
          key: this.key,
          headers: {
            Accept: "application/json",
            ...(payload === undefined ? {} : { "Content-Type": contentType }),
            ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
          },
          timeout: 15_000,
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (d: string) => (text += d));
          res.on("end", () => {
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // not JSON
            }
            resolve({ status: res.statusCode ?? 0, body: parsed as T, text });
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timeout`)));
      req.on("error", reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Like request, but throws unless the status is 2xx. */
  async must<T = unknown>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const res = await this.request<T>(method, path, body, contentType);
    if (res.status < 200 || res.status > 299) throw new Error(`${method} ${path}: HTTP ${res.status}: ${res.text}`);
    return res.body;
  }

  /** Streams watch events of a collection; every event carries the time it arrived. */
  watch(path: string, onEvent: (e: WatchEvent) => void): { stop(): void; ready: Promise<void> } {
    let stopped = false;
    let req: ReturnType<typeof https.request> | undefined;
    let resolveReady: () => void = () => {};
    const ready = new Promise<void>((r) => {
      resolveReady = r;
    });
    const start = (resourceVersion: string) => {
      if (stopped) return;
      const sep = path.includes("?") ? "&" : "?";
      req = https.request(
        {
          hostname: this.server.hostname,
          port: this.server.port,
          path: `${path}${sep}watch=1&allowWatchBookmarks=false${resourceVersion ? `&resourceVersion=${resourceVersion}` : ""}`,
          method: "GET",
          ca: this.ca,
          cert: this.cert,
          key: this.key,
          headers: this.token ? { Authorization: `Bearer ${this.token}` } : {},
        },
        (res) => {
          resolveReady();
          let buf = "";
          let last = resourceVersion;
          res.setEncoding("utf8");
          res.on("data", (d: string) => {
            const at = Date.now();
            buf += d;
            for (let nl = buf.indexOf("\n"); nl >= 0; nl = buf.indexOf("\n")) {
              const line = buf.slice(0, nl);
              buf = buf.slice(nl + 1);
              if (line.trim() === "") continue;
              const e = JSON.parse(line) as { type?: string; object?: KubeObject };
              if (!e.type || !e.object?.metadata) {
                process.stderr.write(`[e2e] unexpected watch line on ${path}: ${line.slice(0, 300)}\n`);
                continue;
              }
              if (e.type === "ERROR") {
                process.stderr.write(`[e2e] watch error on ${path}: ${line.slice(0, 300)}\n`);
                continue;
              }
              last = e.object.metadata.resourceVersion ?? last;
              onEvent({ type: e.type, object: e.object, at });
            }
          });
          res.on("end", () => setTimeout(() => start(last), 100));
        },
      );
      req.on("error", () => setTimeout(() => start(resourceVersion), 200));
      req.end();
    };
    void this.request<{ metadata: { resourceVersion: string } }>("GET", path).then((list) =>
      start(list.body.metadata.resourceVersion),
    );
    return {
      stop: () => {
        stopped = true;
        req?.destroy();
      },
      ready,
    };
  }
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    resourceVersion?: string;
    uid?: string;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [k: string]: unknown;
}

export interface WatchEvent {
  type: string;
  object: KubeObject;
  /** Date.now() when the event arrived. */
  at: number;
}

export const CEGP_PATH = "/apis/cilium.io/v2/ciliumegressgatewaypolicies";
export const MERGE_PATCH = "application/merge-patch+json";
export const JSON_PATCH = "application/json-patch+json";
