// The invariant every fault and bad-input test ends with: once every resource has converged,
// the ACLs a cluster holds, listed with Kafka's own kafka-acls tool, are exactly
//   (the bindings live resources want and may grant) ∪ (ACLs nobody declared that no
//   exclusive resource removes)
// No binding lost, none left behind. What a resource wants is read from the API server and
// expanded by the kind's own pure claims function; a kind that owns ACLs joins with one row of
// OWNING_KINDS. Of several resources asking exclusive mode for one principal on one cluster,
// only the one holding it (the oldest) removes.
import { execFile } from "node:child_process";
import type { KafkaClusterInfo } from "../../local-stack/kafka.ts";
import { kafkaAclsAsync } from "../../local-stack/kafka-tools.ts";
import { type AclBinding, bindingKey, parseBindingKey } from "../../src/access/acl-binding.ts";
import { OPERATIONS } from "../../src/access/acl-vocabulary.ts";
import {
  type AclClaim,
  checkClaim,
  entryKey,
  exclusiveHolder,
  type OwnedLedger,
} from "../../src/access/plan-owned-acls.ts";
import { limitsForNamespace, removalProblem, tenancyScope } from "../../src/access/tenancy-check.ts";
import { mirrorMaker2BackendFactory } from "../../src/adapters/mirror-maker2/mirror-maker2-factory.ts";
import { declaredLinkClaims } from "../../src/kinds/cluster-link/declared-claims.ts";
import type { LinkCaches } from "../../src/kinds/cluster-link/link-references.ts";
import { workerAclClaims } from "../../src/kinds/connect-cluster/plan.ts";
import { connectClusterSpecSchema } from "../../src/kinds/connect-cluster/schema.ts";
import { claimsFromLedgers } from "../../src/kinds/connector-principal/acl-claims.ts";
import { desiredBindings } from "../../src/kinds/kafka-acl/desired-bindings.ts";
import { kafkaAclClaims } from "../../src/kinds/kafka-acl/plan.ts";
import { kafkaAclSpecSchema } from "../../src/kinds/kafka-acl/schema.ts";
import { clusterRefOf } from "../../src/kinds/shared/kafka-cluster-reference.ts";
import type { KafkaAdmin } from "../../src/ports/kafka-admin.ts";

interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    namespace: string;
    name: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
  };
  spec?: unknown;
  status?: {
    observedGeneration?: number;
    conditions?: { type: string; status: string; reason?: string }[];
    aclLedgers?: OwnedLedger[];
    bindingCount?: number;
  };
}

/** What a claims function may look up besides the object: the resources a ClusterLink refers to, as they are now. */
export interface ClaimContext {
  readonly linkCaches: LinkCaches;
}

/** A kind whose resources own ACLs: its plural and what a resource claims (none for a spec it cannot read). */
export interface OwningKind {
  readonly plural: string;
  claimsOf(object: KubeObject, context: ClaimContext): readonly AclClaim[];
}

export const OWNING_KINDS: readonly OwningKind[] = [
  {
    plural: "kafkaacls",
    claimsOf: (o) => {
      const spec = kafkaAclSpecSchema.safeParse(o.spec);
      return spec.success ? kafkaAclClaims(spec.data, desiredBindings(spec.data), o.metadata.namespace) : [];
    },
  },
  {
    plural: "connectclusters",
    claimsOf: (o) => {
      const spec = connectClusterSpecSchema.safeParse(o.spec);
      return spec.success ? workerAclClaims(spec.data, o.metadata.namespace) : [];
    },
  },
  {
    plural: "clusterlinks",
    claimsOf: ({ metadata: { namespace, name }, spec }, { linkCaches }) =>
      declaredLinkClaims(linkCaches, { metadata: { namespace, name }, spec }),
  },
  {
    plural: "connectorprincipals",
    // Its bindings follow its connector's config, which only Connect knows: a converged one
    // wants what its ledgers name, and those must be as many as its status says it needs.
    claimsOf: (o) => {
      const ledgers = o.status?.aclLedgers ?? [];
      const held = ledgers.reduce((n, l) => n + l.count, 0);
      const ready = o.status?.conditions?.find((c) => c.type === "Ready");
      const needed = o.status?.bindingCount;
      if (ready?.reason === "PrincipalApplied" && needed !== undefined && held !== needed) {
        throw new Error(
          `ConnectorPrincipal ${o.metadata.namespace}/${o.metadata.name} needs ${needed} binding(s), its ledgers hold ${held}`,
        );
      }
      return claimsFromLedgers(ledgers);
    },
  },
];

