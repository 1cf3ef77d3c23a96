/**
 * A minimal Kubernetes API client for the prober: JSON over HTTPS with the pod's service account
 * (token re-read for each request, since the kubelet rotates it). No dependency: the image ships
 * no node_modules, and the prober needs a few calls on its evidence and a watch of the node Leases.
 */
import { readFile } from "node:fs/promises";
import * as http from "node:http";
import * as https from "node:https";

export interface ApiResponse {
  status: number;
  body: unknown;
}

export interface StreamOptions {
  signal: AbortSignal;
  /** The stream is given up (rejected) after this long without a byte: a dead connection. */
  idleMs: number;
}

export interface ApiClient {
  request(method: "GET" | "POST" | "PUT", path: string, body?: unknown): Promise<ApiResponse>;
  /**
   * A streaming GET (a watch): each line of the answer to `onLine` as it arrives. Resolves with the
   * HTTP status when the server ends the answer or the signal aborts; rejects when it cannot connect
   * or the connection goes quiet for `idleMs`.
   */
  stream(path: string, onLine: (line: string) => void, opts: StreamOptions): Promise<number>;
}

const SERVICE_ACCOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

/**
 * The in-cluster client: KUBERNETES_SERVICE_HOST/PORT, the token and CA of the service account
 * directory (EGRESS_HA_PROBER_API, an http:// or https:// URL, overrides the address for tests
 * and local runs).
 */
export function inClusterClient(env: Record<string, string | undefined>, timeoutMs = 5000): ApiClient {
  const dir = env.EGRESS_HA_PROBER_SERVICEACCOUNT ?? SERVICE_ACCOUNT;
  const host = env.KUBERNETES_SERVICE_HOST ?? "";
  const base =
    env.EGRESS_HA_PROBER_API ??
    `https://${host.includes(":") ? `[${host}]` : host}:${env.KUBERNETES_SERVICE_PORT ?? "443"}`;
  let ca: Promise<string | undefined> | null = null;
  /** Sends one request with the current token; the response goes to `onResponse`. */
  const send = async (
    method: string,
    path: string,
    data: string | undefined,
    idleMs: number,
    onResponse: (res: http.IncomingMessage) => void,
  ): Promise<http.ClientRequest> => {
    ca ??= readFile(`${dir}/ca.crt`, "utf8").catch(() => undefined);
    const token = (await readFile(`${dir}/token`, "utf8").catch(() => "")).trim();
    const url = new URL(path, base);
    const headers: Record<string, string> = { accept: "application/json" };
    if (token !== "") headers.authorization = `Bearer ${token}`;
    if (data !== undefined) headers["content-type"] = "application/json";
    const options = { method, headers, timeout: idleMs };
    const request = url.protocol === "http:" ? http.request : https.request;
    const tls = url.protocol === "http:" ? {} : { ca: await ca };
    const req = request(url, { ...options, ...tls }, onResponse);
    req.on("timeout", () => req.destroy(new Error(`${method} ${path}: nothing received for ${idleMs} ms`)));
    return req;
  };
  return {
    async request(method, path, body) {
      const data = body === undefined ? undefined : JSON.stringify(body);
      return new Promise<ApiResponse>((resolve, reject) => {
        send(method, path, data, timeoutMs, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {}
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        }).then((req) => {
          req.on("error", reject);
          req.end(data);
        }, reject);
      });
    },
    async stream(path, onLine, opts) {
      return new Promise<number>((resolve, reject) => {
        let req: http.ClientRequest | null = null;
        const abort = () => req?.destroy();
        send("GET", path, undefined, opts.idleMs, (res) => {
          let rest = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            const lines = (rest + chunk).split("\n");
            rest = lines.pop() ?? "";
            try {
              for (const line of lines) if (line.trim() !== "") onLine(line);
            } catch (err) {
              // The reader refused a line (a watch error, bad JSON): this stream is over.
              opts.signal.removeEventListener("abort", abort);
              req?.destroy();
              reject(err);
            }
          });
          res.on("error", (err) => (opts.signal.aborted ? resolve(res.statusCode ?? 0) : reject(err)));
          res.on("end", () => {
            opts.signal.removeEventListener("abort", abort);
            try {
              if (rest.trim() !== "") onLine(rest);
              resolve(res.statusCode ?? 0);
            } catch (err) {
              reject(err);
            }
          });
        }).then((r) => {
          req = r;
          if (opts.signal.aborted) return resolve(0);
          opts.signal.addEventListener("abort", abort, { once: true });
          r.on("error", (err) => (opts.signal.aborted ? resolve(0) : reject(err)));
          r.end();
        }, reject);
      });
    },
  };
}
