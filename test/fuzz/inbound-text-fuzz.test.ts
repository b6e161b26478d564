import { describe, expect, it } from "vitest";
import { INBOUND_TEXT_PROPERTY_NAMES, runInboundTextFuzz } from "./inbound-text-fuzz.ts";

// Few runs here to stay quick inside `npm test`; `npm run fuzz` runs 10,000 per property.
const NUM_RUNS = 300;

describe("inbound text fuzzing", () => {
  for (const property of INBOUND_TEXT_PROPERTY_NAMES) {
    it(property, () => {
      const report = runInboundTextFuzz(property, NUM_RUNS);
      expect(report.failed, report.message).toBe(false);
    });
  }
});
