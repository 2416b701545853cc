import { describe, expect, it } from "vitest";
import type { CredentialSpec } from "../../credentials/credential-spec.ts";
import type { SecretKeyReader } from "../../credentials/resolve-credential.ts";
import type { CredentialCheck, LoginOutcome, LoginTarget } from "../../ports/credential-check.ts";
import { MissingSecretError } from "../../ports/secret-source.ts";
import { CredentialProofs } from "./credential-proofs.ts";

const credential: CredentialSpec = {
  securityProtocol: "SASL_PLAINTEXT",
  sasl: {
    mechanism: "SCRAM-SHA-512",
    username: "orders-sink",
    password: { name: "orders-sink", key: "password" },
  },
};

/** A login check that answers `outcome` and remembers what it was asked. */
function checkAnswering(outcome: LoginOutcome) {
  const logins: LoginTarget[] = [];
  const check: CredentialCheck = {
    async checkLogin(target) {
      logins.push(target);
      return outcome;
    },
  };
  return { check, logins };
}

const accepted: LoginOutcome = { isAuthenticated: true, clusterId: "c", brokerCount: 1 };
const secrets =
  (password: string): SecretKeyReader =>
  () =>
    Buffer.from(password);
const prove = (proofs: CredentialProofs, fields: { readSecret?: SecretKeyReader; servers?: string[] } = {}) =>
  proofs.prove({
    ownerKey: "team-a/orders-sink",
    name: 'ConnectorPrincipal "team-a/orders-sink"',
    credential,
    servers: fields.servers ?? ["broker-0:9094"],
    readSecret: fields.readSecret ?? secrets("s3cret"),
  });

describe("CredentialProofs", () => {
  it("logs in once for a credential, and again only when its Secret data or servers change", async () => {
    const { check, logins } = checkAnswering(accepted);
    const proofs = new CredentialProofs(check);
    const first = await prove(proofs);
    expect(first.isValid).toBe(true);
    expect(await prove(proofs)).toEqual(first);
    expect(logins).toHaveLength(1);

    const rotated = await prove(proofs, { readSecret: secrets("rotated") });
    expect(rotated.isValid && first.isValid && rotated.secretDataHash !== first.secretDataHash).toBe(true);
    await prove(proofs, { readSecret: secrets("rotated"), servers: ["broker-0:9095"] });
    expect(logins).toHaveLength(3);
  });

  it("logs in again after a refusal: nothing is remembered of a failed login", async () => {
    const { check, logins } = checkAnswering({
      isAuthenticated: false,
      reason: "AuthenticationFailed",
      message: "refused",
      isRetryable: false,
    });
    const proofs = new CredentialProofs(check);
    expect(await prove(proofs)).toMatchObject({ isValid: false, reason: "AuthenticationFailed" });
    await prove(proofs);
    expect(logins).toHaveLength(2);
  });

  it("does not log in when a Secret is missing, and names it", async () => {
    const { check, logins } = checkAnswering(accepted);
    const missing: SecretKeyReader = () => {
      throw new MissingSecretError("SecretNotFound", 'Secret "orders-sink" does not exist');
    };
    expect(await prove(new CredentialProofs(check), { readSecret: missing })).toEqual({
      isValid: false,
      reason: "SecretNotFound",
      message: 'Secret "orders-sink" does not exist',
      isRetryable: false,
    });
    expect(logins).toEqual([]);
  });
});
