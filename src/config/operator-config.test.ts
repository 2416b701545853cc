import { describe, expect, it } from "vitest";
import { describeSettings, isLabelSelector, loadOperatorConfig } from "./operator-config.ts";

describe("loadOperatorConfig", () => {
  it("gives defaults for one replica watching every namespace", () => {
    expect(loadOperatorConfig([], {})).toMatchObject({
      namespaces: [],
      resyncPeriod: 60_000,
      workers: 4,
      leaderElect: false,
      leaseDuration: 15_000,
      leaseRenewDeadline: 10_000,
      leaseRetryPeriod: 3_000,
      shutdownTimeout: 10_000,
      healthPort: 8080,
      logLevel: "info",
      dryRun: false,
    });
  });

  it("reads durations, lists and booleans, flags over environment", () => {
    const config = loadOperatorConfig(["--resync-period=30s", "--namespaces=a, b", "--dry-run"], {
      KAO_RESYNC_PERIOD: "5m",
      KAO_LEADER_ELECT: "true",
      KAO_LABEL_SELECTOR: "shard in (a, b),!legacy",
    });
    expect(config).toMatchObject({
      resyncPeriod: 30_000,
      namespaces: ["a", "b"],
      leaderElect: true,
      dryRun: true,
      labelSelector: "shard in (a, b),!legacy",
    });
  });

  it("derives renew deadline and retry period from a short lease", () => {
    expect(loadOperatorConfig(["--lease-duration=4s"], {})).toMatchObject({
      leaseRenewDeadline: 2666,
      leaseRetryPeriod: 800,
    });
  });

  it.each([
    {
      why: "a duration without a unit",
      args: ["--resync-period=30"],
      message:
        '--resync-period (KAO_RESYNC_PERIOD): must be a duration such as "500ms", "30s", "5m" or "1h", got "30"',
    },
    { why: "an unknown flag", args: ["--resync=30s"], message: 'unknown or malformed flag "--resync=30s"' },
    {
      why: "a value-less flag that is not a boolean",
      args: ["--workers"],
      message: 'malformed flag "--workers"',
    },
    {
      why: "a boolean spelled otherwise",
      args: ["--dry-run=yes"],
      message: '--dry-run (KAO_DRY_RUN): must be "true" or "false", got "yes"',
    },
    {
      why: "too many workers",
      args: ["--workers=1000"],
      message: "--workers (KAO_WORKERS): must be a whole number from 1 to 64",
    },
    {
      why: "a port that is not a number",
      args: ["--health-port=http"],
      message: "--health-port (KAO_HEALTH_PORT): must be a whole number from 0 to 65535",
    },
    {
      why: "an unknown log level",
      args: ["--log-level=verbose"],
      message: /--log-level \(KAO_LOG_LEVEL\): .*"debug".*got "verbose"/,
    },
    {
      why: "a namespace name Kubernetes refuses",
      args: ["--namespaces=team_a"],
      message: "--namespaces (KAO_NAMESPACES): must be namespace names",
    },
    {
      why: "a malformed label selector",
      args: ["--label-selector=shard in a"],
      message: "--label-selector (KAO_LABEL_SELECTOR): must be a label selector",
    },
    {
      why: "a resync shorter than a second",
      args: ["--resync-period=10ms"],
      message: "--resync-period (KAO_RESYNC_PERIOD): must be at least 1s",
    },
    {
      why: "a renew deadline as long as the lease",
      args: ["--lease-duration=10s", "--lease-renew-deadline=10s"],
      message:
        "--lease-renew-deadline (KAO_LEASE_RENEW_DEADLINE): must lie between --lease-retry-period and --lease-duration",
    },
  ])("names the setting when given $why", ({ args, message }) => {
    expect(() => loadOperatorConfig(args, {})).toThrow(message);
  });

  it("names the variable when the bad value came from the environment", () => {
    expect(() => loadOperatorConfig([], { KAO_WORKERS: "0" })).toThrow(
      '--workers (KAO_WORKERS): must be a whole number from 1 to 64, got "0"',
    );
  });
});

describe("isLabelSelector", () => {
  it.each([
    { selector: "shard=a", expected: true },
    { selector: "shard==a,tier!=gold", expected: true },
    { selector: "app.kubernetes.io/name=kafka", expected: true },
    { selector: "tier in (gold, silver),!legacy,owner", expected: true },
    { selector: "tier notin ()", expected: false },
    { selector: "shard in a", expected: false },
    { selector: "=a", expected: false },
    { selector: "a=b=c", expected: false },
  ])("$selector: $expected", ({ selector, expected }) => {
    expect(isLabelSelector(selector)).toBe(expected);
  });
});

describe("describeSettings", () => {
  it("lists each setting with its flag and variable", () => {
    expect(describeSettings()).toContainEqual({
      flag: "--resync-period",
      env: "KAO_RESYNC_PERIOD",
      description: "how often every resource is re-checked against its cluster",
    });
  });
});
