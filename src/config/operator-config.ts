// Operator settings, from flags (`--name=value`, or `--name` alone for a true boolean) over
// environment variables (KAO_NAME), checked with zod so a bad setting stops start-up with a
// message naming the flag, its variable, what was given and what is accepted. Nothing here
// reads the cluster; defaults suit one replica watching every namespace.
import { hostname } from "node:os";
import { z } from "zod";

const DURATION = /^(\d+)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

const durationMs = z
  .string()
  .regex(DURATION, 'must be a duration such as "500ms", "30s", "5m" or "1h"')
  .transform((value) => {
    const [, amount, unit] = DURATION.exec(value)!;
    return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
  });

const booleanText = z
  .enum(["true", "false"], { message: 'must be "true" or "false"' })
  .transform((v) => v === "true");

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be a whole number from ${min} to ${max}`);

/** A DNS-1123 label: what Kubernetes accepts as a namespace name. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A DNS-1123 subdomain: what Kubernetes accepts as an object name (the Lease). */
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * One requirement of a label selector: `key`, `!key`, `key=value`, `key==value`, `key!=value`,
 * `key in (a,b)` or `key notin (a,b)`; keys may carry a DNS prefix (`app.kubernetes.io/name`).
 */
const SELECTOR_KEY = `([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`;
const SET_VALUE = `[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`;
const SELECTOR_VALUE = `(${SET_VALUE})?`;
const SELECTOR_REQUIREMENT = new RegExp(
  String.raw`^\s*(!?${SELECTOR_KEY}|${SELECTOR_KEY}\s*(=|==|!=)\s*${SELECTOR_VALUE}|${SELECTOR_KEY}\s+(in|notin)\s*\(\s*${SET_VALUE}(\s*,\s*${SET_VALUE})*\s*\))\s*$`,
);

export function isLabelSelector(selector: string): boolean {
  // Commas separate requirements, except inside the parentheses of in/notin.
  const requirements = selector.split(/,(?![^(]*\))/);
  return requirements.every((r) => SELECTOR_REQUIREMENT.test(r));
}

export const operatorConfigSchema = z
  .object({
    kubeconfig: z.string().min(1).optional().describe("kubeconfig file; in-cluster config when absent"),
    namespaces: z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((n) => n.trim())
          .filter(Boolean),
      )
      .refine((names) => names.every((n) => DNS_LABEL.test(n)), "must be namespace names separated by commas")
      .describe("comma-separated namespaces to watch; every namespace when empty"),
    labelSelector: z
      .string()
      .refine(isLabelSelector, 'must be a label selector such as "shard=a" or "tier in (gold,silver)"')
      .optional()
      .describe("only reconcile resources matching this label selector (sharding across instances)"),
    resyncPeriod: durationMs
      .default(60_000)
      .refine((ms) => ms >= 1000, "must be at least 1s")
      .describe("how often every resource is re-checked against its cluster"),
    workers: integer(1, 64).default(4).describe("concurrent reconciles per kind"),
    aclWorkers: integer(1, 256)
      .default(32)
      .describe(
        "concurrent KafkaAcl reconciles; their Kafka writes share requests, so more in flight means fewer, larger CreateAcls/DeleteAcls calls",
      ),
    leaderElect: booleanText.default(false).describe("elect a leader among replicas through a Lease"),
    leaseNamespace: z
      .string()
      .regex(DNS_LABEL, "must be a namespace name")
      .default("kafka-system")
      .describe("namespace of the leader Lease"),
    leaseName: z
      .string()
      .regex(DNS_SUBDOMAIN, "must be a Kubernetes object name")
      .default("kafka-access-operator")
      .describe("name of the leader Lease"),
    identity: z
      .string()
      .min(1, "must not be empty")
      .default(hostname())
      .describe("this replica's name in the Lease"),
    leaseDuration: durationMs.default(15_000).describe("how long a Lease not renewed stays taken"),
    leaseRenewDeadline: durationMs
      .optional()
      .describe(
        "the leader stops when it could not renew for this long; 2/3 of the lease duration when absent",
      ),
    leaseRetryPeriod: durationMs
      .optional()
      .describe(
        "how often replicas try to acquire or renew the Lease; 1/5 of the lease duration when absent",
      ),
    shutdownTimeout: durationMs
      .default(10_000)
      .describe("on SIGTERM, how long reconciles in flight may run before the Lease is released"),
    healthPort: integer(0, 65535).default(8080).describe("port of /healthz, /readyz and /metrics"),
    healthHost: z
      .string()
      .min(1)
      .default("0.0.0.0")
      .describe("address /healthz, /readyz and /metrics listen on"),
    logLevel: z
      .enum(["trace", "debug", "info", "warn", "error"])
      .default("info")
      .describe("level of the JSON log lines on stdout: trace, debug, info, warn or error"),
    dryRun: booleanText
      .default(false)
      .describe("plan every change into status and Events without applying it"),
  })
  .transform((c) => ({
    ...c,
    leaseRenewDeadline: c.leaseRenewDeadline ?? Math.floor((c.leaseDuration * 2) / 3),
    leaseRetryPeriod: c.leaseRetryPeriod ?? Math.floor(c.leaseDuration / 5),
  }))
  .refine((c) => c.leaseRetryPeriod < c.leaseRenewDeadline && c.leaseRenewDeadline < c.leaseDuration, {
    path: ["leaseRenewDeadline"],
    message:
      "must lie between --lease-retry-period and --lease-duration (retry period < renew deadline < duration)",
  });
export type OperatorConfig = z.infer<typeof operatorConfigSchema>;

const SETTINGS = Object.keys(operatorConfigSchema.in.shape) as (keyof typeof operatorConfigSchema.in.shape)[];
const BOOLEANS = new Set<string>(["leaderElect", "dryRun"]);

const flagOf = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
const envOf = (name: string) => `KAO_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/** Every setting with its flag, variable and description, for `--help` and the docs. */
export function describeSettings(): { flag: string; env: string; description: string }[] {
  return SETTINGS.map((name) => ({
    flag: flagOf(name),
    env: envOf(name),
    description: operatorConfigSchema.in.shape[name].description ?? "",
  }));
}

/** Reads settings from flags and KAO_* variables; throws one Error naming every bad setting. */
export function loadOperatorConfig(args: readonly string[], env: NodeJS.ProcessEnv): OperatorConfig {
  const raw: Record<string, string> = {};
  for (const name of SETTINGS) {
    const value = env[envOf(name)];
    if (value !== undefined) raw[name] = value;
  }
  for (const arg of args) {
    const match = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
    const name = match?.[1]?.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const value = match?.[2] ?? (name && BOOLEANS.has(name) ? "true" : undefined);
    if (!name || !SETTINGS.includes(name as never) || value === undefined) {
      throw new Error(
        `Cannot read operator settings: unknown or malformed flag "${arg}"; use --name=value with name one of ${SETTINGS.map(flagOf).join(", ")}`,
      );
    }
    raw[name] = value;
  }
  const parsed = operatorConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const given = raw[name] === undefined ? "" : `, got "${raw[name]}"`;
      return `${flagOf(name)} (${envOf(name)}): ${issue.message}${given}`;
    });
    throw new Error(`Cannot read operator settings: ${problems.join("; ")}`);
  }
  return parsed.data;
}
