/**
 * `npm run fuzz [-- --runs N] [--seed S] [--only engine|validators|text] [--flow ID]`: fuzzes the flow
 * engine over the real flows with the properties of test/fuzz/engine-fuzz.ts, then every validator
 * with the properties of test/fuzz/validator-fuzz.ts, then the inbound text normaliser with those of
 * test/fuzz/inbound-text-fuzz.ts (10,000 runs per property by default).
 * Prints one line per property and a total per part, and exits 1 on a failure, with the shrunk
 * counterexample.
 */
import { parseArgs } from "node:util";
import { fuzzFlowIds, loadFuzzSetup, runEngineFuzz, PROPERTY_NAMES, type FuzzSetup } from "../../test/fuzz/engine-fuzz.ts";
import { runValidatorFuzz, VALIDATOR_PROPERTY_NAMES } from "../../test/fuzz/validator-fuzz.ts";
import { INBOUND_TEXT_PROPERTY_NAMES, runInboundTextFuzz } from "../../test/fuzz/inbound-text-fuzz.ts";

const PARTS = ["engine", "validators", "text"] as const;
type Part = (typeof PARTS)[number];

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "10000" },
    seed: { type: "string" },
    only: { type: "string" },
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
const only = values.only;
if (only !== undefined && !PARTS.includes(only as Part)) {
  console.error(`--only must be ${PARTS.join(" or ")}, not ${only}`);
  process.exit(2);
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Fuzzes the flow engine; returns the failures. */
function fuzzEngine(setup: FuzzSetup): string[] {
  const failures: string[] = [];
  for (const flowId of values.flow?.length ? values.flow : fuzzFlowIds(setup)) {
    for (const property of PROPERTY_NAMES) {
      const r = runEngineFuzz(setup, flowId, property, runs, seed);
      const status = r.failed ? "FAIL" : "ok  ";
      console.log(`${status} ${flowId.padEnd(24)} ${property.padEnd(8)} runs ${r.numRuns}  completed ${r.completedRuns}  ${seconds(r.ms)}`);
      if (r.failed) failures.push(`${flowId} / ${property}\n${r.message ?? ""}`);
      else if (r.completedRuns === 0) failures.push(`${flowId} / ${property}: no run completed; the generator does not reach the end of the flow`);
    }
  }
  return failures;
}

/** Fuzzes every validator; returns the failures. */
function fuzzValidators(setup: FuzzSetup): string[] {
  const failures: string[] = [];
  for (const property of VALIDATOR_PROPERTY_NAMES) {
    const r = runValidatorFuzz(setup, property, runs, seed);
    console.log(`${r.failed ? "FAIL" : "ok  "} ${property.padEnd(60)} runs ${r.numRuns}  ${seconds(r.ms)}`);
    if (r.failed) failures.push(`${property}\n${r.message ?? ""}`);
  }
  return failures;
}

/** Fuzzes the inbound text normaliser; returns the failures. */
function fuzzInboundText(): string[] {
  const failures: string[] = [];
  for (const property of INBOUND_TEXT_PROPERTY_NAMES) {
    const r = runInboundTextFuzz(property, runs, seed);
    console.log(`${r.failed ? "FAIL" : "ok  "} ${property.padEnd(60)} runs ${r.numRuns}  ${seconds(r.ms)}`);
    if (r.failed) failures.push(`${property}\n${r.message ?? ""}`);
  }
  return failures;
}

const setup = await loadFuzzSetup();
const started = performance.now();
const failures: string[] = [];
for (const part of PARTS) {
  if (only !== undefined && only !== part) continue;
  const partStarted = performance.now();
  failures.push(...(part === "engine" ? fuzzEngine(setup) : part === "validators" ? fuzzValidators(setup) : fuzzInboundText()));
  console.log(`${part} total ${seconds(performance.now() - partStarted)}\n`);
}
console.log(`total ${seconds(performance.now() - started)}`);
if (failures.length > 0) {
  for (const f of failures) console.error(`\n${f}`);
  process.exit(1);
}
