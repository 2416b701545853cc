// ConnectorPrincipal: a principal of its own for one Kafka Connect connector. The operator
// does not own the connector (users create it with their own tools); it owns the client
// overrides that make the connector authenticate as this principal, and the ACLs the principal
// needs for what the connector touches, derived from the access catalog.
//
// Cross-field rules are written once, as CEL for the API server and the same check for zod,
// so a manifest checked offline fails as it would on the cluster.
import { z } from "zod";
import { PATTERN_TYPES } from "../../access/acl-vocabulary.ts";
import { type CrossFieldRule, credentialSpecSchema, withRules } from "../../credentials/credential-spec.ts";
import {
  aclLedgersSchema,
  clusterRefSchema,
  defineKind,
  deletionPolicySchema,
  describedList,
  dryRunPlanSchema,
  principalSchema,
  statusBaseSchema,
  topicNameSchema,
} from "../shared/schema-parts.ts";

const topicRefSchema = z.object({
  name: topicNameSchema.describe("Topic name, or the prefix when patternType is prefixed."),
  patternType: z.enum(PATTERN_TYPES).default("literal"),
});
export type TopicRef = z.infer<typeof topicRefSchema>;

export const CONNECTOR_ROLES = ["source", "sink"] as const;
export type ConnectorRole = (typeof CONNECTOR_ROLES)[number];

const hostPort = z
  .string()
  .min(3)
  .max(512)
  .regex(/^[^\s:,]+:[0-9]{1,5}$|^\[[0-9a-fA-F:]+\]:[0-9]{1,5}$/, "must be host:port");

const specFields = z.object({
  connectRef: clusterRefSchema.describe(
    "The ConnectCluster the connector runs on; its Kafka cluster is where the ACLs go.",
  ),
  connector: z
    .string()
    .min(1)
    .max(1024)
    .describe("Name of the connector. It may not exist yet: the resource waits for it."),
  role: z
    .enum(["detect", ...CONNECTOR_ROLES])
    .default("detect")
    .describe("source or sink; detect reads it from the connector's class in the workers' plugin list."),
  principal: principalSchema
    .optional()
    .describe(
      "The principal the brokers see for this credential, which the ACLs are for. Defaults to User:<sasl.username> for SCRAM and PLAIN.",
    ),
  credential: credentialSpecSchema.describe(
    "How the connector's clients authenticate. Secrets reach the connector config only as config-provider variables, files (keytabs, PKCS12/JKS stores) as paths where the workers mount Secrets. The operator logs in with it first (CredentialsValid); a GSSAPI krb5Conf serves that login only, as the workers' JVM reads its own krb5.conf.",
  ),
  bootstrapServers: z
    .array(hostPort)
    .min(1)
    .max(64)
    .optional()
    .describe(
      "Bootstrap servers of the listener the credential is for, when it is not the one the workers use (needs the All override policy). The operator proves the credential there; without them, on the bootstrap servers the connector's config overrides, else the KafkaCluster's.",
    ),
  topics: z
    .array(topicRefSchema)
    .min(1)
    .max(256)
    .optional()
    .describe(
      "Topics the connector writes (source) or reads (sink). A sink without them uses its config's topics or topics.regex; status.access says which.",
    ),
  consumerGroup: z
    .string()
    .min(1)
    .max(1024)
    .optional()
    .describe(
      "A sink's consumer group. Defaults to the connector's consumer.override.group.id, else connect-<connector>; a different name here is reported, not applied.",
    ),
  deadLetterQueueTopic: topicNameSchema
    .optional()
    .describe(
      "A sink's dead letter queue topic: the connector's errors.deadletterqueue.topic.name, which it defaults to; a different name here is reported, not applied. The topic must exist.",
    ),
  reporter: withRules(
    z.object({
      resultTopic: topicNameSchema.optional().describe("reporter.result.topic.name"),
      errorTopic: topicNameSchema.optional().describe("reporter.error.topic.name"),
      createTopics: z.boolean().default(false).describe("Whether the reporter's admin creates its topics."),
    }),
    [
      {
        rule: "has(self.resultTopic) || has(self.errorTopic)",
        message: "reporter needs resultTopic or errorTopic",
        holds: (r) => r.resultTopic !== undefined || r.errorTopic !== undefined,
      },
    ],
  )
    .optional()
    .describe(
      "A sink's Connect Reporter: its topics, and its reporter.producer.* / reporter.admin.* clients under this principal.",
    ),
  topicCreation: z
    .boolean()
    .optional()
    .describe(
      "A source that creates its topics (Create on them, admin overrides). Defaults to whether the connector config has topic.creation.* keys.",
    ),
  exactlyOnce: z
    .boolean()
    .optional()
    .describe(
      "A source under exactly-once (IdempotentWrite, its transactional ids, its offsets topic). Defaults to the connector's exactly.once.support being required; set it when the workers enable exactly-once for every source.",
    ),
  deletionPolicy: deletionPolicySchema.describe(
    "On deletion, Delete removes the ACLs (unless another resource wants them) and the override keys this resource set; Orphan leaves both.",
  ),
  dryRun: z
    .boolean()
    .default(false)
    .describe("Plan only: status.plan shows the ACL and config changes; nothing is changed."),
});

