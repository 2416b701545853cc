// The ledgers every resource of the operator keeps in its status (see access/ownership-ledger.ts),
// read from the API server for every kind, so a command can say which resource applied a binding.
// A ledger is found by its shape, not by field name, so a kind that starts owning ACLs is
// covered without a change here.
import { ApiException, type KubernetesObject } from "@kubernetes/client-node";
import type { LedgerRecord } from "../access/binding-owners.ts";
import type { KindDefinition } from "../crd/kind-definition.ts";
import { allKinds } from "../kinds/all-kinds.ts";
import { desiredBindings } from "../kinds/kafka-acl/desired-bindings.ts";
import { kafkaAclKind, kafkaAclSpecSchema } from "../kinds/kafka-acl/schema.ts";
import { aclLedgerSchema } from "../kinds/shared/schema-parts.ts";
import type { KubeReader } from "./kube-reader.ts";

export interface LedgerReading {
  readonly records: LedgerRecord[];
  /** Kinds the kubeconfig may not list: their resources' ownership is unknown. */
  readonly unlistedKinds: string[];
}

/** Every ledger of every resource of the given kinds (all by default), in all namespaces. */
export async function readAclLedgers(
  kube: KubeReader,
  kinds: readonly KindDefinition[] = allKinds,
): Promise<LedgerReading> {
  const records: LedgerRecord[] = [];
  const unlistedKinds: string[] = [];
  for (const kind of kinds) {
    let objects: (KubernetesObject & { spec?: unknown; status?: Record<string, unknown> })[];
    try {
      objects = await kube.list(kind);
    } catch (err) {
      if (err instanceof ApiException && (err.code === 403 || err.code === 404)) {
        unlistedKinds.push(kind.kind);
        continue;
      }
      throw err;
    }
    for (const object of objects) {
      const owner = `${kind.kind} ${object.metadata?.namespace}/${object.metadata?.name}`;
      const desired = kind.kind === kafkaAclKind.kind ? kafkaAclDesired(object.spec) : undefined;
      for (const value of Object.values(object.status ?? {})) {
        const ledger = aclLedgerSchema.safeParse(value);
        if (ledger.success) records.push({ owner, ledger: ledger.data, ...(desired ? { desired } : {}) });
      }
    }
  }
  return { records, unlistedKinds };
}

function kafkaAclDesired(spec: unknown) {
  const parsed = kafkaAclSpecSchema.safeParse(spec);
  return parsed.success ? desiredBindings(parsed.data).bindings : undefined;
}
