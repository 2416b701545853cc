import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import {
  CREDENTIALS_VALID,
  connectorsOf,
  gssapiLink,
  LINK_ACTIVE,
  LINK_PRINCIPAL,
  linkCredentials,
  mountedSecret,
  produceToSource,
  startLinkFixture,
} from "./cluster-link-fixture.ts";
import { aclsOf } from "./kafka-acl-listing.ts";
import { conditionPath, type OperatorFixture, READY } from "./operator-fixture.ts";

const stack = await useStack("connect");

let f: OperatorFixture;
beforeAll(async () => {
  f = await startLinkFixture("link-keytab", { links: ["refunds"] });
});
afterAll(() => f?.stop());

const keytabSecret = (keytab: string) =>
  mountedSecret(`${f.namespace}-refunds-keytab`, {
    "link.keytab": readFileSync(keytab),
    "krb5.conf": readFileSync(stack.kdc.krb5ConfPath),
  });

describe("a ClusterLink whose keytab Secret holds another principal's keys", () => {
  it("says so in CredentialsValid, creates no connector and applies no ACL; the right keytab brings it up", async () => {
    const topic = `${f.namespace}.refunds`;
    await produceToSource(topic, ["r-1"]);
    f.apply(keytabSecret(stack.kdc.keytabs.other!));
    const link = gssapiLink(f.namespace, "refunds", { mirrors: { topics: [{ name: topic }] } });
    const gssapi = linkCredentials(f.namespace).gssapi as { sasl: { gssapi: Record<string, unknown> } };
    const credential = {
      ...gssapi,
      sasl: {
        ...gssapi.sasl,
        gssapi: {
          ...gssapi.sasl.gssapi,
          keytab: { name: `${f.namespace}-refunds-keytab`, key: "link.keytab" },
          krb5Conf: { name: `${f.namespace}-refunds-keytab`, key: "krb5.conf" },
        },
      },
    };
    f.apply({ ...link, spec: { ...link.spec, source: { ...link.spec.source, credential } } });

    await f.waitFor(
      "clusterlink/refunds",
      CREDENTIALS_VALID,
      (v) => v === "False/KeytabPrincipalMismatch",
      60_000,
    );
    expect(f.read("clusterlink/refunds", conditionPath("CredentialsValid", "message"))).toContain(
      `holds keys for other@${stack.kdc.realm}, not for "link@${stack.kdc.realm}"`,
    );
    expect(f.read("clusterlink/refunds", READY)).toBe("False/KeytabPrincipalMismatch");
    expect(f.read("clusterlink/refunds", LINK_ACTIVE)).toBe("Unknown/KeytabPrincipalMismatch");
    expect(await connectorsOf(f.namespace, "refunds")).toEqual([]);
    expect(aclsOf(stack.kafka.source, LINK_PRINCIPAL)).not.toContain(topic);
    expect(aclsOf(stack.kafka.destination, LINK_PRINCIPAL)).not.toContain(topic);

    // The Secret's change re-queues the link; the right keytab is proven and the link is made.
    f.apply(keytabSecret(stack.kdc.keytabs.link!));
    await f.waitFor("clusterlink/refunds", CREDENTIALS_VALID, (v) => v === "True/CredentialsValid", 60_000);
    expect(await connectorsOf(f.namespace, "refunds")).toEqual([
      `${f.namespace}.refunds.MirrorSourceConnector`,
    ]);
  });
});
