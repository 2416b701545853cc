// `kafka-access-operator version`: prints the version from package.json.
import { readFileSync } from "node:fs";

export async function version(_args: readonly string[]): Promise<number> {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  console.log(`kafka-access-operator ${pkg.version} (node ${process.versions.node})`);
  return 0;
}
