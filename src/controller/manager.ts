// Runs the controllers of several kinds in one process: an informer per kind plus one for
// Secrets, events mapped to keys (an object's own changes, and a Secret's changes to every
// object that references it), optional leader election (informers stay warm on standby
// replicas; only the leader reconciles), the health server, and an orderly shutdown.
import type { KubeConfig, KubernetesObject, V1Secret } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { startHealthServer } from "../observability/health-server.ts";
import type { OperatorMetrics } from "../observability/metrics.ts";
import type { SecretSource } from "../ports/secret-source.ts";
import { Controller, type Reconcile } from "./controller.ts";
import { countedEvents, countedWriter } from "./counted-writes.ts";
import { createEventRecorder, type EventRecorder } from "./event-recorder.ts";
import { type InformerCache, startInformer } from "./informer-cache.ts";
import { type LeaderElectionOptions, type LeaderElector, startLeaderElection } from "./leader-election.ts";
import { createObjectWriter, type ObjectWriter } from "./object-writer.ts";
import { objectKey, type ResourceType } from "./resource.ts";

const SECRET: ResourceType = { group: "", version: "v1", kind: "Secret", plural: "secrets" };

export interface ManagerSettings {
  namespaces: readonly string[];
  labelSelector?: string;
  resyncPeriodMs: number;
  workers: number;
  healthPort: number;
  healthHost?: string;
  leaderElection?: Omit<LeaderElectionOptions, "logger" | "onStartedLeading" | "onStoppedLeading">;
  /** On stop, how long reconciles in flight may run before the Lease is released. */
  shutdownTimeoutMs?: number;
  /** Called once when this replica loses the lease; the process should exit and restart. */
  onLostLeadership?: () => void;
}

/** The manager's cache of Secrets, for the SecretSource its caller builds over it. */
export type SecretCache = Pick<InformerCache<V1Secret>, "get">;

export interface Runtime {
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
  readonly metrics: OperatorMetrics;
  readonly events: EventRecorder;
  /** Secret values, read from the manager's cache of Secrets. */
  readonly secrets: SecretSource;
  cacheOf<T extends KubernetesObject>(resource: ResourceType): InformerCache<T>;
  writerFor(resource: ResourceType): ObjectWriter;
  /** Re-queues an object of another kind (e.g. KafkaAcls when their KafkaCluster changes). */
  enqueue(resource: ResourceType, key: string): void;
}

export interface KindController {
  readonly resource: ResourceType;
  /** Names of Secrets in the object's namespace it uses; their changes re-queue it. */
  referencedSecrets?(object: KubernetesObject): readonly string[];
  /** Other kinds whose changes re-queue objects of this one: `keysFor` maps a changed object to keys. */
  dependencies?: readonly { resource: ResourceType; keysFor(changed: KubernetesObject): readonly string[] }[];
  /** Concurrent reconciles of this kind; the manager's setting when absent. */
  readonly workers?: number;
  reconcile: Reconcile;
}

export type KindFactory = (runtime: Runtime) => KindController;

export interface RunningManager {
  /** Port of /healthz, /readyz and /metrics (the one chosen when 0 was asked). */
  readonly healthPort: number;
  isLeader(): boolean;
  stop(): Promise<void>;
}

