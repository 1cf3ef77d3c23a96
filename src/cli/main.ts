#!/usr/bin/env node
/**
 * Entry point. The two calls shell-operator makes, `--config` and a bare run, are dispatched
 * here without loading commander, so the hook starts about as fast as bare node. Everything
 * else (plan, capture, help) goes through the commander wiring in commands.ts, loaded lazily.
 */
import { printHookConfig, runHookProcess } from "./hook-process.js";

const args = process.argv.slice(2);
if (args.length === 1 && args[0] === "--config") {
  process.exitCode = printHookConfig(process.env);
} else if (args.length === 0) {
  process.exitCode = await runHookProcess();
} else {
  const { runCli } = await import("./commands.js");
  process.exitCode = await runCli(process.argv);
}
