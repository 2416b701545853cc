import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../env/use-stack.ts";
import {
  consumeFrom,
  gssapiLink,
  LINK_PRINCIPAL,
  linkCredentials,
  produceToSource,
  startLinkFixture,
  untilOnDestination,
} from "./cluster-link-fixture.ts";
import { aclsOf } from "./kafka-acl-listing.ts";
import { type OperatorFixture, READY } from "./operator-fixture.ts";

const { source, destination } = (await useStack("connect")).kafka;

let f: OperatorFixture;
beforeAll(async () => {
  f = await startLinkFixture("link-creds", { links: ["scram", "mtls"] });
});
afterAll(() => f?.stop());

describe("ClusterLinks with other link credentials", () => {
  it.each([
    {
      name: "scram",
      listener: "scram" as const,
      // Each cluster gave the SCRAM user its own password; "_" separates the prefix.
      prefix: "eu_",
      source: (c: ReturnType<typeof linkCredentials>) => ({ credential: c.scram }),
      destination: (c: ReturnType<typeof linkCredentials>) => ({ credential: c.scramOnDestination }),
    },
    {
      name: "mtls",
      listener: "ssl" as const,
      prefix: undefined,
      // A certificate names no principal the operator can read: the spec says it.
      source: (c: ReturnType<typeof linkCredentials>) => ({ credential: c.mtls, principal: LINK_PRINCIPAL }),
      destination: () => ({}),
    },
  ])(
    "mirrors records over $name",
    async ({ name, listener, prefix, source: sourceAccess, destination: destinationAccess }) => {
      const topic = `${f.namespace}.events-${name}`;
      const mirror = `${prefix ?? ""}${topic}`;
      const values = ["e-1", "e-2", "e-3"];
      await produceToSource(topic, values);
      const credentials = linkCredentials(f.namespace);
      f.apply(
        gssapiLink(f.namespace, name, {
          source: {
            kafkaClusterRef: { name: source.name },
            bootstrapServers: [source.bootstrap[listener]],
            ...sourceAccess(credentials),
          },
          mirrorMaker2: {
            connectClusterRef: { name: "connect" },
            destinationAccess: {
              bootstrapServers: [destination.bootstrap[listener]],
              ...destinationAccess(credentials),
            },
          },
          mirrors: { topics: [{ name: topic }], ...(prefix ? { prefix } : {}) },
        }),
      );
      await f.waitFor(`clusterlink/${name}`, READY, (v) => v === "True/LinkReady", 90_000);
      await untilOnDestination(mirror);
      expect(
        await consumeFrom("destination", mirror, `${f.namespace}-${name}-reader`, values.length),
      ).toEqual(values);
      expect(f.read(`clusterlink/${name}`, "{.status.mirrorTopics[0].mirrorTopic}")).toBe(mirror);
      // The destination side's ACLs are on the mirror's name, as the link names it.
      expect(aclsOf(destination, LINK_PRINCIPAL)).toContain(`name=${mirror}, patternType=LITERAL`);
    },
  );
});
