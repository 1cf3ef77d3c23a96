/** States for tests: a state with some of the engine's memory (engine/memory.ts) replaced. */
import type { EngineMemory } from "../../src/engine/memory.js";
import type { RunState } from "../../src/hook/state.js";

/** `state` with these records of the engine's memory in place of its own. */
export function withEngine(state: RunState, records: Partial<EngineMemory>): RunState {
  return { ...state, engine: { ...state.engine, ...records } };
}
