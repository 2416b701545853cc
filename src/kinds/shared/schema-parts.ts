// Schema pieces the kinds share: the kind definition of this API group, references to Secrets
// and clusters, topic names, and the status block kstatus-aware tools (Argo CD, Flux) read:
// observedGeneration and conditions, with a dryRun plan for kinds that have one.
import { z } from "zod";
import type { ResourceType } from "../../controller/resource.ts";
import type { KindDefinition } from "../../crd/kind-definition.ts";

export { type SecretKeyRef, secretKeyRefSchema } from "../../credentials/credential-spec.ts";

export const API_GROUP = "kafkaaccess.io";
export const API_VERSION = "v1alpha1";

const dnsName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a lowercase RFC 1123 name");

export const clusterRefSchema = z
  .object({
    name: dnsName.describe("Name of the cluster resource."),
    namespace: dnsName
      .optional()
      .describe("Namespace of the cluster resource; defaults to the referring resource's namespace."),
  })
  .describe(
    "Reference to a cluster resource; the cluster's tenancy policy decides if this namespace may use it.",
  );
export type ClusterRef = z.infer<typeof clusterRefSchema>;

/** What deleting a resource does to what it owns: Delete removes it, Orphan leaves it. */
export const deletionPolicySchema = z.enum(["Delete", "Orphan"]).default("Delete");

/** A namespace a cluster's tenancy policy admits, by name, or "*" for every namespace. */
export const tenancyNamespaceSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(/^(\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/, 'must be a namespace name or "*"');

/** Where servers the operator does not run mount Secrets as files: <path>/<secret>/<key>. */
export const secretMountPathSchema = z
  .string()
  .min(2)
  .max(1024)
  .regex(/^\/[^\s,:]*[^\s,:/]$/, "must be an absolute path without spaces, commas, colons or a trailing /");

export const principalSchema = z
  .string()
  .min(6)
  .max(512)
  .regex(/^User:(\*|[^*\s]+)$/, 'must be "User:<name>" or "User:*"');

/** A metadata.generation, as status records which one it judged. */
const generationSchema = z.number().int().min(0).optional();

export const conditionSchema = z.object({
  type: z.string().min(1).max(316).describe("Condition type, e.g. Ready."),
  status: z.enum(["True", "False", "Unknown"]),
  reason: z.string().max(1024).describe("CamelCase reason for the last transition."),
  message: z.string().max(32768).describe("Human-readable detail."),
  observedGeneration: generationSchema.describe("Generation the condition was computed for."),
  lastTransitionTime: z.string().describe("When the status last changed (RFC 3339)."),
});
export type Condition = z.infer<typeof conditionSchema>;

/** Fields every status carries; kinds extend it with their own. */
export const statusBaseSchema = z.object({
  observedGeneration: generationSchema.describe("Generation of the spec the status reflects."),
  conditions: z.array(conditionSchema).max(16).optional(),
});

/** The resource type of a kind of this API group: its plural is the kind in lower case with an "s". */
export function resourceTypeOf(kind: string): ResourceType {
  return { group: API_GROUP, version: API_VERSION, kind, plural: `${kind.toLowerCase()}s` };
}

/**
 * A kind of this API group (named as resourceTypeOf says; singular: the kind in lower case), in
 * the kubectl category `kafkaaccess`; `kubectl get` shows its own printer columns, then Ready
 * and its reason.
 */
export function defineKind<Spec extends z.ZodType, Status extends z.ZodType>(
  kind: Pick<
    KindDefinition<Spec, Status>,
    "kind" | "shortNames" | "description" | "spec" | "status" | "printerColumns"
  >,
): KindDefinition<Spec, Status> {
  return {
    ...resourceTypeOf(kind.kind),
    singular: kind.kind.toLowerCase(),
    shortNames: kind.shortNames,
    categories: ["kafkaaccess"],
    description: kind.description,
    spec: kind.spec,
    status: kind.status,
    printerColumns: [
      ...kind.printerColumns,
      { name: "Ready", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
      { name: "Reason", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].reason' },
    ],
  };
}

/** Bootstrap servers of a Kafka listener, each host:port (an IPv6 host in brackets). */
export const bootstrapServersSchema = z
  .array(
    z
      .string()
      .min(3)
      .max(512)
      .regex(/^[^\s:]+:[0-9]{1,5}$|^\[[0-9a-fA-F:]+\]:[0-9]{1,5}$/, "must be host:port"),
  )
  .min(1)
  .max(64);

/** A Kafka topic name: what Kafka accepts (at most 249 of letters, digits, ".", "_", "-"). */
export const TOPIC_NAME_CHARS = /^[a-zA-Z0-9._-]+$/;
export const topicNameSchema = z
  .string()
  .min(1)
  .max(249)
  .regex(TOPIC_NAME_CHARS, "must be a valid Kafka topic name");

/** A status list of things in words, cut at `max` (the description says so). */
export const describedList = (max: number, what: string) =>
  z.array(z.string().max(4096)).max(max).optional().describe(`${what} (first ${max}).`);

/** status.plan of a kind with dryRun: what applying the spec would change, in words. */
export function dryRunPlanSchema<Shape extends z.ZodRawShape>(fields: Shape) {
  return z.object(fields).optional().describe("dryRun: what applying the spec would change.");
}

/**
 * A binding key (access/acl-binding.ts) in status: a 1,024-character name and a 512-character
 * principal, each "|" and "%" in them escaped to three characters, still fit.
 */
export const bindingKeySchema = z.string().max(8192);

const ledgerFields = {
  cluster: z.string().max(512).describe("The KafkaCluster (namespace/name) the bindings were applied on."),
  count: z.number().int().min(0).describe("How many bindings this resource holds there."),
  hash: z.string().max(128).describe("sha256 of every held binding key, for the ones the list leaves out."),
  bindings: z
    .array(bindingKeySchema)
    .max(256)
    .describe("Binding keys, those no longer wanted first (first 256)."),
};

/** The single ledger of an earlier version; read once on upgrade, then replaced by aclLedgers. */
export const legacyAclLedgerSchema = z
  .object(ledgerFields)
  .describe("Replaced by aclLedgers: read on upgrade so no ownership is lost, then removed.");

/** Ledgers a resource may hold: one per (cluster, principal) it owns ACLs for. */
const MAX_ACL_LEDGERS = 16;

/** What a resource applied, per (cluster, principal) (see access/ownership-ledger.ts); written by the operator. */
export const aclLedgersSchema = z
  .array(
    z.object({
      ...ledgerFields,
      principal: z.string().max(512).describe("The principal every binding of this ledger is for."),
    }),
  )
  .max(MAX_ACL_LEDGERS)
  .describe(
    "ACL bindings this resource applied, one ledger per cluster and principal: the operator deletes only these, only when no other resource wants them and the namespace's tenancy limits allow it.",
  );
