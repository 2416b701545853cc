// Where kafka/fetch.sh put the Kafka jars, and how to start a JVM on them. Shared by the
// brokers, Kafka's own tools and the Connect worker.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { cacheDir } from "./cache-dir.ts";

const pomPath = resolve(import.meta.dirname, "kafka", "pom.xml");

export function kafkaVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(pomPath, "utf8"));
  if (!match?.[1]) throw new Error(`Cannot read kafka.version from ${pomPath}`);
  return match[1];
}

export function kafkaClasspath(): string {
  return join(cacheDir(), "kafka", kafkaVersion(), "libs", "*");
}

/**
 * JVM arguments for a small server on two shared cores: a modest heap and the serial
 * collector, which starts fastest and leaves the other core to the tests.
 */
export function jvmArgs({
  heap = "384m",
  log4jConfig,
  krb5Conf,
}: {
  heap?: string;
  log4jConfig: string;
  krb5Conf?: string;
}) {
  return [
    `-Xmx${heap}`,
    "-Xms64m",
    "-XX:+UseSerialGC",
    "-Djava.awt.headless=true",
    `-Dlog4j2.configurationFile=${log4jConfig}`,
    ...(krb5Conf ? [`-Djava.security.krb5.conf=${krb5Conf}`] : []),
    "-cp",
    kafkaClasspath(),
  ];
}

/** A log4j2 configuration writing everything at INFO to one file. */
export function log4jProperties(logFile: string, level = "INFO"): string {
  return `rootLogger.level = ${level}
rootLogger.appenderRef.file.ref = FILE
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = ${logFile}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
`;
}
