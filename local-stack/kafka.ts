// Two real Apache Kafka clusters, "source" and "destination", each one combined
// broker+controller in KRaft mode with the StandardAuthorizer and no access without an ACL.
// Listeners: PLAINTEXT (internal, its anonymous principal is a super user), SASL_PLAINTEXT
// with SCRAM, SSL with required client certificates, and SASL_SSL with GSSAPI.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { jvmArgs, log4jProperties } from "./kafka-jars.ts";
import type { KdcInfo } from "./kdc.ts";
import { freePort, type ManagedProcess, startProcess, waitUntilReady } from "./managed-process.ts";
import type { TlsInfo } from "./tls.ts";

export interface KafkaClusterInfo {
  readonly name: string;
  readonly clusterId: string;
  /** Bootstrap address (localhost:port) per listener. */
  readonly bootstrap: {
    /** PLAINTEXT; connections here are User:ANONYMOUS, a super user. */
    readonly plaintext: string;
    /** SASL_PLAINTEXT with SCRAM-SHA-512, SCRAM-SHA-256 and PLAIN (the same users and passwords). */
    readonly scram: string;
    /** SSL with required client certificates; principals are the certificate CN. */
    readonly ssl: string;
    /** SASL_SSL with GSSAPI against the run's KDC. */
    readonly gssapi: string;
  };
  /** SCRAM users created at format time, with their passwords (test-only); PLAIN knows them too. */
  readonly scramUsers: Readonly<Record<string, string>>;
  /** The operator's admin principal, a super user on every listener. */
  readonly adminPrincipal: string;
  readonly brokerPrincipals: readonly string[];
  readonly dataDir: string;
  readonly logPath: string;
  /** Client properties file for Kafka's own tools over the PLAINTEXT listener. */
  readonly toolsConfigPath: string;
}

export interface KafkaClusters {
  readonly info: { readonly source: KafkaClusterInfo; readonly destination: KafkaClusterInfo };
  stop(): Promise<void>;
}

const SCRAM_USERS = ["kao-admin", "alice", "bob", "link", "connector"];

