import { describe, expect, it } from "vitest";
import { type ClusterObservation, clusterConditions } from "./checks.ts";

const facts = { clusterId: "abc", brokerCount: 3, controllerId: 1, authorizerPresent: true };
const verdicts = (o: ClusterObservation) =>
  Object.fromEntries(clusterConditions(o).map((c) => [c.type, `${c.status}/${c.reason}`]));

describe("clusterConditions", () => {
  it.each([
    {
      why: "a login that describes the cluster makes every condition true",
      o: { outcome: "ready", facts },
      expected: {
        Reachable: "True/Connected",
        CredentialsValid: "True/Authenticated",
        Ready: "True/ClusterReady",
      },
    },
    {
      why: "a cluster without an authorizer cannot take ACLs, so it is not Ready",
      o: { outcome: "ready", facts: { ...facts, authorizerPresent: false } },
      expected: {
        Reachable: "True/Connected",
        CredentialsValid: "True/Authenticated",
        Ready: "False/AuthorizerDisabled",
      },
    },
    {
      why: "a refused credential is a credential problem on a reachable cluster",
      o: { outcome: "failed", reason: "AuthenticationFailed", message: "m" },
      expected: {
        Reachable: "True/Connected",
        CredentialsValid: "False/AuthenticationFailed",
        Ready: "False/AuthenticationFailed",
      },
    },
    {
      why: "an untrusted broker certificate is a trust-settings problem",
      o: { outcome: "failed", reason: "TlsVerificationFailed", message: "m" },
      expected: {
        Reachable: "True/Connected",
        CredentialsValid: "False/TlsVerificationFailed",
        Ready: "False/TlsVerificationFailed",
      },
    },
    {
      why: "an unreachable cluster leaves the credential unjudged",
      o: { outcome: "failed", reason: "ClusterUnreachable", message: "m" },
      expected: {
        Reachable: "False/ClusterUnreachable",
        CredentialsValid: "Unknown/ClusterUnreachable",
        Ready: "False/ClusterUnreachable",
      },
    },
    {
      why: "a missing Secret means no login was tried",
      o: { outcome: "credentialUnusable", reason: "SecretNotFound", message: "m" },
      expected: {
        Reachable: "Unknown/SecretNotFound",
        CredentialsValid: "False/SecretNotFound",
        Ready: "False/SecretNotFound",
      },
    },
  ] as Array<{ why: string; o: ClusterObservation; expected: Record<string, string> }>)(
    "$why",
    ({ o, expected }) => {
      expect(verdicts(o)).toEqual(expected);
    },
  );
});
