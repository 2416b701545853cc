// Runs the controllers of several kinds in one process: an informer per kind plus one for
// Secrets, events mapped to keys (an object's own changes, and a Secret's changes to every
// object that references it), optional leader election (informers stay warm on standby
// replicas; only the leader reconciles), the health server, and an orderly shutdown.
//
// Secrets are watched by metadata only; the contents of those an object references are read
// before that object's reconcile and again when they change (secret-data-cache.ts).
import {
  ApiException,
  CoreV1Api,
  type KubeConfig,
  type KubernetesObject,
  type V1Secret,
} from "@kubernetes/client-node";
import type { Logger } from "pino";
import { startHealthServer } from "../observability/health-server.ts";
import { countResourcesOnScrape, type OperatorMetrics } from "../observability/metrics.ts";
import type { SecretSource } from "../ports/secret-source.ts";
import { type Condition, findCondition } from "./conditions.ts";
import { Controller, type Reconcile } from "./controller.ts";
import { createEventRecorder, type EventRecorder } from "./event-recorder.ts";
import { type CachedObjects, type InformerCache, startInformer } from "./informer-cache.ts";
import { type LeaderElectionOptions, type LeaderElector, startLeaderElection } from "./leader-election.ts";
import { createObjectWriter, type ObjectWriter } from "./object-writer.ts";
import { objectKey, type ResourceType, splitKey } from "./resource.ts";
import { SecretDataCache } from "./secret-data-cache.ts";
import { kindsToWaitFor } from "./start-order.ts";
import type { Priority } from "./work-queue.ts";

type WithConditions = KubernetesObject & { status?: { conditions?: Condition[] } };

const SECRET: ResourceType = { group: "", version: "v1", kind: "Secret", plural: "secrets" };
/** How long a kind waits at start for the kinds it depends on to reconcile their objects once. */
const DEPENDENCY_START_BOUND_MS = 30_000;

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

/**
 * The manager's cache of Secrets, for the SecretSource its caller builds over it: the Secrets
 * objects of the registered kinds reference (their `referencedSecrets`), and no other.
 */
export type SecretCache = Pick<InformerCache<V1Secret>, "get">;

export interface Runtime {
  readonly kubeConfig: KubeConfig;
  readonly logger: Logger;
  readonly metrics: OperatorMetrics;
  readonly events: EventRecorder;
  /** Secret values, read from the manager's cache of Secrets. */
  readonly secrets: SecretSource;
  cacheOf<T extends KubernetesObject>(resource: ResourceType): CachedObjects<T>;
  writerFor(resource: ResourceType): ObjectWriter;
  /** Re-queues an object of another kind (e.g. KafkaAcls when their KafkaCluster changes). */
  enqueue(resource: ResourceType, key: string): void;
}

export interface KindController {
  readonly resource: ResourceType;
  /**
   * Names of Secrets in the object's namespace it uses: they are loaded before its reconcile,
   * and their changes re-queue it. A kind reads no other Secret.
   */
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
  const events = createEventRecorder(kubeConfig, {
    component: "kafka-access-operator",
    logger,
    onPending: (count) => metrics.eventsPending.set(count),
  });
  const scopes = settings.namespaces.length > 0 ? settings.namespaces : [undefined];
  let isLeading = settings.leaderElection === undefined;
  let isSynced = false;