export async function startKafkaClusters(
  runDir: string,
  deps: { kdc: KdcInfo; tls: TlsInfo },
): Promise<KafkaClusters> {
  const started: KafkaCluster[] = [];
  const stop = async () => {
    await Promise.all(started.map((c) => c.stop()));
  };
  try {
    // In parallel: each JVM spends most of its start-up waiting on itself, not on the CPU.
    // allSettled: when one fails, the other must have finished starting to be stopped.
    const results = await Promise.allSettled([
      startKafkaCluster(runDir, "source", deps),
      startKafkaCluster(runDir, "destination", deps),
    ]);
    for (const result of results) if (result.status === "fulfilled") started.push(result.value);
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    const [source, destination] = started as [(typeof started)[number], (typeof started)[number]];
    return { info: { source: source.info, destination: destination.info }, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** One Kafka cluster; a fault test that starts its own can stop and start its broker. */
export interface KafkaCluster {
  readonly info: KafkaClusterInfo;
  /**
   * Stops the broker: gracefully, or at once (`{ kill: true }`, SIGKILL, as a crash); its data
   * and ports stay for `startBroker`.
   */
  stopBroker(options?: { kill?: boolean }): Promise<void>;
  /** Starts the stopped broker on its data and ports again; resolves once it answers. */
  startBroker(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts one Kafka cluster below `runDir` (folder `kafka-<name>`), with its own ports and
 * SCRAM users, on the run's KDC and TLS material. For a test that stops its broker; tests
 * share the stack's two clusters otherwise.
 */
export async function startKafkaCluster(
  runDir: string,
  name: string,
  { kdc, tls }: { kdc: KdcInfo; tls: TlsInfo },
): Promise<KafkaCluster> {
  const dir = join(runDir, `kafka-${name}`);
  const dataDir = join(dir, "data");
  mkdirSync(dataDir, { recursive: true });
  const [internal, controller, scram, ssl, gssapi] = await Promise.all(
    Array.from({ length: 5 }, () => freePort()),
  );
  const clusterId = randomClusterId();
  const scramUsers = Object.fromEntries(
    SCRAM_USERS.map((user) => [user, `${user}-${randomBytes(9).toString("base64url")}`]),
  );
  const broker = tls.broker;
  const serverProperties = join(dir, "server.properties");
  writeFileSync(
    serverProperties,
    `process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controller}
controller.listener.names=CONTROLLER
listeners=INTERNAL://127.0.0.1:${internal},CONTROLLER://127.0.0.1:${controller},SCRAM://127.0.0.1:${scram},SSL://127.0.0.1:${ssl},GSSAPI://127.0.0.1:${gssapi}
advertised.listeners=INTERNAL://localhost:${internal},SCRAM://localhost:${scram},SSL://localhost:${ssl},GSSAPI://localhost:${gssapi}
listener.security.protocol.map=INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,SCRAM:SASL_PLAINTEXT,SSL:SSL,GSSAPI:SASL_SSL
inter.broker.listener.name=INTERNAL
log.dirs=${dataDir}
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:ANONYMOUS;User:kao-admin
password.encoder.secret=${randomBytes(18).toString("base64url")}
listener.name.scram.sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256,PLAIN
listener.name.scram.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.scram.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.scram.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required ${Object.entries(
      scramUsers,
    )
      .map(([user, password]) => `user_${user}="${password}"`)
      .join(" ")};
listener.name.gssapi.sasl.enabled.mechanisms=GSSAPI
listener.name.gssapi.gssapi.sasl.jaas.config=com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true storeKey=true keyTab="${kdc.keytabs["kafka/localhost"]}" principal="${kdc.brokerPrincipal}";
sasl.kerberos.service.name=kafka
ssl.keystore.type=PKCS12
ssl.keystore.location=${broker.pkcs12}
ssl.keystore.password=${broker.password}
ssl.key.password=${broker.password}
ssl.truststore.type=PKCS12
ssl.truststore.location=${tls.truststorePkcs12}
ssl.truststore.password=${tls.truststorePassword}
listener.name.ssl.ssl.client.auth=required
# CN=alice,... authenticates as User:alice, the same name as over SCRAM and GSSAPI.
ssl.principal.mapping.rules=RULE:^CN=([^,]+)$/$1/,DEFAULT
`,
  );
  const log4jConfig = join(dir, "log4j2.properties");
  const logPath = join(dir, "server.log");
  writeFileSync(log4jConfig, log4jProperties(logPath));
  const java = (mainClass: string, args: string[]) =>
    ["java", [...jvmArgs({ log4jConfig, krb5Conf: kdc.krb5ConfPath }), mainClass, ...args]] as const;

  const [formatCommand, formatArgs] = java("kafka.tools.StorageTool", [
    "format",
    "--cluster-id",
    clusterId,
    "--config",
    serverProperties,
    ...Object.entries(scramUsers).flatMap(([user, password]) => [
      "--add-scram",
      `SCRAM-SHA-512=[name=${user},password=${password}]`,
      "--add-scram",
      `SCRAM-SHA-256=[name=${user},password=${password}]`,
    ]),
  ]);
  try {
    execFileSync(formatCommand, formatArgs, { stdio: "pipe" });
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? "";
    throw new Error(`Cannot format the storage of Kafka cluster "${name}": ${stderr.trim()}`);
  }

  const [command, args] = java("kafka.Kafka", [serverProperties]);
  const launch = async (): Promise<ManagedProcess> => {
    const server = startProcess({
      name: `kafka-${name}`,
      command,
      args: [...args],
      logPath: join(dir, "stdout.log"),
    });
    const admin = new Kafka({
      clientId: "test-env-probe",
      brokers: [`localhost:${internal}`],
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: 2_000,
    }).admin();
    try {
      await waitUntilReady(
        server,
        async () => {
          await admin.connect();
          const cluster = await admin.describeCluster();
          return cluster.clusterId === clusterId && cluster.brokers.length === 1;
        },
        { timeoutMs: 120_000, intervalMs: 500 },
      );
      return server;
    } catch (err) {
      await server.stop();
      throw err;
    } finally {
      await admin.disconnect();
    }
  };
  let server: ManagedProcess | undefined = await launch();
  const stopBroker = async ({ kill = false } = {}) => {
    await server?.stop(kill ? 0 : undefined);
    server = undefined;
  };
  const toolsConfigPath = join(dir, "tools-plaintext.properties");
  writeFileSync(toolsConfigPath, "security.protocol=PLAINTEXT\n");
  return {
    info: {
      name,
      clusterId,
      bootstrap: {
        plaintext: `localhost:${internal}`,
        scram: `localhost:${scram}`,
        ssl: `localhost:${ssl}`,
        gssapi: `localhost:${gssapi}`,
      },
      scramUsers,
      adminPrincipal: "User:kao-admin",
      brokerPrincipals: ["User:ANONYMOUS"],
      dataDir,
      logPath,
      toolsConfigPath,
    },
    stopBroker,
    async startBroker() {
      server ??= await launch();
    },
    stop: stopBroker,
  };
}

/** A Kafka cluster id: 16 random bytes, base64url, never starting with "-" (read as an option). */
function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}
