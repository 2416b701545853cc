// Which mirrors a link declares for topics its source does not have. A name in mirrors.topics
// that the source lacks is most often a typo or a topic not made yet: MirrorMaker 2 would wait
// for it silently and Confluent would refuse the mirror, so the link says so before anything is
// applied. Mirrors that are promoted or failed over no longer read their source; `include`
// patterns mean present and future topics and are not checked.
import { firstFew } from "../shared/first-few.ts";
import type { ClusterLinkSpec } from "./schema.ts";

/** The names of active or paused mirrors that `sourceTopics` does not hold, in spec order. */
export function missingSourceTopics(
  mirrors: ClusterLinkSpec["mirrors"],
  sourceTopics: ReadonlySet<string>,
): string[] {
  return mirrors.topics
    .filter((t) => (t.state === "active" || t.state === "paused") && !sourceTopics.has(t.name))
    .map((t) => t.name);
}

/** The status message for `missing` topics of source cluster `cluster`. */
export function missingSourceTopicsMessage(cluster: string, missing: readonly string[]): string {
  const [topics, them] = missing.length === 1 ? ["topic", "it"] : ["topics", "them"];
  return `The source KafkaCluster "${cluster}" has no ${topics} ${firstFew(missing)}: create ${them} there or fix mirrors.topics; nothing was applied`;
}