  const enqueue = (resource: ResourceType, key: string, priority: Priority = "normal") => {
    if (isLeading) controllers.get(resource.kind)?.enqueue(key, priority);
  };
  const secretKeysOf = (kind: string, object: KubernetesObject): Set<string> => {
    const names = kindControllers.get(kind)?.referencedSecrets?.(object) ?? [];
    return new Set(names.map((name) => `${object.metadata?.namespace}/${name}`));
  };
  const indexSecrets = (kind: string, object: KubernetesObject, isDeleted: boolean) => {
    const controller = kindControllers.get(kind);
    if (!controller?.referencedSecrets) return;
    const key = objectKey(object);
    const referenced = isDeleted ? new Set<string>() : secretKeysOf(kind, object);
    for (const [secretKey, users] of secretUsers) {
      const keys = users.get(kind);
      if (referenced.has(secretKey) || !keys?.delete(key)) continue;
      if (keys.size === 0) users.delete(kind);
      if (users.size > 0) continue;
      // Nothing references it any more: its contents go.
      secretUsers.delete(secretKey);
      secretData.forget(secretKey);
    }
    for (const secretKey of referenced) {
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
          ...(resource === SECRET ? { metadataOnly: true } : {}),
          logger,
          onEvent,
        }),
      ),
    );
  const lookup = <T extends KubernetesObject>(resource: ResourceType): CachedObjects<T> => {
    const list = caches.get(resource.kind);
    if (!list) throw new Error(`no cache for ${resource.kind}; register the kind with the manager`);
    return {
      get: (namespace, name) => {
        for (const cache of list) {
          const object = cache.get(namespace, name);
          if (object) return object as T;
        }
        return undefined;
      },
      list: () => list.flatMap((c) => c.list()) as T[],
    };
  };

  const coreApi = kubeConfig.makeApiClient(CoreV1Api);
  const secretData = new SecretDataCache({
    fetch: async (namespace, name) => {
      try {
        return await coreApi.readNamespacedSecret({ namespace, name });
      } catch (err) {
        if (err instanceof ApiException && err.code === 404) return undefined;
        throw err;
      }
    },
    versionOf: (namespace, name) => lookup(SECRET).get(namespace, name)?.metadata?.resourceVersion,
  });
  caches.set(
    SECRET.kind,
    await startCaches(SECRET, (_event, secret) => {
      const secretKey = objectKey(secret);
      const users = secretUsers.get(secretKey);
      if (!users) return;
      const requeueUsers = () => {
        for (const [kind, keys] of users) {
          const controller = kindControllers.get(kind);
          if (controller) for (const key of keys) enqueue(controller.resource, key);
        }
      };
      // Users reconcile with the new contents; if they cannot be read now, their reconciles
      // read them again, and fail and retry until they can.
      secretData.load([secretKey]).then(requeueUsers, (err: unknown) => {
        logger.warn({ err, secret: secretKey }, "cannot read a changed Secret; its users will retry");
        requeueUsers();
      });
    }),
  );
  const runtime: Runtime = {
    kubeConfig,
    logger,
    metrics,
    events,
    secrets: secretSource(secretData),
    cacheOf: lookup,
    writerFor: (resource) => createObjectWriter(kubeConfig, resource),
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
            // Every dependent of the changed object: in bulk, behind changes to objects themselves.
            for (const key of dependency.keysFor(object)) enqueue(dependent.resource, key, "low");
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
        reconcile: kindController.referencedSecrets
          ? async (key, context) => {
              const { namespace, name } = splitKey(key);
              const object = lookup(resource).get(namespace, name);
              if (object) await secretData.load(secretKeysOf(resource.kind, object));
              return kindController.reconcile(key, context);
            }
          : kindController.reconcile,
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
  countResourcesOnScrape(metrics, function* () {
    for (const { resource } of kinds) {
      for (const object of lookup<WithConditions>(resource).list()) {
        const ready = findCondition(object.status?.conditions, "Ready");
        yield {
          kind: resource.kind,
          namespace: object.metadata?.namespace ?? "",
          ready: ready?.status ?? "Unknown",
          reason: ready?.reason ?? "",
        };
      }
    }
  });

  const health = await startHealthServer({
    port: settings.healthPort,
    ...(settings.healthHost ? { host: settings.healthHost } : {}),
    registry: metrics.registry,
    isReady: () => isSynced,
  });
  // A kind starts once the kinds it depends on have reconciled each of their objects once (or
  // after a bound): after a start, dependents then see their dependencies' current status, not
  // the one stored before or none, and do not first report them not ready only to report again
  // a moment later (at 10,000 KafkaAcls: 10,000 status writes and Events saved).
  const startControllers = () => {
    for (const [kind, controller] of controllers) {
      const dependencies = kindsToWaitFor(
        kind,
        (kindControllers.get(kind)?.dependencies ?? []).map((d) => d.resource.kind),
      ).flatMap((other) => controllers.get(other)?.startedUp ?? []);
      if (dependencies.length === 0) {
        controller.start();
        continue;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const bound = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, DEPENDENCY_START_BOUND_MS);
        timer.unref?.();
      });
      void Promise.race([Promise.all(dependencies), bound]).then(() => {
        clearTimeout(timer);
        if (isLeading) controller.start();
      });
    }
  };
  let elector: LeaderElector | undefined;
  let isStopping = false;
  if (settings.leaderElection) {
    elector = startLeaderElection(kubeConfig, {
      ...settings.leaderElection,
      logger,
      onStartedLeading: () => {
        isLeading = true;
        startControllers();
      },
      // A replica that lost the lease must not write on: it stops for good and is restarted.
      // Releasing the lease on stop is no loss (SIGTERM ends the process with status 0).
      onStoppedLeading: () => {
        isLeading = false;
        for (const c of controllers.values()) void c.stop();
        if (!isStopping) settings.onLostLeadership?.();
      },
    });
  } else {
    startControllers();
  }
  logger.info(
    { kinds: kinds.map((k) => k.resource.kind), namespaces: settings.namespaces, healthPort: health.port },
    "started",
  );

  return {
    healthPort: health.port,
    isLeader: () => isLeading,
    async stop() {
      isStopping = true;
      await Promise.all([...controllers.values()].map((c) => c.stop(settings.shutdownTimeoutMs)));
      await elector?.stop();
      await events.flush();
      for (const list of caches.values()) for (const cache of list) await cache.stop();
      await health.close();
    },
  };
}
