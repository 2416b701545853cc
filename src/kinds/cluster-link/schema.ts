// ClusterLink: a link from a source Kafka cluster to a destination KafkaCluster, run by one of
// two backends: MirrorMaker 2 connectors on a ConnectCluster (any Kafka), or a Confluent cluster
// link (Confluent Server REST v3). Both read the same spec; where a backend cannot do what the
// spec asks, a CEL rule says so before the resource is stored.
//
// Cross-field rules are written once (CEL for the API server, the same check for zod). Field
// names are our own; the README maps every field of Confluent for Kubernetes' ClusterLink and
// of Terraform's confluent_cluster_link and confluent_kafka_mirror_topic onto them.
import { z } from "zod";
import { OPERATIONS, PATTERN_TYPES, PERMISSIONS, RESOURCE_TYPES } from "../../access/acl-vocabulary.ts";
import { type CrossFieldRule, credentialSpecSchema, withRules } from "../../credentials/credential-spec.ts";
import { DESIRED_MIRROR_STATES, LINK_STATES, OBSERVED_MIRROR_STATES } from "../../ports/link-backend.ts";
import {
  aclLedgersSchema,
  bootstrapServersSchema,
  clusterRefSchema,
  defineKind,
  deletionPolicySchema,
  describedList,
  dryRunPlanSchema,
  principalSchema,
  statusBaseSchema,
  TOPIC_NAME_CHARS,
  topicNameSchema,
} from "../shared/schema-parts.ts";
import {
  CONNECTION_CONFIGS_RULE,
  isConnectionConfig,
  isReservedConfig,
  type LinkBackendName,
  reservedConfigsRule,
} from "./reserved-configs.ts";

export const BACKENDS = ["mirrorMaker2", "confluent"] as const;

const topicPatternSchema = z.object({
  name: topicNameSchema.describe("A topic name, or a name prefix when patternType is prefixed."),
  patternType: z.enum(PATTERN_TYPES).default("literal"),
});

const groupPatternSchema = z.object({
  name: z
    .string()
    .min(1)
    .max(255)
    .describe("A consumer group id, or an id prefix when patternType is prefixed."),
  patternType: z.enum(PATTERN_TYPES).default("literal"),
});

const CONFIG_KEY = /^[a-zA-Z0-9][a-zA-Z0-9._-]*$/;
const MAX_CONFIGS = 64;
const configsSchema = (what: string) =>
  z
    .record(z.string().min(1).max(256).regex(CONFIG_KEY, "must be a config name"), z.string().max(4096))
    .refine(
      (configs) => Object.keys(configs).length <= MAX_CONFIGS,
      `${what} holds at most ${MAX_CONFIGS} keys`,
    )
    .meta({
      maxProperties: MAX_CONFIGS,
      "x-kubernetes-validations": [
        {
          rule: `self.all(k, k.matches('${CONFIG_KEY.source}'))`,
          message: `${what} keys are config names (letters, digits, ".", "_", "-")`,
        },
      ],
    });

/** The principal a credential authenticates as, when the credential itself names it. */
const NAMES_ITS_PRINCIPAL =
  "has(self.credential.sasl) ? (self.credential.sasl.mechanism == 'GSSAPI' || has(self.credential.sasl.username)) : !(has(self.credential.tls) && has(self.credential.tls.keystore))";
type WithCredential = { credential?: z.output<typeof credentialSpecSchema>; principal?: string };
const namesItsPrincipal = ({ credential }: WithCredential) =>
  credential === undefined ||
  (credential.sasl
    ? credential.sasl.mechanism === "GSSAPI" || credential.sasl.username !== undefined
    : credential.tls?.keystore === undefined);

const principalRule = (where: string): CrossFieldRule<WithCredential> => ({
  rule: `!has(self.credential) || has(self.principal) || (${NAMES_ITS_PRINCIPAL})`,
  message: `${where}.principal is needed when the credential does not name it (mutual TLS, OAUTHBEARER, sasl.usernameFrom)`,
  holds: (endpoint) => endpoint.principal !== undefined || namesItsPrincipal(endpoint),
});

