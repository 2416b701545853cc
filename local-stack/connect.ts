// A real Kafka Connect distributed worker on the destination cluster, with MirrorMaker 2 and
// the File connectors on its classpath and Strimzi's Kubernetes Secret config provider reading
// Secrets from the test API server: `${secrets:<namespace>/<secret>:<key>}` in a connector
// config is resolved by the worker, never stored in clear text.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KafkaClusterInfo } from "./kafka.ts";
import { jvmArgs, log4jProperties } from "./kafka-jars.ts";
import type { KubeInfo } from "./kube-apiserver.ts";
import { freePort, type ManagedProcess, startProcess, waitUntilReady } from "./managed-process.ts";

export type OverridePolicy = "All" | "Principal" | "None";

export interface ConnectInfo {
  readonly restUrl: string;
  readonly groupId: string;
  readonly configTopic: string;
  readonly offsetTopic: string;
  readonly statusTopic: string;
  readonly overridePolicy: OverridePolicy;
  /** Name of the Kubernetes Secret config provider in connector configs. */
  readonly secretProvider: string;
  /**
   * Where the worker finds Secrets as files, <path>/<secret>/<key>, as a pod's Secret volumes
   * would hold them (secret-mounts.ts writes them there).
   */
  readonly secretMountPath: string;
  readonly logPath: string;
}

export interface Connect {
  readonly info: ConnectInfo;
  /** Stops the worker (SIGKILL with `{ kill: true }`); its topics keep its state for `startWorker`. */
  stopWorker(options?: { kill?: boolean }): Promise<void>;
  /** Starts the stopped worker again on its port and topics; resolves once it serves REST. */
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

export interface ConnectOptions {
  kafka: KafkaClusterInfo;
  kube: KubeInfo;
  /** Folder name under the run dir and prefix of the group and topics; lets tests start a second worker. */
  name?: string;
  overridePolicy?: OverridePolicy;
  /** The KDC's krb5.conf, for connectors whose own principal logs in with GSSAPI. */
  krb5Conf?: string;
}

const MM2_PLUGIN = "org.apache.kafka.connect.mirror.MirrorSourceConnector";

export async function startConnect(runDir: string, options: ConnectOptions): Promise<Connect> {
  const name = options.name ?? "connect";
  const overridePolicy = options.overridePolicy ?? "All";
  const dir = join(runDir, name);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const info: ConnectInfo = {
    restUrl: `http://127.0.0.1:${port}`,
    groupId: `${name}-cluster`,
    configTopic: `${name}-configs`,
    offsetTopic: `${name}-offsets`,
    statusTopic: `${name}-status`,
    overridePolicy,
    secretProvider: "secrets",
    secretMountPath: join(dir, "secret-mounts"),
    logPath: join(dir, "connect.log"),
  };
  mkdirSync(info.secretMountPath, { recursive: true });
  const workerProperties = join(dir, "worker.properties");
  writeFileSync(
    workerProperties,
    `bootstrap.servers=${options.kafka.bootstrap.plaintext}
group.id=${info.groupId}
config.storage.topic=${info.configTopic}
offset.storage.topic=${info.offsetTopic}
status.storage.topic=${info.statusTopic}
config.storage.replication.factor=1
offset.storage.replication.factor=1
status.storage.replication.factor=1
key.converter=org.apache.kafka.connect.storage.StringConverter
value.converter=org.apache.kafka.connect.storage.StringConverter
listeners=http://127.0.0.1:${port}
rest.advertised.host.name=127.0.0.1
rest.advertised.port=${port}
offset.flush.interval.ms=1000
scheduled.rebalance.max.delay.ms=0
connector.client.config.override.policy=${overridePolicy}
config.providers=${info.secretProvider}
config.providers.${info.secretProvider}.class=io.strimzi.kafka.KubernetesSecretConfigProvider
`,
  );
  const log4jConfig = join(dir, "log4j2.properties");
  writeFileSync(log4jConfig, log4jProperties(info.logPath));
  const launch = async (): Promise<ManagedProcess> => {
    const worker = startProcess({
      name,
      command: "java",
      args: [
        ...jvmArgs({ heap: "512m", log4jConfig, krb5Conf: options.krb5Conf }),
        "org.apache.kafka.connect.cli.ConnectDistributed",
        workerProperties,
      ],
      // The config provider's Kubernetes client reads the API server and credentials from here.
      env: { ...process.env, KUBECONFIG: options.kube.kubeconfigPath },
      logPath: join(dir, "stdout.log"),
    });
    try {
      await waitUntilReady(
        worker,
        async () => {
          const connectors = await fetch(`${info.restUrl}/connectors`);
          if (!connectors.ok) return false;
          const plugins = (await (await fetch(`${info.restUrl}/connector-plugins`)).json()) as Array<{
            class: string;
          }>;
          return plugins.some((p) => p.class === MM2_PLUGIN);
        },
        { timeoutMs: 180_000, intervalMs: 500 },
      );
    } catch (err) {
      await worker.stop();
      throw err;
    }
    return worker;
  };
  let worker: ManagedProcess | undefined = await launch();
  const stopWorker = async ({ kill = false } = {}) => {
    await worker?.stop(kill ? 0 : undefined);
    worker = undefined;
  };
  return {
    info,
    stopWorker,
    async startWorker() {
      worker ??= await launch();
    },
    stop: stopWorker,
  };
}
