import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..", "..");
const admits = (version: string) =>
  spawnSync("bash", [resolve(root, "scripts/ensure-node.sh"), "--admits", version]).status === 0;

describe("the Node floor", () => {
  it("is the same range in package.json's engines and in scripts/ensure-node.sh", () => {
    const engines = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")).engines.node;
    expect(engines).toBe("^22.19.0 || >=24.2.0");
  });

  it.each([
    ["22.12.0", false, "`node src/main.ts` needs a flag for type stripping"],
    ["22.18.0", false, "type stripping is on, but undici 8 needs 22.19"],
    ["22.19.0", true, "the first 22 that runs everything"],
    ["23.11.0", false, "type stripping is on, but 23 never got import.meta.main"],
    ["24.1.0", false, "import.meta.main came in 24.2"],
    ["24.2.0", true, "the first 24 that runs everything"],
    ["26.1.0", true, "later majors"],
  ])("ensure-node.sh admits %s: %s (%s)", (version, expected) => {
    expect(admits(version)).toBe(expected);
  });
});
