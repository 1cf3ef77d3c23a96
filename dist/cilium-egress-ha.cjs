#!/usr/bin/env node
"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// src/cli/loader.ts
var import_node_fs = require("node:fs");
var import_node_module = __toESM(require("node:module"), 1);
var import_node_path = require("node:path");
var import_node_vm = require("node:vm");
var bundle = (0, import_node_path.join)(__dirname, "hook.cjs");
var args = process.argv.slice(2);
var cacheable = args.length === 0 || args.length === 1 && args[0] === "--config";
function cacheFile() {
  const tmp = process.env.TMPDIR?.trim() || "/tmp";
  const state = process.env.EGRESS_HA_STATE_FILE?.trim() || (0, import_node_path.join)(tmp, "cilium-egress-ha", "state.json");
  return (0, import_node_path.join)((0, import_node_path.dirname)(state), `code-cache-${process.version}-${process.arch}.bin`);
}
if (!cacheable) {
  require(bundle);
} else {
  const source = (0, import_node_fs.readFileSync)(bundle, "utf8").replace(/^#!.*/, "");
  const file = cacheFile();
  let cachedData;
  try {
    cachedData = (0, import_node_fs.readFileSync)(file);
  } catch {
  }
  const script = new import_node_vm.Script(import_node_module.default.wrap(source), { filename: bundle, ...cachedData ? { cachedData } : {} });
  if (args.length === 0 && (!cachedData || script.cachedDataRejected)) {
    process.on("exit", () => {
      try {
        (0, import_node_fs.mkdirSync)((0, import_node_path.dirname)(file), { recursive: true });
        (0, import_node_fs.writeFileSync)(`${file}.${process.pid}`, script.createCachedData());
        (0, import_node_fs.renameSync)(`${file}.${process.pid}`, file);
      } catch {
      }
    });
  }
  const mod = new import_node_module.default(bundle, module);
  mod.filename = bundle;
  mod.paths = import_node_module.default._nodeModulePaths(__dirname);
  const wrapper = script.runInThisContext();
  wrapper.call(mod.exports, mod.exports, (id) => mod.require(id), mod, bundle, __dirname);
}
