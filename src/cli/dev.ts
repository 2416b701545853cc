// `kafka-access-operator dev`: the operator on the embedded local stack. Starts the real
// servers of local-stack/ (API server, KDC, two Kafka clusters, Connect), saying what starts
// and how long it takes; applies the CRDs, the local clusters' resources and examples/ (the
// kinds others refer to first, each wave reconciled before the next); runs the operator
// in-process with its JSON logs in a file; and shows every resource's Ready verdict once each
// has been reconciled for its generation, then each change. Ctrl-C, at any point, stops the
// operator and every server. `--once` stops after the table (for scripts).
//
// The local stack is development tooling that lives in the source checkout, beside crds/ and
// examples/; the production build and the image do not hold it. So it is loaded by path at run
// time, never imported: the build does not compile it, and without it this command says so.
import { createWriteStream, existsSync, type WriteStream } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { loadOperatorConfig } from "../config/operator-config.ts";
import { allKinds } from "../kinds/all-kinds.ts";
import { connectClusterKind } from "../kinds/connect-cluster/schema.ts";
import { kafkaClusterKind } from "../kinds/kafka-cluster/schema.ts";
import { API_GROUP, API_VERSION } from "../kinds/shared/schema-parts.ts";
import { createRootLogger } from "../observability/logger.ts";
import { applyManifests, readManifests } from "./apply-manifests.ts";
import { parseFlags } from "./command-flags.ts";
import { devHelp } from "./commands.ts";
import { changedRows, renderStatusTable, type StatusRow, statusRow } from "./dev-status.ts";
import { createKubeReader, type KubeReader } from "./kube-reader.ts";
import { type RunningOperator, startOperator } from "./run.ts";

/** A part of the stack starting, or ready. */
export interface StartingPart {
  /** What the part brings up, in words. */
  readonly what: string;
  readonly state: "starting" | "ready";
}

/** The local stack `dev` runs on, as local-stack/dev-stack.ts makes it. */
export interface DevStack {
  /** Starts every server, reporting each part; resolves with what dev needs of them. */
  start(onProgress: (part: StartingPart) => void): Promise<{
    readonly kubeconfigPath: string;
    /** The KafkaCluster and ConnectCluster resources (with their Secrets) for the local servers, and what the examples presume exists. */
    readonly clusterManifests: readonly KubernetesObject[];
  }>;
  /** Stops what started (waiting for servers still starting), keeping their logs. */
  stop(): Promise<void>;
}

/** What local-stack/dev-stack.ts exports; `tsc --noEmit` over the checkout holds it to this. */
export interface DevStackModule {
  /** Empties `runDir` for this run's files; starts nothing yet. */
  createDevStack(runDir: string, namespace: string): DevStack;
}

const DEV_NAMESPACE = "kafka-system";
/** Kinds other resources refer to: applied, and reconciled, before the rest. */
const REFERENCED_KINDS = [kafkaClusterKind.kind, connectClusterKind.kind];
const OUR_API_VERSION = `${API_GROUP}/${API_VERSION}`;
const SETTLE_TIMEOUT_MS = 180_000;
const POLL_MS = 500;
const LIVE_POLL_MS = 2_000;
const STILL_STARTING_MS = 15_000;
// src/cli/ and dist/cli/ are both two levels below the checkout's root.
const checkoutRoot = new URL("../../", import.meta.url);
const pathInCheckout = (path: string) => fileURLToPath(new URL(path, checkoutRoot));

class Interrupted extends Error {
  override readonly name = "Interrupted";
}

