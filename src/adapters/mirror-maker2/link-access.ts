// Which ACLs a link's principals need for MirrorMaker 2 to run it, from the access catalog and
// named as the link's rendering names things: the mirrors under its replication policy, and
// its internal topics on the destination. Pure; rendering the link first also refuses, before
// anything is granted, a link the backend could not run.
import {
  mm2SourceClient,
  mm2SourceOffsetMigration,
  mm2TargetClient,
  mm2TargetOffsetMigration,
} from "../../access/access-roles.ts";
import type { ResourceRef } from "../../access/requirements-catalog.ts";
import type { DesiredLink } from "../../ports/link-backend.ts";
import type { ConnectWorkers, LinkAccessNeed } from "../../ports/link-backend-factory.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import { renderMirrorMaker2 } from "./connector-configs.ts";

function principalOf(link: DesiredLink, side: "source" | "destination"): string {
  const principal = link[side].principal;
  if (principal !== undefined) return principal;
  throw new OperatorError(
    `Cannot tell which principal the ${side} authenticates link "${link.name}" as: set ${side === "source" ? "source.principal" : "mirrorMaker2.destinationAccess.principal"}`,
    { reason: "LinkSpecUnsupported", isRetryable: false },
  );
}

/**
 * The link's needs on each end: its source-side client reads the mirrored topics (and, with
 * offset migration, describes the groups), its destination-side client creates and writes the
 * mirrors (and, with offset migration, keeps the checkpoints and offset-syncs topics and
 * commits the migrated groups' offsets). A named topic keeps its grants while paused, so
 * resuming it needs nothing new.
 */
export function mirrorMaker2Access(link: DesiredLink, workers: ConnectWorkers): LinkAccessNeed[] {
  const { naming } = renderMirrorMaker2(link, workers);
  const topics: ResourceRef[] = [
    ...link.mirrors.topics.map((topic) => topic.name),
    ...link.mirrors.include.map(({ name, patternType }) => ({ name, patternType })),
  ];
  const remoteTopics = topics.map((ref) =>
    typeof ref === "string" ? naming.mirrorTopic(ref) : { ...ref, name: naming.mirrorTopic(ref.name) },
  );
  const source = principalOf(link, "source");
  const destination = principalOf(link, "destination");
  const needs: LinkAccessNeed[] = [
    { side: "source", principal: source, purpose: "mirroring", requirements: mm2SourceClient({ topics }) },
    {
      side: "destination",
      principal: destination,
      purpose: "mirroring",
      requirements: mm2TargetClient({
        remoteTopics,
        aclSync: link.aclSync.isEnabled,
        ...(link.mirrorMaker2?.heartbeats ? { heartbeatsTopic: naming.internalTopics.heartbeats } : {}),
      }),
    },
  ];
  const offsets = link.consumerOffsets;
  if (offsets.isEnabled) {
    const groups = offsets.include.map(({ name, patternType }) => ({ name, patternType }));
    // The rendering keeps offset syncs on the destination, so the source only ever sees reads.
    const offsetSyncs = { topic: naming.internalTopics.offsetSyncs, location: "target" } as const;
    needs.push(
      {
        side: "source",
        principal: source,
        purpose: "offsetMigration",
        requirements: mm2SourceOffsetMigration({ groups, offsetSyncs }),
      },
      {
        side: "destination",
        principal: destination,
        purpose: "offsetMigration",
        requirements: mm2TargetOffsetMigration({
          remoteTopics,
          groups,
          checkpointsTopic: naming.internalTopics.checkpoints,
          offsetSyncs,
        }),
      },
    );
  }
  return needs;
}
