#!/usr/bin/env node
import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);
import {
  printHookConfig,
  runHookProcess
} from "./chunks/chunk-YTP64ZYU.mjs";
import "./chunks/chunk-H7VXTU6D.mjs";
import "./chunks/chunk-HKMPVKM5.mjs";
import "./chunks/chunk-M7HFL2XE.mjs";

// src/cli/main.ts
var args = process.argv.slice(2);
if (args.length === 1 && args[0] === "--config") {
  process.exitCode = printHookConfig(process.env);
} else if (args.length === 0) {
  process.exitCode = await runHookProcess();
} else {
  const { runCli } = await import("./chunks/commands-GO6IWT3R.mjs");
  process.exitCode = await runCli(process.argv);
}