const principalFieldSchema = principalSchema.describe(
  "The principal the cluster authenticates the credential as, for the link's ACLs; read from the credential when it names one (SCRAM or PLAIN user name, Kerberos primary).",
);

const sourceSchema = withRules(
  z.object({
    kafkaClusterRef: clusterRefSchema
      .optional()
      .describe("The source as a KafkaCluster; tenancy applies as for any use of the cluster."),
    bootstrapServers: bootstrapServersSchema
      .optional()
      .describe(
        "Bootstrap servers (host:port) of the listener the link credential authenticates to; the KafkaCluster's when absent.",
      ),
    clusterId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe("The source's cluster id; the link is refused when the source reports another."),
    credential: credentialSpecSchema.describe(
      "The link credential: how the link's clients authenticate to the source. Secret references only.",
    ),
    principal: principalFieldSchema.optional(),
  }),
  [
    {
      rule: "has(self.kafkaClusterRef) || has(self.bootstrapServers)",
      message: "source needs kafkaClusterRef or bootstrapServers",
      holds: (s) => s.kafkaClusterRef !== undefined || s.bootstrapServers !== undefined,
    },
    principalRule("source"),
  ],
);

const mirrorMaker2Schema = z.object({
  connectClusterRef: clusterRefSchema.describe("The ConnectCluster whose workers run the link's connectors."),
  heartbeats: z
    .boolean()
    .default(false)
    .describe("Also run MirrorHeartbeatConnector, which emits heartbeats to the destination."),
  destinationAccess: withRules(
    z.object({
      bootstrapServers: bootstrapServersSchema
        .optional()
        .describe(
          "Bootstrap servers of the destination listener; the destination KafkaCluster's when absent.",
        ),
      credential: credentialSpecSchema
        .optional()
        .describe("How the connectors authenticate to the destination; the link credential when absent."),
      principal: principalFieldSchema.optional(),
    }),
    [principalRule("mirrorMaker2.destinationAccess")],
  )
    .optional()
    .describe(
      "How the connectors write to the destination (topics, checkpoints, offsets): by default the link credential on the destination KafkaCluster's bootstrap servers.",
    ),
});

const confluentSchema = z.object({
  sourceInitiated: withRules(
    z.object({
      bootstrapServers: bootstrapServersSchema
        .optional()
        .describe(
          "Bootstrap servers of the destination listener the source connects to; the destination KafkaCluster's when absent.",
        ),
      credential: credentialSpecSchema.describe(
        "How the link's source half authenticates to the destination (e.g. a Confluent Cloud API key as SASL PLAIN). Secret references only.",
      ),
      principal: principalFieldSchema.optional(),
    }),
    [principalRule("confluent.sourceInitiated")],
  )
    .optional()
    .describe(
      "The source opens the link, for a source the destination cannot reach: a half on each cluster, the source's made through the source KafkaCluster's REST endpoint. source.credential then logs the link in to its own cluster (local.* configs).",
    ),
});

const mirrorTopicSchema = z.object({
  name: topicNameSchema.describe("The source topic; its mirror is named mirrors.prefix + name."),
  state: z
    .enum(DESIRED_MIRROR_STATES)
    .default("active")
    .describe(
      "active mirrors; paused keeps the mirror and stops copying; promoted stops mirroring once caught up; failedOver stops at once (confluent).",
    ),
  replicationFactor: z
    .number()
    .int()
    .min(1)
    .max(32767)
    .optional()
    .describe("Replication factor of the mirror topic (confluent)."),
  configs: configsSchema("mirrors.topics[].configs")
    .optional()
    .describe("Topic configs of the mirror when it is created (confluent)."),
});

