// Which ACLs a Confluent cluster link's principals need, from the access catalog, named as the
// link names things: the link principal reads the source topics (and, with offset migration,
// their groups; with ACL sync, the source's ACLs), and with offset migration the destination
// brokers commit the migrated groups' offsets on the mirror topics (the destination
// KafkaCluster's brokerPrincipals). Pure. Rendering the link first (with placeholder secret
// values) also refuses, before anything is granted, a link the backend could not run: one whose
// destination, or a source-initiated link's source, names no REST endpoint, a source-initiated
// link on a source the namespace may not use, a file credential without a mount path.
//
// The principal that signs in to REST v3 (the KafkaCluster's restCredentials) creates the links
// and mirrors; the operator knows no Kafka principal for it, so its ACLs are the platform's.
import { destinationBrokersForOffsetMigration, linkPrincipalOnSource } from "../../access/access-roles.ts";
import type { ResourceRef } from "../../access/requirements-catalog.ts";
import type { DesiredLink, NamePattern } from "../../ports/link-backend.ts";
import type { LinkAccessNeed, LinkEndCluster, LinkPlacement } from "../../ports/link-backend-factory.ts";
import { OperatorError } from "../../ports/operator-error.ts";
import { renderConfluentLink } from "./link-configs.ts";

/** Confluent's config that puts cluster.link.prefix on migrated consumer groups' names too. */
const GROUP_PREFIX_CONFIG = "consumer.group.prefix.enable";

const unsupported = (message: string) =>
  new OperatorError(message, { reason: "LinkSpecUnsupported", isRetryable: false });

/**
 * The KafkaCluster whose REST endpoint holds the `cluster` half of the link (`link`, in words,
 * for messages); throws when the link cannot be reached through it.
 */
export function restClusterOf(
  link: string,
  clusters: LinkPlacement["kafkaClusters"],
  cluster: "destination" | "source",
): LinkEndCluster & { readonly confluent: { readonly restEndpoint: string } } {
  const end = clusters?.[cluster];
  const half = cluster === "destination" ? link : `the source half of ${link}`;
  if (!end) throw unsupported(`Cannot reach ${half}: its ${cluster} is not a KafkaCluster`);
  if (end.unusable !== undefined) {
    const { reason, message } = end.unusable;
    throw new OperatorError(`Cannot reach ${half}: ${message}`, {
      reason,
      isRetryable: reason === "ClusterUnreachable",
    });
  }
  const restEndpoint = end.confluent?.restEndpoint;
  if (restEndpoint === undefined) {
    throw unsupported(
      `Cannot reach ${half}: KafkaCluster "${end.kafkaCluster}" names no confluent.restEndpoint, the Confluent Server REST API the link is made through`,
    );
  }
  return { ...end, confluent: { ...end.confluent, restEndpoint } };
}

function sourcePrincipalOf(link: DesiredLink): string {
  if (link.source.principal !== undefined) return link.source.principal;
  throw unsupported(
    `Cannot tell which principal the source authenticates cluster link "${link.name}" as: set source.principal`,
  );
}

const refOf = (prefix: string, { name, patternType }: NamePattern): ResourceRef =>
  patternType === "literal" ? `${prefix}${name}` : { name: `${prefix}${name}`, patternType };

export function confluentLinkAccess(
  link: DesiredLink,
  clusters: LinkPlacement["kafkaClusters"],
): LinkAccessNeed[] {
  const named = `cluster link "${link.name}"`;
  const destination = restClusterOf(named, clusters, "destination");
  const source = link.confluent?.isSourceInitiated ? restClusterOf(named, clusters, "source") : undefined;
  renderConfluentLink(link, {
    secretValue: () => "",
    secretMountPaths: {
      ...(destination.confluent.secretMountPath
        ? { destination: destination.confluent.secretMountPath }
        : {}),
      ...(source?.confluent.secretMountPath ? { source: source.confluent.secretMountPath } : {}),
    },
  });

  // Named mirrors and auto-created ones (include); an exclude cannot narrow a grant.
  const mirrored = [
    ...link.mirrors.topics.map((topic): NamePattern => ({ name: topic.name, patternType: "literal" })),
    ...link.mirrors.include,
  ];
  const sourceTopics = mirrored.map((topic) => refOf("", topic));
  const principal = sourcePrincipalOf(link);
  const needs: LinkAccessNeed[] = [
    {
      side: "source",
      principal,
      purpose: "mirroring",
      requirements: linkPrincipalOnSource({ topics: sourceTopics, aclSync: link.aclSync.isEnabled }),
    },
  ];
  const offsets = link.consumerOffsets;
  if (!offsets.isEnabled) return needs;
  needs.push({
    side: "source",
    principal,
    purpose: "offsetMigration",
    // Told apart from mirroring by the catalog row, so a lost grant names offset migration.
    requirements: linkPrincipalOnSource({
      topics: sourceTopics,
      groups: offsets.include.map((group) => refOf("", group)),
    }).filter((requirement) => requirement.rowId === "link.source.offsetSync"),
  });
  // The brokers commit the migrated offsets under the mirror topics' names, and under the
  // groups' own names unless the link prefixes those too.
  const prefix = link.mirrors.prefix ?? "";
  const groupPrefix = link.configs[GROUP_PREFIX_CONFIG] === "true" ? prefix : "";
  const brokers = destinationBrokersForOffsetMigration({
    topics: mirrored.map((topic) => refOf(prefix, topic)),
    groups: offsets.include.map((group) => refOf(groupPrefix, group)),
  });
  for (const broker of destination.brokerPrincipals) {
    needs.push({ side: "destination", principal: broker, purpose: "offsetMigration", requirements: brokers });
  }
  return needs;
}
