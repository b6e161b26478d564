/**
 * The one load pipeline for flows, used by the app at start and by `npm run flows:check`:
 * size check → YAML → spec version (newer refused, older migrated) → zod schema → semantic checks
 * (unique step ids, every reference resolves to an earlier step, every condition can match, every
 * step reachable, the flow fits its record schema: see record-fit.ts). Errors name the file and the step,
 * e.g. `flows/x.yaml: step[id=award]: …`.
 */
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { CURRENT_SPEC_VERSION, flowSchema, type Flow, type Step } from "./flow-definition.ts";
import { recordFitProblems } from "../records/record-fit.ts";

/** The repository's `flows/` folder. */
export const FLOWS_DIR = fileURLToPath(new URL("../../flows/", import.meta.url));

const MAX_FLOW_BYTES = 256 * 1024;

/** A flow file that cannot be used; `problems` lists every finding, each naming its location. */
export class FlowLoadError extends Error {
  override name = "FlowLoadError";
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/**
 * Migrations from older spec versions to the next one, keyed by the version they upgrade from.
 * Version 1 is the first; add `1: (raw) => …` here when version 2 appears.
 */
const SPEC_MIGRATIONS: Record<number, (raw: Record<string, unknown>) => Record<string, unknown>> = {};

/** Parses and checks one flow from its source text (YAML or JSON). */
export function parseFlow(source: string, text: string): Flow {
  if (Buffer.byteLength(text, "utf8") > MAX_FLOW_BYTES) {
    throw new FlowLoadError(source, [`file is larger than ${MAX_FLOW_BYTES} bytes`]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new FlowLoadError(source, [`not valid YAML: ${(err as Error).message}`]);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new FlowLoadError(source, ["a flow must be a mapping with id, specVersion, revision, steps…"]);
  }
  let doc = raw as Record<string, unknown>;
  const spec = doc.specVersion;
  if (typeof spec !== "number" || !Number.isInteger(spec) || spec < 1) {
    throw new FlowLoadError(source, ["specVersion must be a positive integer"]);
  }
  if (spec > CURRENT_SPEC_VERSION) {
    throw new FlowLoadError(source, [`specVersion ${spec} is newer than this program understands (${CURRENT_SPEC_VERSION}); upgrade the program`]);
  }
  for (let v = spec; v < CURRENT_SPEC_VERSION; v++) {
    const migrate = SPEC_MIGRATIONS[v];
    if (!migrate) throw new FlowLoadError(source, [`no migration from specVersion ${v}`]);
    doc = { ...migrate(doc), specVersion: v + 1 };
  }
  const parsed = flowSchema.safeParse(doc);
  if (!parsed.success) {
    throw new FlowLoadError(
      source,
      parsed.error.issues.map((i) => `${describePath(doc, i.path)}: ${i.message}`),
    );
  }
  const problems = checkSemantics(parsed.data);
  if (problems.length > 0) throw new FlowLoadError(source, problems);
  return parsed.data;
}

/** Loads every `*.yaml` flow in a folder (not its sub-folders) and checks flow ids are unique. */
export async function loadFlowsDir(dir: string = FLOWS_DIR): Promise<Flow[]> {
  const files = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => e.name)
    .sort();
  const flows: Flow[] = [];
  const errors: string[] = [];
  for (const file of files) {
    try {
      flows.push(parseFlow(`flows/${file}`, await readFile(`${dir}/${file}`, "utf8")));
    } catch (err) {
      if (err instanceof FlowLoadError) errors.push(err.message);
      else throw err;
    }
  }
  const seen = new Set<string>();
  for (const flow of flows) {
    if (seen.has(flow.id)) errors.push(`flows/: two files define the flow id "${flow.id}"`);
    seen.add(flow.id);
  }
  if (errors.length > 0) throw new Error(errors.join("\n"));
  return flows;
}

function describePath(doc: Record<string, unknown>, path: PropertyKey[]): string {
  if (path[0] === "steps" && typeof path[1] === "number") {
    const step = (doc.steps as Array<Record<string, unknown>> | undefined)?.[path[1]];
    const id = typeof step?.id === "string" ? step.id : `#${path[1]}`;
    const rest = path.slice(2).map(String).join(".");
    return `step[id=${id}]${rest ? `.${rest}` : ""}`;
  }
  return path.map(String).join(".") || "(root)";
}

function checkSemantics(flow: Flow): string[] {
  const problems: string[] = [];
  const index = new Map<string, number>();
  flow.steps.forEach((step, i) => {
    if (index.has(step.id)) problems.push(`step[id=${step.id}]: duplicate step id`);
    else index.set(step.id, i);
  });
  const byId = new Map(flow.steps.map((s) => [s.id, s]));
  const earlier = (step: Step, ref: string, what: string): Step | undefined => {
    const target = byId.get(ref);
    const at = index.get(ref);
    if (!target || at === undefined) {
      problems.push(`step[id=${step.id}]: ${what} refers to unknown step "${ref}"`);
      return undefined;
    }
    if (at >= (index.get(step.id) ?? 0)) {
      problems.push(`step[id=${step.id}]: ${what} refers to step "${ref}", which does not come before it`);
      return undefined;
    }
    return target;
  };

  const reachable = new Set<string>();
  for (const step of flow.steps) {
    let canReach = true;
    if (step.when) {
      const target = earlier(step, step.when.step, "when");
      canReach = false;
      if (target) {
        const producible = producibleValues(target);
        const matching = step.when.in.filter((v) => producible === "any" || producible.has(v));
        for (const v of step.when.in) {
          if (producible !== "any" && !producible.has(v)) {
            problems.push(`step[id=${step.id}]: when.in value ${JSON.stringify(v)} is never an answer of step "${target.id}"`);
          }
        }
        canReach = reachable.has(target.id) && matching.length > 0;
      }
    }
    if (canReach) reachable.add(step.id);
    else problems.push(`step[id=${step.id}]: can never be reached`);

    if (step.shared && (step.kind === "consent" || step.kind === "files" || step.kind === "dossier")) {
      problems.push(`step[id=${step.id}]: a ${step.kind} step cannot be shared: each run gives its own`);
    }
    if (step.kind === "cccd") {
      if (step.birthDateStep) {
        const t = earlier(step, step.birthDateStep, "birthDateStep");
        if (t && t.kind !== "date") problems.push(`step[id=${step.id}]: birthDateStep "${t.id}" is not a date step`);
      }
      if (step.genderStep) {
        const t = earlier(step, step.genderStep, "genderStep");
        if (t && (t.kind !== "choice" || !t.options.some((o) => o.value === "NAM") || !t.options.some((o) => o.value === "NU"))) {
          problems.push(`step[id=${step.id}]: genderStep "${t.id}" must be a choice with the values NAM and NU`);
        }
      }
    }
    if (step.kind === "number" && step.maxFromStep) {
      const t = earlier(step, step.maxFromStep, "maxFromStep");
      if (t && t.kind !== "number") problems.push(`step[id=${step.id}]: maxFromStep "${t.id}" is not a number step`);
    }
    if (step.kind === "award") {
      for (const [ref, field] of [[step.holderFrom, "holderFrom"], [step.achievementTypeFrom, "achievementTypeFrom"]] as const) {
        if (!ref) continue;
        const t = earlier(step, ref, field);
        if (t && t.kind !== "choice") problems.push(`step[id=${step.id}]: ${field} "${t.id}" is not a choice step`);
      }
    }
    if (step.kind === "choice" || step.kind === "multi-choice") {
      const values = new Set<string>();
      for (const o of step.options) {
        if (values.has(o.value)) problems.push(`step[id=${step.id}]: duplicate option value ${o.value}`);
        values.add(o.value);
      }
    }
  }

  problems.push(...recordFitProblems(flow));
  return problems;
}

function producibleValues(step: Step): Set<string | boolean> | "any" {
  switch (step.kind) {
    case "choice":
    case "multi-choice":
      return new Set(step.options.map((o) => o.value));
    case "yes-no":
      return new Set([true, false]);
    case "consent":
      return new Set([true]);
    default:
      return "any";
  }
}
