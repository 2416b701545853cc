// What kafka-acls (Kafka's own tool, out of band) lists for a principal, and waiting on it.
import type { KafkaClusterInfo } from "../../local-stack/kafka.ts";
import { kafkaAcls } from "../../local-stack/kafka-tools.ts";

export function aclsOf(cluster: KafkaClusterInfo, principal: string): string {
  return kafkaAcls(cluster, ["--list", "--principal", principal]).stdout;
}

/** Polls the listing (bounded) until `predicate` holds; returns it. */
export async function waitForAcls(
  cluster: KafkaClusterInfo,
  principal: string,
  predicate: (listing: string) => boolean,
  timeoutMs = 20_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let listing = "";
  while (Date.now() < deadline) {
    listing = aclsOf(cluster, principal);
    if (predicate(listing)) return listing;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`kafka-acls still lists for ${principal}:\n${listing}`);
}
