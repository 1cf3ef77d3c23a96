#!/usr/bin/env node
import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);
import {
  printHookConfig,
  runHookProcess
} from "./chunks/chunk-WNCUHH7N.mjs";
import "./chunks/chunk-H7VXTU6D.mjs";
import "./chunks/chunk-67EEKLAF.mjs";
import "./chunks/chunk-M7HFL2XE.mjs";

// src/cli/main.ts
var args = process.argv.slice(2);
if (args.length === 1 && args[0] === "--config") {
  process.exitCode = printHookConfig(process.env);
} else if (args.length === 0) {
  process.exitCode = await runHookProcess();
} else {
  const { runCli } = await import("./chunks/commands-7G556GSX.mjs");
  process.exitCode = await runCli(process.argv);
}
