// Manifests as a GitOps repository holds them: files and directories (walked recursively),
// each .yaml, .yml or .json file holding one or more documents. Each object remembers where it
// came from, so messages can point at the file.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import type { KubernetesObject } from "@kubernetes/client-node";
import { parseAllDocuments } from "yaml";
import { UsageError } from "./command-flags.ts";

export interface ManifestObject {
  readonly object: KubernetesObject & { spec?: unknown };
  /** "path" or "path#3" for the third document of a file. */
  readonly source: string;
}

const MANIFEST_EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

/** Every object in `paths`, in path order; a List's items count as objects. */
export function readManifestFiles(paths: readonly string[]): ManifestObject[] {
  return paths.flatMap((path) => manifestFilesUnder(path)).flatMap(readManifestFile);
}

function manifestFilesUnder(path: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as Error).message}`);
  }
  if (!isDirectory) return [path];
  return readdirSync(path)
    .sort()
    .filter((entry) => !entry.startsWith("."))
    .flatMap((entry) => {
      const child = join(path, entry);
      return statSync(child).isDirectory()
        ? manifestFilesUnder(child)
        : MANIFEST_EXTENSIONS.has(extname(entry))
          ? [child]
          : [];
    });
}

function readManifestFile(path: string): ManifestObject[] {
  const documents = parseAllDocuments(readFileSync(path, "utf8"));
  const objects: ManifestObject[] = [];
  documents.forEach((document, i) => {
    if (document.errors.length > 0) {
      throw new UsageError(`${path}: not YAML: ${document.errors[0]!.message}`);
    }
    const source = documents.length > 1 ? `${path}#${i + 1}` : path;
    const value = document.toJS() as unknown;
    if (value === null || typeof value !== "object") return;
    const object = value as KubernetesObject & { items?: unknown[] };
    if (object.kind === "List" && Array.isArray(object.items)) {
      for (const item of object.items) objects.push({ object: item as KubernetesObject, source });
    } else {
      objects.push({ object, source });
    }
  });
  return objects;
}
