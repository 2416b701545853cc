// Runs Kafka's own command-line tools (kafka-acls and friends) from the fetched jars against
// a test cluster, the way an operator of the cluster would, to act or look out of band.
import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { KafkaClusterInfo } from "./kafka.ts";
import { jvmArgs, log4jProperties } from "./kafka-jars.ts";

export interface ToolResult {
  status: number;
  stdout: string;
  stderr: string;
}

interface ToolOptions {
  bootstrap?: string;
  commandConfig?: string;
  krb5Conf?: string;
}

/**
 * Runs a tool's main class and waits for it; `--bootstrap-server` and `--command-config` are
 * passed for you. Blocks the process for the JVM's run: use runKafkaToolAsync where an operator
 * runs in the same process, or in a loop.
 */
export function runKafkaTool(
  cluster: KafkaClusterInfo,
  mainClass: string,
  args: readonly string[],
  options: ToolOptions = {},
): ToolResult {
  const [command, commandArgs] = toolCommand(cluster, mainClass, args, options);
  const result = spawnSync(command, commandArgs, { encoding: "utf8", timeout: TOOL_TIMEOUT_MS });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** runKafkaTool without blocking the event loop. */
function runKafkaToolAsync(
  cluster: KafkaClusterInfo,
  mainClass: string,
  args: readonly string[],
  options: ToolOptions = {},
): Promise<ToolResult> {
  const [command, commandArgs] = toolCommand(cluster, mainClass, args, options);
  return new Promise((resolve) => {
    execFile(command, commandArgs, { encoding: "utf8", timeout: TOOL_TIMEOUT_MS }, (err, stdout, stderr) => {
      const status = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}

const ACL_COMMAND = "org.apache.kafka.tools.AclCommand";

/** kafka-acls (org.apache.kafka.tools.AclCommand). */
export function kafkaAcls(cluster: KafkaClusterInfo, args: readonly string[]): ToolResult {
  return runKafkaTool(cluster, ACL_COMMAND, args);
}

/** kafka-acls without blocking the event loop. */
export function kafkaAclsAsync(cluster: KafkaClusterInfo, args: readonly string[]): Promise<ToolResult> {
  return runKafkaToolAsync(cluster, ACL_COMMAND, args);
}

const TOOL_TIMEOUT_MS = 60_000;

function toolCommand(
  cluster: KafkaClusterInfo,
  mainClass: string,
  args: readonly string[],
  { bootstrap = cluster.bootstrap.plaintext, commandConfig = cluster.toolsConfigPath, krb5Conf }: ToolOptions,
): [string, string[]] {
  const log4jConfig = join(cluster.dataDir, "..", "tools-log4j2.properties");
  writeFileSync(log4jConfig, log4jProperties(join(cluster.dataDir, "..", "tools.log"), "WARN"));
  return [
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
  ];
}

/** Adds a SCRAM-SHA-512 user with a random password to a running cluster. */
export function createScramUser(cluster: KafkaClusterInfo, user: string): string {
  const password = randomBytes(18).toString("base64url");
  // One mechanism per request: Kafka refuses two credentials of one user in one alteration.
  const result = runKafkaTool(cluster, "kafka.admin.ConfigCommand", [
    ...["--alter", "--entity-type", "users", "--entity-name", user],
    ...["--add-config", `SCRAM-SHA-512=[password=${password}]`],
  ]);
  if (result.status !== 0) {
    // The tool echoes its arguments, password included: name only the exception.
    const cause = result.stderr.split("\n").findLast((line) => line.includes("Exception")) ?? "";
    throw new Error(`Cannot create SCRAM user "${user}" on cluster "${cluster.name}": ${cause.trim()}`);
  }
  return password;
}