const mirrorsSchema = withRules(
  z.object({
    topics: z
      .array(mirrorTopicSchema)
      .max(1000)
      .default([])
      .meta({ "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"] })
      .describe("Topics mirrored one by one, each with its desired state."),
    include: z
      .array(topicPatternSchema)
      .max(64)
      .default([])
      .describe(
        "Topics mirrored by name or prefix, present and future (confluent: mirrors created automatically).",
      ),
    exclude: z
      .array(topicPatternSchema)
      .max(64)
      .default([])
      .describe("Topics never mirrored by include, by name or prefix."),
    prefix: z
      .string()
      .min(1)
      .max(200)
      .regex(TOPIC_NAME_CHARS, "must consist of topic name characters")
      .optional()
      .describe(
        "Prefix of every mirror's name (cluster.link.prefix): source topic orders becomes <prefix>orders. Absent: mirrors keep their source names.",
      ),
  }),
  [
    {
      rule: "size(self.topics) + size(self.include) > 0",
      message: "mirrors needs topics or include filters",
      holds: (m) => m.topics.length + m.include.length > 0,
    },
  ],
  // The API server keeps names unique through the list's map keys; zod says it the same way.
).refine((m) => new Set(m.topics.map((t) => t.name)).size === m.topics.length, {
  message: "mirrors.topics names each topic once",
});

const intervalSecondsSchema = z.number().int().min(1).max(86_400).optional();

const consumerOffsetsSchema = withRules(
  z.object({
    enabled: z
      .boolean()
      .default(false)
      .describe("Migrate the committed offsets of the selected consumer groups."),
    include: z
      .array(groupPatternSchema)
      .max(64)
      .default([])
      .describe("Groups whose offsets are migrated, by id or prefix; no group without one."),
    exclude: z
      .array(groupPatternSchema)
      .max(64)
      .default([])
      .describe("Groups never migrated, by id or prefix."),
    intervalSeconds: intervalSecondsSchema.describe(
      "How often offsets are migrated; the backend's default when absent (confluent 30, MirrorMaker 2 60).",
    ),
  }),
  [
    {
      rule: "!self.enabled || size(self.include) > 0",
      message: "consumerOffsets needs at least one include filter when enabled",
      holds: (c) => !c.enabled || c.include.length > 0,
    },
  ],
);

const aclFilterSchema = z.object({
  resourceType: z.enum(RESOURCE_TYPES).optional().describe("Resource type to sync; any when absent."),
  name: z.string().min(1).max(1024).optional().describe("Resource name or prefix; any when absent."),
  patternType: z.enum(PATTERN_TYPES).optional().describe("literal or prefixed; any when absent."),
  principal: z.string().min(1).max(512).optional().describe("Principal, e.g. User:alice; any when absent."),
  host: z.string().min(1).max(64).optional().describe("Host; any when absent."),
  operation: z.enum(OPERATIONS).optional().describe("Operation; any when absent."),
  permission: z.enum(PERMISSIONS).optional().describe("allow or deny; any when absent."),
});

const aclSyncSchema = z.object({
  enabled: z.boolean().default(false).describe("Copy ACLs from the source to the destination."),
  filters: z
    .array(aclFilterSchema)
    .max(64)
    .default([])
    .describe("Which ACLs are synced (confluent); MirrorMaker 2 syncs the ACLs of mirrored topics."),
  intervalSeconds: intervalSecondsSchema.describe(
    "How often ACLs are synced; the backend's default when absent.",
  ),
});

const backendRule = (
  backend: LinkBackendName,
  rule: string,
  message: string,
  holds: (spec: RawSpec) => boolean,
): CrossFieldRule<RawSpec> => ({
  rule: `self.backend != '${backend}' || (${rule})`,
  message,
  holds: (spec) => spec.backend !== backend || holds(spec),
});