export async function startManager(
  kubeConfig: KubeConfig,
  settings: ManagerSettings,
  {
    logger,
    metrics,
    kinds,
    secretSource,
    onCachesLoaded,
  }: {
    logger: Logger;
    metrics: OperatorMetrics;
    kinds: readonly { resource: ResourceType; create: KindFactory }[];
    /** Builds the Runtime's SecretSource over the manager's cache of Secrets. */
    secretSource: (secrets: SecretCache) => SecretSource;
    /**
     * Called once every kind's cache is filled and its factory has run, before any reconcile:
     * state spanning kinds (who owns which ACL) is complete from here on.
     */
    onCachesLoaded?: () => void;
  },
): Promise<RunningManager> {
  const caches = new Map<string, InformerCache[]>();
  const controllers = new Map<string, Controller>();
  const secretUsers = new Map<string, Map<string, Set<string>>>(); // secret key → kind → object keys
  const kindControllers = new Map<string, KindController>();
  const seenGenerations = new Map<string, number>(); // kind/key → last generation seen
  const events = countedEvents(
    createEventRecorder(kubeConfig, { component: "kafka-access-operator", logger }),
    metrics,
  );
  const scopes = settings.namespaces.length > 0 ? settings.namespaces : [undefined];
  let isLeading = settings.leaderElection === undefined;
  let isSynced = false;

  const enqueue = (resource: ResourceType, key: string) => {
    if (isLeading) controllers.get(resource.kind)?.enqueue(key);
  };
  const indexSecrets = (kind: string, object: KubernetesObject, isDeleted: boolean) => {
    const controller = kindControllers.get(kind);
    if (!controller?.referencedSecrets) return;
    const key = objectKey(object);
    for (const users of secretUsers.values()) users.get(kind)?.delete(key);
    if (isDeleted) return;
    for (const name of controller.referencedSecrets(object)) {
      const secretKey = `${object.metadata?.namespace}/${name}`;
      const users = secretUsers.get(secretKey) ?? new Map<string, Set<string>>();
      secretUsers.set(secretKey, users);
      const keys = users.get(kind) ?? new Set<string>();
      users.set(kind, keys);
      keys.add(key);
    }
  };

  const startCaches = async (resource: ResourceType, onEvent: (event: string, o: KubernetesObject) => void) =>
    Promise.all(
      scopes.map((namespace) =>
        startInformer(kubeConfig, resource, {
          ...(namespace ? { namespace } : {}),
          ...(settings.labelSelector && resource !== SECRET ? { labelSelector: settings.labelSelector } : {}),
          logger,
          onEvent,
        }),
      ),
    );
  const lookup = <T extends KubernetesObject>(resource: ResourceType): InformerCache<T> => {
    const list = caches.get(resource.kind);
    if (!list) throw new Error(`no cache for ${resource.kind}; register the kind with the manager`);
    return {
      resource,
      get: (namespace, name) =>
        list.map((c) => c.get(namespace, name)).find((o) => o !== undefined) as T | undefined,
      list: () => list.flatMap((c) => c.list()) as T[],
      hasSynced: () => list.every((c) => c.hasSynced()),
      stop: async () => undefined,
    };
  };

  caches.set(
    SECRET.kind,
    await startCaches(SECRET, (_event, secret) => {
      for (const [kind, keys] of secretUsers.get(objectKey(secret)) ?? []) {
        const controller = kindControllers.get(kind);
        if (controller) for (const key of keys) enqueue(controller.resource, key);
      }
    }),
  );
  const runtime: Runtime = {
    kubeConfig,
    logger,
    metrics,
    events,
    secrets: secretSource(lookup<V1Secret>(SECRET)),
    cacheOf: lookup,
    writerFor: (resource) => countedWriter(createObjectWriter(kubeConfig, resource), metrics),
    enqueue,
  };
  for (const { resource, create } of kinds) {
    caches.set(
      resource.kind,
      await startCaches(resource, (event, object) => {
        indexSecrets(resource.kind, object, event === "delete");
        const key = objectKey(object);
        // An update that leaves the spec's generation as it was is the controller's own status
        // or finalizer write (or metadata): nothing to reconcile; resync still re-checks it.
        const generationKey = `${resource.kind}/${key}`;
        const generation = object.metadata?.generation;
        const isOwnWrite =
          event === "update" &&
          generation !== undefined &&
          seenGenerations.get(generationKey) === generation &&
          !object.metadata?.deletionTimestamp;
        if (event === "delete") seenGenerations.delete(generationKey);
        else if (generation !== undefined) seenGenerations.set(generationKey, generation);
        if (!isOwnWrite) enqueue(resource, key);
        for (const dependent of kindControllers.values()) {
          for (const dependency of dependent.dependencies ?? []) {
            if (dependency.resource.kind !== resource.kind) continue;
            for (const key of dependency.keysFor(object)) enqueue(dependent.resource, key);
          }
        }
      }),
    );
    const kindController = create(runtime);
    kindControllers.set(resource.kind, kindController);
    for (const object of lookup(resource).list()) indexSecrets(resource.kind, object, false);
    controllers.set(
      resource.kind,
      new Controller({
        kind: resource.kind,
        reconcile: kindController.reconcile,
        listKeys: () => lookup(resource).list().map(objectKey),
        workers: kindController.workers ?? settings.workers,
        resyncPeriodMs: settings.resyncPeriodMs,
        logger,
        metrics,
      }),
    );
  }
  onCachesLoaded?.();
  isSynced = true;

  const health = await startHealthServer({
    port: settings.healthPort,
    ...(settings.healthHost ? { host: settings.healthHost } : {}),
    registry: metrics.registry,
    isReady: () => isSynced,
  });
  let elector: LeaderElector | undefined;
  if (settings.leaderElection) {
    elector = startLeaderElection(kubeConfig, {
      ...settings.leaderElection,
      logger,
      onStartedLeading: () => {
        isLeading = true;
        for (const c of controllers.values()) c.start();
      },
      // A replica that lost the lease must not write on: it stops for good and is restarted.
      onStoppedLeading: () => {
        isLeading = false;
        for (const c of controllers.values()) void c.stop();
        settings.onLostLeadership?.();
      },
    });
  } else {
    for (const c of controllers.values()) c.start();
  }
  logger.info(
    { kinds: kinds.map((k) => k.resource.kind), namespaces: settings.namespaces, healthPort: health.port },
    "started",
  );

  return {
    healthPort: health.port,
    isLeader: () => isLeading,
    async stop() {
      await Promise.all([...controllers.values()].map((c) => c.stop(settings.shutdownTimeoutMs)));
      await elector?.stop();
      await events.flush();
      for (const list of caches.values()) for (const cache of list) await cache.stop();
      await health.close();
    },
  };
}
