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
var fs = __toESM(require("node:fs"), 1);
var import_node_module = __toESM(require("node:module"), 1);
var import_node_path = require("node:path");
var import_node_vm = require("node:vm");
var bundle = (0, import_node_path.join)(__dirname, "hook.cjs");
var args = process.argv.slice(2);
var cacheable = args.length === 0 || args.length === 1 && args[0] === "--config";
var C = fs.constants;
var MAX_CACHE_BYTES = 64 * 1024 * 1024;
var READ_GIVE_UP_MS = 250;
var PREFIX = "code-cache-";
function cacheFile() {
  const tmp = process.env.TMPDIR?.trim() || "/tmp";
  const state = process.env.EGRESS_HA_STATE_FILE?.trim() || (0, import_node_path.join)(tmp, "cilium-egress-ha", "state.json");
  if (!state.startsWith("/")) return null;
  return (0, import_node_path.join)((0, import_node_path.dirname)(state), `${PREFIX}${process.version}-${process.arch}.bin`);
}
var euid = process.geteuid?.() ?? -1;
var ours = (st) => st.uid === euid && (st.mode & 18) === 0;
function readCache(file, done) {
  let finished = false;
  const finish = (data) => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    done(data);
  };
  const timer = setTimeout(finish, READ_GIVE_UP_MS);
  fs.open(file, C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK, (err, fd) => {
    if (err) return finish();
    const fail = () => fs.close(fd, () => finish());
    fs.fstat(fd, (err2, st) => {
      if (err2 || !st.isFile() || !ours(st) || st.size > MAX_CACHE_BYTES || st.size === 0) return fail();
      const buf = Buffer.allocUnsafe(st.size);
      fs.read(fd, buf, 0, st.size, 0, (err3, n) => {
        if (err3 || n !== st.size) return fail();
        fs.close(fd, () => finish(buf));
      });
    });
  });
}
function writeCache(file, data, done) {
  const dir = (0, import_node_path.dirname)(file);
  const tmp = `${file}.tmp`;
  fs.lstat(dir, (err, st) => {
    if (err || !st.isDirectory() || !ours(st)) return done();
    fs.open(tmp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 384, (err2, fd) => {
      if (err2) {
        if (err2.code !== "EEXIST") return done();
        return fs.lstat(tmp, (e, t) => !e && Date.now() - t.mtimeMs > 6e4 ? fs.unlink(tmp, () => done()) : done());
      }
      const cleanup = () => fs.close(fd, () => fs.unlink(tmp, () => done()));
      fs.write(fd, data, 0, data.length, null, (err3, n) => {
        if (err3 || n !== data.length) return cleanup();
        fs.close(fd, (err4) => {
          if (err4) return fs.unlink(tmp, () => done());
          fs.rename(tmp, file, (err5) => {
            if (err5) return fs.unlink(tmp, () => done());
            fs.readdir(dir, (err6, names) => {
              const stale = err6 ? [] : names.filter((n2) => n2.startsWith(PREFIX) && n2.endsWith(".bin") && (0, import_node_path.join)(dir, n2) !== file);
              let left = stale.length;
              if (left === 0) return done();
              for (const n2 of stale) fs.unlink((0, import_node_path.join)(dir, n2), () => --left === 0 && done());
            });
          });
        });
      });
    });
  });
}
function run(file, cachedData) {
  const source = fs.readFileSync(bundle, "utf8").replace(/^#!.*/, "");
  const script = new import_node_vm.Script(import_node_module.default.wrap(source), { filename: bundle, ...cachedData ? { cachedData } : {} });
  if (file !== null && args.length === 0 && (!cachedData || script.cachedDataRejected)) {
    let written = false;
    process.on("beforeExit", () => {
      if (written) return;
      written = true;
      writeCache(file, script.createCachedData(), () => void 0);
    });
  }
  const mod = new import_node_module.default(bundle, module);
  mod.filename = bundle;
  mod.paths = import_node_module.default._nodeModulePaths(__dirname);
  const wrapper = script.runInThisContext();
  wrapper.call(mod.exports, mod.exports, (id) => mod.require(id), mod, bundle, __dirname);
}
if (!cacheable) {
  require(bundle);
} else {
  const file = cacheFile();
  if (file === null) run(null, void 0);
  else readCache(file, (data) => run(file, data));
}