const specFields = z.object({
  backend: z
    .enum(BACKENDS)
    .describe(
      "What runs the link: mirrorMaker2 (MirrorMaker 2 connectors on a ConnectCluster) or confluent (Confluent Cluster Linking on the destination).",
    ),
  linkName: z
    .string()
    .min(1)
    .max(249)
    .regex(TOPIC_NAME_CHARS, "must consist of letters, digits, '.', '_' and '-'")
    .optional()
    .describe(
      "Name of the Confluent cluster link on the destination; the resource name when absent (confluent).",
    ),
  destination: z
    .object({
      kafkaClusterRef: clusterRefSchema.describe(
        "The KafkaCluster mirrors are written to; tenancy applies as for any use of the cluster.",
      ),
    })
    .describe("The destination cluster."),
  source: sourceSchema.describe("The source cluster and the link credential."),
  mirrorMaker2: mirrorMaker2Schema.optional().describe("Settings of the mirrorMaker2 backend."),
  confluent: confluentSchema.optional().describe("Settings of the confluent backend."),
  mirrors: mirrorsSchema.describe("Which topics are mirrored, and how mirrors are named."),
  consumerOffsets: consumerOffsetsSchema
    .default({ enabled: false, include: [], exclude: [] })
    .describe("Consumer offset migration."),
  aclSync: aclSyncSchema.default({ enabled: false, filters: [] }).describe("ACL sync."),
  configs: configsSchema("configs")
    .optional()
    .describe(
      "Backend settings the spec does not model (e.g. MirrorMaker 2's tasks.max, Confluent's mirror.start.offset.spec). Keys the spec sets, and connection or credential settings, are refused.",
    ),
  paused: z.boolean().default(false).describe("Pause the whole link: nothing is copied, everything is kept."),
  deletionPolicy: deletionPolicySchema.describe(
    "On deletion, Delete removes the link (connectors or Confluent link) and the ACLs it owns; Orphan leaves them. Mirror topics always stay.",
  ),
  dryRun: z
    .boolean()
    .default(false)
    .describe("Plan only: status shows what would change; nothing is changed on any cluster."),
});
type RawSpec = z.output<typeof specFields>;

