// KafkaAcl: one principal's ACL bindings on one KafkaCluster, written out or as roles that
// expand through the access catalog. The operator applies them, keeps them applied, and
// removes only what this resource applied and no other resource still wants.
import { z } from "zod";
import {
  OPERATIONS,
  OPERATIONS_BY_RESOURCE_TYPE,
  PATTERN_TYPES,
  PERMISSIONS,
  RESOURCE_TYPES,
} from "../../access/acl-vocabulary.ts";
import {
  aclLedgersSchema,
  bindingKeySchema,
  clusterRefSchema,
  defineKind,
  deletionPolicySchema,
  describedList,
  dryRunPlanSchema,
  legacyAclLedgerSchema,
  principalSchema,
  statusBaseSchema,
} from "../shared/schema-parts.ts";

const celList = (words: readonly string[]) => `[${words.map((w) => `'${w}'`).join(", ")}]`;

const operationRules = RESOURCE_TYPES.map((type) => ({
  rule: `self.resourceType != '${type}' || self.operations.all(op, op in ${celList(OPERATIONS_BY_RESOURCE_TYPE[type])})`,
  message: `operations on resourceType ${type} must be among ${OPERATIONS_BY_RESOURCE_TYPE[type].join(", ")}`,
}));

export const bindingSpecSchema = z
  .object({
    resourceType: z.enum(RESOURCE_TYPES),
    name: z
      .string()
      .min(1)
      .max(1024)
      .optional()
      .describe(
        'Resource name, or prefix when patternType is prefixed; "*" (literal) means every resource of the type. Omitted for the cluster.',
      ),
    patternType: z.enum(PATTERN_TYPES).default("literal"),
    operations: z.array(z.enum(OPERATIONS)).min(1).max(OPERATIONS.length),
    permission: z.enum(PERMISSIONS).default("allow"),
    host: z
      .string()
      .min(1)
      .max(64)
      .regex(/^(\*|[0-9a-fA-F.:]+)$/, 'must be "*" or an IP address')
      .default("*")
      .describe('Client address the binding applies to; "*" for every host.'),
  })
  .meta({
    "x-kubernetes-validations": [
      {
        rule: "self.resourceType == 'cluster' || has(self.name)",
        message: "name is required for every resourceType but cluster",
      },
      {
        rule: "self.resourceType != 'cluster' || !has(self.name) || self.name == 'kafka-cluster'",
        message: 'the cluster resource is always named "kafka-cluster"; omit name',
      },
      {
        rule: "self.resourceType != 'cluster' || self.patternType == 'literal'",
        message: "the cluster resource takes patternType literal",
      },
      ...operationRules,
    ],
  });
export type BindingSpec = z.infer<typeof bindingSpecSchema>;

const nameRefSchema = z.object({
  name: z.string().min(1).max(1024),
  patternType: z.enum(PATTERN_TYPES).default("literal"),
});

export const ROLE_TYPES = ["consumer", "producer", "transactionalProducer"] as const;

export const roleSpecSchema = z
  .object({
    type: z
      .enum(ROLE_TYPES)
      .describe(
        "consumer: read topic in group; producer: write topic (idempotent adds IdempotentWrite); transactionalProducer: write topic with a transactional id.",
      ),
    topic: nameRefSchema,
    group: nameRefSchema.optional().describe("The consumer's group (consumer only)."),
    transactionalId: nameRefSchema
      .optional()
      .describe("The producer's transactional id (transactionalProducer only)."),
    idempotent: z.boolean().optional().describe("Grant IdempotentWrite on the cluster (producer only)."),
  })
  .meta({
    "x-kubernetes-validations": [
      { rule: "self.type != 'consumer' || has(self.group)", message: "a consumer role needs group" },
      { rule: "!has(self.group) || self.type == 'consumer'", message: "group belongs to the consumer role" },
      {
        rule: "self.type != 'transactionalProducer' || has(self.transactionalId)",
        message: "a transactionalProducer role needs transactionalId",
      },
      {
        rule: "!has(self.transactionalId) || self.type == 'transactionalProducer'",
        message: "transactionalId belongs to the transactionalProducer role",
      },
      {
        rule: "!has(self.idempotent) || self.type == 'producer'",
        message: "idempotent belongs to the producer role",
      },
    ],
  });
