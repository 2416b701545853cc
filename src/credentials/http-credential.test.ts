import { describe, expect, it } from "vitest";
import { httpCredentialSpecSchema, resolveHttpCredential } from "./http-credential.ts";

const secrets: Record<string, Record<string, Buffer>> = {
  mds: { user: Buffer.from("operator\n"), password: Buffer.from("s3cret\n"), token: Buffer.from("t0ken") },
  ca: { "ca.crt": Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n") },
};
// Missing Secrets are the reader's to report (see the SecretSource adapter's tests).
const lookup = (ref: { name: string; key: string }, purpose: string) => {
  const value = secrets[ref.name]?.[ref.key];
  if (value === undefined) throw new Error(`no ${ref.name}/${ref.key} (${purpose})`);
  return value;
};

describe("httpCredentialSpecSchema", () => {
  it.each([
    {
      why: "basic with a user name",
      spec: { basic: { username: "operator", password: { name: "mds", key: "password" } } },
      ok: true,
    },
    {
      why: "basic with the user name in a Secret",
      spec: {
        basic: { usernameFrom: { name: "mds", key: "user" }, password: { name: "mds", key: "password" } },
      },
      ok: true,
    },
    {
      why: "a client certificate alone (mutual TLS)",
      spec: {
        tls: {
          keystore: { type: "PEM", store: { name: "c", key: "tls.crt" }, key: { name: "c", key: "tls.key" } },
        },
      },
      ok: true,
    },
    {
      why: "basic without a user name",
      spec: { basic: { password: { name: "mds", key: "password" } } },
      ok: false,
    },
    {
      why: "basic with two user names",
      spec: {
        basic: {
          username: "a",
          usernameFrom: { name: "mds", key: "user" },
          password: { name: "mds", key: "password" },
        },
      },
      ok: false,
    },
    {
      why: "basic and bearer together",
      spec: {
        basic: { username: "a", password: { name: "mds", key: "password" } },
        bearer: { token: { name: "mds", key: "token" } },
      },
      ok: false,
    },
  ])("accepts or refuses $why", ({ spec, ok }) => {
    expect(httpCredentialSpecSchema.safeParse(spec).success).toBe(ok);
  });
});

describe("resolveHttpCredential", () => {
  it("reads basic credentials and trust from Secrets, trimming a final newline", () => {
    const resolved = resolveHttpCredential(
      {
        basic: { usernameFrom: { name: "mds", key: "user" }, password: { name: "mds", key: "password" } },
        tls: { trust: { type: "PEM", store: { name: "ca", key: "ca.crt" } } },
      },
      lookup,
    );
    expect(resolved.auth).toEqual({ type: "basic", username: "operator", password: "s3cret" });
    expect(resolved.tls?.ca).toContain("BEGIN CERTIFICATE");
  });

  it("changes its hash when a referenced value changes", () => {
    const spec = { bearer: { token: { name: "mds", key: "token" } } };
    const before = resolveHttpCredential(spec, lookup).contentHash;
    const after = resolveHttpCredential(spec, () => Buffer.from("rotated"));
    expect(after.auth).toEqual({ type: "bearer", token: "rotated" });
    expect(after.contentHash).not.toBe(before);
  });

  it("lets the reader say what is missing, telling it what the value is for", () => {
    expect(() =>
      resolveHttpCredential({ bearer: { token: { name: "absent", key: "token" } } }, lookup),
    ).toThrow("no absent/token (bearer token)");
  });
});
