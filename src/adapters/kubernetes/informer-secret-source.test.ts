import type { V1Secret } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { MissingSecretError } from "../../ports/secret-source.ts";
import { InformerSecretSource } from "./informer-secret-source.ts";

const secret = (namespace: string, name: string, data: Record<string, string>): V1Secret => ({
  metadata: { namespace, name },
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString("base64")])),
});
const cached = [
  secret("team-a", "link", { password: "s3cret", empty: "" }),
  secret("team-b", "other", { password: "theirs" }),
];
const source = new InformerSecretSource({
  get: (namespace, name) =>
    cached.find((s) => s.metadata?.namespace === namespace && s.metadata?.name === name),
});

describe("InformerSecretSource", () => {
  it("decodes the key of the Secret in the namespace asked for", () => {
    expect(source.read("team-a", { name: "link", key: "password" }, "password").toString()).toBe("s3cret");
  });

  it("returns an empty value as empty, not as missing", () => {
    expect(source.read("team-a", { name: "link", key: "empty" }, "password").length).toBe(0);
  });

  it.each([
    {
      why: "the Secret does not exist",
      namespace: "team-a",
      ref: { name: "absent", key: "password" },
      reason: "SecretNotFound",
      message: 'Secret "absent" (password) does not exist',
    },
    {
      why: "the Secret lacks the key",
      namespace: "team-a",
      ref: { name: "link", key: "keytab" },
      reason: "SecretKeyNotFound",
      message: 'Secret "link" has no key "keytab" (password)',
    },
    {
      why: "a Secret of that name lives only in another namespace (never read across namespaces)",
      namespace: "team-a",
      ref: { name: "other", key: "password" },
      reason: "SecretNotFound",
      message: 'Secret "other" (password) does not exist',
    },
  ])(
    "throws MissingSecretError ($reason, not retryable) when $why",
    ({ namespace, ref, reason, message }) => {
      let thrown: unknown;
      try {
        source.read(namespace, ref, "password");
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(MissingSecretError);
      expect(thrown).toMatchObject({ reason, message, isRetryable: false });
    },
  );
});
