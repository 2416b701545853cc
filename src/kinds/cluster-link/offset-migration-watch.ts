// Whether migrated consumer offsets move on the destination: what the link's groups committed
// there on its mirror topics, read through the KafkaAdmin port, compared with what the last
// read saw (kept in memory: after a start the first read sets the baseline and counts as no
// change). Only groups named literally can be read; prefixed filters name no group.
import { createHash } from "node:crypto";
import type { KafkaAdmin } from "../../ports/kafka-admin.ts";
import type { DesiredLink, LinkObservation, NamePattern } from "../../ports/link-backend.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import type { ClusterLinkStatus } from "./schema.ts";
import { lastOffsetMigrationOf } from "./status-fields.ts";

/** Groups read per link and reconcile, at most. */
const MAX_GROUPS = 16;

const matches = ({ name, patternType }: NamePattern, group: string) =>
  patternType === "prefixed" ? group.startsWith(name) : group === name;

/** The literally named groups the filters migrate. */
export function literalGroupsOf(include: readonly NamePattern[], exclude: readonly NamePattern[]): string[] {
  return include
    .filter((pattern) => pattern.patternType === "literal")
    .map((pattern) => pattern.name)
    .filter((group) => !exclude.some((pattern) => matches(pattern, group)))
    .slice(0, MAX_GROUPS);
}

export class OffsetMigrationWatch {
  readonly #admin: KafkaAdmin;
  readonly #digests = new Map<string, string>();

  constructor(admin: KafkaAdmin) {
    this.#admin = admin;
  }

  /**
   * How many of `groups` hold committed offsets on `topics` of `cluster`, and whether those
   * changed since `owner`'s last read; undefined when the cluster cannot be read now.
   */
  async read(
    owner: string,
    cluster: string,
    groups: readonly string[],
    topics: readonly string[],
  ): Promise<{ groups: number; isChanged: boolean } | undefined> {
    if (groups.length === 0 || topics.length === 0) return { groups: 0, isChanged: false };
    let committed: Array<readonly [string, string]>;
    try {
      committed = await Promise.all(
        groups.map(async (group) => {
          const offsets = await this.#admin.fetchCommittedOffsets(cluster, group, topics);
          return [group, offsets.map((o) => `${o.topic}:${o.partition}:${o.offset}`).join(",")] as const;
        }),
      );
    } catch (err) {
      if (err instanceof OperatorError) return undefined;
      throw err;
    }
    const digest = createHash("sha256").update(JSON.stringify(committed)).digest("hex");
    const previous = this.#digests.get(owner);
    this.#digests.set(owner, digest);
    return {
      groups: committed.filter(([, offsets]) => offsets !== "").length,
      isChanged: previous !== undefined && previous !== digest,
    };
  }

  /**
   * status.lastOffsetMigration of `link` for `owner`, from its groups' offsets on the mirrors
   * `observed` lists; `{}` (the field as it was) when the destination cannot be read now.
   */
  async statusOf(
    owner: string,
    link: DesiredLink,
    observed: LinkObservation,
    previous: ClusterLinkStatus["lastOffsetMigration"],
  ): Promise<Pick<ClusterLinkStatus, "lastOffsetMigration">> {
    const destination = link.destination.kafkaCluster;
    if (!link.consumerOffsets.isEnabled || !destination) return { lastOffsetMigration: undefined };
    const seen = await this.read(
      owner,
      destination,
      literalGroupsOf(link.consumerOffsets.include, link.consumerOffsets.exclude),
      observed.mirrors.map((mirror) => mirror.mirrorTopic),
    );
    return seen ? { lastOffsetMigration: lastOffsetMigrationOf(previous, seen, new Date()) } : {};
  }

  forget(owner: string): void {
    this.#digests.delete(owner);
  }
}
