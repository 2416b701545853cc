// What kafka-acls (Kafka's own tool, out of band) lists for a principal, and waiting on it.
import type { KafkaClusterInfo } from "../../local-stack/kafka.ts";
import { kafkaAcls, kafkaAclsAsync } from "../../local-stack/kafka-tools.ts";

const listArgs = (principal: string) => ["--list", "--principal", principal];

/** The listing now; blocks this process while the tool runs. */
export function aclsOf(cluster: KafkaClusterInfo, principal: string): string {
  return kafkaAcls(cluster, listArgs(principal)).stdout;
}

/**
 * Polls the listing (bounded) until `predicate` holds; returns it. The tool runs as a child
 * process this one does not wait on, so an operator in this process keeps working meanwhile.
 */
export async function waitForAcls(
  cluster: KafkaClusterInfo,
  principal: string,
  predicate: (listing: string) => boolean,
  timeoutMs = 20_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let listing = "";
  while (Date.now() < deadline) {
    listing = (await kafkaAclsAsync(cluster, listArgs(principal))).stdout;
    if (predicate(listing)) return listing;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`kafka-acls still lists for ${principal}:\n${listing}`);
}
