/**
 * Imports flow one way: pure cores at the bottom, channels and the council beside the conversation
 * service, the composition roots (src/main.ts, src/cli/) on top, imported by nobody.
 *
 * Why TypeScript's parser rather than dependency-cruiser: the rules are a few lines of data here,
 * TypeScript is already a dependency (no new tool, config format or transitive packages to keep
 * up), and its parser sees exactly what the compiler sees: `import type`, `export … from`,
 * dynamic `import()`. A failure names the importing file and what it imports.
 *
 * A rule with `pending` lists the violations that exist today and that planned moves remove
 * (issue #14: the council's return path moves from conversation/ to council/). The test fails on
 * any other violation, and on a listed one that is gone, so the list only shrinks.
 */
import { describe, expect, it } from "vitest";
import { importGraph, type ImportEdge } from "./import-graph.ts";

interface Rule {
  name: string;
  /** The importing files the rule is about. */
  from: RegExp;
  /** What they must not import (a project path relative to the root, or a package). */
  forbidden: RegExp;
  /** Imports allowed despite `forbidden`. */
  allowed?: (edge: ImportEdge) => boolean;
  /** Violations known today, as `from -> to`, with why they are still there. */
  pending?: { violations: string[]; why: string };
}

/** Pure cores: no database, network, file system, process or anything above them. */
const PURE = /^src\/(validation|text|time|law|concurrency|security)\/|^src\/documents\/(date-line|document-data|document-fields|document-kind|nominee-entry|vietnamese-number-words|render-docx)\.ts$/;
const IO_PACKAGES = /^(node:(fs|fs\/promises|net|http|https|child_process|os|worker_threads)|@prisma\/|pg$|better-sqlite3|hono|grammy|zca-js)/;
/** Folders every part of the code may import: they import nothing of the project above them. */
const LOW_LEVEL = /^src\/(concurrency|security|time|text)\//;

const RULES: Rule[] = [
  {
    name: "the flow engine (src/flows but its database registry) imports no database, conversation, council or channel",
    from: /^src\/flows\/(?!flow-registry\.ts$)/,
    forbidden: /^src\/(db|conversation|council|channels|cli)\/|^src\/(main|build-assistant|config)\.ts$|^@prisma\//,
  },
  {
    name: "pure cores (validation, text, time, law, concurrency, security, the documents' pure parts) import no I/O and nothing above them",
    from: PURE,
    forbidden: /^src\/(db|conversation|council|channels|cli|digests|outbox|attachments|storage|privacy)\/|^src\/(main|build-assistant|config|log)\.ts$/,
  },
  {
    name: "pure cores import no I/O package",
    from: PURE,
    forbidden: IO_PACKAGES,
  },
  {
    name: "low-level homes (concurrency, security, time, text) import only each other",
    from: LOW_LEVEL,
    forbidden: /^src\//,
    allowed: (e) => LOW_LEVEL.test(e.to),
  },
  {
    name: "channels import nothing from the conversation service, the council or the composition roots (they talk through channels/channel-port.ts)",
    from: /^src\/channels\//,
    forbidden: /^src\/(conversation|council|cli|digests|outbox|privacy|flows|records|dossiers)\/|^src\/(main|build-assistant)\.ts$/,
  },
  {
    name: "the council imports nothing from the conversation service",
    from: /^src\/council\//,
    forbidden: /^src\/conversation\//,
  },
  {
    name: "only the composition roots import the conversation service",
    from: /^src\/(?!conversation\/|cli\/|main\.ts$|build-assistant\.ts$)/,
    forbidden: /^src\/conversation\//,
  },
  {
    name: "nothing imports the composition roots (src/main.ts, src/cli/)",
    from: /^src\/(?!cli\/)/,
    forbidden: /^src\/(cli\/|main\.ts$)/,
  },
];

const edges = importGraph();

function violations(rule: Rule): string[] {
  return edges
    .filter((e) => rule.from.test(e.from) && rule.forbidden.test(e.to) && !(rule.allowed?.(e) ?? false))
    .map((e) => `${e.from} -> ${e.to}`)
    .filter((v, i, all) => all.indexOf(v) === i)
    .sort();
}

describe("layering", () => {
  it("reads the real import graph, type-only imports and dynamic imports included", () => {
    expect(edges.length).toBeGreaterThan(500);
    expect(edges).toContainEqual({ from: "src/main.ts", to: "src/build-assistant.ts", typeOnly: false });
    expect(edges).toContainEqual({ from: "src/main.ts", to: "src/channels/zalo/zalo-personal-channel.ts", typeOnly: false });
    expect(edges.some((e) => e.from === "src/replies/render-outputs.ts" && e.to === "src/channels/channel-port.ts" && e.typeOnly)).toBe(true);
  });

  for (const rule of RULES) {
    if (rule.pending) {
      it(`${rule.name} (pending: ${rule.pending.why})`, () => {
        const found = violations(rule);
        expect(found.filter((v) => !rule.pending!.violations.includes(v)), "new violations").toEqual([]);
        expect(
          rule.pending!.violations.filter((v) => !found.includes(v)),
          "violations that are gone: remove them from the rule's pending list (and the list when empty)",
        ).toEqual([]);
      });
    } else {
      it(rule.name, () => {
        expect(violations(rule)).toEqual([]);
      });
    }
  }
});
