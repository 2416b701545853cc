// The image users build, started by testcontainers on host networking as deploy/install.yaml
// would run it: read-only root filesystem with /tmp in memory, no capabilities, the kubeconfig
// of install.yaml's ServiceAccount (a TokenRequest token, cluster-wide RBAC) and the settings of
// its Deployment, sharded to this test's resources by label. It brings every example to its
// verdict and stops cleanly on SIGTERM within the shutdown timeout.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { GenericContainer, type StartedTestContainer, Wait } from "testcontainers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../local-stack/managed-process.ts";
import { useStack } from "../env/use-stack.ts";
import { type DockerEngine, startDockerEngine } from "./docker-engine.ts";
import { exampleSet } from "./example-manifests.ts";
import { deploymentSettings, parseManifests } from "./helm.ts";
import {
  applyAndWaitForCrds,
  applyObjects,
  deleteInOrder,
  readVerdicts,
  waitForVerdicts,
  writeServiceAccountKubeconfig,
} from "./kube-client.ts";
import { type BuiltImage, buildOperatorImage } from "./operator-image.ts";

/** The chart's securityContext, which docker has no field for, as a container would get it. */
class HardenedContainer extends GenericContainer {
  withReadOnlyRootFilesystem(): this {
    this.hostConfig.ReadonlyRootfs = true;
    return this;
  }
}

const SHUTDOWN_TIMEOUT_MS = 10_000;
/** Every example to its verdict (MirrorMaker 2 connectors among them) and deleted again: minutes on two busy cores. */
const WHOLE_LIFE_TIMEOUT_MS = 360_000;

const stack = await useStack("kube", "kafka", "connect");
const { kube } = stack;

describe("the operator image", () => {
  const resultsDir = resolve("test-results/install");
  let engine: DockerEngine;
  let image: BuiltImage;
  let container: StartedTestContainer | undefined;

  beforeAll(async () => {
    mkdirSync(resultsDir, { recursive: true });
    engine = await startDockerEngine(resultsDir);
    image = await buildOperatorImage(engine, resultsDir);
  }, 1_800_000);

  afterAll(async () => {
    if (container) engine.docker(["rm", "--force", container.getId()]);
    await engine?.stop();
  });

  it("runs as non-root with the kerberos addon loading libgssapi, and says what it is", () => {
    const run = engine.docker([
      "run",
      "--rm",
      "--read-only",
      "--network=host",
      "--entrypoint=node",
      image.tag,
      "-e",
      'require("kerberos"); console.log(process.getuid())',
    ]);
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe("65532");
    const labels = JSON.parse(
      engine.docker(["image", "inspect", "--format={{json .Config.Labels}}", image.tag]).stdout,
    ) as Record<string, string>;
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    expect(labels).toMatchObject({
      "org.opencontainers.image.title": "kafka-access-operator",
      "org.opencontainers.image.version": version,
      "org.opencontainers.image.licenses": "Apache-2.0",
    });
  });

  it(
    "brings every example to its verdict with install.yaml's RBAC, then stops on SIGTERM",
    async () => {
      const install = parseManifests(readFileSync("deploy/install.yaml", "utf8"));
      applyAndWaitForCrds(kube.kubeconfigPath, "deploy/install.yaml");
      const kubeconfig = writeServiceAccountKubeconfig(
        kube,
        "kafka-system",
        "kafka-access-operator",
        join(resultsDir, "kubeconfig"),
      );
      const shard = randomBytes(3).toString("hex");
      const set = await exampleSet(stack, { "kafkaaccess.io/shard": shard });
      applyObjects(kube.kubeconfigPath, set.manifests);
      const port = await freePort();
      const settings = {
        ...deploymentSettings(install, "image-test"),
        KAO_KUBECONFIG: "/etc/kafka-access-operator/kubeconfig",
        KAO_HEALTH_PORT: String(port),
        KAO_HEALTH_HOST: "127.0.0.1",
        KAO_LABEL_SELECTOR: `kafkaaccess.io/shard=${shard}`,
        KAO_SHUTDOWN_TIMEOUT: `${SHUTDOWN_TIMEOUT_MS / 1000}s`,
      };

      const started = Date.now();
      container = await new HardenedContainer(image.tag)
        .withNetworkMode("host")
        .withReadOnlyRootFilesystem()
        .withTmpFs({ "/tmp": "rw,noexec,nosuid,size=16m" })
        .withDroppedCapabilities("ALL")
        .withSecurityOpt("no-new-privileges")
        .withEnvironment(settings)
        .withBindMounts([{ source: kubeconfig, target: settings.KAO_KUBECONFIG, mode: "ro" }])
        .withWaitStrategy(Wait.forLogMessage(/"msg":"started"/))
        .withStartupTimeout(60_000)
        .start();
      const readyzMs = await timeUntil(
        async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).ok,
        started,
      );
      const firstReadyMs = await timeUntil(
        async () =>
          [...(await readVerdicts(kube.kubeconfigPath, set.verdicts.keys())).values()].some((v) =>
            v.startsWith("True/"),
          ),
        started,
      );
      await waitForVerdicts(kube.kubeconfigPath, set.verdicts);
      const allVerdictsMs = Date.now() - started;
      await deleteInOrder(
        kube.kubeconfigPath,
        [...set.verdicts.keys()].filter((k) => !k.startsWith("kafkacluster/")),
      );

      const stopping = Date.now();
      const stop = engine.docker(["stop", `--time=${(SHUTDOWN_TIMEOUT_MS * 3) / 1000}`, container.getId()]);
      const stopMs = Date.now() - stopping;
      const exitCode = engine
        .docker(["inspect", "--format={{.State.ExitCode}}", container.getId()])
        .stdout.trim();
      const logs = engine.docker(["logs", container.getId()]);
      writeFileSync(join(resultsDir, "operator.log"), logs.stdout + logs.stderr);
      const measurements = {
        imageSizeMB: Math.round(image.sizeBytes / 1e6),
        baseImagesSeconds: image.baseMs / 1000,
        dockerBuildSeconds: image.buildMs / 1000,
        startToReadyzSeconds: readyzMs / 1000,
        startToFirstReadySeconds: firstReadyMs / 1000,
        startToAllVerdictsSeconds: allVerdictsMs / 1000,
        sigtermToExitSeconds: stopMs / 1000,
      };
      writeFileSync(
        join(resultsDir, "image-measurements.json"),
        `${JSON.stringify(measurements, null, 2)}\n`,
      );
      expect(stop.status, stop.stderr).toBe(0);
      expect(exitCode, "exit status after SIGTERM").toBe("0");
      expect(logs.stdout).toContain('"msg":"shutting down"');
      expect(stopMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
      console.log("operator image:", measurements);
    },
    WHOLE_LIFE_TIMEOUT_MS,
  );
});

/** ms from `since` until `probe` holds, polling (bounded: one minute). */
async function timeUntil(probe: () => Promise<boolean>, since: number, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch(() => false)) return Date.now() - since;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`still not so after ${timeoutMs} ms`);
}
