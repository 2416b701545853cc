// A real Kafka Connect distributed worker on the destination cluster, with MirrorMaker 2 and
// the File connectors on its classpath and Strimzi's Kubernetes Secret config provider reading
// Secrets from the test API server: `${secrets:<namespace>/<secret>:<key>}` in a connector
// config is resolved by the worker, never stored in clear text.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KafkaClusterInfo } from "./kafka.ts";
import { jvmArgs, log4jProperties } from "./kafka-jars.ts";
import type { KubeInfo } from "./kube-apiserver.ts";
import { freePort, startProcess, waitUntilReady } from "./managed-process.ts";

export type OverridePolicy = "All" | "Principal" | "None";

export interface ConnectInfo {
  readonly restUrl: string;
  /** The principal the worker's own clients (and connectors' clients by default) log in as. */
  readonly workerPrincipal: string;
  readonly groupId: string;
  readonly configTopic: string;
  readonly offsetTopic: string;
  readonly statusTopic: string;
  readonly overridePolicy: OverridePolicy;
  /** Name of the Kubernetes Secret config provider in connector configs. */
  readonly secretProvider: string;
  readonly logPath: string;
}

export interface Connect {
  readonly info: ConnectInfo;
  stop(): Promise<void>;
}

/** How the worker logs in to Kafka. */
export interface WorkerLogin {
  principal: string;
  bootstrap: string;
  /** Client security settings (security.protocol, sasl.*, ssl.*); also given to connectors' clients. */
  clientProperties: Readonly<Record<string, string>>;
}

export interface ConnectOptions {
  kafka: KafkaClusterInfo;
  kube: KubeInfo;
  /**
   * Folder name under the run dir and prefix of the group and topics. Another name starts a
   * second, independent worker; the same name after stop() restarts this one with its
   * connectors kept (e.g. under another override policy).
   */
  name?: string;
  overridePolicy?: OverridePolicy;
  /** Default: the PLAINTEXT listener, where the worker is User:ANONYMOUS, a super user. */
  login?: WorkerLogin;
}

/** Readiness waits for these: the worker found its classpath plugins. */
const MM2_PLUGINS = [
  "org.apache.kafka.connect.mirror.MirrorSourceConnector",
  "org.apache.kafka.connect.mirror.MirrorCheckpointConnector",
  "org.apache.kafka.connect.mirror.MirrorHeartbeatConnector",
];

export async function startConnect(runDir: string, options: ConnectOptions): Promise<Connect> {
  const name = options.name ?? "connect";
  const overridePolicy = options.overridePolicy ?? "All";
  const login = options.login ?? {
    principal: "User:ANONYMOUS",
    bootstrap: options.kafka.bootstrap.plaintext,
    clientProperties: {},
  };
  const dir = join(runDir, name);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const info: ConnectInfo = {
    restUrl: `http://127.0.0.1:${port}`,
    workerPrincipal: login.principal,
    groupId: `${name}-cluster`,
    configTopic: `${name}-configs`,
    offsetTopic: `${name}-offsets`,
    statusTopic: `${name}-status`,
    overridePolicy,
    secretProvider: "secrets",
    logPath: join(dir, "connect.log"),
  };
  const workerProperties = join(dir, "worker.properties");
  // Connectors' producers, consumers and admin clients take only prefixed worker settings.
  const clientLines = Object.entries(login.clientProperties).flatMap(([key, value]) =>
    ["", "producer.", "consumer.", "admin."].map((prefix) => `${prefix}${key}=${value}`),
  );
  writeFileSync(
    workerProperties,
    `${[
      `bootstrap.servers=${login.bootstrap}`,
      ...clientLines,
      `group.id=${info.groupId}`,
      `config.storage.topic=${info.configTopic}`,
      `offset.storage.topic=${info.offsetTopic}`,
      `status.storage.topic=${info.statusTopic}`,
      "config.storage.replication.factor=1",
      "offset.storage.replication.factor=1",
      "status.storage.replication.factor=1",
      // One partition each: the defaults (25 and 5) only slow the start on one broker.
      "offset.storage.partitions=1",
      "status.storage.partitions=1",
      "key.converter=org.apache.kafka.connect.storage.StringConverter",
      "value.converter=org.apache.kafka.connect.storage.StringConverter",
      `listeners=http://127.0.0.1:${port}`,
      "rest.advertised.host.name=127.0.0.1",
      `rest.advertised.port=${port}`,
      // Every plugin on the classpath (MirrorMaker 2, File, the config provider) ships a
      // ServiceLoader manifest; the default hybrid_warn also scans every class, ~11 s here.
      "plugin.discovery=service_load",
      "offset.flush.interval.ms=1000",
      "scheduled.rebalance.max.delay.ms=0",
      `connector.client.config.override.policy=${overridePolicy}`,
      `config.providers=${info.secretProvider}`,
      `config.providers.${info.secretProvider}.class=io.strimzi.kafka.KubernetesSecretConfigProvider`,
    ].join("\n")}\n`,
  );
  const log4jConfig = join(dir, "log4j2.properties");
  writeFileSync(log4jConfig, log4jProperties(info.logPath));
  const worker = startProcess({
    name,
    command: "java",
    args: [
      ...jvmArgs({ heap: "512m", log4jConfig }),
      "org.apache.kafka.connect.cli.ConnectDistributed",
      workerProperties,
    ],
    env: kubeClientEnv(options.kube),
    logPath: join(dir, "stdout.log"),
  });
  try {
    await waitUntilReady(
      worker,
      async () => {
        // A worker that accepts but never answers must not stall the deadline check.
        const signal = AbortSignal.timeout(5_000);
        const connectors = await fetch(`${info.restUrl}/connectors`, { signal });
        if (!connectors.ok) return false;
        const plugins = await fetch(`${info.restUrl}/connector-plugins`, { signal });
        const classes = ((await plugins.json()) as Array<{ class: string }>).map((p) => p.class);
        return MM2_PLUGINS.every((plugin) => classes.includes(plugin));
      },
      { timeoutMs: 180_000, intervalMs: 500 },
    );
  } catch (err) {
    await worker.stop();
    throw err;
  }
  return { info, stop: () => worker.stop() };
}

/**
 * The config provider's fabric8 client configures itself from the environment: KUBECONFIG
 * points it at the test API server as admin, and inherited KUBERNETES_* variables (set when
 * the tests run inside a pod) must not send it to another cluster.
 */
function kubeClientEnv(kube: KubeInfo): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("KUBERNETES_")),
  );
  return { ...env, KUBECONFIG: kube.kubeconfigPath };
}
