import { describe, expect, it } from "vitest";
import { ordersSinkCredential as credential } from "../../../test/fixtures/orders-sink-principal.ts";
import type { CredentialSpec } from "../../credentials/credential-spec.ts";
import {
  connectorCredential,
  credentialFingerprint,
  planTaskRestart,
  restartAfterAcls,
} from "./task-restart.ts";

const fingerprint = (fields: Partial<Parameters<typeof credentialFingerprint>[0]> = {}) =>
  credentialFingerprint({ principal: "User:orders-sink", credential, secretDataHash: "h1", ...fields });

describe("credentialFingerprint", () => {
  it.each([
    { why: "a rotated Secret", other: fingerprint({ secretDataHash: "h2" }) },
    { why: "another principal", other: fingerprint({ principal: "User:other" }) },
    {
      why: "another mechanism",
      other: fingerprint({
        credential: { ...credential, sasl: { ...credential.sasl!, mechanism: "SCRAM-SHA-256" } },
      }),
    },
  ])("changes with $why", ({ other }) => {
    expect(other).not.toBe(fingerprint());
  });

  it("does not depend on the order the spec's keys were written in", () => {
    const reordered: CredentialSpec = {
      sasl: { password: { key: "password", name: "s" }, username: "orders-sink", mechanism: "SCRAM-SHA-512" },
      securityProtocol: "SASL_PLAINTEXT",
    };
    expect(fingerprint({ credential: reordered })).toBe(fingerprint());
  });

  it("does not depend on a krb5.conf, which only the operator's login check reads", () => {
    const gssapi = (krb5Conf?: { name: string; key: string }): CredentialSpec => ({
      securityProtocol: "SASL_SSL",
      sasl: {
        mechanism: "GSSAPI",
        gssapi: {
          principal: "orders-sink@KAFKA.TEST",
          serviceName: "kafka",
          keytab: { name: "kt", key: "keytab" },
          ...(krb5Conf ? { krb5Conf } : {}),
        },
      },
    });
    expect(fingerprint({ credential: gssapi({ name: "krb5", key: "krb5.conf" }) })).toBe(
      fingerprint({ credential: gssapi() }),
    );
    expect(connectorCredential(gssapi({ name: "krb5", key: "krb5.conf" }))).toEqual(gssapi());
    expect(connectorCredential(credential)).toBe(credential);
  });
});

describe("planTaskRestart", () => {
  it.each([
    {
      why: "first time our keys are written: the tasks switch principal",
      recorded: undefined,
      current: "a",
      isConfigWritten: true,
      isNeeded: true,
    },
    {
      why: "our keys were already in the config: the tasks run as the principal",
      recorded: undefined,
      current: "a",
      isConfigWritten: false,
      isNeeded: false,
    },
    { why: "nothing changed", recorded: "a", current: "a", isConfigWritten: false, isNeeded: false },
    {
      why: "our keys changed, not the identity (a dead letter queue added)",
      recorded: "a",
      current: "a",
      isConfigWritten: true,
      isNeeded: false,
    },
    {
      why: "the Secret rotated behind unchanged variables",
      recorded: "a",
      current: "b",
      isConfigWritten: false,
      isNeeded: true,
    },
    {
      why: "our keys were removed: the tasks go back to the workers' principal",
      recorded: "a",
      current: undefined,
      isConfigWritten: true,
      isNeeded: true,
    },
    {
      why: "our keys were already gone on removal",
      recorded: "a",
      current: undefined,
      isConfigWritten: false,
      isNeeded: false,
    },
  ])("$why", ({ recorded, current, isConfigWritten, isNeeded }) => {
    expect(planTaskRestart({ recorded, current, isConfigWritten }).isNeeded).toBe(isNeeded);
  });
});

describe("restartAfterAcls", () => {
  const running = { state: "RUNNING", tasks: [{ id: 0, state: "RUNNING" }] };
  const failed = {
    state: "RUNNING",
    tasks: [{ id: 0, state: "FAILED", trace: "TopicAuthorizationException" }],
  };
  const newIdentity = { isNeeded: true, why: "the principal or its credential changed" } as const;

  it.each([
    {
      why: "a new identity restarts every task, whatever else happened",
      planned: newIdentity,
      isAfterAclChange: true,
      connector: failed,
      expected: newIdentity,
    },
    {
      why: "tasks the brokers refused get one restart once their ACLs exist",
      planned: { isNeeded: false } as const,
      isAfterAclChange: true,
      connector: failed,
      expected: { isNeeded: true, why: "failed tasks get the ACLs their principal lacked", onlyFailed: true },
    },
    {
      why: "running tasks are left alone after an ACL change",
      planned: { isNeeded: false } as const,
      isAfterAclChange: true,
      connector: running,
      expected: { isNeeded: false },
    },
    {
      why: "a task that failed for another cause is not restarted again and again",
      planned: { isNeeded: false } as const,
      isAfterAclChange: false,
      connector: failed,
      expected: { isNeeded: false },
    },
  ])("$why", ({ planned, isAfterAclChange, connector, expected }) => {
    expect(restartAfterAcls({ planned, isAfterAclChange, connector })).toEqual(expected);
  });
});
