// The few writes a controller makes to its own objects: the status subresource and the
// finalizer list, both as JSON merge patches. Status is written only when it differs from what
// the cache holds; finalizer patches carry the resourceVersion, so a stale view fails with 409
// instead of overwriting someone else's list.
import { isDeepStrictEqual } from "node:util";
import {
  CustomObjectsApi,
  type KubeConfig,
  type KubernetesObject,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";
import type { ResourceType } from "./resource.ts";

export interface ObjectWriter {
  /** Writes `status` when it differs from `object.status`; returns whether it wrote. */
  writeStatus(object: KubernetesObject & { status?: unknown }, status: unknown): Promise<boolean>;
  /** Ensures the finalizer is (or is not) on the object; returns whether it patched. */
  setFinalizer(object: KubernetesObject, finalizer: string, isWanted: boolean): Promise<boolean>;
}

export function createObjectWriter(kubeConfig: KubeConfig, resource: ResourceType): ObjectWriter {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
  const target = (object: KubernetesObject) => ({
    group: resource.group,
    version: resource.version,
    plural: resource.plural,
    namespace: object.metadata?.namespace ?? "",
    name: object.metadata?.name ?? "",
  });
  return {
    async writeStatus(object, given) {
      // A field set to undefined means "no longer there", as it would after a JSON round trip.
      const status = withoutUndefinedFields(given);
      if (isDeepStrictEqual(object.status, status)) return false;
      // null clears fields the new status no longer has (merge patch semantics).
      const body = { status: withRemovedKeys(object.status, status) };
      await api.patchNamespacedCustomObjectStatus({ ...target(object), body }, mergePatch);
      return true;
    },
    async setFinalizer(object, finalizer, isWanted) {
      const current = object.metadata?.finalizers ?? [];
      if (current.includes(finalizer) === isWanted) return false;
      const finalizers = isWanted ? [...current, finalizer] : current.filter((f) => f !== finalizer);
      const body = { metadata: { finalizers, resourceVersion: object.metadata?.resourceVersion } };
      await api.patchNamespacedCustomObject({ ...target(object), body }, mergePatch);
      return true;
    },
  };
}

function withRemovedKeys(previous: unknown, next: unknown): unknown {
  if (!isPlainObject(previous) || !isPlainObject(next)) return next;
  const out: Record<string, unknown> = { ...next };
  for (const key of Object.keys(previous)) if (!(key in next)) out[key] = null;
  return out;
}

function withoutUndefinedFields(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
