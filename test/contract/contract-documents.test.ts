import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONTRACTS_DIR, recordedChecksums, sha256Of } from "./contract-documents.ts";

describe("contracts/", () => {
  it("records a checksum in SOURCES.md for every document it holds", () => {
    const documents = readdirSync(CONTRACTS_DIR).filter((file) => file.endsWith(".yaml"));
    expect([...recordedChecksums().keys()].sort()).toEqual(documents.sort());
  });

  it.each([...recordedChecksums()])("holds %s byte for byte as published", (file, checksum) => {
    expect(sha256Of(file)).toBe(checksum);
  });
});
