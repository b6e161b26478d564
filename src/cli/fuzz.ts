/**
 * `npm run fuzz [-- --runs N] [--seed S] [--flow ID]`: fuzzes the flow engine over the real flows
 * with the properties of test/fuzz/engine-fuzz.ts (10,000 runs per flow and property by default).
 * Prints one line per property and exits 1 on a failure, with the shrunk counterexample.
 */
import { parseArgs } from "node:util";
import { fuzzFlowIds, loadFuzzSetup, runEngineFuzz, PROPERTY_NAMES } from "../../test/fuzz/engine-fuzz.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "10000" },
    seed: { type: "string" },
    flow: { type: "string", multiple: true },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`--runs must be a positive integer, not ${values.runs}`);
  process.exit(2);
}
const seed = values.seed === undefined ? undefined : Number(values.seed);
if (seed !== undefined && !Number.isInteger(seed)) {
  console.error(`--seed must be an integer, not ${values.seed}`);
  process.exit(2);
}

const setup = await loadFuzzSetup();
const flowIds = values.flow?.length ? values.flow : fuzzFlowIds(setup);
const started = performance.now();
const failures: string[] = [];
for (const flowId of flowIds) {
  for (const property of PROPERTY_NAMES) {
    const r = runEngineFuzz(setup, flowId, property, runs, seed);
    const status = r.failed ? "FAIL" : "ok  ";
    console.log(
      `${status} ${flowId.padEnd(24)} ${property.padEnd(8)} runs ${r.numRuns}  completed ${r.completedRuns}  ${(r.ms / 1000).toFixed(1)} s`,
    );
    if (r.failed) failures.push(`${flowId} / ${property}\n${r.message ?? ""}`);
    else if (r.completedRuns === 0) failures.push(`${flowId} / ${property}: no run completed; the generator does not reach the end of the flow`);
  }
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (failures.length > 0) {
  for (const f of failures) console.error(`\n${f}`);
  process.exit(1);
}
