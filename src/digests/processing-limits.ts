/**
 * Processing time limits (thời hạn giải quyết) as data: how many working days the council has for
 * a dossier, per procedure, and the province's cut-off dates for sending dossiers, read from
 * `flows/catalogues/processing-limits.yaml`. Only `loadProcessingLimits` reads a file.
 */
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { FLOWS_DIR } from "../flows/load-flow.ts";
import { localDateFromIso, type LocalDate } from "../time/local-date.ts";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const workingDays = z.number().int().min(1).max(365);

const fileSchema = z.object({
  default: z.object({ name: z.string().min(1), workingDays }),
  procedures: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]+$/),
        name: z.string().min(1),
        awards: z.array(z.string().regex(/^[A-Z0-9_]+$/)).optional(),
        kinds: z.array(z.enum(["NOMINATION_INDIVIDUAL", "NOMINATION_COLLECTIVE", "NOMINATION_HOUSEHOLD", "GOOD_DEED_REPORT"])).optional(),
        workingDays,
        source: z.string().optional(),
      }),
    )
    .default([]),
  warnWithinWorkingDays: z.number().int().min(0).max(30).default(2),
  cutoffs: z
    .array(z.object({ name: z.string().min(1), date: isoDate, showFromDays: z.number().int().min(0).max(366).default(30), source: z.string().optional() }))
    .nullish()
    .transform((c) => c ?? []),
});

/** A province's cut-off date for sending dossiers. */
export interface Cutoff {
  name: string;
  date: LocalDate;
  /** Shown in digests from this many calendar days before the date. */
  showFromDays: number;
}

export interface ProcessingLimit {
  name: string;
  workingDays: number;
}

export class ProcessingLimits {
  constructor(
    private readonly data: z.infer<typeof fileSchema> & { cutoffList: Cutoff[] },
  ) {}

  /** The limit of a dossier: the first procedure naming its award, else its kind, else the default. */
  limitFor(kind: string, awardCode: string | null): ProcessingLimit {
    const procedures = this.data.procedures;
    const byAward = awardCode ? procedures.find((p) => p.awards?.includes(awardCode)) : undefined;
    const byKind = procedures.find((p) => !p.awards && p.kinds?.includes(kind as never));
    const found = byAward ?? byKind;
    return found ? { name: found.name, workingDays: found.workingDays } : this.data.default;
  }

  get warnWithinWorkingDays(): number {
    return this.data.warnWithinWorkingDays;
  }

  get cutoffs(): readonly Cutoff[] {
    return this.data.cutoffList;
  }

  /** Limits from plain values (tests, and installations that build them in code). */
  static of(input: z.input<typeof fileSchema>): ProcessingLimits {
    const data = fileSchema.parse(input);
    return new ProcessingLimits({ ...data, cutoffList: data.cutoffs.map((c) => ({ name: c.name, date: localDateFromIso(c.date), showFromDays: c.showFromDays })) });
  }
}

/** Reads and checks `processing-limits.yaml`; errors name the file and the entry. */
export async function loadProcessingLimits(dir = `${FLOWS_DIR}catalogues`): Promise<ProcessingLimits> {
  const file = "flows/catalogues/processing-limits.yaml";
  const parsed = fileSchema.safeParse(parseYaml(await readFile(`${dir}/processing-limits.yaml`, "utf8")));
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ")}`);
  }
  const ids = new Set<string>();
  for (const p of parsed.data.procedures) {
    if (ids.has(p.id)) throw new Error(`${file}: procedure ${p.id} is listed twice`);
    ids.add(p.id);
    if (!p.awards?.length && !p.kinds?.length) throw new Error(`${file}: procedure ${p.id} names neither awards nor kinds`);
  }
  try {
    return ProcessingLimits.of(parsed.data);
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
}
