import { describe, expect, it } from "vitest";
import type { AccessRequirement } from "../../access/requirements-catalog.ts";
import type { CredentialSpec } from "../../credentials/credential-spec.ts";
import type { DesiredLink } from "../../ports/link-backend.ts";
import type { ConnectWorkers, LinkAccessNeed } from "../../ports/link-backend-factory.ts";
import { mirrorMaker2Access } from "./link-access.ts";

const scram: CredentialSpec = {
  securityProtocol: "SASL_PLAINTEXT",
  sasl: { mechanism: "SCRAM-SHA-512", username: "link", password: { name: "link", key: "password" } },
};
const workers: ConnectWorkers = {
  connectCluster: "kafka/connect",
  kafkaCluster: "kafka/destination",
  overridePolicy: "All",
  configProvider: { name: "secrets", kind: "kubernetesSecrets" },
};
const link = (input: Partial<DesiredLink> = {}): DesiredLink => ({
  name: "team-a.orders",
  secretNamespace: "team-a",
  source: {
    kafkaCluster: "kafka/source",
    bootstrapServers: ["source:9092"],
    credential: scram,
    principal: "User:link",
  },
  destination: {
    kafkaCluster: "kafka/destination",
    bootstrapServers: ["destination:9092"],
    credential: scram,
    principal: "User:writer",
  },
  mirrors: { topics: [{ name: "orders", state: "active" }], include: [], exclude: [] },
  consumerOffsets: { isEnabled: false, include: [], exclude: [] },
  aclSync: { isEnabled: false, filters: [] },
  configs: {},
  isPaused: false,
  mirrorMaker2: { heartbeats: false },
  ...input,
});

/** "side principal purpose: Operation type:name" per requirement, "~" marking a prefix. */
const summarize = (needs: LinkAccessNeed[]) =>
  needs.flatMap((need) =>
    need.requirements.map(
      (r: AccessRequirement) =>
        `${need.side} ${need.principal} ${need.purpose}: ${r.operation} ${r.resourceType}:${r.patternType === "prefixed" ? "~" : ""}${r.resourceName}`,
    ),
  );

const copying = (mirror: string) => [
  "source User:link mirroring: Describe cluster:kafka-cluster",
  "source User:link mirroring: Read topic:orders",
  "source User:link mirroring: DescribeConfigs topic:orders",
  `destination User:writer mirroring: Create topic:${mirror}`,
  `destination User:writer mirroring: Alter topic:${mirror}`,
  `destination User:writer mirroring: AlterConfigs topic:${mirror}`,
  `destination User:writer mirroring: Write topic:${mirror}`,
  "destination User:writer mirroring: Describe cluster:kafka-cluster",
];

describe("mirrorMaker2Access", () => {
  it.each<{ why: string; input: Partial<DesiredLink>; expected: string[] }>([
    {
      why: "same-name mirrors: the source client reads the topic, the destination client creates and writes its mirror",
      input: {},
      expected: copying("orders"),
    },
    {
      why: "a prefix ending in '_' names mirrors with that separator, not '.'",
      input: {
        mirrors: { topics: [{ name: "orders", state: "active" }], include: [], exclude: [], prefix: "eu_" },
      },
      expected: copying("eu_orders"),
    },
    {
      why: "a prefixed filter becomes a prefixed grant on the source and on the mirrors' names",
      input: {
        mirrors: {
          topics: [],
          include: [{ name: "sales.", patternType: "prefixed" }],
          exclude: [{ name: "sales.tmp", patternType: "literal" }],
          prefix: "eu-",
        },
      },
      expected: [
        "source User:link mirroring: Describe cluster:kafka-cluster",
        "source User:link mirroring: Read topic:~sales.",
        "source User:link mirroring: DescribeConfigs topic:~sales.",
        "destination User:writer mirroring: Create topic:~eu-sales.",
        "destination User:writer mirroring: Alter topic:~eu-sales.",
        "destination User:writer mirroring: AlterConfigs topic:~eu-sales.",
        "destination User:writer mirroring: Write topic:~eu-sales.",
        "destination User:writer mirroring: Describe cluster:kafka-cluster",
      ],
    },
    {
      why: "offset migration: groups described on the source; on the destination the checkpoints and offset-syncs topics (named after the source alias, where the link keeps them) and Read on the groups and each mirror",
      input: {
        consumerOffsets: {
          isEnabled: true,
          include: [{ name: "billing", patternType: "literal" }],
          exclude: [],
        },
      },
      expected: [
        ...copying("orders"),
        "source User:link offsetMigration: Describe group:billing",
        "destination User:writer offsetMigration: Create topic:team-a.orders.checkpoints.internal",
        "destination User:writer offsetMigration: Describe topic:team-a.orders.checkpoints.internal",
        "destination User:writer offsetMigration: Read topic:team-a.orders.checkpoints.internal",
        "destination User:writer offsetMigration: Write topic:team-a.orders.checkpoints.internal",
        "destination User:writer offsetMigration: Read group:billing",
        "destination User:writer offsetMigration: Describe group:billing",
        "destination User:writer offsetMigration: Read topic:orders",
        "destination User:writer offsetMigration: Create topic:mm2-offset-syncs.team-a.orders.internal",
        "destination User:writer offsetMigration: Read topic:mm2-offset-syncs.team-a.orders.internal",
        "destination User:writer offsetMigration: Write topic:mm2-offset-syncs.team-a.orders.internal",
        "destination User:writer offsetMigration: DescribeConfigs topic:mm2-offset-syncs.team-a.orders.internal",
      ],
    },
    {
      why: "ACL sync and heartbeats add Alter on the destination cluster and the heartbeats topic",
      input: { aclSync: { isEnabled: true, filters: [] }, mirrorMaker2: { heartbeats: true } },
      expected: [
        ...copying("orders"),
        "destination User:writer mirroring: Alter cluster:kafka-cluster",
        "destination User:writer mirroring: Create topic:heartbeats",
        "destination User:writer mirroring: Describe topic:heartbeats",
        "destination User:writer mirroring: Write topic:heartbeats",
      ],
    },
  ])("$why", ({ input, expected }) => {
    expect(summarize(mirrorMaker2Access(link(input), workers))).toEqual(expected);
  });

  it.each<{ why: string; input: Partial<DesiredLink>; workers: Partial<ConnectWorkers>; message: RegExp }>([
    {
      why: "a link the backend cannot render is refused before anything is granted",
      input: {},
      workers: { overridePolicy: "None", kafkaCluster: "kafka/elsewhere" },
      message: /override policy None/,
    },
    {
      why: "a principal the credential does not name must be given",
      input: { source: { ...link().source, principal: undefined } },
      workers: {},
      message: /set source\.principal/,
    },
  ])("$why", ({ input, workers: changed, message }) => {
    expect(() => mirrorMaker2Access(link(input), { ...workers, ...changed })).toThrow(message);
  });
});
