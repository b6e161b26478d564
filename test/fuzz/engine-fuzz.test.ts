import { beforeAll, describe, expect, it } from "vitest";
import { loadFuzzSetup, runEngineFuzz, PROPERTY_NAMES, type FuzzSetup } from "./engine-fuzz.ts";

// Few runs here to stay quick inside `npm test`; `npm run fuzz` runs thousands.
const NUM_RUNS = 150;
const FLOWS = ["good-deed-report", "nomination-individual", "nomination-collective", "nomination-household", "council-review", "report-verification"];

let setup: FuzzSetup;
beforeAll(async () => {
  setup = await loadFuzzSetup();
});

describe("flow engine fuzzing over the real flows", () => {
  it("fuzzes every real flow", () => {
    expect(setup.flows.map((f) => f.id).sort()).toEqual([...FLOWS].sort());
  });

  for (const flowId of FLOWS) {
    for (const property of PROPERTY_NAMES) {
      it(`${flowId}: ${property}`, () => {
        const report = runEngineFuzz(setup, flowId, property, NUM_RUNS);
        expect(report.failed, report.message).toBe(false);
        // The generator must actually reach the end of the flow, or the record check proves nothing.
        expect(report.completedRuns, "runs that completed").toBeGreaterThan(0);
      });
    }
  }
});
