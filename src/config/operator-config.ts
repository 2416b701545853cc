// Operator settings, from flags (`--name=value`) over environment variables (KAO_NAME), checked
// with zod so a bad setting stops start-up with a message naming it and what is accepted.
import { hostname } from "node:os";
import { z } from "zod";

const durationMs = z
  .string()
  .regex(/^\d+(ms|s|m|h)$/, 'must be a duration such as "500ms", "30s", "5m" or "1h"')
  .transform((value) => {
    const [, amount, unit] = /^(\d+)(ms|s|m|h)$/.exec(value)!;
    return Number(amount) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as "ms" | "s" | "m" | "h"];
  });

const booleanText = z
  .enum(["true", "false"], { message: 'must be "true" or "false"' })
  .transform((v) => v === "true");

export const operatorConfigSchema = z.object({
  kubeconfig: z.string().optional().describe("kubeconfig file; in-cluster config when absent"),
  namespaces: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((n) => n.trim())
        .filter(Boolean),
    )
    .describe("comma-separated namespaces to watch; all when empty"),
  labelSelector: z.string().optional().describe("only reconcile resources matching this label selector"),
  resyncPeriod: durationMs
    .default(60_000)
    .describe("how often every resource is re-checked against its cluster"),
  workers: z.coerce.number().int().min(1).max(64).default(4).describe("concurrent reconciles per kind"),
  leaderElect: booleanText.default(false).describe("elect a leader among replicas through a Lease"),
  leaseNamespace: z.string().default("kafka-system"),
  leaseName: z.string().default("kafka-access-operator"),
  identity: z.string().default(hostname()).describe("this replica's name in the Lease"),
  leaseDuration: durationMs.default(15_000),
  healthPort: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(8080)
    .describe("port of /healthz, /readyz and /metrics"),
  healthHost: z.string().default("0.0.0.0"),
  logLevel: z.enum(["trace", "debug", "info", "warn", "error"]).default("info"),
  dryRun: booleanText.default(false).describe("plan every change into status and Events without applying it"),
});
export type OperatorConfig = z.infer<typeof operatorConfigSchema>;

const FLAG_NAMES = Object.keys(operatorConfigSchema.shape);

/** Reads settings from `--flag=value` arguments and KAO_* variables; throws a readable error. */
export function loadOperatorConfig(args: readonly string[], env: NodeJS.ProcessEnv): OperatorConfig {
  const raw: Record<string, string> = {};
  for (const name of FLAG_NAMES) {
    const envName = `KAO_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
    if (env[envName] !== undefined) raw[name] = env[envName];
  }
  for (const arg of args) {
    const match = /^--([a-zA-Z-]+)=(.*)$/.exec(arg);
    const name = match?.[1]?.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (!match || !name || !FLAG_NAMES.includes(name)) {
      throw new Error(
        `unknown or malformed flag "${arg}"; flags are --name=value with name one of: ${FLAG_NAMES.join(", ")}`,
      );
    }
    raw[name] = match[2]!;
  }
  const parsed = operatorConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`);
    throw new Error(`invalid operator settings: ${problems.join("; ")}`);
  }
  return parsed.data;
}
