// KafkaAcl manifests that declare exactly a set of existing ACLs, one principal at a time:
// catalog roles where the bindings hold one (access/role-recognition.ts), the rest written out
// one entry per resource, split over several KafkaAcls when one would exceed the schema's
// limits. Names derive from the principal alone, so a second import of the same cluster
// yields the same names. Bindings a KafkaAcl cannot declare are returned with the reason.
// Pure; `import-acls` reads the cluster and writes the files.
import { createHash } from "node:crypto";
import { type AclBinding, describeBinding } from "../access/acl-binding.ts";
import { CLUSTER_RESOURCE_NAME, OPERATIONS, OPERATIONS_BY_RESOURCE_TYPE } from "../access/acl-vocabulary.ts";
import { type RecognizedRole, recognizeRoles } from "../access/role-recognition.ts";
import { bindingSpecSchema, kafkaAclKind } from "../kinds/kafka-acl/schema.ts";
import { API_GROUP, API_VERSION, principalSchema } from "../kinds/shared/schema-parts.ts";

/** The schema's limits per KafkaAcl (spec.bindings and spec.roles); the tests parse with it. */
const MAX_ENTRIES = 256;
const MAX_ROLES = 64;

export interface KafkaAclManifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly spec: {
    readonly clusterRef: { readonly name: string; readonly namespace?: string };
    readonly principal: string;
    readonly roles?: readonly object[];
    readonly bindings?: readonly object[];
  };
}

export interface PrincipalImport {
  readonly principal: string;
  readonly manifests: KafkaAclManifest[];
  /** How many bindings the manifests declare, and as how many roles. */
  readonly bindingCount: number;
  readonly roleCount: number;
}

export interface UnmodeledAcl {
  /** The ACL in words. */
  readonly acl: string;
  readonly principal: string;
  readonly reason: string;
}

/** Why a KafkaAcl cannot declare this binding, or undefined when it can. */
export function whyNotDeclarable(binding: AclBinding): string | undefined {
  if (!principalSchema.safeParse(binding.principal).success) {
    return `principal "${binding.principal}" is not "User:<name>" without spaces or "*"`;
  }
  if (!OPERATIONS_BY_RESOURCE_TYPE[binding.resourceType].includes(binding.operation)) {
    return `operation ${binding.operation} is not one Kafka checks on a ${binding.resourceType}`;
  }
  if (binding.resourceType === "cluster" && binding.resourceName !== CLUSTER_RESOURCE_NAME) {
    return `the cluster resource is named "${CLUSTER_RESOURCE_NAME}", not "${binding.resourceName}"`;
  }
  if (binding.resourceType === "cluster" && binding.patternType !== "literal") {
    return "the cluster resource takes a literal pattern";
  }
  const entry = bindingSpecSchema.safeParse(toEntry([binding]));
  return entry.success
    ? undefined
    : entry.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
}

/**
 * KafkaAcl manifests for one principal's bindings (all declarable), in `namespace`, referring
 * to the KafkaCluster `cluster` ("namespace/name").
 */
export function kafkaAclManifests(input: {
  principal: string;
  bindings: readonly AclBinding[];
  namespace: string;
  cluster: string;
}): PrincipalImport {
  const { roles, remaining } = recognizeRoles(input.principal, input.bindings);
  const entries = groupByResource(remaining).map(toEntry);
  const roleSpecs = roles.map(toRoleSpec);
  const [clusterNamespace, clusterName] = input.cluster.split("/") as [string, string];
  const clusterRef =
    clusterNamespace === input.namespace
      ? { name: clusterName }
      : { name: clusterName, namespace: clusterNamespace };
  const baseName = manifestName(input.principal);
  const parts = Math.max(1, Math.ceil(entries.length / MAX_ENTRIES), Math.ceil(roleSpecs.length / MAX_ROLES));
  const manifests = Array.from({ length: parts }, (_, i): KafkaAclManifest => {
    const partRoles = roleSpecs.slice(i * MAX_ROLES, (i + 1) * MAX_ROLES);
    const partEntries = entries.slice(i * MAX_ENTRIES, (i + 1) * MAX_ENTRIES);
    return {
      apiVersion: `${API_GROUP}/${API_VERSION}`,
      kind: kafkaAclKind.kind,
      metadata: { name: i === 0 ? baseName : `${baseName}-${i + 1}`, namespace: input.namespace },
      spec: {
        clusterRef,
        principal: input.principal,
        ...(partRoles.length > 0 ? { roles: partRoles } : {}),
        ...(partEntries.length > 0 ? { bindings: partEntries } : {}),
      },
    };
  });
  return {
    principal: input.principal,
    manifests,
    bindingCount: input.bindings.length,
    roleCount: roles.length,
  };
}

