// Cold start and single-change latency of KafkaAcl on the real local stack, as ratios against a
// raw baseline measured in the same run (DESIGN.md §5):
//
// - baseline: the least any tool could do for the same result: every binding sent to Kafka in
//   one stream of CreateAcls requests (500 bindings each), plus one status write per resource;
// - operator: the same number of KafkaAcls already stored, the operator started cold (empty
//   caches and index), timed until every one reports Ready;
// - then single changes with every resource present: one KafkaAcl edited at a time, timed until
//   its Ready condition reflects the new generation.
//
// Usage: node bench/kafka-acl-cold-start.ts [--count=2000] [--changes=20]; KAO_* variables
// (e.g. KAO_ACL_WORKERS=64) reach the operator, which runs as a process of its own.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import {
  CustomObjectsApi,
  KubeConfig,
  type KubernetesObject,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";
import kafkajs, {
  type AclOperationTypes as AclOperation,
  type AclResourceTypes as AclResource,
} from "kafkajs";
import { startStack } from "../local-stack/stack.ts";
import { applyManifests, readManifests } from "../src/cli/apply-manifests.ts";
import { createObjectWriter } from "../src/controller/object-writer.ts";
import { KAFKA_ACL_RESOURCE } from "../src/kinds/kafka-acl/reconciler.ts";
import { silenceKafkajsTimeoutWarnings } from "../src/observability/process-warnings.ts";

const option = (name: string, fallback: number) => {
  const given = process.argv.find((a) => a.startsWith(`--${name}=`));
  return given ? Number(given.split("=")[1]) : fallback;
};
const COUNT = option("count", 2000);
const CHANGES = option("changes", 20);
const BINDINGS_PER_ACL = 3;
const STATUS_CONCURRENCY = 32;

const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes } =
  kafkajs;
const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
const seconds = (ms: number) => (ms / 1000).toFixed(2);

