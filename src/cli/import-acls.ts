// `kafka-access-operator import-acls`: a cluster's existing ACLs as KafkaAcl manifests, to adopt
// the cluster into Git. One DescribeAcls, then per principal the manifests that declare exactly
// its bindings (kafka-acl-manifests.ts); ACLs no KafkaAcl can declare are listed as comments with
// the reason. Applied, the manifests make the operator adopt the ACLs without writing to Kafka:
// a wanted binding that is already there is not created again. Reads only.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "pino";
import { stringify } from "yaml";
import type { AclBinding } from "../access/acl-binding.ts";
import { describeForeignAcl, type ForeignAcl } from "../access/observed-acls.ts";
import { matchesGlob } from "../access/tenancy-check.ts";
import { CLUSTER_FLAGS, openClusterConnection } from "./cluster-connection.ts";
import {
  type CommandHelp,
  LOG_LEVEL_FLAG,
  listFlag,
  type ParsedArgs,
  stringFlag,
  UsageError,
} from "./command-flags.ts";
import {
  kafkaAclManifests,
  type PrincipalImport,
  type UnmodeledAcl,
  unmodeledBinding,
  whyNotDeclarable,
} from "./kafka-acl-manifests.ts";
import { runCliCommand } from "./run-cli-command.ts";

export const importAclsHelp: CommandHelp = {
  usage: "import-acls --cluster=[NAMESPACE/]NAME [--principal=GLOB]... [--resource-prefix=PREFIX]... [flags]",
  description: [
    "Reads a cluster's ACLs and writes KafkaAcl manifests that declare exactly them, grouped by principal: a consumer, producer or transactional producer role where the ACLs hold one (a consumer role instead of three bindings), the rest as bindings. Names derive from the principal, so importing again gives the same names. ACLs a KafkaAcl cannot declare (e.g. on USER resources) are listed as comments with the reason.",
    "Applied, the manifests adopt the ACLs: the operator creates and deletes nothing for them. Reads only.",
  ],
  flags: {
    ...CLUSTER_FLAGS,
    principal: {
      type: "string",
      value: "GLOB",
      multiple: true,
      description: "only ACLs of matching principals; * matches any characters, as in User:team-a-*",
    },
    "resource-prefix": {
      type: "string",
      value: "PREFIX",
      multiple: true,
      description:
        'only ACLs on resource names starting with PREFIX (the cluster resource is named "kafka-cluster")',
    },
    namespace: {
      type: "string",
      value: "NAMESPACE",
      description: "namespace of the KafkaAcls; the KafkaCluster's when absent",
    },
    "output-dir": {
      type: "string",
      value: "DIR",
      description:
        "write one file per principal into DIR (created if missing) instead of one stream on stdout",
    },
    ...LOG_LEVEL_FLAG,
  },
  exitCodes: [
    [0, "manifests written"],
    [1, "error: bad arguments, or the cluster or API server could not be read"],
  ],
};

export function importAcls(args: readonly string[]): Promise<number> {
  return runCliCommand(args, importAclsHelp, importWith);
}

async function importWith(parsed: ParsedArgs, logger: Logger): Promise<number> {
  if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
  if (!stringFlag(parsed, "cluster")) {
    throw new UsageError("give --cluster: the manifests refer to that KafkaCluster");
  }
  const connection = await openClusterConnection(parsed, { logger });
  try {
    const observed = await connection.readAcls();
    const cluster = connection.kafkaCluster!;
    const namespace = stringFlag(parsed, "namespace") ?? cluster.split("/")[0]!;
    const isSelected = selection(listFlag(parsed, "principal"), listFlag(parsed, "resource-prefix"));
    const imported = importBindings({
      bindings: [...observed.bindings()].filter(isSelected),
      foreign: observed.foreign.filter(isSelected),
      namespace,
      cluster,
    });
    const outputDir = stringFlag(parsed, "output-dir");
    if (outputDir) writeFiles(outputDir, imported, cluster);
    else process.stdout.write(renderStream(imported, cluster));
    const manifests = imported.principals.reduce((sum, p) => sum + p.manifests.length, 0);
    const bindings = imported.principals.reduce((sum, p) => sum + p.bindingCount, 0);
    const roles = imported.principals.reduce((sum, p) => sum + p.roleCount, 0);
    console.error(
      `imported ${bindings} ACL(s) of ${imported.principals.length} principal(s) as ${manifests} KafkaAcl(s) with ${roles} role(s)` +
        (imported.unmodeled.length > 0
          ? `; ${imported.unmodeled.length} ACL(s) not imported (listed as comments)`
          : "") +
        (outputDir ? ` into ${outputDir}` : ""),
    );
    return 0;
  } finally {
    await connection.close();
  }
}

