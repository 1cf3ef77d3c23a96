/** commander wiring for everything but the two shell-operator calls. */
import { readFile } from "node:fs/promises";
import { Command, CommanderError, Option } from "commander";
import { ENV, readSettings, type Settings, SettingsError } from "../config/settings.js";
import { parseContext } from "../hook/assessment.js";
import { type Evaluation, evaluate } from "../hook/pipeline.js";
import { indexPath, parseIndex } from "../hook/policy-index.js";
import { EXIT_CONTRACT, EXIT_USAGE } from "../hook/run.js";
import { parseState, type RunState, strongHash } from "../hook/state.js";
import type { PolicyObject } from "../model/objects.js";
import { ContractError } from "../protocol/binding-context.js";
import { buildHookConfig } from "../protocol/hook-config.js";
import { printHookConfig, runHookProcess } from "./hook-process.js";
import { type Captured, captureLive, readReplicaState } from "./live.js";
import { planToJson, renderPlanTable } from "./plan-render.js";

declare const __VERSION__: string;

class UsageError extends Error {}

async function readInput(file: string): Promise<string> {
  try {
    return file === "-" ? await readStdin() : await readFile(file, "utf8");
  } catch (err) {
    throw new ContractError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(`--now: "${value}" is not an RFC 3339 time`);
  return new Date(ms);
}

const poolsFromContext = (): boolean => process.env[ENV.pools] === undefined;

/** The hook's decision on a binding context, as this replica (HOSTNAME) would make it. */
function decide(
  doc: unknown,
  settings: Settings,
  now: Date,
  state: RunState | undefined,
  policies?: PolicyObject[],
): Evaluation {
  const writer = process.env.HOSTNAME?.trim();
  return evaluate(doc, settings, now, {
    poolsFromContext: poolsFromContext(),
    ...(state ? { state } : {}),
    ...(writer ? { writer } : {}),
    ...(policies ? { policies } : {}),
  });
}

function printPlan(result: Evaluation, now: Date, output: string): void {
  process.stdout.write(
    output === "json" ? `${JSON.stringify(planToJson(result, now), null, 2)}\n` : renderPlanTable(result, now),
  );
}

async function captureOrExplain(settings: Settings, context: string | undefined): Promise<Captured> {
  try {
    return await captureLive(settings, context);
  } catch (err) {
    throw new ContractError(`capture failed: ${(err as Error).message}`);
  }
}

export function buildProgram(exit: { code: number }): Command {
  const program = new Command("cilium-egress-ha")
    .description(
      "Keeps Cilium egress gateway policies on healthy nodes. Runs as a shell-operator hook;\n" +
        "with no arguments it performs one hook run, with --config it prints its bindings.",
    )
    .version(typeof __VERSION__ === "string" ? __VERSION__ : "dev")
    .option("--config", "print the shell-operator binding configuration (JSON) and exit")
    .showHelpAfterError()
    .action(async (opts: { config?: boolean }) => {
      exit.code = opts.config ? printHookConfig(process.env) : await runHookProcess();
    });

  program
    .command("run")
    .description("perform one hook run: read $BINDING_CONTEXT_PATH, write $KUBERNETES_PATCH_PATH")
    .action(async () => {
      exit.code = await runHookProcess();
    });

  program
    .command("config")
    .description("print the shell-operator binding configuration for the current settings")
    .addOption(new Option("-o, --output <format>", "output format").choices(["json", "yaml"]).default("json"))
    .action(async (opts: { output: string }) => {
      const config = buildHookConfig(readSettings(process.env));
      if (opts.output === "yaml") {
        const yaml = await import("yaml");
        // yaml is CommonJS inside the ESM bundle: its API may sit on `default`.
        const api = (
          "stringify" in yaml && typeof yaml.stringify === "function"
            ? yaml
            : (yaml as unknown as { default: typeof yaml }).default
        ) as typeof yaml;
        process.stdout.write(api.stringify(config, { lineWidth: 0 }));
      } else {
        process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
      }
    });

  program
    .command("plan")
    .description(
      "show what the hook would decide for a recorded binding context, and why.\n" +
        `Pools come from ${ENV.pools} when it is set, otherwise from the context's snapshots.`,
    )
    .argument("<binding-context>", "binding-context JSON file as shell-operator writes it ('-' for stdin)")
    .addOption(new Option("-o, --output <format>", "output format").choices(["table", "json"]).default("table"))
    .option("--now <time>", "evaluate at this RFC 3339 time instead of the current time")
    .option("--state <file>", "the hook's state file (EGRESS_HA_STATE_FILE), for its memory of recent failures")
    .action(async (file: string, opts: { output: string; now?: string; state?: string }) => {
      const settings = readSettings(process.env);
      const now = parseNow(opts.now);
      const text = await readInput(file);
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch (err) {
        throw new ContractError(`${file} is not valid JSON: ${(err as Error).message}`);
      }
      // Without --state nothing is remembered, and Leases age by renewTime against --now.
      let state: RunState | undefined;
      if (opts.state) {
        try {
          state = parseState(await readInput(opts.state));
        } catch (err) {
          throw new ContractError(`--state ${opts.state}: ${(err as Error).message}`);
        }
      }
      // A resync tick's context carries no policies: they come from the hook's policy index.
      let policies: PolicyObject[] | undefined;
      if (!parseContext(doc, settings, { poolsFromContext: poolsFromContext() }).policiesKnown) {
        if (!opts.state || !state)
          throw new ContractError(
            `${file} is a resync tick's context, which carries no policies; pass --state with the hook's state file, whose policy index (<state>.policies) has them, or capture a full context`,
          );
        const path = indexPath(opts.state);
        const text = await readInput(path);
        // The hook itself refuses an index its state did not record: so does plan.
        if (state.index === null || strongHash(text) !== state.index)
          throw new ContractError(
            `policy index ${path} is not the one ${opts.state} recorded; the hook would not decide from it either`,
          );
        try {
          policies = parseIndex(text);
        } catch (err) {
          throw new ContractError(`policy index ${path}: ${(err as Error).message}`);
        }
      }
      const result = decide(doc, settings, now, state, policies);
      printPlan(result, now, opts.output);
    });

  program
    .command("capture")
    .description(
      "read everything the bindings select (pool nodes, every node's hostname label, policies, node\n" +
        "Leases, cilium agent pods) through the current kubeconfig context and write a binding context\n" +
        "exactly as shell-operator would send it (then run `plan` on it)",
    )
    .option("-o, --output <file>", "write to this file instead of stdout")
    .option("--context <name>", "kubeconfig context to use")
    .action(async (opts: { output?: string; context?: string }) => {
      const { doc } = await captureOrExplain(readSettings(process.env), opts.context);
      const text = `${JSON.stringify(doc, null, 2)}\n`;
      if (opts.output) {
        const { writeFile } = await import("node:fs/promises");
        await writeFile(opts.output, text);
      } else {
        process.stdout.write(text);
      }
    });

  program
    .command("status")
    .description(
      "show what the hook decides right now, and why: capture the live cluster (in the operator's pod,\n" +
        "with its ServiceAccount; elsewhere through the current kubeconfig context), read this replica's\n" +
        "state file without taking its lock, and print the plan. Read-only: it writes nothing.\n" +
        "In the pod: kubectl exec deploy/<release> -c shell-operator -- cilium-egress-ha status",
    )
    .addOption(new Option("-o, --output <format>", "output format").choices(["table", "json"]).default("table"))
    .option("--state <file>", `the state file to read (default: ${ENV.stateFile}, as the hook uses it)`)
    .option("--context <name>", "kubeconfig context to use")
    .action(async (opts: { output: string; state?: string; context?: string }) => {
      const settings = readSettings(process.env);
      const captured = await captureOrExplain(settings, opts.context);
      const replica = await readReplicaState(opts.state ?? settings.stateFile);
      const now = new Date();
      const result = decide(captured.doc, settings, now, replica.state);
      const writer = process.env.HOSTNAME?.trim() || "(HOSTNAME unset)";
      if (opts.output === "json") {
        const source = { writer, context: captured.contextName, memory: replica.memory, state: replica.line };
        process.stdout.write(`${JSON.stringify({ source, ...(planToJson(result, now) as object) }, null, 2)}\n`);
        return;
      }
      process.stdout.write(`Replica: ${writer}; cluster context: ${captured.contextName}\n${replica.line}\n\n`);
      printPlan(result, now, "table");
    });

  return program;
}

/** Runs the CLI and returns the exit code: 0 ok, 1 unreadable/malformed input, 2 usage or settings. */
export async function runCli(argv: string[]): Promise<number> {
  const exit = { code: 0 };
  const program = buildProgram(exit);
  program.exitOverride();
  for (const sub of program.commands) sub.exitOverride();
  try {
    await program.parseAsync(argv);
    return exit.code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version exit 0; every parse error is a usage error.
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (err instanceof SettingsError || err instanceof UsageError) {
      process.stderr.write(`cilium-egress-ha: ${err.message}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof ContractError) {
      process.stderr.write(`cilium-egress-ha: ${err.message}\n`);
      return EXIT_CONTRACT;
    }
    throw err;
  }
}
