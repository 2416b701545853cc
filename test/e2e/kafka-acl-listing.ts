// What a cluster holds for some principals, looked at out of band: kafka-acls' listing (Kafka's
// own tool) and waiting on it, or every ACL of a set of principals read by a super user.
import kafkajs from "kafkajs";
import type { KafkaClusterInfo } from "../../local-stack/kafka.ts";
import { kafkaAcls, kafkaAclsAsync } from "../../local-stack/kafka-tools.ts";

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes } =
  kafkajs;

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

/** Every ACL of principals starting with `principalPrefix`, as a super user reads them (one line each, sorted). */
export async function aclsOfPrincipalsStartingWith(
  cluster: KafkaClusterInfo,
  principalPrefix: string,
): Promise<string[]> {
  const admin = new Kafka({ brokers: [cluster.bootstrap.plaintext], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    return resources
      .flatMap(({ acls, ...resource }) => acls.map((acl) => JSON.stringify({ ...resource, ...acl })))
      .filter((line) => (JSON.parse(line) as { principal: string }).principal.startsWith(principalPrefix))
      .sort();
  } finally {
    await admin.disconnect();
  }
}