export async function dev(args: readonly string[]): Promise<number> {
  let options: ReturnType<typeof devOptions>;
  try {
    options = devOptions(args);
  } catch (err) {
    console.error((err as Error).message);
    return 1;
  }
  const devStackModule = new URL("local-stack/dev-stack.ts", checkoutRoot);
  if (!existsSync(devStackModule)) {
    console.error(
      `The local stack is not part of this installation (${fileURLToPath(devStackModule)} is absent): ` +
        "`dev` runs from a source checkout of kafka-access-operator, with `make dev`.",
    );
    return 1;
  }
  const { createDevStack } = (await import(devStackModule.href)) as DevStackModule;
  const { runDir } = options;
  const startedAt = Date.now();
  const say = (line: string) =>
    console.log(`[${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)}s] ${line}`);
  // From here on Ctrl-C stops what started, even while servers are still starting; every wait
  // of dev's own ends with it, so nothing keeps the process alive after the servers stop.
  const stopping = new AbortController();
  const stop = () => stopping.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const { signal } = stopping;
  const interrupted = new Promise<never>((_, reject) => {
    signal.addEventListener("abort", () => reject(new Interrupted()), { once: true });
  });
  interrupted.catch(() => undefined);
  const unlessInterrupted = <T>(work: Promise<T>): Promise<T> => {
    work.catch(() => undefined); // after an interruption its outcome no longer matters
    return Promise.race([work, interrupted]);
  };

  console.log(`kafka-access-operator dev: the operator on the local stack; files in ${shown(runDir)}/`);
  const stack = createDevStack(runDir, DEV_NAMESPACE);
  const operatorLog = createWriteStream(join(runDir, "operator.log"), { flags: "a" });
  let operator: RunningOperator | undefined;
  try {
    const servers = await unlessInterrupted(startServers(stack, say));
    const kube = createKubeReader(servers.kubeconfigPath);
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(servers.kubeconfigPath);

    say("applying the CRDs");
    await unlessInterrupted(applyManifests(kubeConfig, readManifests(pathInCheckout("crds"))));
    await unlessInterrupted(untilServed(kube, signal));
    operator = await startOperator(
      loadOperatorConfig(
        [`--kubeconfig=${servers.kubeconfigPath}`, ...OPERATOR_DEFAULTS, ...options.runArgs],
        {},
      ),
      {
        logger: createRootLogger({
          level: "info",
          destination: logDestination(operatorLog, options.isVerbose),
        }),
      },
    );
    say(
      `operator running; its JSON logs: ${shown(operatorLog.path as string)}${options.isVerbose ? "" : " (--verbose shows them here too)"}`,
    );
    const waves = applyWaves([...servers.clusterManifests, ...readManifests(pathInCheckout("examples"))]);
    let rows: StatusRow[] = [];
    for (const wave of waves) {
      say(`applying ${describeWave(wave)}`);
      await unlessInterrupted(applyManifests(kubeConfig, wave));
      rows = await unlessInterrupted(untilReconciled(kube, signal));
    }
    const pending = rows.filter((row) => !row.isReconciled);
    say(
      pending.length === 0
        ? `${rows.length} resources, each reconciled for its generation:`
        : `not reconciled after ${SETTLE_TIMEOUT_MS / 1000}s: ${pending.map((r) => `${r.kind} ${r.namespace}/${r.name}`).join(", ")}`,
    );
    console.log(`\n${renderStatusTable(rows)}`);
    console.log(`kubeconfig:    ${servers.kubeconfigPath}`);
    console.log(`               kubectl --kubeconfig ${servers.kubeconfigPath} get kafkaaccess -A`);
    console.log(`operator logs: ${operatorLog.path}`);
    console.log(`server logs:   ${runDir}/`);
    console.log(`metrics:       http://127.0.0.1:${operator.manager.healthPort}/metrics`);
    if (options.isOnce) return 0;
    console.log("\nRunning; each change of a resource's Ready is printed below. Ctrl-C stops every server.");
    await unlessInterrupted(printChanges(kube, rows, say, signal));
    return 0;
  } catch (err) {
    if (err instanceof Interrupted) return 0;
    console.error(`dev: ${(err as Error).message}`);
    return 1;
  } finally {
    // Another Ctrl-C must not end this process before its servers: they would be left running.
    const patience = () => say("still stopping every server; a moment");
    for (const name of ["SIGINT", "SIGTERM"] as const) {
      process.off(name, stop);
      process.on(name, patience);
    }
    say("stopping the operator and every server...");
    await operator?.stop();
    await stack.stop();
    await new Promise((done) => operatorLog.end(done));
    say("stopped; nothing of the local stack is running");
    for (const name of ["SIGINT", "SIGTERM"] as const) process.off(name, patience);
  }
}

/** Run flags dev sets, before the user's: only loopback, and a health port the system chooses. */
const OPERATOR_DEFAULTS = ["--health-host=127.0.0.1", "--health-port=0"];

/** dev's own flags (devHelp's); every other argument is a run flag, checked before any server starts. */
function devOptions(args: readonly string[]) {
  const isOwn = (arg: string) => (/^--([a-z-]+)/.exec(arg)?.[1] ?? "") in devHelp.flags;
  const runArgs = args.filter((arg) => !isOwn(arg));
  const { values } = parseFlags(args.filter(isOwn), devHelp.flags);
  loadOperatorConfig(["--kubeconfig=given-later", ...runArgs], {});
  const runDir =
    typeof values["run-dir"] === "string" ? resolve(values["run-dir"]) : pathInCheckout("test-results/dev");
  return { isOnce: values.once === true, isVerbose: values.verbose === true, runDir, runArgs };
}

