// The GitOps round trip on a real broker: 500 ACLs made out of band with Kafka's own tool,
// `import-acls` writes KafkaAcls for them, applying those makes every KafkaAcl Ready without a
// single CreateAcls or DeleteAcls, `plan` then reports no change, and a changed manifest is
// planned as exactly its difference.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments, stringify } from "yaml";
import { kafkaAcls } from "../../local-stack/kafka-tools.ts";
import { useStack } from "../env/use-stack.ts";
import { runCli } from "./cli.ts";
import { aclsOfPrincipalsStartingWith } from "./kafka-acl-listing.ts";
import { scramKafkaCluster } from "./manifests.ts";
import { type OperatorFixture, READY, startOperatorFixture } from "./operator-fixture.ts";
import { kafkaCalls, until } from "./operator-metrics.ts";

const stack = await useStack("kube", "kafka");
const { destination } = stack.kafka;
const RESYNC_SECONDS = 10;

let f: OperatorFixture;
let ns: string;
const principal = (name: string) => `User:${ns}-${name}`;
const topics = (stem: string, count: number) =>
  Array.from({ length: count }, (_, i) => ["--topic", `${ns}.${stem}-${String(i).padStart(3, "0")}`]).flat();

const ownAcls = () => aclsOfPrincipalsStartingWith(destination, `User:${ns}-`);

function addAcls(args: readonly string[]) {
  const result = kafkaAcls(destination, ["--add", "--force", ...args]);
  if (result.status !== 0) throw new Error(`kafka-acls ${args.join(" ")} failed: ${result.stderr}`);
}

beforeAll(async () => {
  f = await startOperatorFixture("gitops", { flags: [`--resync-period=${RESYNC_SECONDS}s`] });
  ns = f.namespace;
  for (const manifest of scramKafkaCluster("destination", destination)) f.apply(manifest);
  await f.waitFor("kafkacluster/destination", READY, (v) => v === "True/ClusterReady");
  const allow = (...names: string[]) => names.flatMap((n) => ["--allow-principal", principal(n)]);
  // Kafka's own tool, as a platform team made ACLs before the operator came.
  addAcls(["--deny-principal", principal("bulk"), "--operation", "Write", ...topics("bulk", 260)]);
  addAcls([
    ...allow("c0", "c1", "c2", "c3", "c4", "c5"),
    "--consumer",
    ...topics("orders", 5),
    "--group",
    `${ns}.readers`,
  ]);
  addAcls([...allow("p0", "p1", "p2", "p3"), "--producer", ...topics("out", 10)]);
  addAcls([...allow("p0"), "--producer", "--idempotent", "--topic", `${ns}.out-000`]);
  addAcls([...allow("tx"), "--producer", "--topic", `${ns}.tx-out`, "--transactional-id", `${ns}.tx`]);
  addAcls([
    ...allow("team"),
    "--consumer",
    "--resource-pattern-type",
    "prefixed",
    "--topic",
    `${ns}.team.`,
    "--group",
    `${ns}.team.`,
  ]);
  addAcls([
    ...allow("hosty"),
    "--allow-host",
    "10.0.0.1",
    "--allow-host",
    "10.0.0.2",
    "--operation",
    "Read",
    "--topic",
    `${ns}.h`,
  ]);
  addAcls([
    ...allow("ops"),
    ...["Alter", "AlterConfigs", "DescribeConfigs", "Delete"].flatMap((op) => ["--operation", op]),
    ...topics("ops", 10),
  ]);
  addAcls([...allow("ops"), "--operation", "Describe", "--cluster", "--group", `${ns}.ops`]);
  addAcls(["--deny-principal", principal("c0"), "--operation", "Read", "--topic", `${ns}.orders-secret`]);
  // One ACL no KafkaAcl can declare: CreateTokens on a USER resource.
  addAcls([...allow("ops"), "--operation", "CreateTokens", "--user-principal", principal("bob")]);
}, 300_000);
afterAll(() => f?.stop());

const kubeconfig = () => `--kubeconfig=${stack.kube.kubeconfigPath}`;
const importInto = (dir: string) =>
  runCli([
    "import-acls",
    `--cluster=${ns}/destination`,
    kubeconfig(),
    `--principal=User:${ns}-*`,
    `--output-dir=${dir}`,
  ]);

