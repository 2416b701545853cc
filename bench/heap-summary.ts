// Where a heap snapshot's bytes are: self sizes summed by node type and constructor, the largest
// first, with strings grouped by what they look like (binding keys, descriptions, JSON). Used
// to write the memory breakdown in docs/performance.md from the snapshots `--heap-snapshots`
// makes; self sizes add up to the heap's live total, so the groups can be compared.
//
// node bench/heap-summary.ts <file.heapsnapshot> [--top=40]
import { readFileSync } from "node:fs";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

const STRING_SHAPES: ReadonlyArray<[string, RegExp]> = [
  ["binding key (allow|Read|topic|…)", /^(allow|deny)\|/],
  ["binding in words (ALLOW Read on …)", /^(ALLOW|DENY) /],
  ["object key (namespace/name)", /^[a-z0-9-]+\/[a-z0-9.-]+$/],
  ["timestamp", /^\d{4}-\d\d-\d\dT/],
  ["uid", /^[0-9a-f]{8}-[0-9a-f]{4}-/],
  ["sha256 hash", /^sha256:/],
  ["source code", /\b(function|import|export|const|return)\b[\s\S]{40,}/],
];

export function summarize(snapshot: Snapshot, top: number): string {
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const groups = new Map<string, { count: number; bytes: number }>();
  let total = 0;
  const add = (group: string, bytes: number) => {
    const entry = groups.get(group) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += bytes;
    groups.set(group, entry);
  };
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt]!]!;
    const name = snapshot.strings[snapshot.nodes[i + nameAt]!]!;
    const bytes = snapshot.nodes[i + sizeAt]!;
    total += bytes;
    if (type === "string" || type === "concatenated string" || type === "sliced string") {
      const shape = STRING_SHAPES.find(([, pattern]) => pattern.test(name))?.[0] ?? "other";
      add(`string: ${shape}`, bytes);
    } else if (type === "object" || type === "closure" || type === "native") {
      add(`${type}: ${name}`, bytes);
    } else {
      add(type, bytes);
    }
  }
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(2);
  const rows = [...groups.entries()].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, top);
  return [
    `live heap: ${mib(total)} MiB in ${(snapshot.nodes.length / width).toLocaleString("en-US")} nodes`,
    "| MiB | count | group |",
    "| ---: | ---: | --- |",
    ...rows.map(
      ([group, { count, bytes }]) => `| ${mib(bytes)} | ${count.toLocaleString("en-US")} | ${group} |`,
    ),
  ].join("\n");
}

if (import.meta.main) {
  const [file] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  if (!file) {
    console.error("usage: node bench/heap-summary.ts <file.heapsnapshot> [--top=40]");
    process.exit(2);
  }
  const top = Number(process.argv.find((a) => a.startsWith("--top="))?.slice(6) ?? 40);
  console.log(summarize(JSON.parse(readFileSync(file, "utf8")) as Snapshot, top));
}
