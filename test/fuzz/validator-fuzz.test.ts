import { readdirSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadFuzzSetup, type FuzzSetup } from "./engine-fuzz.ts";
import { runValidatorFuzz, VALIDATOR_PROPERTY_NAMES } from "./validator-fuzz.ts";

// Few runs here to stay quick inside `npm test`; `npm run fuzz` runs 10,000 per property.
const NUM_RUNS = 200;

let setup: FuzzSetup;
beforeAll(async () => {
  setup = await loadFuzzSetup();
});

describe("validator fuzzing", () => {
  it("has properties for every module of src/validation/, and for the calendar dates of src/time/", () => {
    const modules = readdirSync(new URL("../../src/validation/", import.meta.url))
      .filter((file) => file.endsWith(".ts") && file !== "parse-result.ts")
      .map((file) => file.slice(0, -".ts".length))
      .concat("local-date");
    const fuzzed = new Set(VALIDATOR_PROPERTY_NAMES.map((name) => name.split(":")[0]));
    expect([...fuzzed].sort()).toEqual(modules.sort());
  });

  for (const property of VALIDATOR_PROPERTY_NAMES) {
    it(property, () => {
      const report = runValidatorFuzz(setup, property, NUM_RUNS);
      expect(report.failed, report.message).toBe(false);
    });
  }
});
