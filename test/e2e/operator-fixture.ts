// What an e2e test needs: the CRDs on the real API server, a namespace of its own, the operator
// running in-process and watching only that namespace, and kubectl against it.
//
// The operator shares this process's event loop, so everything that waits here polls through
// child processes it does not block on: the operator keeps reconciling meanwhile, as it would in
// its own pod. One-off calls (kubectl, apply, read) run synchronously, for plain test code.
import { execFile, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { inject } from "vitest";
import type { KubeInfo } from "../../local-stack/kube-apiserver.ts";
import { type RunningOperator, startOperator } from "../../src/cli/run.ts";
import { loadOperatorConfig } from "../../src/config/operator-config.ts";
import { createRootLogger } from "../../src/observability/logger.ts";
import { useStack } from "../env/use-stack.ts";
import { findLeakedSecrets } from "./secret-scan.ts";

/** jsonpath of one field of a condition: `conditionPath("Ready", "message")`. */
export function conditionPath(type: string, field: "status" | "reason" | "message"): string {
  return `{.status.conditions[?(@.type=="${type}")].${field}}`;
}

/** `status/reason` of a condition, as tests wait for it: "True/AclsApplied". */
export function conditionState(type: string): string {
  return `${conditionPath(type, "status")}/${conditionPath(type, "reason")}`;
}

/** `status/reason` of Ready. */
export const READY = conditionState("Ready");

export interface OperatorFixture {
  readonly namespace: string;
  /** Every line the in-process operator logged (at its level, error unless KAO_TEST_LOG_LEVEL). */
  readonly logLines: readonly string[];
  kubectl(args: readonly string[], input?: string): { status: number; stdout: string; stderr: string };
  apply(manifest: object): void;
  /** `jsonpath` of a resource in the namespace, now ("" when it or the field is absent). */
  read(resource: string, jsonpath: string): string;
  /**
   * Waits (bounded) until the namespace lists an Event with `reason` about the object named
   * `name`. Events are written after the change they report, never in the reconcile's way,
   * so they may land a moment after the status does.
   */
  waitForEvent(name: string, reason: string, timeoutMs?: number): Promise<void>;
  /**
   * Polls `jsonpath` of a resource until `predicate` holds (bounded), returning the last value.
   * Poll large listings less often (`intervalMs`): each poll reads them whole.
   */
  waitFor(
    resource: string,
    jsonpath: string,
    predicate: (value: string) => boolean,
    timeoutMs?: number,
    intervalMs?: number,
  ): Promise<string>;
  /**
   * Deletes and waits until the object is gone. kubectl must not wait itself: it would block
   * this process, where the operator that removes the finalizer runs.
   */
  deleteAndWait(resource: string, timeoutMs?: number): Promise<void>;
  /**
   * Stops the in-process operator, runs `whileStopped`, and starts a fresh one, as a new pod
   * would (empty memory).
   */
  restartOperator(whileStopped?: () => void): Promise<void>;
  /** The in-process operator's /metrics text. */
  metrics(): Promise<string>;
  /**
   * Waits (bounded) until `rounds` resync rounds of `kind` completed after the call: every
   * object of the kind was reconciled that many times since. Then an absence ("the operator
   * left it alone") is an observation, not a guess that enough time passed.
   */
  waitForResyncs(kind: string, rounds: number, timeoutMs?: number): Promise<void>;
  /**
   * Writes the operator has sent to the API server so far (creates, updates, patches and
   * deletes of any resource, Events and Leases included), from its own request counter.
   */
  kubeWrites(): Promise<number>;
  /** Waits (bounded) until the operator has written every Event it recorded so far. */
  waitForEventsWritten(timeoutMs?: number): Promise<void>;
  /**
   * Stops the operator and fails when a value of a Secret in the namespace shows in its log,
   * a resource, an Event or a connector config (secret-scan.ts).
   */
  stop(): Promise<void>;
}

type KubectlResult = { status: number; stdout: string; stderr: string };

const CRDS_DIR = resolve(import.meta.dirname, "..", "..", "crds");

/** The sum of a counter's series in /metrics text whose labels include `kind="<kind>"`. */
function counterValue(metricsText: string, name: string, kind: string): number {
  let sum = 0;
  for (const match of metricsText.matchAll(new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, "gm"))) {
    if (match[1]!.split(",").includes(`kind="${kind}"`)) sum += Number(match[2]);
  }
  return sum;
}

export interface FixtureOptions {
  /** `run` flags beside the kubeconfig, namespace and health server the fixture sets. */
  flags?: readonly string[];
  runOperator?: boolean;
  /** An API server of the test's own (one it stops or restarts); the run's shared one when absent. */
  kube?: KubeInfo;
}