type Selectable = Pick<AclBinding, "principal" | "resourceName">;

function selection(principals: readonly string[], prefixes: readonly string[]) {
  return (acl: Selectable) =>
    (principals.length === 0 || principals.some((glob) => matchesGlob(glob, acl.principal))) &&
    (prefixes.length === 0 || prefixes.some((prefix) => acl.resourceName.startsWith(prefix)));
}

interface Imported {
  readonly principals: PrincipalImport[];
  readonly unmodeled: UnmodeledAcl[];
}

function importBindings(input: {
  bindings: readonly AclBinding[];
  foreign: readonly ForeignAcl[];
  namespace: string;
  cluster: string;
}): Imported {
  const byPrincipal = new Map<string, AclBinding[]>();
  const unmodeled: UnmodeledAcl[] = input.foreign.map((acl) => ({
    acl: describeForeignAcl(acl),
    principal: acl.principal,
    reason: acl.why,
  }));
  for (const binding of input.bindings) {
    const reason = whyNotDeclarable(binding);
    if (reason) unmodeled.push(unmodeledBinding(binding, reason));
    else byPrincipal.set(binding.principal, [...(byPrincipal.get(binding.principal) ?? []), binding]);
  }
  const principals = [...byPrincipal.keys()].sort().map((principal) =>
    kafkaAclManifests({
      principal,
      bindings: byPrincipal.get(principal)!,
      namespace: input.namespace,
      cluster: input.cluster,
    }),
  );
  const names = principals.flatMap((p) => p.manifests.map((m) => m.metadata.name));
  const clash = names.find((name, i) => names.indexOf(name) !== i);
  if (clash) throw new Error(`Two principals would both be imported as KafkaAcl "${clash}"`);
  unmodeled.sort((a, b) => (a.acl < b.acl ? -1 : a.acl > b.acl ? 1 : 0));
  return { principals, unmodeled };
}

function header(cluster: string): string {
  return `# KafkaAcls declaring the ACLs found on KafkaCluster ${cluster} (kafka-access-operator import-acls).\n`;
}

function renderPrincipal(imported: PrincipalImport, unmodeled: readonly UnmodeledAcl[]): string {
  const docs = imported.manifests.map((m) => `---\n${stringify(m, { lineWidth: 0 })}`);
  const entries = imported.manifests.reduce((sum, m) => sum + (m.spec.bindings?.length ?? 0), 0);
  const summary = `# ${imported.principal}: ${imported.bindingCount} ACL(s), declared as ${imported.roleCount} role(s) and ${entries} binding(s).\n`;
  return summary + docs.join("") + renderUnmodeled(unmodeled);
}

function renderUnmodeled(unmodeled: readonly UnmodeledAcl[]): string {
  if (unmodeled.length === 0) return "";
  const lines = unmodeled.map((u) => `#   ${u.acl}: ${u.reason}`);
  return `# Not imported: no KafkaAcl can declare these ACLs; they stay on the cluster untouched.\n${lines.join("\n")}\n`;
}

/** Everything as one YAML stream, unmodeled ACLs beside their principal's manifests. */
function renderStream(imported: Imported, cluster: string): string {
  const withManifests = new Set(imported.principals.map((p) => p.principal));
  const parts = imported.principals.map((p) =>
    renderPrincipal(
      p,
      imported.unmodeled.filter((u) => u.principal === p.principal),
    ),
  );
  const rest = imported.unmodeled.filter((u) => !withManifests.has(u.principal));
  return header(cluster) + parts.join("") + renderUnmodeled(rest);
}

/** One file per principal, named as its first KafkaAcl; unmodeled ACLs of others in _not-imported.yaml. */
function writeFiles(dir: string, imported: Imported, cluster: string): void {
  mkdirSync(dir, { recursive: true });
  const withManifests = new Set(imported.principals.map((p) => p.principal));
  for (const p of imported.principals) {
    const unmodeled = imported.unmodeled.filter((u) => u.principal === p.principal);
    writeFileSync(
      join(dir, `${p.manifests[0]!.metadata.name}.yaml`),
      header(cluster) + renderPrincipal(p, unmodeled),
    );
  }
  const rest = imported.unmodeled.filter((u) => !withManifests.has(u.principal));
  if (rest.length > 0)
    writeFileSync(join(dir, "_not-imported.yaml"), header(cluster) + renderUnmodeled(rest));
}
