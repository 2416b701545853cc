import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { Writable } from "node:stream";
import { KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Kube, startKube } from "../../local-stack/kube-apiserver.ts";
import { type CacheEvent, type InformerCache, startInformer } from "../../src/controller/informer-cache.ts";
import type { ResourceType } from "../../src/controller/resource.ts";

// An API server of its own: these tests stop and restart it.
const CONFIG_MAP: ResourceType = { group: "", version: "v1", kind: "ConfigMap", plural: "configmaps" };

let kube: Kube;
let kubeConfig: KubeConfig;
const informers: InformerCache[] = [];
const kubectl = (args: readonly string[], input?: string) => {
  const r = spawnSync("kubectl", ["--kubeconfig", kube.info.kubeconfigPath, ...args], {
    encoding: "utf8",
    input,
  });
  if (r.status !== 0) throw new Error(`kubectl ${args.join(" ")} failed: ${r.stderr}`);
  return r.stdout;
};
/** Server-side apply, which is what gives an object its managedFields. */
const applyConfigMap = (namespace: string, name: string, data: Record<string, string>) =>
  kubectl(
    ["apply", "--server-side", "--field-manager=test", "-f", "-"],
    JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data }),
  );

/** An informer on `namespace` that records its events and log lines. */
async function watch(namespace: string, { metadataOnly = false } = {}) {
  const events: { event: CacheEvent; object: KubernetesObject }[] = [];
  const logLines: string[] = [];
  const logger = pino(
    new Writable({
      write(chunk, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    }),
  );
  const started = startInformer(kubeConfig, CONFIG_MAP, {
    namespace,
    logger,
    restartDelayMs: 100,
    metadataOnly,
    onEvent: (event, object) => events.push({ event, object }),
  });
  void started.then((informer) => informers.push(informer));
  /** Waits (bounded) for an event on `name`, returning the object it carried. */
  const nextEvent = async (event: CacheEvent, name: string, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = events.find((e) => e.event === event && e.object.metadata?.name === name);
      if (found) return found.object;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no ${event} event for ${name} within ${timeoutMs} ms`);
  };
  return { started, events, logLines, nextEvent };
}

beforeAll(async () => {
  kube = await startKube(join(inject("runDir"), "informer-kube"));
  kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kube.info.kubeconfigPath);
  for (const namespace of ["listed", "empty", "down", "restarted", "metadata", "empty-metadata"])
    kubectl(["create", "namespace", namespace]);
});
afterAll(async () => {
  for (const informer of informers) await informer.stop();
  await kube?.stop();
});

describe("an informer cache", () => {
  it("holds each listed object once, as delivered, without managedFields, and replaces it on update", async () => {
    applyConfigMap("listed", "a", { v: "1" });
    applyConfigMap("listed", "b", { v: "1" });
    expect(
      kubectl(["-n", "listed", "get", "configmap", "a", "-o", "json", "--show-managed-fields"]),
    ).toContain("managedFields");
    const { started, nextEvent } = await watch("listed");
    const cache = await started;

    const listed = cache.list();
    expect(listed.map((o) => o.metadata?.name).sort()).toEqual(["a", "b"]);
    const a = cache.get("listed", "a");
    expect(a).toBe(listed.find((o) => o.metadata?.name === "a"));
    expect(a).toBe(await nextEvent("add", "a"));
    expect(a?.metadata?.managedFields).toBeUndefined();

    applyConfigMap("listed", "a", { v: "2" });
    const updated = await nextEvent("update", "a");
    expect(cache.get("listed", "a")).toBe(updated);
    expect((updated as { data?: Record<string, string> }).data).toEqual({ v: "2" });
    expect(updated.metadata?.managedFields).toBeUndefined();
    expect(cache.list()).toHaveLength(2);

    applyConfigMap("listed", "c", { v: "1" });
    const added = await nextEvent("add", "c");
    expect(added.metadata?.managedFields).toBeUndefined();
    expect(cache.get("listed", "c")).toBe(added);
  });

  it("drops kubectl's last-applied copy of the object, and keeps the annotations the user set", async () => {
    const clientSideApplied = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "client-side", namespace: "listed", annotations: { team: "payments" } },
      data: { v: "1" },
    };
    kubectl(["apply", "-f", "-"], JSON.stringify(clientSideApplied));
    expect(kubectl(["-n", "listed", "get", "configmap", "client-side", "-o", "json"])).toContain(
      "last-applied-configuration",
    );
    const { started, nextEvent } = await watch("listed");
    const cache = await started;
    const object = await nextEvent("add", "client-side");
    expect(cache.get("listed", "client-side")).toBe(object);
    expect(object.metadata?.annotations).toEqual({ team: "payments" });
  });

  it("with metadataOnly, holds each object's metadata and none of its content, and sees it change", async () => {
    applyConfigMap("metadata", "credentials", { password: "first" });
    const { started, nextEvent } = await watch("metadata", { metadataOnly: true });
    const cache = await started;
    const listed = cache.get("metadata", "credentials") as KubernetesObject & { data?: unknown };
    expect(listed.metadata?.resourceVersion).toBeTruthy();
    expect(listed.data).toBeUndefined();
    expect(listed.metadata?.managedFields).toBeUndefined();

    applyConfigMap("metadata", "credentials", { password: "second" });
    const updated = (await nextEvent("update", "credentials")) as KubernetesObject & { data?: unknown };
    expect(updated.data).toBeUndefined();
    expect(updated.metadata?.resourceVersion).not.toBe(listed.metadata?.resourceVersion);
    expect(JSON.stringify(cache.list())).not.toContain("second");
  });

  it("with metadataOnly, returns once an empty namespace is listed, and sees what is added later", async () => {
    const { started, nextEvent } = await watch("empty-metadata", { metadataOnly: true });
    const cache = await started;
    expect(cache.list()).toEqual([]);
    applyConfigMap("empty-metadata", "later", { v: "1" });
    expect((await nextEvent("add", "later")).metadata?.name).toBe("later");
  });

  it("returns once an empty namespace is listed", async () => {
    const { started, events } = await watch("empty");
    const cache = await started;
    expect(cache.list()).toEqual([]);
    expect(events).toEqual([]);
  });

  it("started while the API server is down, returns only once its first list is stored", async () => {
    applyConfigMap("down", "present", { v: "1" });
    await kube.stopApiServer();
    let isStarted = false;
    const { started, logLines } = await watch("down");
    void started.then(() => {
      isStarted = true;
    });
    try {
      // The list was tried and failed: from here on, a returned cache would be a wrong one.
      const deadline = Date.now() + 20_000;
      while (!logLines.some((l) => l.includes("watch failed; restarting")) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(logLines.some((l) => l.includes("watch failed; restarting"))).toBe(true);
      expect(isStarted).toBe(false);
    } finally {
      await kube.startApiServer();
    }
    const cache = await started;
    expect(cache.list().map((o) => o.metadata?.name)).toEqual(["present"]);
  });

  it("sees the changes made after an API server restart", async () => {
    applyConfigMap("restarted", "before", { v: "1" });
    const { started, nextEvent } = await watch("restarted");
    const cache = await started;
    await kube.restartApiServer();

    applyConfigMap("restarted", "before", { v: "2" });
    applyConfigMap("restarted", "after", { v: "1" });
    const updated = await nextEvent("update", "before");
    expect((updated as { data?: Record<string, string> }).data).toEqual({ v: "2" });
    await nextEvent("add", "after");
    expect(
      cache
        .list()
        .map((o) => o.metadata?.name)
        .sort(),
    ).toEqual(["after", "before"]);
    expect(cache.list().every((o) => o.metadata?.managedFields === undefined)).toBe(true);
  });
});
