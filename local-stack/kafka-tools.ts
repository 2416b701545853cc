// Runs Kafka's own command-line tools (kafka-acls and friends) from the fetched jars against
// a test cluster, the way an operator of the cluster would, to act or look out of band.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KafkaClusterInfo } from "./kafka.ts";
import { jvmArgs, log4jProperties } from "./kafka-jars.ts";

export interface ToolResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs a tool's main class; `--bootstrap-server` and `--command-config` are passed for you. */
export function runKafkaTool(
  cluster: KafkaClusterInfo,
  mainClass: string,
  args: readonly string[],
  {
    bootstrap = cluster.bootstrap.plaintext,
    commandConfig = cluster.toolsConfigPath,
    krb5Conf,
  }: {
    bootstrap?: string;
    commandConfig?: string;
    krb5Conf?: string;
  } = {},
): ToolResult {
  const log4jConfig = join(cluster.dataDir, "..", "tools-log4j2.properties");
  writeFileSync(log4jConfig, log4jProperties(join(cluster.dataDir, "..", "tools.log"), "WARN"));
  const result = spawnSync(
    "java",
    [
      ...jvmArgs({ heap: "256m", log4jConfig, ...(krb5Conf ? { krb5Conf } : {}) }),
      mainClass,
      "--bootstrap-server",
      bootstrap,
      "--command-config",
      commandConfig,
      ...args,
    ],
    { encoding: "utf8", timeout: 60_000 },
  );
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** kafka-acls (org.apache.kafka.tools.AclCommand). */
export function kafkaAcls(cluster: KafkaClusterInfo, args: readonly string[]): ToolResult {
  return runKafkaTool(cluster, "org.apache.kafka.tools.AclCommand", args);
}