const specRules: CrossFieldRule<RawSpec>[] = [
  {
    rule: "self.backend != 'mirrorMaker2' || has(self.mirrorMaker2)",
    message: "backend mirrorMaker2 needs mirrorMaker2.connectClusterRef",
    holds: (s) => s.backend !== "mirrorMaker2" || s.mirrorMaker2 !== undefined,
  },
  {
    rule: "self.backend == 'mirrorMaker2' || !has(self.mirrorMaker2)",
    message: "mirrorMaker2 settings need backend mirrorMaker2",
    holds: (s) => s.backend === "mirrorMaker2" || s.mirrorMaker2 === undefined,
  },
  {
    rule: "self.backend == 'confluent' || !has(self.confluent)",
    message: "confluent settings need backend confluent",
    holds: (s) => s.backend === "confluent" || s.confluent === undefined,
  },
  {
    rule: "!has(self.confluent) || !has(self.confluent.sourceInitiated) || has(self.source.kafkaClusterRef)",
    message:
      "a source-initiated link needs source.kafkaClusterRef: its source half is made through that KafkaCluster's REST endpoint",
    holds: (s) => s.confluent?.sourceInitiated === undefined || s.source.kafkaClusterRef !== undefined,
  },
  backendRule(
    "mirrorMaker2",
    "!has(self.linkName)",
    "linkName names a Confluent cluster link; MirrorMaker 2 connectors are named from the resource",
    (s) => s.linkName === undefined,
  ),
  backendRule(
    "mirrorMaker2",
    "self.mirrors.topics.all(t, t.state in ['active', 'paused'])",
    "with mirrorMaker2 a mirror is active or paused: promoted and failedOver need the confluent backend (remove the topic to stop mirroring it)",
    (s) => s.mirrors.topics.every((t) => t.state === "active" || t.state === "paused"),
  ),
  backendRule(
    "mirrorMaker2",
    "self.mirrors.topics.all(t, !has(t.replicationFactor) && !has(t.configs))",
    "with mirrorMaker2, mirrors.topics[].replicationFactor and configs are not per mirror: set replication.factor in configs",
    (s) => s.mirrors.topics.every((t) => t.replicationFactor === undefined && t.configs === undefined),
  ),
  backendRule(
    "mirrorMaker2",
    "!has(self.mirrors.prefix) || self.mirrors.prefix.matches('^[a-zA-Z0-9][a-zA-Z0-9._-]*[._-]$')",
    "with mirrorMaker2, mirrors.prefix ends with '.', '_' or '-' after at least one letter or digit (MirrorMaker 2 names mirrors <alias><separator><topic>)",
    (s) => s.mirrors.prefix === undefined || /^[a-zA-Z0-9][a-zA-Z0-9._-]*[._-]$/.test(s.mirrors.prefix),
  ),
  backendRule(
    "mirrorMaker2",
    "self.consumerOffsets.include.all(g, !g.name.contains(','))",
    "with mirrorMaker2, a consumer group id with a comma cannot be migrated (MirrorMaker 2 hands groups to its tasks as a comma-separated list)",
    (s) => s.consumerOffsets.include.every((g) => !g.name.includes(",")),
  ),
  backendRule(
    "mirrorMaker2",
    "size(self.aclSync.filters) == 0",
    "MirrorMaker 2 syncs the ACLs of mirrored topics only: aclSync.filters need the confluent backend",
    (s) => s.aclSync.filters.length === 0,
  ),
  backendRule(
    "confluent",
    "!self.aclSync.enabled || size(self.aclSync.filters) > 0",
    "the confluent backend syncs only the ACLs aclSync.filters select: give at least one filter",
    (s) => !s.aclSync.enabled || s.aclSync.filters.length > 0,
  ),
  backendRule(
    "confluent",
    "has(self.source.kafkaClusterRef) || has(self.source.clusterId)",
    "the confluent backend needs source.clusterId for a source that is not a KafkaCluster",
    (s) => s.source.kafkaClusterRef !== undefined || s.source.clusterId !== undefined,
  ),
  {
    rule: CONNECTION_CONFIGS_RULE,
    message:
      "configs may not hold connection or credential settings (sasl.*, ssl.*, security.protocol, bootstrap.servers, passwords, secrets): they come from the credential",
    holds: (s) => Object.keys(s.configs ?? {}).every((key) => !isConnectionConfig(key)),
  },
  ...BACKENDS.map(
    (backend): CrossFieldRule<RawSpec> => ({
      rule: reservedConfigsRule(backend),
      message: `configs may not set what the ${backend} backend renders from the spec's fields (see the README's list of reserved keys)`,
      holds: (s) =>
        s.backend !== backend || Object.keys(s.configs ?? {}).every((key) => !isReservedConfig(backend, key)),
    }),
  ),
];

export const clusterLinkSpecSchema = withRules(specFields, specRules);
/** A ClusterLink spec after parsing (defaults filled in). */
export type ClusterLinkSpec = z.output<typeof clusterLinkSpecSchema>;
/** A ClusterLink spec as written in a manifest. */
export type ClusterLinkSpecInput = z.input<typeof clusterLinkSpecSchema>;

const accessListSchema = z
  .array(
    z.object({
      cluster: z.string().max(512),
      principal: z.string().max(512),
      count: z.number().int().min(0).describe("How many bindings."),
      bindings: z.array(z.string().max(4096)).max(32).describe("The bindings in words (first 32)."),
    }),
  )
  .max(8)
  .optional();

export const MAX_STATUS_MIRRORS = 256;