export type RoleSpec = z.infer<typeof roleSpecSchema>;

export const kafkaAclSpecSchema = z
  .object({
    clusterRef: clusterRefSchema.describe("The KafkaCluster the bindings are applied on."),
    principal: principalSchema.describe(
      'The principal every binding is for: "User:<name>", or "User:*" for everyone.',
    ),
    bindings: z
      .array(bindingSpecSchema)
      .max(256)
      .default([])
      .describe("ACL bindings: one resource, several operations, allow or deny, from a host."),
    roles: z
      .array(roleSpecSchema)
      .max(64)
      .default([])
      .describe("Roles expanded through the access catalog into bindings; status.roles shows the expansion."),
    exclusive: z
      .boolean()
      .default(false)
      .describe(
        "Also remove this principal's ACLs that no resource declares: each is first reported (status and an Event), then removed after exclusiveGracePeriodSeconds if still there.",
      ),
    exclusiveGracePeriodSeconds: z
      .number()
      .int()
      .min(0)
      .max(604_800)
      .default(60)
      .describe("How long an unknown binding stays reported before exclusive mode removes it."),
    deletionPolicy: deletionPolicySchema.describe(
      "On deletion, Delete removes the bindings this resource applied (unless another resource wants them); Orphan leaves them.",
    ),
    dryRun: z
      .boolean()
      .default(false)
      .describe(
        "Plan only: status.plan shows what would be created and deleted; nothing is changed on the cluster.",
      ),
  })
  .meta({
    "x-kubernetes-validations": [
      {
        rule: "size(self.bindings) + size(self.roles) > 0 || self.exclusive",
        message: "give bindings or roles (an empty KafkaAcl only makes sense with exclusive: true)",
      },
      {
        rule: "!self.exclusive || self.principal != 'User:*'",
        message: 'exclusive mode is for one principal, not "User:*"',
      },
    ],
  });
export type KafkaAclSpec = z.infer<typeof kafkaAclSpecSchema>;

/** Unknown bindings exclusive mode tracks in status at once; more wait for a later reconcile. */
export const MAX_PENDING_REMOVALS = 256;

export const kafkaAclStatusSchema = statusBaseSchema.extend({
  bindingCount: z.number().int().min(0).optional().describe("Bindings the spec expands to."),
  appliedCount: z.number().int().min(0).optional().describe("Bindings this resource holds on the cluster."),
  bindings: describedList(100, "The bindings the spec expands to, in words"),
  roles: z
    .array(z.object({ role: z.string().max(4096), bindings: z.array(z.string().max(4096)).max(16) }))
    .max(64)
    .optional()
    .describe("Each role and the bindings it expands to."),
  failures: describedList(32, "Bindings Kafka refused, with Kafka's error"),
  plan: dryRunPlanSchema({
    create: describedList(100, "Bindings that would be created"),
    delete: describedList(100, "Bindings that would be deleted"),
    report: describedList(100, "Unknown ACLs that would be reported"),
    summary: z.string().max(1024),
  }),
  pendingRemovals: z
    .array(z.object({ binding: bindingKeySchema, firstSeen: z.string().max(64) }))
    .max(MAX_PENDING_REMOVALS)
    .optional()
    .describe("exclusive: unknown bindings of the principal reported and awaiting removal (binding keys)."),
  unmodeled: describedList(
    32,
    "exclusive: ACLs of the principal the operator cannot model; reported, never removed",
  ),
  aclLedgers: aclLedgersSchema.optional(),
  aclLedger: legacyAclLedgerSchema.optional(),
});
export type KafkaAclStatus = z.infer<typeof kafkaAclStatusSchema>;

export const kafkaAclKind = defineKind({
  kind: "KafkaAcl",
  shortNames: ["kacl"],
  description: "One principal's ACL bindings on one KafkaCluster.",
  spec: kafkaAclSpecSchema,
  status: kafkaAclStatusSchema,
  printerColumns: [
    { name: "Principal", type: "string", jsonPath: ".spec.principal" },
    { name: "Cluster", type: "string", jsonPath: ".spec.clusterRef.name" },
    { name: "Bindings", type: "integer", jsonPath: ".status.bindingCount" },
  ],
});
