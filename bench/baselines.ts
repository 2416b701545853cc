// The baselines the operator is compared with, in the same run on the same servers: the least
// any tool could do for the same result, so a ratio says what the operator costs on top.
//
// - required writes: per resource, the finalizer (before its ACLs exist) and one status write
//   (after they do), and every binding in one stream of CreateAcls requests of 500 bindings;
// - one status write: the same without the finalizer;
// - deletion: the resources deleted, every binding in one stream of DeleteAcls requests, and
//   per resource its finalizer removed once its bindings are gone.
// A resource's writes keep the order an owner must keep; different resources overlap, up to
// `concurrency` API requests in flight, with the Kafka stream running alongside.
import { CustomObjectsApi, type KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import type { Admin } from "kafkajs";
import type { AclBinding } from "../src/access/acl-binding.ts";
import { toExactFilter, toWireAcl } from "../src/adapters/kafka/acl-wire-codes.ts";
import { createObjectWriter } from "../src/controller/object-writer.ts";
import type { ResourceType } from "../src/controller/resource.ts";
import { ACL_FINALIZER } from "../src/kinds/shared/acl-ownership.ts";

const BINDINGS_PER_REQUEST = 500;

export interface BaselineResources {
  readonly resource: ResourceType;
  readonly namespace: string;
  readonly names: readonly string[];
  /** Each resource's bindings, in the order of `names`. */
  readonly bindings: readonly (readonly AclBinding[])[];
  /** How the resources are labelled in chunks, for deleting them. */
  readonly chunks: { readonly count: number; readonly chunkLabel: string; readonly chunkSize: number };
}

/** Requests in one stream, one after another, each resolving the resources whose bindings it carried. */
function streamRequests(
  given: BaselineResources,
  send: (bindings: AclBinding[]) => Promise<unknown>,
): Promise<unknown>[] {
  const done: Promise<unknown>[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  let batch: AclBinding[] = [];
  let waiting: Array<(value: unknown) => void> = [];
  const flush = () => {
    const bindings = batch;
    const resolvers = waiting;
    batch = [];
    waiting = [];
    chain = chain
      .then(() => send(bindings))
      .then(() => {
        for (const resolve of resolvers) resolve(undefined);
      });
  };
  given.bindings.forEach((bindings, i) => {
    done[i] = new Promise((resolve) => waiting.push(resolve));
    batch.push(...bindings);
    if (batch.length >= BINDINGS_PER_REQUEST || i === given.bindings.length - 1) flush();
  });
  return done;
}

/** Writes Ready for every resource, with its bindings created; the finalizer first when `withFinalizer`. */
export async function applyBaseline(
  kubeConfig: KubeConfig,
  admin: Admin,
  given: BaselineResources,
  { withFinalizer, concurrency }: { withFinalizer: boolean; concurrency: number },
): Promise<void> {
  const writer = createObjectWriter(kubeConfig, given.resource);
  const created = streamRequests(given, (bindings) => admin.createAcls({ acl: bindings.map(toWireAcl) }));
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  await inParallel(given.names.length, concurrency, async (i) => {
    const object: KubernetesObject = {
      apiVersion: `${given.resource.group}/${given.resource.version}`,
      kind: given.resource.kind,
      metadata: { name: given.names[i]!, namespace: given.namespace },
    };
    if (withFinalizer) await writer.setFinalizer(object, ACL_FINALIZER, true);
    await created[i];
    await writer.writeStatus(object, {
      observedGeneration: 1,
      conditions: [
        {
          type: "Ready",
          status: "True",
          reason: "AclsApplied",
          message: `${given.bindings[i]!.length} binding(s) applied`,
          lastTransitionTime: now,
          observedGeneration: 1,
        },
      ],
    });
  });
}

/** Deletes every resource of the namespace, its bindings in one DeleteAcls stream, then each finalizer. */
export async function deleteBaseline(
  kubeConfig: KubeConfig,
  admin: Admin,
  given: BaselineResources,
  { concurrency }: { concurrency: number },
): Promise<void> {
  await deleteAllOf(kubeConfig, given.resource, given.namespace, given.chunks);
  const writer = createObjectWriter(kubeConfig, given.resource);
  const deleted = streamRequests(given, (bindings) =>
    admin.deleteAcls({ filters: bindings.map(toExactFilter) }),
  );
  await inParallel(given.names.length, concurrency, async (i) => {
    await deleted[i];
    const object: KubernetesObject = {
      apiVersion: `${given.resource.group}/${given.resource.version}`,
      kind: given.resource.kind,
      metadata: { name: given.names[i]!, namespace: given.namespace, finalizers: [ACL_FINALIZER] },
    };
    await writer.setFinalizer(object, ACL_FINALIZER, false);
  });
}

/**
 * Every object of the kind in the namespace deleted, one deletecollection request per chunk of
 * `chunkSize` (by the chunk label): one request for 10,000 objects outlasts the API server's
 * request timeout.
 */
export async function deleteAllOf(
  kubeConfig: KubeConfig,
  resource: ResourceType,
  namespace: string,
  { count, chunkLabel, chunkSize }: { count: number; chunkLabel: string; chunkSize: number },
) {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  for (let chunk = 0; chunk * chunkSize < count; chunk++) {
    await api.deleteCollectionNamespacedCustomObject({
      group: resource.group,
      version: resource.version,
      namespace,
      plural: resource.plural,
      labelSelector: `${chunkLabel}=${chunk}`,
    });
  }
}

/** Runs `work(0 … count-1)` with at most `concurrency` at a time, in order of index. */
export async function inParallel(count: number, concurrency: number, work: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}
