import { describe, expect, it } from "vitest";
import { secretNamesIn } from "./secret-names.ts";

describe("secretNamesIn", () => {
  it.each([
    { why: "no spec", spec: undefined, names: [] },
    {
      why: "a credential's password and keystore, each Secret once",
      spec: {
        credentials: {
          sasl: { password: { name: "admin", key: "password" } },
          tls: { keystore: { store: { name: "tls", key: "p12" }, password: { name: "tls", key: "pw" } } },
        },
      },
      names: ["admin", "tls"],
    },
    {
      why: "references nested in lists and other blocks (an MDS login beside the Kafka credential)",
      spec: {
        confluent: { mdsCredentials: { basic: { password: { name: "mds", key: "password" } } } },
        items: [{ token: { name: "token", key: "t" } }],
      },
      names: ["mds", "token"],
    },
    {
      why: "a cluster reference, which names no key, is not a Secret",
      spec: { clusterRef: { name: "prod", namespace: "kafka" } },
      names: [],
    },
  ])("finds $why", ({ spec, names }) => {
    expect(secretNamesIn(spec)).toEqual(names);
  });
});
