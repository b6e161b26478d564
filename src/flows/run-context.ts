/**
 * What the engine may consult besides the flow and the run's state: strings and catalogues, all
 * plain data supplied by the caller, so the engine itself reads no database, clock or network.
 */
import type { I18n, Lang } from "../i18n/i18n.ts";
import type { UnitEntry } from "../validation/match-unit.ts";
import type { Flow } from "./flow-definition.ts";
import type { Answers } from "./run-state.ts";

/** A unit the person may name, with its level (TINH, XA, THON) and a display label. */
export interface RunUnit extends UnitEntry {
  level: string;
  /** e.g. "Tiểu khu 2, xã Hà Trung". */
  label: string;
}

/**
 * A unit abolished by a reorganisation (the district level, thị trấn and merged provinces and
 * communes on 1/7/2025), which people still name: answered with the units that took it over.
 */
export interface RunFormerUnit extends UnitEntry {
  /** "Thị trấn Hà Trung, Huyện Hà Trung". */
  label: string;
  /** Ids of `RunContext.units` that took over its territory, the main one first; never empty. */
  successorIds: readonly string[];
}

/** An award of the catalogue, as a choice. */
export interface RunAward {
  code: string;
  name: string;
  subjectKinds: readonly string[];
  grantedBy: string;
  /** Who may hold it (CA_NHAN, CHIEN_SI, HO_GIA_DINH, collective kinds); absent: the whole subject kind. */
  holders?: readonly string[];
  /** The achievement types it is given for; absent: any. */
  achievementTypes?: readonly string[];
}

/**
 * The law's advice inside a run, supplied by the caller (src/law/law-advisor.ts) and pure like the
 * engine: what to say once an award is chosen, and what the summary must warn about.
 */
export interface RunLaw {
  /** Lines shown once the award `code` is chosen: who decides, and its criteria. */
  chosen(flow: Flow, code: string, answers: Answers, lang: Lang): string[];
  /** Criteria the answers fail, explained with their article and the answers used; empty when none fails. */
  findings(flow: Flow, answers: Answers, lang: Lang): string[];
  /**
   * An answer the law already knows for a text step (the nominee's recorded awards for
   * `priorAwards`), with a line presenting it: offered as a button, and typing stays possible.
   */
  suggestion?(stepId: string, lang: Lang): { note: string; answer: string } | undefined;
}

/** A commune office a person may call instead of using the chat (from the unit catalogue). */
export interface RunContact {
  /** "UBND xã Hà Trung" */
  office: string;
  phone: string;
}

/** What the engine may consult besides the flow: strings and catalogues, all plain data. */
export interface RunContext {
  i18n: I18n;
  units: readonly RunUnit[];
  /** Units abolished before today, for answers that name one ("huyện Hà Trung", "xã Hà Lĩnh cũ"); absent: none. */
  formerUnits?: readonly RunFormerUnit[];
  awards: readonly RunAward[];
  /** Offices with a phone number, offered when someone declines consent (none: a general pointer). */
  contacts?: readonly RunContact[];
  /** Advice from the award catalogue's criteria; absent: awards are offered and sent unchecked. */
  law?: RunLaw;
  /** Dossiers waiting for the council that this person may act on (secretaries), for `dossier` steps. */
  queue?: readonly { code: string; label: string; /** The options a step with `optionsAllowedBy` may offer for it; absent: all. */ allows?: readonly string[] }[];
}