type SpecFields = z.output<typeof specFields>;

const usesUserName = (s: SpecFields) => s.credential.sasl?.username !== undefined;
const SINK_ONLY = ["consumerGroup", "deadLetterQueueTopic", "reporter"] as const;
const SOURCE_ONLY = ["topicCreation", "exactlyOnce"] as const;

const specRules: CrossFieldRule<SpecFields>[] = [
  {
    rule: "has(self.principal) || (has(self.credential.sasl) && has(self.credential.sasl.username))",
    message:
      "principal is required unless the credential is SCRAM or PLAIN with sasl.username (then it is User:<username>)",
    holds: (s) => s.principal !== undefined || usesUserName(s),
  },
  {
    rule: "!has(self.principal) || self.principal != 'User:*'",
    message: 'principal names the connector\'s own principal, not "User:*"',
    holds: (s) => s.principal !== "User:*",
  },
  {
    rule: "self.credential.securityProtocol != 'PLAINTEXT'",
    message: "credential must authenticate: over PLAINTEXT every client is User:ANONYMOUS",
    holds: (s) => s.credential.securityProtocol !== "PLAINTEXT",
  },
  {
    rule: "self.credential.securityProtocol != 'SSL' || (has(self.credential.tls) && has(self.credential.tls.keystore))",
    message: "SSL authenticates the connector only with a client certificate: give credential.tls.keystore",
    holds: (s) => s.credential.securityProtocol !== "SSL" || s.credential.tls?.keystore !== undefined,
  },
  ...SINK_ONLY.map((field) => ({
    rule: `self.role != 'source' || !has(self.${field})`,
    message: `${field} belongs to a sink connector, and role is source`,
    holds: (s: SpecFields) => s.role !== "source" || s[field] === undefined,
  })),
  ...SOURCE_ONLY.map((field) => ({
    rule: `self.role != 'sink' || !has(self.${field})`,
    message: `${field} belongs to a source connector, and role is sink`,
    holds: (s: SpecFields) => s.role !== "sink" || s[field] === undefined,
  })),
  {
    rule: "self.role != 'source' || has(self.topics)",
    message: "a source connector's topics cannot be read from its config: list them in topics",
    holds: (s) => s.role !== "source" || s.topics !== undefined,
  },
];

export const connectorPrincipalSpecSchema = withRules(specFields, specRules);
/** A spec after parsing (defaults filled in). */
export type ConnectorPrincipalSpec = z.output<typeof connectorPrincipalSpecSchema>;
/** A spec as written in a manifest (defaults may be absent). */
export type ConnectorPrincipalSpecInput = z.input<typeof connectorPrincipalSpecSchema>;

/** Where a sink's topics came from: the spec, or the connector's own config. */
export const TOPICS_SOURCES = ["spec", "connectorTopics", "connectorTopicsRegex"] as const;
export type TopicsSource = (typeof TOPICS_SOURCES)[number];

const connectorStateSchema = z
  .string()
  .max(64)
  .describe("RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED or RESTARTING.");

