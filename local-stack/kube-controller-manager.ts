// kube-controller-manager for the tests that need Kubernetes' own controllers behind the API
// server (built by kube/build.sh from the same Kubernetes release): a namespace being deleted
// is emptied and removed, objects whose owners are gone are collected. Only the controllers
// asked for run; the stack starts none, a test starts it next to an API server of its own.
import { existsSync, mkdirSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { cacheDir } from "./cache-dir.ts";
import type { KubeInfo } from "./kube-apiserver.ts";
import { freePort, startProcess, waitUntilReady } from "./managed-process.ts";

export interface ControllerManager {
  stop(): Promise<void>;
}

/** Starts the `controllers` (e.g. namespace, garbagecollector) against `kube`, as its admin. */
export async function startControllerManager(
  runDir: string,
  kube: KubeInfo,
  controllers: readonly string[],
): Promise<ControllerManager> {
  const binary = join(cacheDir(), "bin", "kube-controller-manager");
  if (!existsSync(binary)) throw new Error(`${binary} is missing: \`make env\` builds it`);
  const dir = join(runDir, "kube-controller-manager");
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const manager = startProcess({
    name: "kube-controller-manager",
    command: binary,
    args: [
      `--kubeconfig=${kube.kubeconfigPath}`,
      `--authentication-kubeconfig=${kube.kubeconfigPath}`,
      `--authorization-kubeconfig=${kube.kubeconfigPath}`,
      `--controllers=${controllers.join(",")}`,
      "--leader-elect=false",
      "--use-service-account-credentials=false",
      "--bind-address=127.0.0.1",
      `--secure-port=${port}`,
      `--cert-dir=${dir}`,
      "--v=1",
    ],
    logPath: join(dir, "kube-controller-manager.log"),
  });
  await waitUntilReady(manager, () => isHealthy(port), { timeoutMs: 120_000 });
  return { stop: () => manager.stop() };
}

/** /healthz of its own serving certificate (self-signed in its cert dir). */
function isHealthy(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/healthz", rejectUnauthorized: false, timeout: 5_000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on("timeout", () => req.destroy(new Error("GET /healthz timed out")));
    req.on("error", reject);
    req.end();
  });
}
