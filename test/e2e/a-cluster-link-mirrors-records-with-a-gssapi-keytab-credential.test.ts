import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSecretValues } from "../../src/credentials/client-properties.ts";
import { useStack } from "../env/use-stack.ts";
import {
  CREDENTIALS_VALID,
  connectorsOf,
  consumeFrom,
  gssapiLink,
  LINK_PRINCIPAL,
  linkSecrets,
  produceToSource,
  startLinkFixture,
  untilOnDestination,
} from "./cluster-link-fixture.ts";
import { aclsOf } from "./kafka-acl-listing.ts";
import { type OperatorFixture, READY } from "./operator-fixture.ts";

const stack = await useStack("connect");

let f: OperatorFixture;
beforeAll(async () => {
  f = await startLinkFixture("link-gssapi", { links: ["orders"] });
});
afterAll(() => f?.stop());

describe("a ClusterLink with a GSSAPI link credential from a keytab Secret", () => {
  it("mirrors records produced to the source into the mirror topic on the destination, with no secret in its connectors' configs", async () => {
    const topic = `${f.namespace}.orders`;
    const values = ["o-1", "o-2", "o-3", "o-4"];
    await produceToSource(topic, values);

    f.apply(gssapiLink(f.namespace, "orders", { mirrors: { topics: [{ name: topic }] } }));
    await f.waitFor("clusterlink/orders", READY, (v) => v === "True/LinkReady", 90_000);
    expect(f.read("clusterlink/orders", CREDENTIALS_VALID)).toBe("True/CredentialsValid");

    await untilOnDestination(topic);
    expect(await consumeFrom("destination", topic, `${f.namespace}-reader`, values.length)).toEqual(values);

    // kubectl shows where the link goes, how, and how far it got.
    const row = f.kubectl(["-n", f.namespace, "get", "clusterlink/orders", "--no-headers"]).stdout;
    expect(row.split(/\s+/).slice(0, 7)).toEqual([
      "orders",
      `${f.namespace}/source`,
      "destination",
      "mirrorMaker2",
      "1",
      "True",
      "LinkReady",
    ]);
    // Its ACLs are the link's own, on both clusters.
    expect(aclsOf(stack.kafka.source, LINK_PRINCIPAL)).toContain(`name=${topic}, patternType=LITERAL`);
    expect(aclsOf(stack.kafka.destination, LINK_PRINCIPAL)).toContain(`name=${topic}, patternType=LITERAL`);
    await f.waitFor("clusterlink/orders", "{.status.mirrorTopics[0].lag}", (lag) => lag === "0", 30_000);

    const [connector] = await connectorsOf(f.namespace, "orders");
    expect(connector).toBe(`${f.namespace}.orders.MirrorSourceConnector`);
    const stored = await (
      await fetch(`${stack.connect.restUrl}/connectors/${encodeURIComponent(connector!)}/config`)
    ).text();
    const secrets = linkSecrets(f.namespace);
    expect(stored).toContain(`${stack.connect.secretMountPath}/${secrets.keytab}/link.keytab`);
    expect(stored).toContain(`\${secrets:${f.namespace}/${secrets.ca}:ca.crt}`);
    expect(
      findSecretValues(stored, [
        readFileSync(stack.kdc.keytabs.link!).toString("base64"),
        readFileSync(stack.tls.caPem, "utf8").split("\n")[1]!,
      ]),
    ).toEqual([]);
  });
});