export const clusterLinkStatusSchema = statusBaseSchema.extend({
  source: z
    .string()
    .max(512)
    .optional()
    .describe("The source as shown by kubectl: its KafkaCluster, or its first bootstrap server."),
  linkName: z
    .string()
    .max(512)
    .optional()
    .describe("The link's name on the backend (Confluent link, connector names)."),
  linkId: z
    .string()
    .max(256)
    .optional()
    .describe("The backend's id of the link (Confluent's cluster_link_id)."),
  sourceClusterId: z.string().max(256).optional(),
  destinationClusterId: z.string().max(256).optional(),
  linkPrincipal: z
    .string()
    .max(512)
    .optional()
    .describe("The principal the source authenticates the link as."),
  state: z.enum(LINK_STATES).optional().describe("The link as a whole, as the backend reports it."),
  tasks: z
    .array(
      z.object({
        name: z.string().max(1024),
        state: z.string().max(64),
        trace: z
          .string()
          .max(2048)
          .optional()
          .describe("A failure, summarised to its first line and root cause."),
      }),
    )
    .max(64)
    .optional()
    .describe("The link's connectors and tasks (MirrorMaker 2) or link tasks (Confluent) (first 64)."),
  mirrorCount: z.number().int().min(0).optional().describe("Topics the link mirrors."),
  mirrorTopics: z
    .array(
      z.object({
        sourceTopic: z.string().max(249),
        mirrorTopic: z.string().max(512),
        state: z.enum(OBSERVED_MIRROR_STATES),
        lag: z
          .number()
          .int()
          .min(0)
          .optional()
          .describe("Source end offset minus mirror end offset, over partitions."),
        error: z
          .string()
          .max(256)
          .optional()
          .describe("What the backend reports wrong with the mirror (e.g. SOURCE_TOPIC_MAY_BE_DELETED)."),
      }),
    )
    .max(MAX_STATUS_MIRRORS)
    .optional()
    .describe(`Mirror topics with their state, lag and error (first ${MAX_STATUS_MIRRORS}).`),
  backendRecord: z
    .object({
      secretsHash: z.string().max(128).optional(),
      configKeys: z.array(z.string().max(256)).max(64).optional(),
    })
    .optional()
    .describe(
      "What the backend wrote and cannot read back, kept after each successful apply (confluent: a hash of the link's secret values, the configs keys set). Never a secret.",
    ),
  lastOffsetMigration: z
    .object({
      time: z
        .string()
        .max(64)
        .describe("When migrated offsets were last seen on the destination (RFC 3339)."),
      groups: z.number().int().min(0).describe("Groups with migrated offsets."),
    })
    .optional(),
  appliedAccess: accessListSchema.describe(
    "ACLs this link applied and holds, per cluster and principal (first 32 of each).",
  ),
  missingAccess: accessListSchema.describe(
    "ACLs the link's principals need and lack where the operator may not apply them (a source KafkaCluster outside the namespace's limits), per cluster and principal, from the access catalog.",
  ),
  uncheckedAccess: accessListSchema.describe(
    "ACLs the link's principals need where the operator cannot read ACLs (a source given by bootstrap servers, named by its first one): grant them there.",
  ),
  aclLedgers: aclLedgersSchema.optional(),
  plan: dryRunPlanSchema({
    summary: z.string().max(1024),
    changes: describedList(100, "Changes applying the spec would make"),
  }),
});
export type ClusterLinkStatus = z.infer<typeof clusterLinkStatusSchema>;

export const clusterLinkKind = defineKind({
  kind: "ClusterLink",
  shortNames: ["klink"],
  description: "A link mirroring topics from a source Kafka cluster to a destination KafkaCluster.",
  spec: clusterLinkSpecSchema,
  status: clusterLinkStatusSchema,
  printerColumns: [
    { name: "Source", type: "string", jsonPath: ".status.source" },
    { name: "Destination", type: "string", jsonPath: ".spec.destination.kafkaClusterRef.name" },
    { name: "Backend", type: "string", jsonPath: ".spec.backend" },
    { name: "Mirrors", type: "integer", jsonPath: ".status.mirrorCount" },
  ],
});
