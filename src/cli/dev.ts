// `kafka-access-operator dev`: the operator on the embedded local stack. Starts the real
// servers of local-stack/ (API server, KDC, two Kafka clusters, Connect), applies the CRDs, the
// local clusters' KafkaCluster resources and examples/, runs the operator in-process and shows
// the resources' status once each has a Ready verdict. Runs until interrupted; `--once` stops
// after showing the status (for scripts). Other arguments are `run` flags.
//
// The local stack is development tooling that lives in the source checkout, beside crds/ and
// examples/; the production build and the image do not hold it. So it is loaded by path at run
// time, never imported: the build does not compile it, and without it this command says so.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { loadOperatorConfig } from "../config/operator-config.ts";
import { applyManifests, readManifests } from "./apply-manifests.ts";
import { startOperator } from "./run.ts";

/** The servers `dev` runs on, as local-stack/dev-stack.ts starts them. */
export interface DevStack {
  readonly kubeconfigPath: string;
  /** Folder holding the servers' logs. */
  readonly runDir: string;
  /** The KafkaCluster and ConnectCluster resources (with their Secrets) for the local servers. */
  readonly clusterManifests: readonly KubernetesObject[];
  stop(): Promise<void>;
}

/** What local-stack/dev-stack.ts exports; `tsc --noEmit` over the checkout holds it to this. */
export interface DevStackModule {
  startDevStack(runDir: string, namespace: string): Promise<DevStack>;
}

const DEV_NAMESPACE = "kafka-system";
// src/cli/ and dist/cli/ are both two levels below the checkout's root.
const checkoutRoot = new URL("../../", import.meta.url);
const pathInCheckout = (path: string) => fileURLToPath(new URL(path, checkoutRoot));
const execFileAsync = promisify(execFile);

export async function dev(args: readonly string[]): Promise<number> {
  const isOnce = args.includes("--once");
  const devStackModule = new URL("local-stack/dev-stack.ts", checkoutRoot);
  if (!existsSync(devStackModule)) {
    console.error(
      `The local stack is not part of this installation (${fileURLToPath(devStackModule)} is absent): ` +
        "`dev` runs from a source checkout of kafka-access-operator, with `make dev`.",
    );
    return 1;
  }
  const { startDevStack } = (await import(devStackModule.href)) as DevStackModule;
  console.log("starting the local stack (API server, KDC, two Kafka clusters, Kafka Connect)...");
  const stack = await startDevStack(pathInCheckout("test-results/dev"), DEV_NAMESPACE);
  let stop = async () => {
    console.log("stopping the local stack...");
    await stack.stop();
  };
  try {
    const { kubeconfigPath } = stack;
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
    await applyManifests(kubeConfig, readManifests(pathInCheckout("crds")));
    await kubectl(kubeconfigPath, ["wait", "--for=condition=Established", "--all", "crd", "--timeout=60s"]);
    await applyManifests(kubeConfig, stack.clusterManifests);
    await applyManifests(kubeConfig, readManifests(pathInCheckout("examples")));
    const operator = await startOperator(
      loadOperatorConfig(
        [`--kubeconfig=${kubeconfigPath}`, "--health-host=127.0.0.1", ...args.filter((a) => a !== "--once")],
        {},
      ),
    );
    const stopStack = stop;
    stop = async () => {
      await operator.stop();
      await stopStack();
    };
    await waitForVerdicts(kubeconfigPath, 90_000);

    const status = await kubectl(kubeconfigPath, ["get", "kafkaaccess", "--all-namespaces", "-o", "wide"]);
    console.log(`\n${status}`);
    console.log(`kubectl --kubeconfig ${kubeconfigPath} get kafkaaccess -A   # look around`);
    console.log(`server logs: ${stack.runDir}`);
    if (isOnce) return 0;
    console.log("running; press Ctrl-C to stop");
    await new Promise<void>((done) => {
      process.once("SIGINT", done);
      process.once("SIGTERM", done);
    });
    return 0;
  } finally {
    await stop();
  }
}

/** Ready reasons that only say a resource waits for another one, or for its link to start. */
const WAITING_REASONS = new Set(["KafkaClusterNotReady", "ConnectClusterNotReady", "LinkPending"]);

/**
 * Waits (bounded) until every resource of the kafkaaccess category has a Ready verdict of its
 * own, not one that only says it waits for another resource (which the operator re-queues it for).
 */
async function waitForVerdicts(kubeconfigPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const listing = await kubectl(kubeconfigPath, ["get", "kafkaaccess", "-A", "-o", "json"]);
    const items = JSON.parse(listing).items as Array<{
      status?: { conditions?: { type: string; reason: string }[] };
    }>;
    const ready = items.map((i) => i.status?.conditions?.find((c) => c.type === "Ready"));
    if (ready.every((c) => c !== undefined && !WAITING_REASONS.has(c.reason))) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * kubectl's output, or an error with its message. Asynchronous: the operator runs in this
 * process, and a blocking child would stop its event loop.
 */
async function kubectl(kubeconfigPath: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await execFileAsync("kubectl", ["--kubeconfig", kubeconfigPath, ...args], {
      encoding: "utf8",
    });
    return stdout;
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? "";
    throw new Error(`kubectl ${args.join(" ")} failed: ${stderr.trim() || (err as Error).message}`);
  }
}