/** Starts the servers, a line for each part starting and ready, and every 15 s for one still starting. */
async function startServers(stack: DevStack, say: (line: string) => void) {
  const starting = new Map<string, { since: number; mentioned: number }>();
  const ticker = setInterval(() => {
    const now = Date.now();
    for (const [what, times] of starting) {
      if (now - times.mentioned < STILL_STARTING_MS) continue;
      say(`still starting ${what} (${Math.round((now - times.since) / 1000)}s so far)`);
      times.mentioned = now;
    }
  }, 1_000);
  try {
    return await stack.start(({ what, state }) => {
      if (state === "starting") starting.set(what, { since: Date.now(), mentioned: Date.now() });
      else starting.delete(what);
      say(`${state === "starting" ? "starting" : "ready:  "} ${what}`);
    });
  } finally {
    clearInterval(ticker);
  }
}

/** Where the operator logs: its file, and the terminal too when verbose. */
function logDestination(file: WriteStream, isVerbose: boolean): NodeJS.WritableStream {
  if (!isVerbose) return file;
  return new Writable({
    write(chunk, _encoding, done) {
      process.stdout.write(chunk);
      file.write(chunk, done);
    },
  });
}

/**
 * The manifests in the order they are applied: other objects (namespaces, Secrets) and
 * KafkaClusters, then ConnectClusters, then every other kind, so a resource is first
 * reconciled with what it refers to already reconciled.
 */
function applyWaves(manifests: readonly KubernetesObject[]): KubernetesObject[][] {
  const waveOf = (object: KubernetesObject) => {
    if (object.apiVersion !== OUR_API_VERSION) return 0;
    const index = REFERENCED_KINDS.indexOf(object.kind ?? "");
    return index >= 0 ? index : REFERENCED_KINDS.length;
  };
  const waves: KubernetesObject[][] = REFERENCED_KINDS.map(() => []).concat([[]]);
  for (const manifest of manifests) waves[waveOf(manifest)]!.push(manifest);
  return waves.filter((wave) => wave.length > 0);
}

function describeWave(wave: readonly KubernetesObject[]): string {
  const counts = new Map<string, number>();
  for (const object of wave) counts.set(object.kind ?? "?", (counts.get(object.kind ?? "?") ?? 0) + 1);
  return [...counts].map(([kind, count]) => `${count} ${kind}`).join(", ");
}

/** Waits (bounded) until the API server serves every kind: the CRDs are established. */
async function untilServed(kube: KubeReader, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await Promise.all(allKinds.map((kind) => kube.list(kind)));
      return;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`the API server does not serve the CRDs: ${(err as Error).message}`);
      await sleep(POLL_MS, undefined, { signal });
    }
  }
}

/** Every resource of every kind, kinds in their order, then by namespace and name. */
async function readRows(kube: KubeReader): Promise<StatusRow[]> {
  const lists = await Promise.all(
    allKinds.map(async (kind) => (await kube.list(kind)).map((object) => statusRow(kind.kind, object))),
  );
  return lists.flatMap((rows) =>
    rows.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name)),
  );
}

/** Waits (bounded) until every resource has been reconciled for its generation; the rows then. */
async function untilReconciled(kube: KubeReader, signal: AbortSignal): Promise<StatusRow[]> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const rows = await readRows(kube);
    if (rows.every((row) => row.isReconciled) || Date.now() > deadline) return rows;
    await sleep(POLL_MS, undefined, { signal });
  }
}

/** Prints each change of a resource's Ready verdict, until `signal` aborts. */
async function printChanges(
  kube: KubeReader,
  shownRows: StatusRow[],
  say: (line: string) => void,
  signal: AbortSignal,
): Promise<never> {
  let rows = shownRows;
  for (;;) {
    await sleep(LIVE_POLL_MS, undefined, { signal });
    const next = await readRows(kube).catch(() => rows);
    const { changed, gone } = changedRows(rows, next);
    for (const row of changed)
      say(`${row.kind} ${row.namespace}/${row.name}: Ready=${row.ready || "-"} ${row.reason}`);
    for (const row of gone) say(`${row.kind} ${row.namespace}/${row.name}: deleted`);
    rows = next;
  }
}

/** A path as a user reads it: relative to the working directory when inside it. */
function shown(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere && !fromHere.startsWith("..") && !isAbsolute(fromHere) ? fromHere : path;
}
