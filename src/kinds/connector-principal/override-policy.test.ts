import { describe, expect, it } from "vitest";
import { overridePolicyNeeded, readOverrideValidation } from "./override-policy.ts";

const scramOverrides = {
  "consumer.override.security.protocol": "SASL_PLAINTEXT",
  "consumer.override.sasl.mechanism": "SCRAM-SHA-512",
  "consumer.override.sasl.jaas.config": '… password="${secrets:team-a/s:password}";',
};
const keystoreOverrides = {
  "producer.override.security.protocol": "SSL",
  "producer.override.ssl.keystore.type": "PKCS12",
  "producer.override.ssl.keystore.location": "/mnt/secrets/ks/p12",
  "producer.override.ssl.keystore.password": "${secrets:team-a/ks:password}",
};
/** The worker's message for a key its policy refuses (AbstractConnectorClientConfigOverridePolicy). */
const refusal = (policy: string, key: string) => ({
  field: key,
  errors: [
    `The '${policy}' policy does not allow '${key.replace(/^[a-z]+\.override\./, "")}' to be overridden in the connector configuration.`,
  ],
});

describe("overridePolicyNeeded", () => {
  it.each([
    {
      why: "SASL keys fit the Principal policy",
      keys: Object.keys(scramOverrides),
      policy: "Principal",
      beyond: [],
    },
    {
      why: "a per-connector keystore needs All",
      keys: Object.keys(keystoreOverrides),
      policy: "All",
      beyond: [
        "producer.override.ssl.keystore.type",
        "producer.override.ssl.keystore.location",
        "producer.override.ssl.keystore.password",
      ],
    },
    {
      why: "another listener's bootstrap servers need All",
      keys: [...Object.keys(scramOverrides), "consumer.override.bootstrap.servers"],
      policy: "All",
      beyond: ["consumer.override.bootstrap.servers"],
    },
    {
      why: "reporter settings are plain connector settings, outside the policy",
      keys: ["reporter.producer.ssl.keystore.location", "reporter.bootstrap.servers"],
      policy: "None",
      beyond: [],
    },
  ])("$why", ({ keys, policy, beyond }) => {
    expect(overridePolicyNeeded(keys)).toEqual({ policy, beyondPrincipal: beyond });
  });
});

describe("readOverrideValidation", () => {
  it("allows when the worker reports no error", () => {
    expect(readOverrideValidation([], scramOverrides)).toEqual({ verdict: "allowed" });
  });

  it("names the Principal policy when the None policy refuses SASL keys", () => {
    const verdict = readOverrideValidation(
      Object.keys(scramOverrides).map((key) => refusal("None", key)),
      scramOverrides,
    );
    expect(verdict).toMatchObject({ verdict: "forbidden", refusedKeys: Object.keys(scramOverrides) });
    expect(verdict.verdict === "forbidden" && verdict.message).toContain(
      "this principal's overrides need connector.client.config.override.policy=Principal. Nothing was changed",
    );
  });

  it("names the All policy and the keys beyond Principal when the Principal policy refuses a keystore", () => {
    const refused = Object.keys(keystoreOverrides).filter((key) => !key.endsWith("security.protocol"));
    const verdict = readOverrideValidation(
      refused.map((key) => refusal("Principal", key)),
      keystoreOverrides,
    );
    expect(verdict.verdict === "forbidden" && verdict.message).toContain(
      "need connector.client.config.override.policy=All (producer.override.ssl.keystore.type; producer.override.ssl.keystore.location; producer.override.ssl.keystore.password are beyond the Principal policy's",
    );
  });

  it("blames the config, not the policy, for errors on keys this resource does not set", () => {
    const verdict = readOverrideValidation(
      [{ field: "tasks.max", errors: ["Invalid value x for configuration tasks.max"] }],
      scramOverrides,
    );
    expect(verdict).toMatchObject({ verdict: "configInvalid", fields: ["tasks.max"] });
    expect(verdict.verdict === "configInvalid" && verdict.message).toContain("tasks.max: Invalid value x");
  });

  it("reports the policy first when both are wrong, since fixing the config alone would not do", () => {
    const verdict = readOverrideValidation(
      [{ field: "tasks.max", errors: ["bad"] }, refusal("None", "consumer.override.sasl.mechanism")],
      scramOverrides,
    );
    expect(verdict).toMatchObject({
      verdict: "forbidden",
      refusedKeys: ["consumer.override.sasl.mechanism"],
    });
  });
});
