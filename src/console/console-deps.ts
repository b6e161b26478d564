/**
 * Everything the console needs, built by the composition root (src/main.ts) and by tests with the
 * same real services: the database and the unit tree, the flows (for the form's own labels), the
 * dossiers' papers and files, sign-in links and sessions, and where the council is.
 */
import type { FailedAttempts } from "../admin/failed-attempts.ts";
import type { FileStore } from "../attachments/file-store.ts";
import type { UnitDirectory } from "../catalogues/unit-directory.ts";
import type { Db } from "../db/open-database.ts";
import type { DossierDocuments } from "../documents/dossier-documents.ts";
import type { RunContext } from "../flows/advance-run.ts";
import type { FlowRegistry } from "../flows/flow-registry.ts";
import type { I18n } from "../i18n/i18n.ts";
import type { LawAdvisor } from "../law/law-advisor.ts";
import type { AppLog } from "../log.ts";
import type { ShareReference } from "../digests/digest-input.ts";
import type { MeetingRules } from "../rounds/meeting-rules.ts";
import type { ConsoleLinks } from "./console-links.ts";
import type { ConsoleSessions } from "./console-sessions.ts";
import type { PublicPostings } from "../posting/public-postings.ts";

/**
 * Where the council works. Embedded (COUNCIL_API_URL unset): the console's entries go to it like
 * the chat's. External: that system owns the council's work; entries are sent to it only when the
 * bot holds a staff token there (COUNCIL_STAFF_TOKEN), else the console shows and does not act.
 */
export type ConsoleCouncil = { external: false } | { external: true; url: string; acceptsEntries: boolean };

export interface ConsoleDeps {
  db: Db;
  units: UnitDirectory;
  flows: FlowRegistry;
  i18n: I18n;
  links: Pick<ConsoleLinks, "redeem">;
  sessions: ConsoleSessions;
  /** Failed sign-ins, counted per client address like failed invitation codes. */
  failedAttempts: FailedAttempts;
  documents: Pick<DossierDocuments, "ensure" | "read" | "forRound">;
  /** The council meeting's quorum and vote thresholds. */
  meetingRules: MeetingRules;
  /** What the list's direct-worker share is read against ("tham khảo"); null: nothing. */
  shareReference: ShareReference | null;
  /** The uploaded files (photos, PDFs) of dossiers. */
  files: Pick<FileStore, "pathOf">;
  /**
   * The engine's context (units, awards, strings), to show answers as the form showed them and to
   * check a round's list as the chat checks its answers; with the law's advisor, whose assessment
   * a list's dossiers carry as the chat's do.
   */
  runContext: (now: Date) => RunContext & { law?: LawAdvisor };
  council: ConsoleCouncil;
  /** Review rounds' public postings and the objections to them. */
  postings: PublicPostings;
  /** The Host header values answered (the web chat's ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
  /** Cookies get the Secure flag (PUBLIC_BASE_URL is https); a request over HTTPS gets it anyway. */
  secureCookies: boolean;
  serializeWrites: <T>(work: () => Promise<T>) => Promise<T>;
  now: () => Date;
  log: AppLog;
}
