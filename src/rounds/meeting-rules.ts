/**
 * The council meeting's rules as data (`flows/catalogues/council-meeting.yaml`): the quorum (the
 * share of the council's members who must be present) and the share of ALL its members whose
 * votes a nominee needs, by default and per award. Fractions are kept as fractions and compared
 * with integers, so "2/3 of 9" is exactly 6. Only `loadMeetingRules` reads a file.
 */
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { FLOWS_DIR } from "../flows/load-flow.ts";

/** "2/3": a share between 0 and 1. */
const fraction = z
  .string()
  .regex(/^\d{1,3}\/\d{1,3}$/, 'a fraction like "2/3"')
  .transform((s) => {
    const [num, den] = s.split("/").map(Number) as [number, number];
    return { num, den };
  })
  .refine((f) => f.den > 0 && f.num <= f.den, "a share between 0/1 and 1/1");

const share = z.union([
  z.object({ atLeast: fraction, note: z.string().min(1) }).strict(),
  z.object({ moreThan: fraction, note: z.string().min(1) }).strict(),
]);

const fileSchema = z.object({
  quorum: z.object({ atLeast: fraction, note: z.string().min(1) }).strict(),
  threshold: share,
  awards: z
    .array(z.intersection(z.object({ codes: z.array(z.string().regex(/^[A-Z0-9_]+$/)).min(1) }), share))
    .nullish()
    .transform((a) => a ?? []),
});

/** A share of the council's members: at least it, or more than it; and how the catalogue words it. */
export interface Share {
  num: number;
  den: number;
  strict: boolean;
  note: string;
}

function shareOf(s: z.infer<typeof share>): Share {
  return "atLeast" in s ? { ...s.atLeast, strict: false, note: s.note } : { ...s.moreThan, strict: true, note: s.note };
}

/** Whether `part` of `whole` reaches the share (exactly: part/whole ≥ or > num/den). */
export function reaches(part: number, whole: number, s: Pick<Share, "num" | "den" | "strict">): boolean {
  if (whole <= 0) return false;
  const left = part * s.den;
  const right = whole * s.num;
  return s.strict ? left > right : left >= right;
}

/** The fewest of `whole` that reach the share (for the page: "cần 6/9"). */
export function fewestReaching(whole: number, s: Pick<Share, "num" | "den" | "strict">): number {
  for (let n = 0; n <= whole; n++) if (reaches(n, whole, s)) return n;
  return whole + 1;
}

export class MeetingRules {
  constructor(
    readonly quorum: Share,
    private readonly defaultThreshold: Share,
    private readonly byAward: ReadonlyMap<string, Share>,
  ) {}

  /** Whether `present` of `members` make the quorum. */
  quorumMet(members: number, present: number): boolean {
    return members > 0 && present <= members && reaches(present, members, this.quorum);
  }

  /** The share of all members an award's nominee needs. */
  thresholdFor(awardCode: string | null): Share {
    return (awardCode ? this.byAward.get(awardCode) : undefined) ?? this.defaultThreshold;
  }

  /** Rules from plain values (tests, and installations that build them in code). */
  static of(input: z.input<typeof fileSchema>): MeetingRules {
    const data = fileSchema.parse(input);
    const byAward = new Map<string, Share>();
    for (const entry of data.awards) {
      for (const code of entry.codes) {
        if (byAward.has(code)) throw new Error(`award ${code} is listed twice`);
        byAward.set(code, shareOf(entry));
      }
    }
    return new MeetingRules({ ...data.quorum.atLeast, strict: false, note: data.quorum.note }, shareOf(data.threshold), byAward);
  }
}

/** Reads and checks `council-meeting.yaml`; errors name the file and the entry. Award codes are checked against `awardCodes` when given. */
export async function loadMeetingRules(dir = `${FLOWS_DIR}catalogues`, awardCodes?: readonly string[]): Promise<MeetingRules> {
  const file = "flows/catalogues/council-meeting.yaml";
  const raw: unknown = parseYaml(await readFile(`${dir}/council-meeting.yaml`, "utf8"));
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ")}`);
  }
  const unknown = awardCodes ? parsed.data.awards.flatMap((a) => a.codes).filter((c) => !awardCodes.includes(c)) : [];
  if (unknown.length) throw new Error(`${file}: unknown award code(s) ${unknown.join(", ")} (see awards.yaml)`);
  try {
    return MeetingRules.of(raw as z.input<typeof fileSchema>);
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
}
