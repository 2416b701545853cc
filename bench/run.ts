// `make bench`: the operator's figures at scale (DESIGN.md §5) on the real local stack, each
// against a baseline measured in the same run on the same servers. One run does it all:
//
// 1. baselines: N KafkaAcls made Ready by the least any tool could do (baselines.ts), once with
//    the required writes (finalizer and status per resource, one CreateAcls stream) and once
//    with one status write per resource;
// 2. cold start: N KafkaAcls stored, the operator started as its own process (built as the image
//    builds it), timed until every one is Ready; RSS once converged;
// 3. steady state: counted from the operator's /metrics over resync rounds (writes to Kafka,
//    Connect and the API server, DescribeAcls per round), for KafkaAcl and every kind of
//    steady-state-kinds.ts; RSS after each round, for growth;
// 4. single changes: one KafkaAcl edited at a time, timed until Ready for its new generation;
// 5. deletion of all N, against a baseline of batched DeleteAcls and finalizer removal (run
//    right after the baselines, so the cluster holds only the operator's ACLs while it runs).
//
// Resources Ready over time (operator and baselines) go to docs/convergence-<N>.svg, the
// figures to test-results/bench/. Nothing sleeps blindly: every wait is on the bench's own
// watch of the resources or on the operator's counters, and bounded.
//
// node bench/run.ts [--count=10000] [--changes=100] [--resyncs=10] [--resync-period=30s]
//   [--node-flags="--max-semi-space-size=2"] [--heap-snapshots] [--no-baselines] [--operator-rev=main]
//
// --heap-snapshots writes one heap snapshot of the operator after the resync rounds (writing it
// grows the process's native memory, so RSS figures are taken before); --operator-rev builds the
// operator from another commit's src/ (the figures before a change).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import kafkajs from "kafkajs";
import { startStack } from "../local-stack/stack.ts";
import { toExactFilter } from "../src/adapters/kafka/acl-wire-codes.ts";
import { applyManifests, readManifests } from "../src/cli/apply-manifests.ts";
import { shareKubeConnections } from "../src/controller/kube-connection-sharing.ts";
import { KAFKA_ACL_RESOURCE } from "../src/kinds/kafka-acl/reconciler.ts";
import { silenceKafkajsTimeoutWarnings } from "../src/observability/process-warnings.ts";
import { applyBaseline, type BaselineResources, deleteAllOf, deleteBaseline } from "./baselines.ts";
import {
  aclName,
  BINDINGS_PER_ACL,
  CHUNK_LABEL,
  CHUNK_SIZE,
  createBenchNamespace,
  kafkaAclBindings,
  producerBinding,
} from "./bench-objects.ts";
import { renderConvergencePlot } from "./convergence-plot.ts";
import { countsSince, metricSum, type OperatorCounts, operatorCounts } from "./metrics-text.ts";
import { buildOperator, type OperatorProcess, startOperatorProcess } from "./operator-process.ts";
import { ReadyWatch } from "./ready-watch.ts";
import { STEADY_STATE_KINDS } from "./steady-state-kinds.ts";

const REPO = resolve(import.meta.dirname, "..");
const OUT = join(REPO, "test-results", "bench");
/** This run's servers, build and heap snapshots: a folder of its own, so two runs never share one. */
const RUN_DIR = join(OUT, `run-${process.pid}`);

const args = process.argv.slice(2);
const option = (name: string, fallback: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const COUNT = Number(option("count", "10000"));
const CHANGES = Number(option("changes", "100"));
const RESYNCS = Number(option("resyncs", "10"));
const RESYNC_PERIOD = option("resync-period", "30s");
const NODE_FLAGS = option("node-flags", "").split(" ").filter(Boolean);
const HEAP_SNAPSHOTS = args.includes("--heap-snapshots");
const BASELINES = !args.includes("--no-baselines");
const OPERATOR_REV = option("operator-rev", "");
const CONCURRENCY = 32;
const CHUNKS = { count: COUNT, chunkLabel: CHUNK_LABEL, chunkSize: CHUNK_SIZE };
const STEADY_ROUNDS = 3;
const MINUTES = 60_000;

const { Kafka, logLevel } = kafkajs;
const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
const seconds = (ms: number) => Number((ms / 1000).toFixed(2));
const load = () => Number(loadavg()[0]!.toFixed(1));
/** What to stop when the bench is interrupted. */
const cleanups: Array<() => Promise<unknown>> = [];
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

interface Timed {
  readonly ms: number;
  /** 1-minute load average before and after. */
  readonly load: readonly [number, number];
}

async function timed(work: () => Promise<void>): Promise<Timed> {
  const loadBefore = load();
  const started = performance.now();
  await work();
  return { ms: performance.now() - started, load: [loadBefore, load()] };
}

/** Polls the operator's /metrics (every second, bounded) until `check` holds; returns the counts then. */
async function untilCounts(
  operator: OperatorProcess,
  what: string,
  check: (counts: OperatorCounts) => boolean,
  timeoutMs: number,
): Promise<OperatorCounts> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = operatorCounts(await operator.metrics());
    if (check(counts)) return counts;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))] ?? 0;

