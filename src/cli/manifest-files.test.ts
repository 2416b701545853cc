import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readManifestFiles } from "./manifest-files.ts";

function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "kao-manifests-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe("readManifestFiles", () => {
  it("reads every document of every manifest file below a directory, in path order", () => {
    const root = repository({
      "b/acls.yaml": "kind: KafkaAcl\nmetadata: {name: two}\n---\nkind: KafkaAcl\nmetadata: {name: three}\n",
      "a.yml": "kind: KafkaAcl\nmetadata: {name: one}\n",
      "c.json": '{"kind": "List", "items": [{"kind": "KafkaAcl", "metadata": {"name": "four"}}]}',
      "README.md": "kind: not a manifest",
      ".hidden/x.yaml": "kind: Skipped",
      "comments-only.yaml": "# nothing here\n",
    });
    const read = readManifestFiles([root]);
    expect(read.map((m) => m.object.metadata?.name)).toEqual(["one", "two", "three", "four"]);
    expect(read[1]!.source).toBe(join(root, "b/acls.yaml#1"));
  });

  it("names the file that is not YAML", () => {
    const root = repository({ "bad.yaml": "kind: [unclosed\n" });
    expect(() => readManifestFiles([root])).toThrow(/bad\.yaml: not YAML/);
  });

  it("names a path that does not exist", () => {
    expect(() => readManifestFiles(["/nonexistent/manifests"])).toThrow(
      /cannot read \/nonexistent\/manifests/,
    );
  });
});
