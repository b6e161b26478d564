import { describe, expect, it } from "vitest";
import { secretsEqual } from "../../src/security/secrets-equal.ts";

describe("secretsEqual", () => {
  it("is true only for the same secret, whatever the lengths, and false for a missing one", () => {
    expect(secretsEqual("s3cret-token", "s3cret-token")).toBe(true);
    expect(secretsEqual("s3cret-tokem", "s3cret-token")).toBe(false);
    expect(secretsEqual("s3cret", "s3cret-token")).toBe(false);
    expect(secretsEqual("", "s3cret-token")).toBe(false);
    expect(secretsEqual(undefined, "s3cret-token")).toBe(false);
  });
});