describe("ACLs imported into Git", () => {
  let dir: string;

  it("become KafkaAcls that turn Ready without a single CreateAcls or DeleteAcls, and plan reports no change", async () => {
    const before = await ownAcls();
    // 500 the operator can model, plus the USER one it cannot.
    expect(before).toHaveLength(501);

    dir = mkdtempSync(join(tmpdir(), "kao-import-"));
    const imported = await importInto(dir);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/imported 500 ACL\(s\) of 15 principal\(s\)/);
    const files = readdirSync(dir).sort();
    expect(files).toContain(`${ns}-bulk.yaml`);
    // A consumer's three ACLs per topic come back as roles, not bindings.
    expect(readFileSync(join(dir, `${ns}-c1.yaml`), "utf8")).toMatch(/type: consumer/);
    const ops = readFileSync(join(dir, `${ns}-ops.yaml`), "utf8");
    expect(ops).toMatch(/# Not imported.*\n#.*CREATE_TOKENS on USER.*resource type USER not modeled/);
    // 260 written bindings: more than one KafkaAcl may list, so two documents.
    expect(
      parseAllDocuments(readFileSync(join(dir, `${ns}-bulk.yaml`), "utf8")).map(
        (d) => d.toJS()?.metadata?.name,
      ),
    ).toEqual([`${ns}-bulk`, `${ns}-bulk-2`]);

    // Importing again gives the same files, word for word.
    const again = mkdtempSync(join(tmpdir(), "kao-import-"));
    expect((await importInto(again)).status).toBe(0);
    expect(readdirSync(again).sort()).toEqual(files);
    for (const file of files)
      expect(readFileSync(join(again, file), "utf8"), file).toBe(readFileSync(join(dir, file), "utf8"));

    const applied = f.kubectl(["-n", ns, "apply", "-f", dir]);
    expect(applied.status, applied.stderr).toBe(0);
    const kafkaAclCount = files
      .flatMap((file) => parseAllDocuments(readFileSync(join(dir, file), "utf8")))
      .filter((d) => d.toJS()?.kind === "KafkaAcl").length;
    await until(
      `${kafkaAclCount} KafkaAcls Ready`,
      () => {
        const states = f.kubectl([
          "-n",
          ns,
          "get",
          "kafkaacls",
          "-o",
          `jsonpath={range .items[*]}${READY}{"\\n"}{end}`,
        ]).stdout;
        return states.split("\n").filter((s) => s === "True/AclsApplied").length === kafkaAclCount;
      },
      120_000,
    );
    // Through a whole resync round too: adopted, never written.
    await f.waitForResyncs("KafkaAcl", 1, (2 * RESYNC_SECONDS + 60) * 1000);
    expect(await kafkaCalls(f, "CreateAcls")).toBe(0);
    expect(await kafkaCalls(f, "DeleteAcls")).toBe(0);
    expect(await ownAcls()).toEqual(before);

    const planned = await runCli(["plan", dir, kubeconfig()]);
    expect(planned.stderr).toBe("");
    expect(planned.stdout).toContain(
      `No changes: the clusters hold what the manifests declare (${kafkaAclCount} KafkaAcl(s) checked).`,
    );
    expect(planned.status).toBe(0);
  });

  it("plans a changed manifest as exactly its difference, with exit code 2", async () => {
    const file = join(dir, `${ns}-ops.yaml`);
    const documents = parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS());
    const kafkaAcl = documents.find((d) => d?.kind === "KafkaAcl");
    const entries = kafkaAcl.spec.bindings as { name?: string; operations: string[] }[];
    // Drop Delete on one topic, grant Read on a new one.
    const changed = entries.find((e) => e.name === `${ns}.ops-000`)!;
    changed.operations = changed.operations.filter((op) => op !== "Delete");
    entries.push({ resourceType: "topic", name: `${ns}.ops-new`, operations: ["Read"] } as never);
    writeFileSync(file, documents.map((d) => `---\n${stringify(d)}`).join(""));

    const planned = await runCli(["plan", dir, kubeconfig(), "--output=json"]);
    expect(planned.status, planned.stderr).toBe(2);
    const plan = JSON.parse(planned.stdout);
    const keyOf = (b: { key: string }) => b.key;
    expect(plan.bindings.create.map(keyOf)).toEqual([
      `allow|Read|topic|literal|${ns}.ops-new|${principal("ops")}|*`,
    ]);
    expect(plan.bindings.delete.map(keyOf)).toEqual([
      `allow|Delete|topic|literal|${ns}.ops-000|${principal("ops")}|*`,
    ]);
    expect(plan.bindings.create[0].by).toEqual([`KafkaAcl ${ns}/${ns}-ops`]);
    expect(
      plan.resources
        .filter((r: { state: string }) => r.state !== "unchanged")
        .map((r: { name: string }) => r.name),
    ).toEqual([`${ns}-ops`]);

    const text = await runCli(["plan", dir, kubeconfig()]);
    expect(text.status).toBe(2);
    expect(text.stdout).toContain(`~ KafkaAcl ${ns}/${ns}-ops: changed`);
    expect(text.stdout).toContain(`    + ALLOW Read on topic "${ns}.ops-new" for ${principal("ops")}`);
    expect(text.stdout).toContain(`    - ALLOW Delete on topic "${ns}.ops-000" for ${principal("ops")}`);
    expect(text.stdout).toMatch(
      /Plan: 1 binding\(s\) to create, 1 to delete, \d+ KafkaAcl\(s\) without changes\./,
    );
    // Planning wrote nothing.
    expect(await kafkaCalls(f, "CreateAcls")).toBe(0);
    expect(await kafkaCalls(f, "DeleteAcls")).toBe(0);
  });
});