async function main() {
  console.log(`starting the local stack for ${COUNT} KafkaAcls (${COUNT * BINDINGS_PER_ACL} bindings)...`);
  const stack = await startStack(resolve("test-results/bench"));
  try {
    const { kubeconfigPath } = stack.info.kube;
    const { destination } = stack.info.kafka;
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
    const objects = kubeConfig.makeApiClient(CustomObjectsApi);
    await applyManifests(kubeConfig, readManifests(resolve("crds")));
    await new Promise((r) => setTimeout(r, 2_000)); // CRDs established

    const aclManifests = (namespace: string) =>
      Array.from({ length: COUNT }, (_, i) => ({
        apiVersion: "kafkaaccess.io/v1alpha1",
        kind: "KafkaAcl",
        metadata: { name: `app-${i}`, namespace },
        spec: {
          clusterRef: { name: "destination" },
          principal: `User:${namespace}-app-${i}`,
          roles: [
            {
              type: "consumer",
              topic: { name: `${namespace}-t${i}` },
              group: { name: `${namespace}-g${i}` },
            },
          ],
        },
      }));
    const setUp = async (namespace: string) => {
      const cluster: KubernetesObject[] = [
        { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } },
        {
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: "admin", namespace },
          stringData: { password: destination.scramUsers["kao-admin"]! },
        } as KubernetesObject,
        {
          apiVersion: "kafkaaccess.io/v1alpha1",
          kind: "KafkaCluster",
          metadata: { name: "destination", namespace },
          spec: {
            bootstrapServers: [destination.bootstrap.scram],
            credentials: {
              securityProtocol: "SASL_PLAINTEXT",
              sasl: {
                mechanism: "SCRAM-SHA-512",
                username: "kao-admin",
                password: { name: "admin", key: "password" },
              },
            },
          },
        } as KubernetesObject,
      ];
      await applyManifests(kubeConfig, cluster);
      const manifests = aclManifests(namespace);
      for (let i = 0; i < manifests.length; i += 200)
        await applyManifests(kubeConfig, manifests.slice(i, i + 200));
    };

    // Baseline: the same bindings in one CreateAcls stream, then one status write per resource.
    await setUp("bench-baseline");
    const admin = new Kafka({
      brokers: [destination.bootstrap.scram],
      logLevel: logLevel.NOTHING,
      sasl: {
        mechanism: "scram-sha-512",
        username: "kao-admin",
        password: destination.scramUsers["kao-admin"]!,
      },
    }).admin();
    await admin.connect();
    const acl = (principal: string, type: AclResource, name: string, operation: AclOperation) => ({
      resourceType: type,
      resourceName: name,
      resourcePatternType: ResourcePatternTypes.LITERAL,
      principal,
      host: "*",
      operation,
      permissionType: AclPermissionTypes.ALLOW,
    });
    const baselineAcls = aclManifests("bench-baseline").flatMap((m, i) => [
      acl(m.spec.principal, AclResourceTypes.TOPIC, `bench-baseline-t${i}`, AclOperationTypes.READ),
      acl(m.spec.principal, AclResourceTypes.TOPIC, `bench-baseline-t${i}`, AclOperationTypes.DESCRIBE),
      acl(m.spec.principal, AclResourceTypes.GROUP, `bench-baseline-g${i}`, AclOperationTypes.READ),
    ]);
    const writer = createObjectWriter(kubeConfig, KAFKA_ACL_RESOURCE);
    const baselineStart = performance.now();
    for (let i = 0; i < baselineAcls.length; i += 500)
      await admin.createAcls({ acl: baselineAcls.slice(i, i + 500) });
    const names = Array.from({ length: COUNT }, (_, i) => `app-${i}`);
    const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    await inParallel(names, STATUS_CONCURRENCY, (name) =>
      writer.writeStatus(
        {
          apiVersion: "kafkaaccess.io/v1alpha1",
          kind: "KafkaAcl",
          metadata: { name, namespace: "bench-baseline" },
        },
        {
          conditions: [
            {
              type: "Ready",
              status: "True",
              reason: "AclsApplied",
              message: "baseline",
              lastTransitionTime: now,
            },
          ],
        },
      ),
    );
    const baselineMs = performance.now() - baselineStart;
    await admin.disconnect();
    console.log(`baseline: ${seconds(baselineMs)} s`);

    // The operator, cold, on resources stored before it starts.
    await setUp("bench-operator");
    const readyCount = async () => {
      const list = (await objects.listNamespacedCustomObject({
        group: KAFKA_ACL_RESOURCE.group,
        version: KAFKA_ACL_RESOURCE.version,
        namespace: "bench-operator",
        plural: KAFKA_ACL_RESOURCE.plural,
      })) as {
        items: Array<{
          metadata: { generation: number };
          status?: { conditions?: Array<{ type: string; status: string; observedGeneration?: number }> };
        }>;
      };
      return list.items.filter((item) =>
        item.status?.conditions?.some(
          (c) =>
            c.type === "Ready" && c.status === "True" && c.observedGeneration === item.metadata.generation,
        ),
      ).length;
    };
    // The operator in a process of its own, as it runs in a pod, so its memory is its own.
    const operatorStart = performance.now();
    const operator = await startOperatorProcess(kubeconfigPath);
    try {
      while ((await readyCount()) < COUNT) await new Promise((r) => setTimeout(r, 500));
      const operatorMs = performance.now() - operatorStart;
      const metrics = await (await fetch(`http://127.0.0.1:${operator.healthPort}/metrics`)).text();
      const calls = (api: string) =>
        [
          ...metrics.matchAll(
            new RegExp(
              `^kafka_access_operator_external_calls_total\\{[^}]*operation="${api}"[^}]*\\} (\\d+)`,
              "gm",
            ),
          ),
        ].reduce((sum, m) => sum + Number(m[1]), 0);
      console.log(
        `operator: ${seconds(operatorMs)} s; CreateAcls ${calls("CreateAcls")}, DescribeAcls ${calls("DescribeAcls")}`,
      );
      const reconcileStats = (name: string) =>
        [
          ...metrics.matchAll(
            new RegExp(`^kafka_access_operator_${name}\\{kind="KafkaAcl"[^}]*\\} ([\\d.e+-]+)`, "gm"),
          ),
        ].reduce((sum, found) => sum + Number(found[1]), 0);
      const reconcileCount = reconcileStats("reconcile_duration_seconds_count");
      console.log(
        `operator reconciles: ${reconcileCount}, mean ${((1000 * reconcileStats("reconcile_duration_seconds_sum")) / reconcileCount).toFixed(0)} ms; results ${[...metrics.matchAll(/^kafka_access_operator_reconciles_total\{kind="KafkaAcl",result="(\w+)"\} (\d+)/gm)].map((found) => `${found[1]} ${found[2]}`).join(", ")}`,
      );
      console.log(`cold start ratio operator/baseline: ${(operatorMs / baselineMs).toFixed(2)} (target ≤ 2)`);

      // Single changes with every resource present.
      const latencies: number[] = [];
      for (let n = 0; n < CHANGES; n++) {
        const name = `app-${(n * 7919) % COUNT}`;
        const target = {
          group: KAFKA_ACL_RESOURCE.group,
          version: KAFKA_ACL_RESOURCE.version,
          namespace: "bench-operator",
          plural: KAFKA_ACL_RESOURCE.plural,
          name,
        };
        const started = performance.now();
        const patched = (await objects.patchNamespacedCustomObject(
          {
            ...target,
            body: {
              spec: { bindings: [{ resourceType: "topic", name: `bench-extra-${n}`, operations: ["Read"] }] },
            },
          },
          mergePatch,
        )) as { metadata: { generation: number } };
        for (;;) {
          const object = (await objects.getNamespacedCustomObject(target)) as {
            status?: { conditions?: Array<{ type: string; status: string; observedGeneration?: number }> };
          };
          const ready = object.status?.conditions?.find((c) => c.type === "Ready");
          if (ready?.status === "True" && ready.observedGeneration === patched.metadata.generation) break;
          await new Promise((r) => setTimeout(r, 20));
        }
        latencies.push(performance.now() - started);
      }
      latencies.sort((a, b) => a - b);
      const p99 = latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)] ?? 0;
      console.log(
        `single change with ${COUNT} present: median ${Math.round(latencies[Math.floor(latencies.length / 2)] ?? 0)} ms, p99 ${Math.round(p99)} ms over ${CHANGES} (target p99 < 1000 ms)`,
      );
      const memory = operator.memory();
      const afterRun = await (await fetch(`http://127.0.0.1:${operator.healthPort}/metrics`)).text();
      const mib = (metric: string) =>
        Math.round(
          Number(new RegExp(`^kafka_access_operator_${metric} ([\\d.e+]+)`, "m").exec(afterRun)?.[1] ?? 0) /
            2 ** 20,
        );
      console.log(
        `operator process memory: RSS ${memory.rss} MiB, peak ${memory.peak} MiB (target < 256 MiB); V8 heap used ${mib("nodejs_heap_size_used_bytes")} of ${mib("nodejs_heap_size_total_bytes")} MiB, external ${mib("nodejs_external_memory_bytes")} MiB`,
      );
    } finally {
      await operator.stop();
    }
  } finally {
    await stack.stop();
  }
}

/** `kafka-access-operator run` as a child process; resolves once it has started. */
async function startOperatorProcess(kubeconfigPath: string) {
  const child = spawn(
    process.execPath,
    [
      "src/main.ts",
      "run",
      `--kubeconfig=${kubeconfigPath}`,
      "--namespaces=bench-operator",
      "--health-host=127.0.0.1",
      "--health-port=0",
      "--log-level=info",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout });
  const healthPort = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the operator exited with ${code} before it started`)));
    lines.on("line", (line) => {
      const entry = JSON.parse(line) as { msg?: string; healthPort?: number; level?: string };
      if (entry.msg === "started" && entry.healthPort) resolve(entry.healthPort);
      else if (entry.level === "error" || entry.level === "fatal") console.error(line);
    });
  });
  const statusField = (name: string) => {
    const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    return Math.round(Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0) / 1024);
  };
  return {
    healthPort,
    memory: () => ({ rss: statusField("VmRSS"), peak: statusField("VmHWM") }),
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

silenceKafkajsTimeoutWarnings();
await main();
