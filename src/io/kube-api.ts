/**
 * A minimal Kubernetes API client for the prober: JSON over HTTPS with the pod's service account
 * (token re-read for each request, since the kubelet rotates it). No dependency: the image ships
 * no node_modules, and the prober needs four calls on one kind.
 */
import { readFile } from "node:fs/promises";
import * as http from "node:http";
import * as https from "node:https";

export interface ApiResponse {
  status: number;
  body: unknown;
}

export interface ApiClient {
  request(method: "GET" | "POST" | "PUT", path: string, body?: unknown): Promise<ApiResponse>;
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
  return {
    async request(method, path, body) {
      ca ??= readFile(`${dir}/ca.crt`, "utf8").catch(() => undefined);
      const token = (await readFile(`${dir}/token`, "utf8").catch(() => "")).trim();
      const url = new URL(path, base);
      const data = body === undefined ? undefined : JSON.stringify(body);
      const headers: Record<string, string> = { accept: "application/json" };
      if (token !== "") headers.authorization = `Bearer ${token}`;
      if (data !== undefined) headers["content-type"] = "application/json";
      const options = { method, headers, timeout: timeoutMs };
      const send = url.protocol === "http:" ? http.request : https.request;
      const tls = url.protocol === "http:" ? {} : { ca: await ca };
      return new Promise<ApiResponse>((resolve, reject) => {
        const req = send(url, { ...options, ...tls }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {}
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        });
        req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
        req.on("error", reject);
        req.end(data);
      });
    },
  };
}
