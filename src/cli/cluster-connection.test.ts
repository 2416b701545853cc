import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  CLUSTER_FLAGS,
  credentialFromFlags,
  kafkaClusterKey,
  PASSWORD_VARIABLE,
} from "./cluster-connection.ts";
import { parseFlags } from "./command-flags.ts";

const dir = mkdtempSync(join(tmpdir(), "kao-flags-"));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const credential = (...args: string[]) => credentialFromFlags(parseFlags(args, CLUSTER_FLAGS));

afterEach(() => {
  delete process.env[PASSWORD_VARIABLE];
});

describe("credentialFromFlags", () => {
  it("reads a SCRAM password from its file, without the trailing newline", () => {
    const c = credential(
      "--security-protocol=SASL_PLAINTEXT",
      "--sasl-mechanism=SCRAM-SHA-512",
      "--username=alice",
      `--password-file=${file("password", "s3cret\n")}`,
    );
    expect(c.sasl).toEqual({ mechanism: "SCRAM-SHA-512", username: "alice", password: "s3cret" });
  });

  it(`takes the password from ${PASSWORD_VARIABLE} when no file is given`, () => {
    process.env[PASSWORD_VARIABLE] = "from-env";
    const c = credential("--security-protocol=SASL_SSL", "--sasl-mechanism=PLAIN", "--username=alice");
    expect(c.sasl).toMatchObject({ password: "from-env" });
    expect(c.tls).toEqual({ verifyHostname: true });
  });

  it("trusts the CA file and presents the client certificate over SSL", () => {
    const c = credential(
      "--security-protocol=SSL",
      `--ca-file=${file("ca.pem", "CA")}`,
      `--cert-file=${file("cert.pem", "CERT")}`,
      `--key-file=${file("key.pem", "KEY")}`,
    );
    expect(c.tls).toEqual({ verifyHostname: true, ca: ["CA"], cert: "CERT", key: "KEY" });
    expect(c.sasl).toBeUndefined();
  });

  it("changes its content hash with the password, so a new password makes a new connection", () => {
    const withPassword = (password: string) =>
      credential(
        "--security-protocol=SASL_PLAINTEXT",
        "--sasl-mechanism=PLAIN",
        "--username=alice",
        `--password-file=${file("p", password)}`,
      ).contentHash;
    expect(withPassword("one")).not.toBe(withPassword("two"));
  });

  it.each([
    ["SASL without a mechanism", ["--security-protocol=SASL_SSL"], /needs --sasl-mechanism/],
    [
      "SCRAM without a password",
      ["--security-protocol=SASL_PLAINTEXT", "--sasl-mechanism=SCRAM-SHA-256", "--username=a"],
      /needs --username and --password-file/,
    ],
    [
      "GSSAPI without a keytab",
      ["--security-protocol=SASL_SSL", "--sasl-mechanism=GSSAPI", "--kerberos-principal=a"],
      /GSSAPI needs --kerberos-principal and --keytab/,
    ],
    [
      "a certificate without its key",
      ["--security-protocol=SSL", `--cert-file=${file("c", "C")}`],
      /go together/,
    ],
    ["an unknown protocol", ["--security-protocol=TLS"], /must be one of PLAINTEXT/],
    [
      "a file that is not there",
      ["--security-protocol=SSL", "--ca-file=/nonexistent/ca.pem"],
      /Cannot read --ca-file/,
    ],
  ])("refuses %s, saying what is missing", (_why, args, message) => {
    expect(() => credential(...args)).toThrow(message);
  });
});

describe("kafkaClusterKey", () => {
  it.each([
    ["prod", "kafka/prod"],
    ["team-a/prod", "team-a/prod"],
  ])("reads %s in the default namespace kafka as %s", (given, expected) => {
    expect(kafkaClusterKey(given, "kafka")).toBe(expected);
  });

  it("refuses an empty half", () => {
    expect(() => kafkaClusterKey("/prod", "kafka")).toThrow(/NAME or NAMESPACE\/NAME/);
  });
});
