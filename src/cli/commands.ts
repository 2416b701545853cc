// The CLI's command table. Each command lives in its own file and is loaded only when run (or
// asked for its help), so `version` does not pay for the operator's dependencies. Every
// command answers `--help` with its usage, flags and exit codes; the README shows the same text.
import { describeSettings } from "../config/operator-config.ts";
import { type CommandHelp, type FlagTable, renderHelp } from "./command-flags.ts";

export interface Command {
  summary: string;
  help(): Promise<CommandHelp>;
  run(args: readonly string[]): Promise<number>;
}

/** The operator's settings as flags; `run` and `dev` take them. */
function operatorFlags(): FlagTable {
  return Object.fromEntries(
    describeSettings().map(({ flag, env, description }) => [
      flag.slice(2),
      { type: "string", value: "VALUE", description: `${description || "see the README"} (or ${env})` },
    ]),
  );
}

/** dev's help and flags; here, so `dev --help` loads nothing of the operator. */
export const devHelp: CommandHelp = {
  usage: "dev [--once] [--verbose] [--run-dir=DIR] [run flags]",
  description: [
    "Starts the local stack (API server, KDC, two Kafka clusters, Kafka Connect) from the build cache, saying what starts and how long it takes; applies the CRDs, the local clusters and examples/ (KafkaClusters first, then ConnectClusters, then the rest, each wave reconciled before the next); runs the operator with its JSON logs in a file; and shows every resource's Ready and reason once each has been reconciled for its generation, then each change. Prints the kubeconfig path, for kubectl in another shell. Runs until Ctrl-C, which stops every server. Other flags are run's.",
  ],
  flags: {
    once: { type: "boolean", description: "stop after showing the table" },
    verbose: {
      type: "boolean",
      description: "show the operator's JSON logs here too, not only in their file",
    },
    "run-dir": {
      type: "string",
      value: "DIR",
      description: "where the servers' files and every log go; test-results/dev in the checkout when absent",
    },
  },
  exitCodes: [
    [0, "stopped by Ctrl-C, or --once showed the table"],
    [1, "a bad flag, or the stack or the operator could not start"],
  ],
};

export const commands: Record<string, Command> = {
  run: {
    summary: "run the operator",
    help: async () => ({
      usage: "run [flags]",
      description: [
        "Runs the operator: watches the kafkaaccess.io resources and keeps their clusters as they declare. Settings come from --name=value flags, or the same settings as KAO_* environment variables.",
      ],
      flags: operatorFlags(),
      exitCodes: [
        [0, "stopped by SIGTERM or SIGINT"],
        [1, "lost leadership (another replica took the Lease)"],
        [2, "a bad setting (the message names it and what is accepted)"],
      ],
    }),
    run: async (args) => (await import("./run.ts")).run(args),
  },
  dev: {
    summary: "run the operator on the embedded local stack with the examples applied",
    help: async () => devHelp,
    run: async (args) => (await import("./dev.ts")).dev(args),
  },
  plan: {
    summary: "what applying manifests would change on the clusters (a diff for CI)",
    help: async () => (await import("./plan.ts")).planHelp,
    run: async (args) => (await import("./plan.ts")).plan(args),
  },
  "import-acls": {
    summary: "write a cluster's existing ACLs as KafkaAcl manifests",
    help: async () => (await import("./import-acls.ts")).importAclsHelp,
    run: async (args) => (await import("./import-acls.ts")).importAcls(args),
  },
  explain: {
    summary: "why a principal may or may not do something, and which resource owns the deciding ACLs",
    help: async () => (await import("./explain.ts")).explainHelp,
    run: async (args) => (await import("./explain.ts")).explain(args),
  },
  "generate-crds": {
    summary: "write crds/ from the kinds' schemas",
    help: async () => ({
      usage: "generate-crds [--check]",
      description: ["Writes crds/<plural>.<group>.yaml from the zod schemas of every kind (make crds)."],
      flags: {
        check: { type: "boolean", description: "write nothing; fail naming each stale or missing file" },
      },
      exitCodes: [
        [0, "written, or up to date"],
        [1, "--check found stale or missing files"],
      ],
    }),
    run: async (args) => (await import("./generate-crds.ts")).generateCrds(args),
  },
  version: {
    summary: "print the operator version",
    help: async () => ({
      usage: "version",
      description: ["Prints the operator's version and the Node.js version it runs on."],
      flags: {},
      exitCodes: [[0, "always"]],
    }),
    run: async (args) => (await import("./version.ts")).version(args),
  },
};

const HELP_WORDS = ["--help", "-h"];

/** What `kafka-access-operator --help` prints. */
export function renderCommandList(table: Record<string, Command>): string {
  const known = Object.entries(table)
    .map(([key, c]) => `  ${key.padEnd(14)} ${c.summary}`)
    .join("\n");
  return `usage: kafka-access-operator COMMAND [flags]\n\ncommands:\n${known}\n\n\`kafka-access-operator COMMAND --help\` shows a command's flags and exit codes.\n`;
}

export async function runCommand(
  table: Record<string, Command>,
  name: string,
  args: readonly string[],
): Promise<number> {
  const command = table[name];
  if (command === undefined) {
    const isHelp = name === "help" || HELP_WORDS.includes(name);
    if (isHelp) process.stdout.write(renderCommandList(table));
    else console.error(`unknown command "${name}"\n\n${renderCommandList(table)}`);
    return isHelp ? 0 : 2;
  }
  if (args.some((arg) => HELP_WORDS.includes(arg))) {
    process.stdout.write(renderHelp(await command.help()));
    return 0;
  }
  return command.run(args);
}
