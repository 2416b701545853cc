import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderCrdFiles } from "./generate-crds.ts";

describe("renderCrdFiles", () => {
  it.each([...renderCrdFiles()])(
    "matches the committed crds/%s (run `make crds` after a schema change)",
    (name, text) => {
      expect(readFileSync(join("crds", name), "utf8")).toBe(text);
    },
  );
});
