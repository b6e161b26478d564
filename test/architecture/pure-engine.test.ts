/**
 * "Nothing under src/ that handles a flow step imports the database, the network or the clock":
 * follows the imports of the engine and checks the whole closure.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ENGINE = fileURLToPath(new URL("../../src/flows/advance-run.ts", import.meta.url));

function closure(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, "utf8");
    // Type-only imports are erased at run time, so they cannot bring I/O in.
    const specs = [...text.matchAll(/^\s*(?:import|export)\s(?!type\s)[^;]*?from\s+"([^"]+)"/gm)].map((m) => m[1]!);
    seen.set(file, specs);
    for (const spec of specs) if (spec.startsWith(".")) visit(resolve(dirname(file), spec));
  };
  visit(entry);
  return seen;
}

describe("the flow engine", () => {
  const files = closure(ENGINE);

  it("follows a real import graph", () => {
    expect(files.size).toBeGreaterThan(8);
    expect([...files.keys()].some((f) => f.endsWith("validation/parse-date.ts"))).toBe(true);
  });

  it("imports no database, network, file system or environment", () => {
    for (const [file, specs] of files) {
      for (const spec of specs) {
        const external = !spec.startsWith(".");
        const allowed = spec === "zod";
        expect(external && !allowed ? spec : "ok", `${file} imports ${spec}`).toBe("ok");
        expect(spec, file).not.toMatch(/\/db\/|generated|conversation|channels\//);
      }
    }
  });

  it("never reads the clock or the environment itself", () => {
    for (const file of files.keys()) {
      const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      expect(code, file).not.toMatch(/Date\.now\(|new Date\(\)|process\.env|Math\.random\(/);
    }
  });
});
