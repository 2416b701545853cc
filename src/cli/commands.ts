// The CLI's command table. Each command lives in its own file and is loaded only when run,
// so `version` does not pay for the operator's dependencies.
export interface Command {
  summary: string;
  run(args: readonly string[]): Promise<number>;
}

export const commands: Record<string, Command> = {
  run: {
    summary: "run the operator (flags --name=value or KAO_* variables; see docs)",
    run: async (args) => (await import("./run.ts")).run(args),
  },
  dev: {
    summary:
      "run the operator on the embedded local stack with the examples applied (--once: show status and stop)",
    run: async (args) => (await import("./dev.ts")).dev(args),
  },
  version: {
    summary: "print the operator version",
    run: async (args) => (await import("./version.ts")).version(args),
  },
};

export async function runCommand(
  table: Record<string, Command>,
  name: string,
  args: readonly string[],
): Promise<number> {
  const command = table[name];
  if (command === undefined) {
    const known = Object.entries(table)
      .map(([key, c]) => `  ${key.padEnd(12)} ${c.summary}`)
      .join("\n");
    const header = name === "help" || name === "--help" ? "" : `unknown command "${name}"\n\n`;
    console.error(`${header}usage: kafka-access-operator <command> [flags]\n\ncommands:\n${known}`);
    return name === "help" || name === "--help" ? 0 : 2;
  }
  return command.run(args);
}
