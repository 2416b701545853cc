import { describe, expect, it } from "vitest";
import type { CredentialCheck, LoginOutcome, LoginTarget } from "../../ports/credential-check.ts";
import { MissingSecretError } from "../../ports/secret-source.ts";
import { CredentialProofs } from "./credential-proofs.ts";

/** A check answering from a list and counting its logins; a clock the test moves. */
function setUp(outcomes: LoginOutcome[]) {
  let logins = 0;
  let now = 0;
  const check: CredentialCheck = {
    checkLogin: async () => outcomes[Math.min(logins++, outcomes.length - 1)]!,
  };
  const proofs = new CredentialProofs({ check, recheckMs: 1_000, now: () => now });
  const advance = (ms: number) => {
    now += ms;
  };
  return { proofs, logins: () => logins, advance };
}
const passed: LoginOutcome = { isAuthenticated: true, clusterId: "c1", brokerCount: 1 };
const refused: LoginOutcome = {
  isAuthenticated: false,
  reason: "AuthenticationFailed",
  message: "refused",
  isRetryable: false,
};
let password = "one";
const target = (read: LoginTarget["readSecret"] = () => Buffer.from(password)): LoginTarget => ({
  name: "source",
  bootstrapServers: ["source:9092"],
  credential: {
    securityProtocol: "SASL_PLAINTEXT",
    sasl: { mechanism: "SCRAM-SHA-512", username: "link", password: { name: "link", key: "password" } },
  },
  readSecret: read,
});

describe("CredentialProofs", () => {
  it("logs in once while the credential and its Secret values stay as they were, again when a value changes", async () => {
    const { proofs, logins } = setUp([passed]);
    password = "one";
    await proofs.prove("ns/l", target());
    expect(await proofs.prove("ns/l", target())).toEqual(passed);
    expect(logins()).toBe(1);
    password = "two";
    await proofs.prove("ns/l", target());
    expect(logins()).toBe(2);
  });

  it("proves a passed login again after the recheck interval", async () => {
    const { proofs, logins, advance } = setUp([passed]);
    await proofs.prove("ns/l", target());
    advance(1_000);
    await proofs.prove("ns/l", target());
    expect(logins()).toBe(2);
  });

  it("never remembers a refused login: the next reconcile tries again", async () => {
    const { proofs, logins } = setUp([refused, passed]);
    expect(await proofs.prove("ns/l", target())).toEqual(refused);
    expect(await proofs.prove("ns/l", target())).toEqual(passed);
    expect(logins()).toBe(2);
  });

  it("leaves a Secret it cannot read to the login, which names it, and remembers nothing", async () => {
    const { proofs, logins } = setUp([passed]);
    const missing = () => {
      throw new MissingSecretError("SecretNotFound", 'Secret "link" does not exist');
    };
    await proofs.prove("ns/l", target(missing));
    await proofs.prove("ns/l", target(missing));
    expect(logins()).toBe(2);
  });

  it("forgets an owner that is gone", async () => {
    const { proofs, logins } = setUp([passed]);
    await proofs.prove("ns/l", target());
    proofs.forget("ns/l");
    await proofs.prove("ns/l", target());
    expect(logins()).toBe(2);
  });
});
