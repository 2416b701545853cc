// The first half of deleting a ClusterLink: its connectors (or Confluent link) go before its
// ACLs do (the ownership path releases those next), so nothing runs without its access. Only
// the backend is needed, and of the clusters only what remains of them: a deletion waits for a
// KafkaCluster only when the backend removes the link through it (a Confluent link, through its
// destination's REST API). What stops it is said, never skipped: the finalizer stays until it
// is done.
import { type LinkBackend, type LinkChange, LinkChangesIncompleteError } from "../../ports/link-backend.ts";
import { desiredLink } from "./desired-link.ts";
import {
  type LinkCaches,
  type ResolvedBackend,
  remainingClusters,
  resolveBackend,
} from "./link-references.ts";
import { linkProblemOf } from "./reasons.ts";
import { clusterLinkSpecSchema } from "./schema.ts";

/** Whether the link is gone, and the external changes made on the way (each deserves its Event). */
export type LinkRemoval =
  | { readonly isRemoved: true; readonly changes: readonly LinkChange[] }
  | { readonly isRemoved: false; readonly message: string; readonly changes: readonly LinkChange[] };

const WHAT_TO_DO = "deletion waits (set deletionPolicy: Orphan to leave the link in place)";

export async function removeLink(
  caches: LinkCaches,
  backendOf: (resolved: ResolvedBackend) => LinkBackend,
  resource: { namespace: string; name: string },
  rawSpec: unknown,
  { isDryRun }: { isDryRun: boolean },
): Promise<LinkRemoval> {
  const blocked = (message: string, changes: readonly LinkChange[] = []): LinkRemoval => ({
    isRemoved: false,
    message,
    changes,
  });
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
  const link = desiredLink(resource, spec, remainingClusters(caches, resource.namespace, spec));
  try {
    return { isRemoved: true, changes: await backendOf(backend).delete(link) };
  } catch (err) {
    const problem = linkProblemOf(err);
    // The backend's own refusal says why and what to do; anything else is a failure to remove.
    const why =
      problem.reason === "LinkDeletionBlocked"
        ? problem.message
        : `Cannot remove the link: ${problem.message}`;
    return blocked(`${why}; ${WHAT_TO_DO}`, err instanceof LinkChangesIncompleteError ? err.changes : []);
  }
}