export async function startOperatorFixture(
  prefix: string,
  { flags = [], runOperator = true, ...options }: FixtureOptions = {},
): Promise<OperatorFixture> {
  const kube = options.kube ?? (await useStack("kube")).kube;
  const namespace = `${prefix}-${randomBytes(3).toString("hex")}`;
  const kubectl = (args: readonly string[], input?: string): KubectlResult => {
    const r = spawnSync("kubectl", ["--kubeconfig", kube.kubeconfigPath, ...args], {
      encoding: "utf8",
      input,
    });
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const kubectlAsync = (args: readonly string[]) =>
    new Promise<KubectlResult>((resolve) => {
      execFile(
        "kubectl",
        ["--kubeconfig", kube.kubeconfigPath, ...args],
        { encoding: "utf8" },
        (err, stdout, stderr) => {
          resolve({ status: err ? (typeof err.code === "number" ? err.code : -1) : 0, stdout, stderr });
        },
      );
    });
  const readAsync = async (resource: string, jsonpath: string) =>
    (await kubectlAsync(["-n", namespace, "get", resource, "-o", `jsonpath=${jsonpath}`])).stdout;
  const must = (args: readonly string[], input?: string) => {
    const r = kubectl(args, input);
    if (r.status !== 0) throw new Error(`kubectl ${args.join(" ")} failed: ${r.stderr}`);
    return r;
  };
  must(["apply", "--server-side", "--field-manager=kafka-access-operator", "-f", CRDS_DIR]);
  must(["wait", "--for=condition=Established", "--all", "crd", "--timeout=60s"]);
  must(["create", "namespace", namespace]);
  const config = loadOperatorConfig(
    [
      `--kubeconfig=${kube.kubeconfigPath}`,
      `--namespaces=${namespace}`,
      "--health-port=0",
      "--health-host=127.0.0.1",
      ...flags,
    ],
    {},
  );
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      const line = chunk.toString();
      logLines.push(line);
      if (process.env.KAO_TEST_LOG_LEVEL) process.stdout.write(line);
      done();
    },
  });
  // Debug level is captured so scans for secrets see everything the operator would ever log.
  const logger = createRootLogger({ level: "debug", destination });
  let operator: RunningOperator | undefined = runOperator
    ? await startOperator(config, { logger })
    : undefined;
  const fixture: OperatorFixture = {
    namespace,
    logLines,
    kubectl,
    apply: (manifest) => void must(["-n", namespace, "apply", "-f", "-"], JSON.stringify(manifest)),
    read: (resource, jsonpath) =>
      kubectl(["-n", namespace, "get", resource, "-o", `jsonpath=${jsonpath}`]).stdout,
    async waitForEvent(name, reason, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      let listing = "";
      while (Date.now() < deadline) {
        listing = (
          await kubectlAsync([
            "-n",
            namespace,
            "get",
            "events",
            "--field-selector",
            `involvedObject.name=${name}`,
          ])
        ).stdout;
        if (listing.includes(reason)) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`no ${reason} Event about ${name} after ${timeoutMs} ms; the Events are:\n${listing}`);
    },
    async waitFor(resource, jsonpath, predicate, timeoutMs = 30_000, intervalMs = 200) {
      const deadline = Date.now() + timeoutMs;
      let value = "";
      while (Date.now() < deadline) {
        value = await readAsync(resource, jsonpath);
        if (predicate(value)) return value;
        await new Promise((r) => setTimeout(r, intervalMs));
      }
      throw new Error(`${resource} ${jsonpath} still "${value}" after ${timeoutMs} ms`);
    },
    async deleteAndWait(resource, timeoutMs = 30_000) {
      must(["-n", namespace, "delete", resource, "--wait=false"]);
      await fixture.waitFor(resource, "{.metadata.name}", (name) => name === "", timeoutMs);
    },
    async restartOperator(whileStopped) {
      await operator?.stop();
      whileStopped?.();
      operator = await startOperator(config, { logger });
    },
    async metrics() {
      if (!operator) throw new Error("no operator runs in this fixture");
      const response = await fetch(`http://127.0.0.1:${operator.manager.healthPort}/metrics`);
      return response.text();
    },
    async waitForResyncs(kind, rounds, timeoutMs = 60_000) {
      const resyncs = async () =>
        counterValue(await fixture.metrics(), "kafka_access_operator_resyncs_total", kind);
      const wanted = (await resyncs()) + rounds;
      const deadline = Date.now() + timeoutMs;
      let done = 0;
      while (Date.now() < deadline) {
        done = await resyncs();
        if (done >= wanted) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`${kind}: ${done} resync rounds completed, ${wanted} awaited within ${timeoutMs} ms`);
    },
    async kubeWrites() {
      const text = await fixture.metrics();
      let sum = 0;
      for (const match of text.matchAll(/^kafka_access_operator_kube_requests_total\{([^}]*)\} (\S+)$/gm)) {
        if (/verb="(create|update|patch|delete|deletecollection)"/.test(match[1]!)) sum += Number(match[2]);
      }
      return sum;
    },
    async waitForEventsWritten(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const pending = /^kafka_access_operator_events_pending (\S+)$/m.exec(await fixture.metrics());
        if (pending && Number(pending[1]) === 0) return;
        if (Date.now() > deadline)
          throw new Error(`Events still pending after ${timeoutMs} ms: ${pending?.[1]}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop() {
      // Stopping drains the operator's Event queue, so the scan sees every Event it sent.
      await operator?.stop();
      operator = undefined;
      // Kept beside the servers' logs, which a failed run names.
      writeFileSync(join(inject("runDir"), `${namespace}-operator.log`), logLines.join(""));
      const leaks = await findLeakedSecrets({ kubectl, namespace, logLines });
      if (leaks.length > 0) throw new Error(`A Secret value of ${namespace} leaked:\n${leaks.join("\n")}`);
    },
  };
  return fixture;
}
