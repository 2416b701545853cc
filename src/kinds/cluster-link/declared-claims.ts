// What a ClusterLink claims of the ACL ownership before anything is read: its start-up
// declaration, and what the exact-ACL invariant of the suite expects of a live link. Pure: the
// referenced resources come from caches, the ConnectCluster only needs to exist.
import type { KubernetesObject } from "@kubernetes/client-node";
import type { AclClaim } from "../../access/plan-owned-acls.ts";
import { linkAccess } from "./link-acls.ts";
import { type LinkCaches, type ResolvedLink, resolveLink } from "./link-references.ts";
import { linkProblemOf } from "./reasons.ts";
import { clusterLinkSpecSchema } from "./schema.ts";

/** The link's ACL needs as its backend names them, placed on its ends; throws for a link it cannot run. */
export function accessOfResolved(resolved: ResolvedLink & { isUsable: true }, namespace: string) {
  return linkAccess(resolved.link, resolved.factory.accessOf(resolved.link, resolved.placement), {
    source: resolved.source,
    namespace,
  });
}

/**
 * The claims of a ClusterLink as its spec and the resources it refers to make them, without
 * asking its ConnectCluster anything; none for a spec it cannot read, a reference it cannot
 * resolve or a link its backend cannot run (its reconcile says why).
 */
export function declaredLinkClaims(
  caches: LinkCaches,
  object: KubernetesObject & { spec?: unknown },
): AclClaim[] {
  const spec = clusterLinkSpecSchema.safeParse(object.spec);
  if (!spec.success) return [];
  const namespace = object.metadata?.namespace ?? "";
  const resource = { namespace, name: object.metadata?.name ?? "" };
  const resolved = resolveLink(caches, resource, spec.data, { withClient: false });
  if (!resolved.isUsable) return [];
  try {
    return [...accessOfResolved(resolved, namespace).claims];
  } catch (err) {
    linkProblemOf(err);
    return [];
  }
}
