import { describe, expect, it } from "vitest";
import { gssapi as gssapiByKeytab } from "../../../test/fixtures/cluster-link-specs.ts";
import { confluentDesiredLink, linkScram } from "../../../test/fixtures/confluent-desired-link.ts";
import type { AccessRequirement } from "../../access/requirements-catalog.ts";
import { credentialSpecSchema } from "../../credentials/credential-spec.ts";
import type { DesiredLink } from "../../ports/link-backend.ts";
import type { LinkAccessNeed, LinkEndCluster, LinkPlacement } from "../../ports/link-backend-factory.ts";
import { confluentLinkAccess } from "./confluent-link-access.ts";

const scram = linkScram;
const keytab = credentialSpecSchema.parse(gssapiByKeytab);
const link = (input: Partial<DesiredLink> = {}): DesiredLink => ({
  ...confluentDesiredLink,
  source: { ...confluentDesiredLink.source, principal: "User:link" },
  ...input,
});
const end = (name: string, input: Partial<LinkEndCluster> = {}): LinkEndCluster => ({
  kafkaCluster: `kafka/${name}`,
  namespace: "kafka",
  brokerPrincipals: [],
  confluent: { restEndpoint: `https://${name}:8090/kafka` },
  ...input,
});
const clusters = (
  destination: Partial<LinkEndCluster> = {},
  source?: Partial<LinkEndCluster>,
): LinkPlacement["kafkaClusters"] => ({
  destination: end("destination", destination),
  ...(source ? { source: end("source", source) } : {}),
});

/** "side principal purpose: Operation type:name" per requirement, "~" marking a prefix. */
const summarize = (needs: LinkAccessNeed[]) =>
  needs.flatMap((need) =>
    need.requirements.map(
      (r: AccessRequirement) =>
        `${need.side} ${need.principal} ${need.purpose}: ${r.operation} ${r.resourceType}:${r.patternType === "prefixed" ? "~" : ""}${r.resourceName}`,
    ),
  );

const readingOrders = [
  "source User:link mirroring: Read topic:orders",
  "source User:link mirroring: DescribeConfigs topic:orders",
];
const withBillingOffsets: Partial<DesiredLink> = {
  consumerOffsets: {
    isEnabled: true,
    include: [{ name: "billing-", patternType: "prefixed" }],
    exclude: [],
  },
};

