// `kafka-access-operator run`: the operator. Wires the adapters and kinds into the controller
// manager; the only place that names concrete adapters, with dev (which runs this in-process).
import { setFlagsFromString } from "node:v8";
import { KubeConfig } from "@kubernetes/client-node";
import type { Logger } from "pino";
import { MdsAclStore } from "../adapters/confluent/mds-acl-store.ts";
import { ConnectRestClients } from "../adapters/connect/connect-rest-client.ts";
import { recordedConnectClients } from "../adapters/connect/recorded-connect-clients.ts";
import { JsonHttpClients } from "../adapters/http/json-http-client.ts";
import { KafkaAdapters } from "../adapters/kafka/kafka-adapters.ts";
import { KafkaLoginCheck } from "../adapters/kafka/kafka-login-check.ts";
import { InformerSecretSource } from "../adapters/kubernetes/informer-secret-source.ts";
import { RoutingAclStore } from "../adapters/routing-acl-store.ts";
import { loadOperatorConfig, type OperatorConfig } from "../config/operator-config.ts";
import { shareKubeConnections } from "../controller/kube-connection-sharing.ts";
import { countKubeRequests } from "../controller/kube-request-counter.ts";
import { type RunningManager, type Runtime, startManager } from "../controller/manager.ts";
import { splitKey } from "../controller/resource.ts";
import { CLUSTER_LINK_RESOURCE, clusterLinkController } from "../kinds/cluster-link/reconciler.ts";
import { CONNECT_CLUSTER_RESOURCE, connectClusterController } from "../kinds/connect-cluster/reconciler.ts";
import {
  CONNECTOR_PRINCIPAL_RESOURCE,
  connectorPrincipalController,
} from "../kinds/connector-principal/reconciler.ts";
import { KAFKA_ACL_RESOURCE, kafkaAclController } from "../kinds/kafka-acl/reconciler.ts";
import { kafkaClusterController } from "../kinds/kafka-cluster/reconciler.ts";
import { AclOwnership } from "../kinds/shared/acl-ownership.ts";
import { ConnectClusterClients } from "../kinds/shared/connect-cluster-reference.ts";
import { KAFKA_CLUSTER_RESOURCE } from "../kinds/shared/kafka-cluster-reference.ts";
import { createRootLogger } from "../observability/logger.ts";
import { createMetrics } from "../observability/metrics.ts";
import { aclBackendOf, type KafkaClusterLike, mdsTargetOf } from "./acl-backends.ts";
import { linkBackendFactories } from "./link-backends.ts";

export interface RunningOperator {
  readonly manager: RunningManager;
  stop(): Promise<void>;
}

