// The corpus of manifests the API server must refuse: one file per case under rejected/<kind>/,
// each opening with `# expect: <field path>: <message>`, the words the refusal must carry
// (a CEL rule's message, or the OpenAPI schema's). Read by the test that sends them to the
// real API server and by the unit test that checks every CEL rule of every CRD has a case.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export interface RejectedManifest {
  /** `<kind folder>/<file>`. */
  readonly name: string;
  readonly path: string;
  /** The field path the refusal names, e.g. `spec.roles[0]`. */
  readonly field: string;
  /** The words after it; empty where only the field is certain (a schema format check). */
  readonly message: string;
}

export const REJECTED_DIR = resolve(import.meta.dirname, "rejected");

export function rejectedManifests(): RejectedManifest[] {
  return readdirSync(REJECTED_DIR).flatMap((kind) =>
    readdirSync(join(REJECTED_DIR, kind))
      .filter((file) => file.endsWith(".yaml"))
      .sort()
      .map((file) => {
        const path = join(REJECTED_DIR, kind, file);
        const expect = /^# expect: (.*)$/m.exec(readFileSync(path, "utf8"))?.[1];
        if (!expect) throw new Error(`${path} has no "# expect:" line`);
        const colon = expect.indexOf(": ");
        return {
          name: `${kind}/${file}`,
          path,
          field: colon === -1 ? expect : expect.slice(0, colon),
          message: colon === -1 ? "" : expect.slice(colon + 2),
        };
      }),
  );
}