const PLAIN_NAME = /^[a-z0-9]([-a-z0-9]{0,46}[a-z0-9])?$/;

/**
 * The KafkaAcl name for a principal: its name when that is already a short lowercase DNS
 * label (User:alice → alice), otherwise a readable slug and a hash of the whole principal
 * (User:CN=Alice,O=Acme → cn-alice-o-acme-1f2e3d4c), so distinct principals never share one.
 */
export function manifestName(principal: string): string {
  const name = principal.slice(principal.indexOf(":") + 1);
  if (PLAIN_NAME.test(name)) return name;
  const slug =
    name
      .toLowerCase()
      .replaceAll(/[^a-z0-9]+/g, "-")
      .replaceAll(/^-+|-+$/g, "")
      .slice(0, 40)
      .replace(/-+$/, "") || (name === "*" ? "everyone" : "principal");
  return `${slug}-${createHash("sha256").update(principal).digest("hex").slice(0, 8)}`;
}

/** Bindings of one resource pattern, permission and host together, ordered by resource. */
function groupByResource(bindings: readonly AclBinding[]): AclBinding[][] {
  const groups = new Map<string, AclBinding[]>();
  for (const binding of bindings) {
    const key = JSON.stringify([
      binding.resourceType,
      binding.resourceName,
      binding.patternType,
      binding.permission,
      binding.host,
    ]);
    groups.set(key, [...(groups.get(key) ?? []), binding]);
  }
  return [...groups.entries()].sort(([a], [c]) => (a < c ? -1 : a > c ? 1 : 0)).map(([, group]) => group);
}

/** One spec.bindings entry for bindings that differ only in operation; defaults left out. */
function toEntry(bindings: readonly AclBinding[]) {
  const first = bindings[0]!;
  const operations = OPERATIONS.filter((op) => bindings.some((b) => b.operation === op));
  return {
    resourceType: first.resourceType,
    ...(first.resourceType === "cluster" ? {} : { name: first.resourceName }),
    ...(first.patternType === "literal" ? {} : { patternType: first.patternType }),
    operations,
    ...(first.permission === "allow" ? {} : { permission: first.permission }),
    ...(first.host === "*" ? {} : { host: first.host }),
  };
}

function toRoleSpec(role: RecognizedRole) {
  const ref = (pattern: { name: string; patternType: string }) =>
    pattern.patternType === "literal"
      ? { name: pattern.name }
      : { name: pattern.name, patternType: pattern.patternType };
  switch (role.type) {
    case "consumer":
      return { type: role.type, topic: ref(role.topic), group: ref(role.group) };
    case "producer":
      return { type: role.type, topic: ref(role.topic), ...(role.idempotent ? { idempotent: true } : {}) };
    case "transactionalProducer":
      return { type: role.type, topic: ref(role.topic), transactionalId: ref(role.transactionalId) };
  }
}

/** An undeclarable binding as a line of the import's report. */
export function unmodeledBinding(binding: AclBinding, reason: string): UnmodeledAcl {
  return { acl: describeBinding(binding), principal: binding.principal, reason };
}