async function main() {
  const command = `node bench/run.ts ${args.join(" ")}`.trim();
  log(`${command}: ${COUNT} KafkaAcls × ${BINDINGS_PER_ACL} bindings; load ${load()}`);
  mkdirSync(OUT, { recursive: true });
  const mainJs = buildOperator(REPO, join(RUN_DIR, "operator"), OPERATOR_REV || undefined);
  const stack = await startStack(join(RUN_DIR, "stack"));
  cleanups.push(() => stack.stop());
  const figures: Record<string, unknown> = {
    command,
    operatorRevision: OPERATOR_REV || "working tree",
    count: COUNT,
    bindingsPerResource: BINDINGS_PER_ACL,
  };
  try {
    const { kubeconfigPath } = stack.info.kube;
    const { destination } = stack.info.kafka;
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
    // The baselines use pooled connections, as the operator does: the least any tool could do.
    shareKubeConnections(kubeConfig);
    await applyManifests(kubeConfig, readManifests(join(REPO, "crds")));
    const established = spawnSync(
      "kubectl",
      [
        "--kubeconfig",
        kubeconfigPath,
        "wait",
        "--for=condition=Established",
        "--all",
        "crd",
        "--timeout=60s",
      ],
      { encoding: "utf8" },
    );
    if (established.status !== 0) throw new Error(`the CRDs were not established: ${established.stderr}`);

    // Kafka may take longer than kafkajs's default 30 s to answer a CreateAcls or DeleteAcls of
    // 500 bindings on a cluster of 100,000 ACLs when the machine is loaded.
    const admin = new Kafka({
      brokers: [destination.bootstrap.scram],
      requestTimeout: 300_000,
      logLevel: logLevel.NOTHING,
      sasl: {
        mechanism: "scram-sha-512",
        username: "kao-admin",
        password: destination.scramUsers["kao-admin"]!,
      },
    }).admin();
    await admin.connect();
    const resourcesIn = (namespace: string): BaselineResources => ({
      resource: KAFKA_ACL_RESOURCE,
      namespace,
      names: Array.from({ length: COUNT }, (_, i) => aclName(i)),
      bindings: Array.from({ length: COUNT }, (_, i) => kafkaAclBindings(namespace, i)),
      chunks: CHUNKS,
    });

    // 1. Baselines.
    const plotted: Array<{ label: string; readySeconds: number[] }> = [];
    const baseline = async (namespace: string, withFinalizer: boolean, label: string) => {
      await createBenchNamespace(kubeConfig, namespace, destination, COUNT);
      const watch = await ReadyWatch.start(kubeConfig, KAFKA_ACL_RESOURCE, namespace);
      const given = resourcesIn(namespace);
      const started = performance.now();
      const run = await timed(async () => {
        await applyBaseline(kubeConfig, admin, given, { withFinalizer, concurrency: CONCURRENCY });
        await watch.untilAllReady(COUNT, 30 * MINUTES);
      });
      plotted.push({ label, readySeconds: watch.readyTimes.map((t) => (t - started) / 1000) });
      log(`${label}: ${seconds(run.ms)} s (load ${run.load.join(" → ")})`);
      return { run, watch, given };
    };
    const full = BASELINES
      ? await baseline("bench-full", true, "baseline: finalizer + status, one CreateAcls stream")
      : undefined;
    const statusOnly = BASELINES
      ? await baseline("bench-status", false, "baseline: one status write, one CreateAcls stream")
      : undefined;
    figures.baselineRequiredWrites = full?.run;
    figures.baselineOneStatusWrite = statusOnly?.run;
    // The baselines' deletion now, so that while the operator runs the cluster holds its ACLs
    // only: its describe cache holds every ACL of the cluster.
    if (full) {
      const deleted = await timed(async () => {
        await deleteBaseline(kubeConfig, admin, full.given, { concurrency: CONCURRENCY });
        await full.watch.untilNoneLeft(30 * MINUTES);
      });
      figures.deleteBaseline = deleted;
      log(`baseline deletion: ${seconds(deleted.ms)} s (load ${deleted.load.join(" → ")})`);
      full.watch.stop();
    }
    if (statusOnly) {
      const bindings = statusOnly.given.bindings.flat();
      for (let i = 0; i < bindings.length; i += 500) {
        await admin.deleteAcls({ filters: bindings.slice(i, i + 500).map(toExactFilter) });
      }
      statusOnly.watch.stop();
    }

    // 2. Cold start.
    const namespace = "bench-operator";
    const extra = STEADY_STATE_KINDS.flatMap((kind) => kind.objects(stack.info, namespace));
    await createBenchNamespace(kubeConfig, namespace, destination, COUNT, extra);
    const watch = await ReadyWatch.start(kubeConfig, KAFKA_ACL_RESOURCE, namespace);
    const kindWatches = await Promise.all(
      STEADY_STATE_KINDS.map(async (kind) => ({
        kind,
        watch: await ReadyWatch.start(kubeConfig, kind.resource, namespace),
      })),
    );
    const workDir = join(RUN_DIR, "operator-work");
    mkdirSync(workDir, { recursive: true });
    let operator: OperatorProcess | undefined;
    const started = performance.now();
    const cold = await timed(async () => {
      const running = await startOperatorProcess({
        mainJs,
        kubeconfigPath,
        namespaces: [namespace],
        resyncPeriod: RESYNC_PERIOD,
        nodeFlags: NODE_FLAGS,
        workDir,
      });
      operator = running;
      cleanups.unshift(() => running.stop());
      await watch.untilAllReady(COUNT, 60 * MINUTES);
    });
    if (!operator) throw new Error("the operator did not start");
    const op: OperatorProcess = operator;
    try {
      plotted.push({ label: "operator", readySeconds: watch.readyTimes.map((t) => (t - started) / 1000) });
      const coldCounts = operatorCounts(await op.metrics());
      figures.coldStart = {
        ...cold,
        ratioToRequiredWrites: full && cold.ms / full.run.ms,
        ratioToOneStatusWrite: statusOnly && cold.ms / statusOnly.run.ms,
        counts: coldCounts,
        cpuSeconds: op.cpuSeconds(),
        memory: op.memory(),
      };
      log(
        `operator cold start: ${seconds(cold.ms)} s (load ${cold.load.join(" → ")}); ratio ${full ? (cold.ms / full.run.ms).toFixed(2) : "-"} to required writes, ${statusOnly ? (cold.ms / statusOnly.run.ms).toFixed(2) : "-"} to one status write; CreateAcls ${coldCounts.kafkaCreateAcls}, DescribeAcls ${coldCounts.kafkaDescribeAcls}; RSS ${op.memory().rss} MiB, CPU ${op.cpuSeconds().toFixed(1)} s`,
      );
      mkdirSync(join(REPO, "docs"), { recursive: true });
      writeFileSync(
        join(REPO, "docs", `convergence-${COUNT}.svg`),
        renderConvergencePlot(
          `${COUNT.toLocaleString("en-US")} KafkaAcls × ${BINDINGS_PER_ACL} bindings: resources Ready over time`,
          plotted,
        ),
      );

      // 3. Steady state: every kind Ready, then resync rounds counted.
      for (const { watch: kindWatch } of kindWatches) {
        await kindWatch.untilAllReady(kindWatch.count, 10 * MINUTES);
      }
      const kinds = STEADY_STATE_KINDS.map((k) => k.resource.kind).concat(KAFKA_ACL_RESOURCE.kind);
      const roundsDone = (counts: OperatorCounts, base: OperatorCounts, rounds: number) =>
        kinds.every((kind) => (counts.resyncs[kind] ?? 0) - (base.resyncs[kind] ?? 0) >= rounds);
      // The round running at convergence may still write the last statuses: wait it out.
      let base = await untilCounts(
        op,
        "a first resync round",
        (c) => roundsDone(c, coldCounts, 1),
        30 * MINUTES,
      );
      const rssPerRound = [op.memory().rss];
      const steadyStart = base;
      let steadyEnd = base;
      const roundTimes: number[] = [];
      for (let round = 1; round <= RESYNCS; round++) {
        const roundStarted = performance.now();
        const previous = base;
        base = await untilCounts(
          op,
          `resync round ${round}`,
          (c) => roundsDone(c, previous, 1),
          30 * MINUTES,
        );
        roundTimes.push(performance.now() - roundStarted);
        rssPerRound.push(op.memory().rss);
        if (round === STEADY_ROUNDS) steadyEnd = base;
        log(`resync round ${round}: RSS ${op.memory().rss} MiB, load ${load()}`);
      }
      const steady = countsSince(steadyStart, steadyEnd);
      const metrics = await op.metrics();
      const mib = (name: string) => Math.round(metricSum(metrics, `kafka_access_operator_${name}`) / 2 ** 20);
      figures.steadyState = { rounds: STEADY_ROUNDS, ...steady };
      figures.memory = {
        convergedRss: rssPerRound[0],
        rssAfter3Resyncs: rssPerRound[STEADY_ROUNDS],
        rssPerRound,
        growth: (rssPerRound.at(-1)! - rssPerRound[0]!) / rssPerRound[0]!,
        peak: op.memory().peak,
        heapUsedMiB: mib("nodejs_heap_size_used_bytes"),
        heapTotalMiB: mib("nodejs_heap_size_total_bytes"),
        externalMiB: mib("nodejs_external_memory_bytes"),
      };
      figures.resyncRoundSeconds = roundTimes.map(seconds);
      if (HEAP_SNAPSHOTS) log(`heap snapshot after ${RESYNCS} resync rounds: ${await op.heapSnapshot()}`);
      log(`steady state over ${STEADY_ROUNDS} rounds: ${JSON.stringify(steady)}`);
      log(`memory: ${JSON.stringify(figures.memory)}`);

      // 4. Single changes with every resource present.
      const objects = kubeConfig.makeApiClient(CustomObjectsApi);
      const latencies: number[] = [];
      const changeLoad = load();
      for (let n = 0; n < CHANGES; n++) {
        const index = (n * 7919) % COUNT;
        const name = aclName(index);
        const changeStarted = performance.now();
        const patched = (await objects.patchNamespacedCustomObject(
          {
            group: KAFKA_ACL_RESOURCE.group,
            version: KAFKA_ACL_RESOURCE.version,
            namespace,
            plural: KAFKA_ACL_RESOURCE.plural,
            name,
            body: {
              spec: {
                bindings: [
                  producerBinding(namespace, index),
                  { resourceType: "topic", name: `bench-extra-${n}`, operations: ["Read"] },
                ],
              },
            },
          },
          mergePatch,
        )) as { metadata: { generation: number } };
        await watch.untilReadyAt(name, patched.metadata.generation, 5 * MINUTES);
        latencies.push(performance.now() - changeStarted);
      }
      latencies.sort((a, b) => a - b);
      figures.singleChange = {
        count: CHANGES,
        p50Ms: Math.round(percentile(latencies, 0.5)),
        p99Ms: Math.round(percentile(latencies, 0.99)),
        maxMs: Math.round(latencies.at(-1) ?? 0),
        load: [changeLoad, load()],
      };
      log(`single change: ${JSON.stringify(figures.singleChange)}`);

      // 5. Deleting all of them.
      const beforeDelete = operatorCounts(await op.metrics());
      const deleted = await timed(async () => {
        await deleteAllOf(kubeConfig, KAFKA_ACL_RESOURCE, namespace, CHUNKS);
        await watch.untilNoneLeft(60 * MINUTES);
      });
      const deleteCounts = countsSince(beforeDelete, operatorCounts(await op.metrics()));
      figures.delete = {
        ...deleted,
        ratio: figures.deleteBaseline && deleted.ms / (figures.deleteBaseline as Timed).ms,
        counts: deleteCounts,
      };
      log(
        `operator deletion: ${seconds(deleted.ms)} s (load ${deleted.load.join(" → ")}); ${JSON.stringify(deleteCounts)}`,
      );
      figures.peakRss = op.memory().peak;
    } finally {
      watch.stop();
      for (const { watch: kindWatch } of kindWatches) kindWatch.stop();
      await admin.disconnect();
    }
  } finally {
    for (const cleanup of cleanups.splice(0)) await cleanup().catch((err) => log(`cannot stop: ${err}`));
    const file = join(OUT, `figures-${COUNT}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
    writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
    log(`figures in ${file}`);
  }
}

silenceKafkajsTimeoutWarnings();
// Ctrl-C or a kill stops the servers and the operator too: they run in process groups of their
// own and would outlive the bench.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    void Promise.allSettled(cleanups.map((cleanup) => cleanup())).then(() => process.exit(130));
  });
}
await main();
process.exit(0);