export async function startOperator(
  config: OperatorConfig,
  {
    logger = createRootLogger({ level: config.logLevel }),
    onLostLeadership,
  }: { logger?: Logger; onLostLeadership?: () => void } = {},
): Promise<RunningOperator> {
  const kubeConfig = new KubeConfig();
  if (config.kubeconfig) kubeConfig.loadFromFile(config.kubeconfig);
  else kubeConfig.loadFromDefault();
  shareKubeConnections(kubeConfig);
  const metrics = createMetrics();
  countKubeRequests(kubeConfig, ({ verb, group, resource }) =>
    metrics.kubeRequests.inc({ verb, group, resource }),
  );
  // A little under the resync period, so each resync round reads the cluster afresh once
  // and drift is found within one period; reconciles within the round share that read.
  const aclResyncPeriodMs = Math.floor(config.resyncPeriod * 0.9);
  const recordCallsOf = (system: string) => ({
    record: (call: { api: string; outcome: string }) =>
      metrics.externalCalls.inc({ system, operation: call.api, result: call.outcome }),
  });
  const kafka = new KafkaAdapters({
    logger,
    aclStore: { resyncPeriodMs: aclResyncPeriodMs, recorder: recordCallsOf("kafka") },
  });
  // KafkaClusters and Secrets as the manager's caches hold them, once the kinds are created
  // (before any reconcile, so before any ACL call).
  let managerRuntime: Runtime | undefined;
  const kafkaClusterOf = (cluster: string) => {
    const { namespace, name } = splitKey(cluster);
    return managerRuntime?.cacheOf<KafkaClusterLike>(KAFKA_CLUSTER_RESOURCE).get(namespace, name);
  };
  // Every REST request (Kafka Connect, Confluent REST v3, MDS) by method: a steady state shows
  // none but GETs.
  const httpClients = new JsonHttpClients({
    record: ({ method, outcome }) =>
      metrics.externalCalls.inc({ system: "http", operation: method, result: outcome }),
  });
  const mdsAclStore = new MdsAclStore({
    targetFor: (cluster) => {
      const runtime = managerRuntime;
      if (!runtime) throw new Error("the MDS ACL store is used before the manager started");
      const { namespace } = splitKey(cluster);
      return mdsTargetOf(cluster, kafkaClusterOf(cluster), (ref, purpose) =>
        runtime.secrets.read(namespace, ref, purpose),
      );
    },
    clients: httpClients,
    resyncPeriodMs: aclResyncPeriodMs,
    recorder: recordCallsOf("mds"),
  });
  // Each KafkaCluster's ACLs live where its aclBackend says.
  const aclStore = new RoutingAclStore({
    backendOf: (cluster) => aclBackendOf(kafkaClusterOf(cluster)),
    stores: { kafka: kafka.aclStore, confluentMds: mdsAclStore },
  });
  const ownership = new AclOwnership(aclStore);
  const connectApis = recordedConnectClients(new ConnectRestClients(httpClients), recordCallsOf("connect"));
  // One set of clients for every kind that uses a ConnectCluster; made once the manager's Secrets are.
  let connectClients: ConnectClusterClients | undefined;
  const connectClientsFor = (runtime: Runtime) => {
    connectClients ??= new ConnectClusterClients({ clients: connectApis, secrets: runtime.secrets });
    return connectClients;
  };
  const manager = await startManager(
    kubeConfig,
    {
      namespaces: config.namespaces,
      ...(config.labelSelector ? { labelSelector: config.labelSelector } : {}),
      resyncPeriodMs: config.resyncPeriod,
      workers: config.workers,
      shutdownTimeoutMs: config.shutdownTimeout,
      healthPort: config.healthPort,
      healthHost: config.healthHost,
      ...(config.leaderElect
        ? {
            leaderElection: {
              namespace: config.leaseNamespace,
              name: config.leaseName,
              identity: config.identity,
              leaseDurationMs: config.leaseDuration,
              renewDeadlineMs: config.leaseRenewDeadline,
              retryPeriodMs: config.leaseRetryPeriod,
            },
          }
        : {}),
      ...(onLostLeadership ? { onLostLeadership } : {}),
    },
    {
      logger,
      metrics,
      secretSource: (secrets) => new InformerSecretSource(secrets),
      kinds: [
        {
          resource: KAFKA_CLUSTER_RESOURCE,
          create: (runtime) => {
            managerRuntime = runtime;
            return kafkaClusterController(runtime, {
              probe: {
                probe: (cluster, target) => kafka.probe(cluster, target),
                // A deleted KafkaCluster lets go of its connections and cached ACLs everywhere.
                forget: async (cluster) => {
                  await Promise.all([kafka.forget(cluster), mdsAclStore.forget(cluster)]);
                },
              },
            });
          },
        },
        {
          resource: KAFKA_ACL_RESOURCE,
          create: (runtime) =>
            kafkaAclController(runtime, { ownership, dryRun: config.dryRun, workers: config.aclWorkers }),
        },
        {
          resource: CONNECT_CLUSTER_RESOURCE,
          create: (runtime) =>
            connectClusterController(runtime, {
              connectClients: connectClientsFor(runtime),
              aclStore,
              ownership,
              dryRun: config.dryRun,
            }),
        },
        {
          resource: CLUSTER_LINK_RESOURCE,
          create: (runtime) =>
            clusterLinkController(runtime, {
              ownership,
              aclStore,
              connectClients: connectClientsFor(runtime),
              credentialCheck: new KafkaLoginCheck(),
              kafkaAdmin: kafka.topicAdmin,
              backends: linkBackendFactories({
                kafkaAdmin: kafka.topicAdmin,
                secrets: runtime.secrets,
                httpClients,
              }),
              dryRun: config.dryRun,
            }),
        },
        {
          resource: CONNECTOR_PRINCIPAL_RESOURCE,
          create: (runtime) =>
            connectorPrincipalController(runtime, {
              connectClients: connectClientsFor(runtime),
              credentialCheck: new KafkaLoginCheck(),
              ownership,
              dryRun: config.dryRun,
              connectorPollMs: Math.min(10_000, config.resyncPeriod),
            }),
        },
      ],
      onCachesLoaded: () => ownership.markLoaded(),
    },
  );
  return {
    manager,
    async stop() {
      await manager.stop();
      await kafka.closeAll();
      await httpClients.closeAll();
    },
  };
}

export async function run(args: readonly string[]): Promise<number> {
  // V8 otherwise keeps every heap page it ever used resident after the garbage on it is freed:
  // an operator whose live heap is under 100 MiB held 350 MiB of 256 KiB heap pages after a
  // cold start. Favouring size lets the memory reducer give them back once the burst is over
  // (docs/performance.md). Set before the operator allocates anything of its own.
  setFlagsFromString("--optimize-for-size");
  let config: OperatorConfig;
  try {
    config = loadOperatorConfig(args, process.env);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const logger = createRootLogger({ level: config.logLevel });
  let exitCode = 0;
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const operator = await startOperator(config, {
    logger,
    onLostLeadership: () => {
      exitCode = 1;
      wake();
    },
  });
  process.once("SIGTERM", wake);
  process.once("SIGINT", wake);
  await stopped;
  logger.info({ exitCode }, "shutting down");
  await operator.stop();
  return exitCode;
}
