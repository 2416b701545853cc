// What a cluster holds for some principals, looked at out of band: kafka-acls' listing (Kafka's
// own tool) and waiting on it, or every ACL of a set of principals read by a super user.
import kafkajs from "kafkajs";
import type { KafkaClusterInfo } from "../env/kafka.ts";
import { kafkaAcls } from "../env/kafka-tools.ts";

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes } =
  kafkajs;

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
