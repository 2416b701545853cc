// The operator's root logger: JSON lines from pino. Context travels in child loggers (kind,
// namespace, name, reconcileId). Code never logs secret values; redaction of the usual
// secret-bearing keys is a second net, not the plan.
import { type Logger, type LoggerOptions, pino } from "pino";

/** Keys whose values never reach a log line, at the top level and one or two levels down. */
export const REDACTED_KEYS = [
  "password",
  "keytab",
  "token",
  "secret",
  "clientSecret",
  "key",
  "privateKey",
  "sasl.jaas.config",
  "ssl.keystore.password",
  "ssl.key.password",
  "ssl.truststore.password",
  "ssl.keystore.key",
  "authorization",
] as const;

export function redactPaths(): string[] {
  return REDACTED_KEYS.flatMap((k) => {
    const segment = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`;
    const join = (prefix: string) =>
      segment.startsWith("[") ? `${prefix}${segment}` : `${prefix}.${segment}`;
    return [segment.startsWith("[") ? segment : k, join("*"), join("*.*")];
  });
}

export function createRootLogger(
  options: { level?: string; destination?: NodeJS.WritableStream } = {},
): Logger {
  const config: LoggerOptions = {
    level: options.level ?? "info",
    base: { component: "kafka-access-operator" },
    redact: { paths: redactPaths(), censor: "[redacted]" },
    formatters: { level: (label) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(config, options.destination as never) : pino(config);
}
