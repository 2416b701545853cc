// The published OpenAPI documents in contracts/, loaded once per process. Before a document is
// used its sha256 is compared with the one contracts/SOURCES.md records for it, so a copy that
// was edited (or a file swapped in) fails every contract test instead of quietly moving the
// contract to where the code already is.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export const CONTRACTS_DIR = join(import.meta.dirname, "..", "..", "contracts");

export type ContractFile = "confluent-rest-v3.openapi.yaml" | "confluent-mds-v1.openapi.yaml";

/** The sha256 recorded for each document in SOURCES.md, by file name. */
export function recordedChecksums(): ReadonlyMap<string, string> {
  const sources = readFileSync(join(CONTRACTS_DIR, "SOURCES.md"), "utf8");
  const checksums = new Map<string, string>();
  for (const match of sources.matchAll(/^\| ([\w.-]+\.yaml) \|[^|]*\| ([0-9a-f]{64}) \|/gm)) {
    checksums.set(match[1]!, match[2]!);
  }
  return checksums;
}

export function sha256Of(file: string): string {
  return createHash("sha256")
    .update(readFileSync(join(CONTRACTS_DIR, file)))
    .digest("hex");
}

const parsed = new Map<ContractFile, unknown>();

/** The document as published; throws when its checksum differs from SOURCES.md. */
export function loadContract(file: ContractFile): unknown {
  let document = parsed.get(file);
  if (document === undefined) {
    const recorded = recordedChecksums().get(file);
    const actual = sha256Of(file);
    if (recorded !== actual) {
      throw new Error(
        `contracts/${file} has sha256 ${actual}, but SOURCES.md records ${recorded ?? "nothing"}: restore the published copy`,
      );
    }
    document = parse(readFileSync(join(CONTRACTS_DIR, file), "utf8"));
    parsed.set(file, document);
  }
  // Each caller gets its own copy: the validator rewrites request schemas in place.
  return structuredClone(document);
}
