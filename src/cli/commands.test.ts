// The README shows every command's --help word for word, so the docs cannot drift from the
// flags the commands read.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderHelp } from "./command-flags.ts";
import { commands, renderCommandList, runCommand } from "./commands.ts";

const readme = readFileSync("README.md", "utf8");

describe("the README", () => {
  it.each(Object.keys(commands))(
    "shows `%s --help` as the command prints it",
    async (name) => {
      const help = renderHelp(await commands[name]!.help());
      expect(readme).toContain(`\`\`\`text\n${help}\`\`\``);
      // Some commands declare their help beside their code, which loads kafkajs and more.
    },
    30_000,
  );

  it("lists the commands as `--help` does", () => {
    expect(readme).toContain(`\`\`\`text\n${renderCommandList(commands)}\`\`\``);
  });
});

describe("runCommand", () => {
  it("answers --help without running the command", async () => {
    let ran = false;
    const table = {
      probe: {
        summary: "a command",
        help: async () => ({
          usage: "probe",
          description: ["Probes."],
          flags: {},
          exitCodes: [[0, "done"]] as const,
        }),
        run: async () => {
          ran = true;
          return 0;
        },
      },
    };
    expect(await runCommand(table, "probe", ["--help"])).toBe(0);
    expect(ran).toBe(false);
  });

  it("exits 2 on an unknown command", async () => {
    expect(await runCommand(commands, "no-such-command", [])).toBe(2);
  });
});