/**
 * kubectl with a kubeconfig, as a child process this one does not wait on: an operator running
 * in this process keeps working meanwhile.
 */
export type Kubectl = (
  args: readonly string[],
) => Promise<{ status: number; stdout: string; stderr: string }>;

export function kubectlWith(kubeconfigPath: string): Kubectl {
  return (args) =>
    new Promise((resolve) => {
      execFile(
        "kubectl",
        ["--kubeconfig", kubeconfigPath, ...args],
        { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
        (err, stdout, stderr) => {
          resolve({ status: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr });
        },
      );
    });
}

async function listObjects(
  kubectl: Kubectl,
  plural: string,
  namespaces: readonly string[],
): Promise<KubeObject[]> {
  const lists = await Promise.all(
    namespaces.map(async (namespace) => {
      const r = await kubectl(["-n", namespace, "get", plural, "-o", "json"]);
      if (r.status !== 0) throw new Error(`Cannot list ${plural} in ${namespace}: ${r.stderr}`);
      return JSON.parse(r.stdout).items as KubeObject[];
    }),
  );
  return lists.flat();
}

const WORDS: Record<string, string> = {
  TOPIC: "topic",
  GROUP: "group",
  CLUSTER: "cluster",
  TRANSACTIONAL_ID: "transactionalId",
  DELEGATION_TOKEN: "delegationToken",
  LITERAL: "literal",
  PREFIXED: "prefixed",
  ALLOW: "allow",
  DENY: "deny",
};
const MODELED_OPERATIONS: ReadonlySet<string> = new Set(OPERATIONS);

/**
 * A kafka-acls listing as binding keys; ACLs the operator cannot model (a USER resource, an
 * operation it has no word for) as `unmodeled: <the tool's words>`.
 */
export function parseKafkaAclsListing(listing: string): string[] {
  const acls: string[] = [];
  let resource: { type: string; name: string; pattern: string } | undefined;
  for (const line of listing.split("\n")) {
    const pattern = /ResourcePattern\(resourceType=(\w+), name=(.*), patternType=(\w+)\)`/.exec(line);
    if (pattern) {
      resource = { type: pattern[1]!, name: pattern[2]!, pattern: pattern[3]! };
      continue;
    }
    const acl = /^\s*\(principal=(.*), host=(.*), operation=(\w+), permissionType=(\w+)\)\s*$/.exec(line);
    if (!acl || !resource) continue;
    const [, principal, host, operationWord, permission] = acl as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    const operation = operationWord
      .split("_")
      .map((w) => w[0] + w.slice(1).toLowerCase())
      .join("");
    const type = WORDS[resource.type];
    if (!type || !MODELED_OPERATIONS.has(operation)) {
      acls.push(
        `unmodeled: ${permission} ${operationWord} on ${resource.type} "${resource.name}" (${resource.pattern}) for ${principal} from ${host}`,
      );
      continue;
    }
    acls.push(
      bindingKey({
        resourceType: type as AclBinding["resourceType"],
        resourceName: resource.name,
        patternType: WORDS[resource.pattern] as AclBinding["patternType"],
        principal,
        host,
        operation: operation as AclBinding["operation"],
        permission: WORDS[permission] as AclBinding["permission"],
      }),
    );
  }
  return acls;
}

/** Every ACL on `cluster` whose principal is in scope, as kafka-acls lists them. */
export async function listAcls(cluster: KafkaClusterInfo, isInScope: (principal: string) => boolean) {
  const listed = await kafkaAclsAsync(cluster, ["--list"]);
  if (listed.status !== 0) throw new Error(`kafka-acls --list failed: ${listed.stderr}`);
  return parseKafkaAclsListing(listed.stdout).filter((acl) => isInScope(principalOf(acl)));
}

function principalOf(acl: string): string {
  if (acl.startsWith("unmodeled: ")) return / for (.*) from /.exec(acl)?.[1] ?? "";
  return parseKey(acl).principal;
}

export interface AclInvariantInput {
  readonly kubectl: Kubectl;
  /** Namespaces whose resources may own ACLs on the cluster. */
  readonly namespaces: readonly string[];
  /** The KafkaCluster resources ("namespace/name") that point at `cluster`. */
  readonly clusterResources: readonly string[];
  readonly cluster: KafkaClusterInfo;
  /** ACLs made out of band (binding keys, or `unmodeled: ...` as listed): nobody declared them. */
  readonly outOfBand: readonly string[];
  /** Which principals' ACLs this test answers for (the cluster may be shared). */
  readonly isInScope: (principal: string) => boolean;
}

/** What the cluster must hold now: see the top of this file. */
export async function expectedAcls(input: AclInvariantInput): Promise<string[]> {
  const { kubectl, namespaces } = input;
  const clusterObjects = new Map(
    await Promise.all(
      input.clusterResources.map(async (key) => {
        const { namespace, name } = clusterRefOf(key);
        const r = await kubectl(["-n", namespace, "get", "kafkacluster", name, "-o", "json"]);
        if (r.status !== 0) throw new Error(`Cannot read KafkaCluster ${key}: ${r.stderr}`);
        return [key, JSON.parse(r.stdout) as { spec: { tenancy?: never } }] as const;
      }),
    ),
  );
  const context = await claimContext(kubectl);
  const wanted = new Set<string>();
  const exclusive: {
    principal: string;
    namespace: string;
    cluster: string;
    ownerKey: string;
    createdAt: string | undefined;
  }[] = [];
  for (const kind of OWNING_KINDS) {
    for (const object of await listObjects(kubectl, kind.plural, namespaces)) {
      if (object.metadata.deletionTimestamp) continue;
      for (const claim of kind.claimsOf(object, context)) {
        const cluster = clusterObjects.get(claim.cluster);
        if (!cluster) continue;
        const { namespace, name } = clusterRefOf(claim.cluster);
        const access = limitsForNamespace({
          policy: cluster.spec.tenancy,
          namespace: object.metadata.namespace,
          cluster: { namespace, name },
        });
        // A claim outside the namespace's limits is refused whole: nothing of it is applied.
        if (
          !access.isAllowed ||
          checkClaim(claim, access.limits, object.metadata.namespace).violations.length > 0
        )
          continue;
        for (const b of claim.bindings) wanted.add(bindingKey(b));
        if (claim.exclusive)
          exclusive.push({
            principal: claim.principal,
            namespace: object.metadata.namespace,
            cluster: claim.cluster,
            ownerKey: `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`,
            createdAt: object.metadata.creationTimestamp,
          });
      }
    }
  }
  const holders = exclusive.filter((e) => {
    const rivals = exclusive.filter((r) => entryKey(r) === entryKey(e));
    return exclusiveHolder(rivals)?.ownerKey === e.ownerKey;
  });
  const survivors = input.outOfBand.filter((acl) => {
    if (acl.startsWith("unmodeled: ")) return true;
    const binding = parseKey(acl);
    // Exclusive mode removes a principal's undeclared ACLs that the holder's namespace could have granted.
    return !holders.some((e) => {
      if (e.principal !== binding.principal || wanted.has(acl)) return false;
      const cluster = clusterObjects.get(e.cluster)!;
      const { namespace, name } = clusterRefOf(e.cluster);
      const scope = tenancyScope(
        e.namespace,
        limitsForNamespace({
          policy: cluster.spec.tenancy,
          namespace: e.namespace,
          cluster: { namespace, name },
        }),
      );
      return removalProblem(binding, scope) === undefined;
    });
  });
  return [...new Set([...wanted, ...survivors])].filter((acl) => input.isInScope(principalOf(acl))).sort();
}

/** The KafkaClusters and ConnectClusters of every namespace, as a ClusterLink's references see them. */
async function claimContext(kubectl: Kubectl): Promise<ClaimContext> {
  const everywhere = async (plural: string) => {
    const r = await kubectl(["get", plural, "--all-namespaces", "-o", "json"]);
    if (r.status !== 0) throw new Error(`Cannot list ${plural}: ${r.stderr}`);
    const items = JSON.parse(r.stdout).items as KubeObject[];
    return {
      get: (namespace: string, name: string) =>
        items.find((o) => o.metadata.namespace === namespace && o.metadata.name === name) as never,
    };
  };
  return {
    linkCaches: {
      kafkaClusters: await everywhere("kafkaclusters"),
      connectClusters: await everywhere("connectclusters"),
      connectClients: {
        apiOf: () => {
          throw new Error("what a link claims is known without asking Connect");
        },
      },
      // The links of the real-server tests run on MirrorMaker 2 (Confluent's servers cannot run
      // here); what it needs is known without reading a topic's offsets.
      backends: { mirrorMaker2: mirrorMaker2BackendFactory({ kafkaAdmin: {} as KafkaAdmin }) },
    },
  };
}

function parseKey(key: string): AclBinding {
  const binding = parseBindingKey(key);
  if (!binding) throw new Error(`not a binding key: ${key}`);
  return binding;
}

export interface AclComparison {
  readonly missing: readonly string[];
  readonly extra: readonly string[];
}

/**
 * The invariant of one test namespace on `cluster`: its KafkaCluster "destination" there, the
 * principals named after the namespace, no ACL made out of band.
 */
export function compareNamespaceAcls(
  kubectl: Kubectl,
  namespace: string,
  cluster: KafkaClusterInfo,
): Promise<AclComparison> {
  return compareAcls({
    kubectl,
    namespaces: [namespace],
    clusterResources: [`${namespace}/destination`],
    cluster,
    outOfBand: [],
    isInScope: (principal) => principal.startsWith(`User:${namespace}-`),
  });
}

/**
 * Waits (bounded) until the cluster holds exactly the expected ACLs, polling kafka-acls;
 * resolves with what is missing and what is extra at the end (both empty when it holds).
 */
export async function compareAcls(input: AclInvariantInput, timeoutMs = 60_000): Promise<AclComparison> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const expected = await expectedAcls(input);
    const listed = await listAcls(input.cluster, input.isInScope);
    const comparison = {
      missing: expected.filter((acl) => !listed.includes(acl)),
      extra: listed.filter((acl) => !expected.includes(acl)).sort(),
    };
    if ((comparison.missing.length === 0 && comparison.extra.length === 0) || Date.now() > deadline)
      return comparison;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/**
 * Waits (bounded) until every ACL-owning resource in `namespaces` has converged: its status
 * speaks of its current generation, with Ready as `isSettled` wants it (True by default).
 */
export async function waitForConvergence(
  kubectl: Kubectl,
  namespaces: readonly string[],
  { timeoutMs = 120_000, isSettled = (ready: string) => ready === "True" } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let unsettled: string[] = [];
  while (Date.now() < deadline) {
    const lists = await Promise.all(
      OWNING_KINDS.map(async (kind) => [kind, await listObjects(kubectl, kind.plural, namespaces)] as const),
    );
    unsettled = lists.flatMap(([kind, objects]) =>
      objects.flatMap((o) => {
        const ready = o.status?.conditions?.find((c) => c.type === "Ready");
        const isCurrent = o.status?.observedGeneration === o.metadata.generation;
        return isCurrent && ready && isSettled(ready.status) && !o.metadata.deletionTimestamp
          ? []
          : [`${kind.plural}/${o.metadata.namespace}/${o.metadata.name}: ${ready?.status}/${ready?.reason}`];
      }),
    );
    if (unsettled.length === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Not converged after ${timeoutMs} ms:\n${unsettled.slice(0, 20).join("\n")}`);
}
