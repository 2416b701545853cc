// `kafka-access-operator dev`: the operator on the embedded local stack. Starts the real
// servers of test/env (API server, KDC, two Kafka clusters, Connect), applies the CRDs, the
// local clusters' KafkaCluster resources and examples/, runs the operator in-process and shows
// the resources' status once each has a Ready verdict. Runs until interrupted; `--once` stops
// after showing the status (for scripts). Other arguments are `run` flags.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { loadOperatorConfig } from "../config/operator-config.ts";
import { applyManifests, readManifests } from "./apply-manifests.ts";
import { startOperator } from "./run.ts";

const DEV_NAMESPACE = "kafka-system";

export async function dev(args: readonly string[]): Promise<number> {
  const isOnce = args.includes("--once");
  // The local stack is development tooling, loaded only by this command.
  const { startStack } = await import("../../test/env/stack.ts");
  const { localClusterManifests } = await import("../../test/env/local-clusters.ts");
  const { createExampleConnector } = await import("../../test/env/example-connector.ts");
  console.log("starting the local stack (API server, KDC, two Kafka clusters, Kafka Connect)...");
  const stack = await startStack(resolve("test-results/dev"));
  let stop = async () => {
    console.log("stopping the local stack...");
    await stack.stop();
  };
  try {
    const { kubeconfigPath } = stack.info.kube;
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
    await applyManifests(kubeConfig, readManifests(resolve("crds")));
    const established = kubectl(kubeconfigPath, [
      "wait",
      "--for=condition=Established",
      "--all",
      "crd",
      "--timeout=60s",
    ]);
    if (established.status !== 0) throw new Error(`CRDs not established: ${established.stderr}`);
    await applyManifests(kubeConfig, localClusterManifests(stack.info, DEV_NAMESPACE));
    // What a team does before applying examples/connector-principal.yaml.
    await createExampleConnector(stack.info, (manifests) =>
      applyManifests(kubeConfig, manifests as KubernetesObject[]),
    );
    await applyManifests(kubeConfig, readManifests(resolve("examples")));
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

    const status = kubectl(kubeconfigPath, ["get", "kafkaaccess", "--all-namespaces", "-o", "wide"]);
    console.log(`\n${status.stdout}${status.stderr}`);
    console.log(`kubectl --kubeconfig ${kubeconfigPath} get kafkaaccess -A   # look around`);
    console.log(`server logs: ${stack.info.runDir}`);
    if (isOnce) return status.status === 0 ? 0 : 1;
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

/** Ready reasons that only say a referenced cluster has not been judged yet: no verdict. */
const AWAITING_REFERENCE = new Set(["KafkaClusterNotReady", "ConnectClusterNotReady"]);

/** Waits (bounded) until every resource of the kafkaaccess category has a Ready verdict of its own. */
async function waitForVerdicts(kubeconfigPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const out = kubectl(kubeconfigPath, ["get", "kafkaaccess", "-A", "-o", "json"]);
    const items =
      out.status === 0
        ? (JSON.parse(out.stdout).items as Array<{
            status?: { conditions?: { type: string; reason: string }[] };
          }>)
        : [];
    const isJudged = (item: (typeof items)[number]) => {
      const ready = item.status?.conditions?.find((c) => c.type === "Ready");
      return ready !== undefined && !AWAITING_REFERENCE.has(ready.reason);
    };
    if (items.every(isJudged)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function kubectl(kubeconfigPath: string, args: readonly string[]) {
  return spawnSync("kubectl", ["--kubeconfig", kubeconfigPath, ...args], { encoding: "utf8" });
}