/** Topics status lists; a connector may read more. */
export const MAX_STATUS_TOPICS = 256;

/** The most keys a ConnectorPrincipal sets: three clients and the reporter's two, of one credential. */
export const MAX_OWNED_KEYS = 128;

export const connectorPrincipalStatusSchema = statusBaseSchema.extend({
  principal: z.string().max(512).optional().describe("The principal the ACLs are for."),
  role: z.enum(CONNECTOR_ROLES).optional().describe("The connector's role, as given or detected."),
  access: z
    .object({
      // Names as the connector's config gives them (and "*" for every topic): not checked here.
      topics: z
        .array(z.object({ name: z.string().max(1024), patternType: z.enum(PATTERN_TYPES) }))
        .max(MAX_STATUS_TOPICS)
        .describe(`The topics the ACLs cover (first ${MAX_STATUS_TOPICS}).`),
      topicsFrom: z.enum(TOPICS_SOURCES).describe("spec, or the connector's topics or topics.regex."),
      consumerGroup: z.string().max(2048).optional(),
      deadLetterQueueTopic: z.string().max(1024).optional(),
      topicCreation: z.boolean(),
      exactlyOnce: z.boolean(),
    })
    .optional()
    .describe("What the ACLs were derived from: the connector's topics, group and features in effect."),
  bindingCount: z.number().int().min(0).optional().describe("ACL bindings the principal needs."),
  bindings: describedList(100, "The ACL bindings the principal needs, in words"),
  failures: describedList(32, "Bindings Kafka refused, with Kafka's error"),
  aclLedgers: aclLedgersSchema.optional(),
  overrideKeys: z
    .array(z.string().max(512))
    .max(MAX_OWNED_KEYS)
    .optional()
    .describe(
      "Names of the connector config keys this resource set (never their values); removed on deletion.",
    ),
  overrideKeysIn: z
    .object({
      connectCluster: z.string().max(512).describe("The ConnectCluster (namespace/name)."),
      connector: z.string().max(1024),
    })
    .optional()
    .describe(
      "The connector overrideKeys were written to; a changed connector or connectRef takes them out of it first.",
    ),
  requiredOverridePolicy: z
    .enum(["None", "Principal", "All"])
    .optional()
    .describe("The least connector.client.config.override.policy the override keys need."),
  credentialFingerprint: z
    .string()
    .max(128)
    .optional()
    .describe(
      "Hash of the principal, credential and referenced Secret data the connector's tasks last started with.",
    ),
  connector: z
    .object({
      state: connectorStateSchema,
      trace: z.string().max(1024).optional().describe("First line of the connector's failure."),
      tasks: z
        .array(
          z.object({
            id: z.number().int().min(0),
            state: connectorStateSchema,
            trace: z.string().max(1024).optional().describe("First line of the task's failure."),
          }),
        )
        .max(64),
    })
    .optional()
    .describe("The connector's and its tasks' states, as Connect reports them."),
  plan: dryRunPlanSchema({
    createAcls: describedList(100, "ACL bindings that would be created"),
    deleteAcls: describedList(100, "ACL bindings that would be deleted"),
    setKeys: describedList(MAX_OWNED_KEYS, "Connector config keys that would be set"),
    removeKeys: describedList(MAX_OWNED_KEYS, "Connector config keys that would be removed"),
    restartTasks: z.boolean(),
    summary: z.string().max(1024),
  }),
});
export type ConnectorPrincipalStatus = z.infer<typeof connectorPrincipalStatusSchema>;

export const connectorPrincipalKind = defineKind({
  kind: "ConnectorPrincipal",
  shortNames: ["kcp"],
  description:
    "A principal of its own for one Kafka Connect connector: its client overrides and the ACLs it needs.",
  spec: connectorPrincipalSpecSchema,
  status: connectorPrincipalStatusSchema,
  printerColumns: [
    { name: "Connector", type: "string", jsonPath: ".spec.connector" },
    { name: "Principal", type: "string", jsonPath: ".status.principal" },
    { name: "Role", type: "string", jsonPath: ".status.role" },
  ],
});
