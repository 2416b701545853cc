import type { V1Secret } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { SecretDataCache } from "./secret-data-cache.ts";

/** An API server of Secrets by "namespace/name", counting reads, and the metadata watch's view of it. */
function world(initial: Record<string, { version: string; password: string }>) {
  const secrets = new Map(Object.entries(initial));
  const reads: string[] = [];
  const cache = new SecretDataCache({
    fetch: async (namespace, name) => {
      reads.push(`${namespace}/${name}`);
      const found = secrets.get(`${namespace}/${name}`);
      return found
        ? ({
            metadata: { namespace, name, resourceVersion: found.version },
            data: { password: Buffer.from(found.password).toString("base64") },
          } satisfies V1Secret)
        : undefined;
    },
    versionOf: (namespace, name) => secrets.get(`${namespace}/${name}`)?.version,
  });
  const password = (namespace: string, name: string) => {
    const data = cache.get(namespace, name)?.data?.password;
    return data === undefined ? undefined : Buffer.from(data, "base64").toString();
  };
  return { secrets, reads, cache, password };
}

describe("SecretDataCache", () => {
  it("holds nothing until a referenced Secret is loaded, then answers from memory", async () => {
    const w = world({ "team-a/admin": { version: "1", password: "s3cret" } });
    expect(w.password("team-a", "admin")).toBeUndefined();
    await w.cache.load(["team-a/admin"]);
    expect(w.password("team-a", "admin")).toBe("s3cret");
  });

  it.each([
    ["the version the metadata watch saw is loaded already", "1", 1],
    ["the metadata watch saw a newer version", "2", 2],
  ])("reads the API server again only when needed: %s", async (_why, versionNow, expectedReads) => {
    const w = world({ "team-a/admin": { version: "1", password: "old" } });
    await w.cache.load(["team-a/admin"]);
    w.secrets.set("team-a/admin", { version: versionNow, password: versionNow === "1" ? "old" : "new" });
    await w.cache.load(["team-a/admin"]);
    expect(w.reads.length).toBe(expectedReads);
    expect(w.password("team-a", "admin")).toBe(versionNow === "1" ? "old" : "new");
  });

  it("forgets a Secret the metadata watch saw deleted, without reading", async () => {
    const w = world({ "team-a/admin": { version: "1", password: "s3cret" } });
    await w.cache.load(["team-a/admin"]);
    w.secrets.delete("team-a/admin");
    await w.cache.load(["team-a/admin"]);
    expect(w.cache.get("team-a", "admin")).toBeUndefined();
    expect(w.reads.length).toBe(1);
  });

  it("reads a Secret once however many reconciles load it at the same time", async () => {
    const w = world({ "team-a/admin": { version: "1", password: "s3cret" } });
    await Promise.all([w.cache.load(["team-a/admin"]), w.cache.load(["team-a/admin"])]);
    expect(w.reads.length).toBe(1);
  });

  it("drops a Secret nothing references any more", async () => {
    const w = world({ "team-a/admin": { version: "1", password: "s3cret" } });
    await w.cache.load(["team-a/admin"]);
    w.cache.forget("team-a/admin");
    expect(w.cache.get("team-a", "admin")).toBeUndefined();
  });

  it("keeps Secrets of one namespace apart from another's of the same name", async () => {
    const w = world({
      "team-a/admin": { version: "1", password: "a" },
      "team-b/admin": { version: "7", password: "b" },
    });
    await w.cache.load(["team-a/admin"]);
    expect(w.password("team-b", "admin")).toBeUndefined();
    expect(w.password("team-a", "admin")).toBe("a");
  });
});
