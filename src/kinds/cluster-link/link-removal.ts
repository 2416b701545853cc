// The first half of deleting a ClusterLink: its connectors (or Confluent link) go before its
// ACLs do (the ownership path releases those next), so nothing runs without its access. Only
// the backend is needed, not the clusters: a deletion must not wait for a KafkaCluster that is
// already gone. What stops it is said, never skipped: the finalizer stays until it is done.
import type { LinkBackend, LinkChange } from "../../ports/link-backend.ts";
import { desiredLink } from "./desired-link.ts";
import { type LinkCaches, type ResolvedBackend, resolveBackend } from "./link-references.ts";
import { linkProblemOf } from "./reasons.ts";
import { clusterLinkSpecSchema } from "./schema.ts";

export type LinkRemoval =
  | { readonly isRemoved: true; readonly changes: readonly LinkChange[] }
  | { readonly isRemoved: false; readonly message: string };

const WHAT_TO_DO = "deletion waits (set deletionPolicy: Orphan to leave the link in place)";

export async function removeLink(
  caches: LinkCaches,
  backendOf: (resolved: ResolvedBackend) => LinkBackend,
  resource: { namespace: string; name: string },
  rawSpec: unknown,
  { isDryRun }: { isDryRun: boolean },
): Promise<LinkRemoval> {
  const blocked = (message: string): LinkRemoval => ({ isRemoved: false, message });
  if (isDryRun) {
    return blocked(
      "Deleting would remove the link; the operator runs with --dry-run, so the finalizer stays",
    );
  }
  const parsed = clusterLinkSpecSchema.safeParse(rawSpec);
  if (!parsed.success)
    return blocked(`Cannot tell which backend runs the link: the spec cannot be read; ${WHAT_TO_DO}`);
  const spec = parsed.data;
  const backend = resolveBackend(caches, resource.namespace, spec);
  if (!backend.isUsable) return blocked(`Cannot remove the link: ${backend.message}; ${WHAT_TO_DO}`);
  const { kafkaClusterRef } = spec.destination;
  const link = desiredLink(resource, spec, {
    destination: {
      key: `${kafkaClusterRef.namespace ?? resource.namespace}/${kafkaClusterRef.name}`,
      bootstrapServers: [],
    },
  });
  try {
    return { isRemoved: true, changes: await backendOf(backend).delete(link) };
  } catch (err) {
    return blocked(`Cannot remove the link: ${linkProblemOf(err).message}; ${WHAT_TO_DO}`);
  }
}