describe("confluentLinkAccess", () => {
  it.each<{
    why: string;
    link: Partial<DesiredLink>;
    clusters?: LinkPlacement["kafkaClusters"];
    expected: string[];
  }>([
    {
      why: "the link principal reads and describes the configs of each named source topic, and nothing more",
      link: {},
      expected: readingOrders,
    },
    {
      why: "auto-created mirrors are read by the include filter's prefix; an exclude cannot narrow a grant",
      link: {
        mirrors: {
          topics: [],
          include: [{ name: "sales.", patternType: "prefixed" }],
          exclude: [{ name: "sales.tmp", patternType: "literal" }],
        },
      },
      expected: [
        "source User:link mirroring: Read topic:~sales.",
        "source User:link mirroring: DescribeConfigs topic:~sales.",
      ],
    },
    {
      why: "ACL sync describes the source's ACLs on its cluster",
      link: { aclSync: { isEnabled: true, filters: [{ resourceType: "topic" }] } },
      expected: [...readingOrders, "source User:link mirroring: Describe cluster:kafka-cluster"],
    },
    {
      why: "offset migration describes the topics and reads the groups on the source, and the destination brokers commit them under the mirrors' names (catalog §1, seed 000)",
      link: {
        ...withBillingOffsets,
        mirrors: { topics: [{ name: "orders", state: "active" }], include: [], exclude: [], prefix: "eu." },
      },
      clusters: clusters({ brokerPrincipals: ["User:broker-a", "User:broker-b"] }),
      expected: [
        ...readingOrders,
        "source User:link offsetMigration: Describe topic:orders",
        "source User:link offsetMigration: Read group:~billing-",
        "source User:link offsetMigration: Describe group:~billing-",
        "destination User:broker-a offsetMigration: Read topic:eu.orders",
        "destination User:broker-a offsetMigration: Read group:~billing-",
        "destination User:broker-b offsetMigration: Read topic:eu.orders",
        "destination User:broker-b offsetMigration: Read group:~billing-",
      ],
    },
    {
      why: "a link that prefixes migrated groups too gets its brokers the prefixed group names",
      link: {
        ...withBillingOffsets,
        mirrors: { topics: [{ name: "orders", state: "active" }], include: [], exclude: [], prefix: "eu." },
        configs: { "consumer.group.prefix.enable": "true" },
      },
      clusters: clusters({ brokerPrincipals: ["User:broker"] }),
      expected: [
        ...readingOrders,
        "source User:link offsetMigration: Describe topic:orders",
        "source User:link offsetMigration: Read group:~billing-",
        "source User:link offsetMigration: Describe group:~billing-",
        "destination User:broker offsetMigration: Read topic:eu.orders",
        "destination User:broker offsetMigration: Read group:~eu.billing-",
      ],
    },
    {
      why: "a destination that names no broker principals gets nothing for its brokers (they are super users, or Confluent Cloud's)",
      link: withBillingOffsets,
      expected: [
        ...readingOrders,
        "source User:link offsetMigration: Describe topic:orders",
        "source User:link offsetMigration: Read group:~billing-",
        "source User:link offsetMigration: Describe group:~billing-",
      ],
    },
  ])("$why", ({ link: input, clusters: given = clusters(), expected }) => {
    expect(summarize(confluentLinkAccess(link(input), given))).toEqual(expected);
  });

  it.each<{
    why: string;
    link: Partial<DesiredLink>;
    clusters: LinkPlacement["kafkaClusters"];
    expected: object;
  }>([
    {
      why: "a destination without a REST endpoint cannot hold the link",
      link: {},
      clusters: clusters({ confluent: {} }),
      expected: {
        reason: "LinkSpecUnsupported",
        message: expect.stringContaining('KafkaCluster "kafka/destination" names no confluent.restEndpoint'),
      },
    },
    {
      why: "a source-initiated link needs the source's REST endpoint for its source half",
      link: {
        confluent: { isSourceInitiated: true },
        destination: { ...link().destination, credential: scram },
      },
      clusters: clusters({}, { confluent: {} }),
      expected: {
        reason: "LinkSpecUnsupported",
        message: expect.stringContaining(
          'the source half of cluster link "orders": KafkaCluster "kafka/source"',
        ),
      },
    },
    {
      why: "a source-initiated link writes on the source, so the namespace must be admitted there",
      link: {
        confluent: { isSourceInitiated: true },
        destination: { ...link().destination, credential: scram },
      },
      clusters: clusters(
        {},
        { unusable: { reason: "TenancyViolation", message: 'namespace "team-a" may not use it' } },
      ),
      expected: { reason: "TenancyViolation", isRetryable: false },
    },
    {
      why: "a keytab is a file the destination brokers must mount, and the destination says nowhere",
      link: { source: { ...link().source, credential: keytab } },
      clusters: clusters(),
      expected: {
        reason: "LinkSpecUnsupported",
        message: expect.stringContaining("declares no confluent.secretMountPath"),
      },
    },
  ])("refuses before granting anything: $why", ({ link: input, clusters: given, expected }) => {
    expect(() => confluentLinkAccess(link(input), given)).toThrow(expect.objectContaining(expected));
  });

  it("takes a keytab when the destination's brokers mount Secrets", () => {
    const mounted = clusters({ confluent: { restEndpoint: "https://d/kafka", secretMountPath: "/mnt/s" } });
    expect(
      summarize(confluentLinkAccess(link({ source: { ...link().source, credential: keytab } }), mounted)),
    ).toEqual(readingOrders);
  });
});
