/**
 * Which flow revision serves a draft. Current flows come from `flows/`; every revision the
 * service has run is also stored in the database (FlowRevision) the first time it is published,
 * so a draft started on revision 1 keeps running on revision 1 after revision 2 is deployed.
 * A revision's content is immutable: publishing different content under a revision number that
 * is already stored is refused, which forces the author to bump `revision`.
 */
import { createHash } from "node:crypto";
import type { Db } from "../db/open-database.ts";
import { flowSchema, type Flow } from "./flow-definition.ts";

export class FlowRegistry {
  private readonly pinned = new Map<string, Flow>();

  private constructor(
    private readonly db: Db,
    /** The newest revision of each flow, by id, in menu order. */
    readonly current: ReadonlyMap<string, Flow>,
  ) {
    for (const flow of current.values()) this.pinned.set(key(flow.id, flow.revision), flow);
  }

  /** Stores the current revisions (once) and returns a registry serving them and older ones. */
  static async publish(db: Db, flows: readonly Flow[]): Promise<FlowRegistry> {
    for (const flow of flows) {
      const sha256 = hashFlow(flow);
      const stored = await db.flowRevision.findUnique({ where: { flowId_revision: { flowId: flow.id, revision: flow.revision } } });
      if (stored && stored.sha256 !== sha256) {
        throw new Error(
          `flows/${flow.id}: revision ${flow.revision} is already published with other content; bump "revision" when a flow changes`,
        );
      }
      if (!stored) {
        await db.flowRevision.create({
          data: { flowId: flow.id, revision: flow.revision, specVersion: flow.specVersion, sha256, definition: flow as object },
        });
      }
    }
    const ordered = [...flows].sort((a, b) => a.menuOrder - b.menuOrder || a.id.localeCompare(b.id));
    return new FlowRegistry(db, new Map(ordered.map((f) => [f.id, f])));
  }

  /** The revision a draft is pinned to; loaded from the database when it is not the current one. */
  async revision(flowId: string, revision: number): Promise<Flow | undefined> {
    const cached = this.pinned.get(key(flowId, revision));
    if (cached) return cached;
    const stored = await this.db.flowRevision.findUnique({ where: { flowId_revision: { flowId, revision } } });
    if (!stored) return undefined;
    const flow = flowSchema.parse(stored.definition);
    this.pinned.set(key(flowId, revision), flow);
    return flow;
  }
}

function key(id: string, revision: number): string {
  return `${id}@${revision}`;
}

function hashFlow(flow: Flow): string {
  return createHash("sha256").update(JSON.stringify(flow)).digest("hex");
}
