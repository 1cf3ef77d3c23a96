#!/usr/bin/env node
/**
 * Entry point, bundled as CommonJS: Node 20's ESM loader alone costs tens of milliseconds, and
 * shell-operator starts this process for every run. The two calls shell-operator makes,
 * `--config` and a bare run, are dispatched here without loading commander; everything else
 * (plan, capture, help) goes through the commander wiring in commands.ts, a separate bundle
 * loaded only then; `prober`, the long-lived prober, is its own bundle too (dist/prober.cjs).
 */
import { printHookConfig, runHookProcess } from "./hook-process.js";

async function main(args: string[]): Promise<number> {
  if (args.length === 1 && args[0] === "--config") return printHookConfig(process.env);
  if (args.length === 0) return runHookProcess();
  if (args.length === 1 && args[0] === "prober") return (await import("../prober/main.js")).proberMain(process.env);
  const { runCli } = await import("./commands.js");
  return runCli(process.argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`cilium-egress-ha: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
