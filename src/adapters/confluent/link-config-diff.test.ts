import { describe, expect, it } from "vitest";
import type { LinkConfigEntry } from "./cluster-link-client.ts";
import { diffLinkConfigs, sideMismatch } from "./link-config-diff.ts";

const set = (name: string, value: string, isSensitive = false): LinkConfigEntry => ({
  name,
  value: isSensitive ? "" : value,
  isSensitive,
  isReadOnly: false,
  source: "DYNAMIC_CLUSTER_LINK_CONFIG",
});
const byDefault = (name: string, value: string | undefined, isSensitive = false): LinkConfigEntry => ({
  name,
  value,
  isSensitive,
  isReadOnly: false,
  source: "DEFAULT_CONFIG",
});

const JAAS = 'ScramLoginModule required username="link" password="p";';

describe("diffLinkConfigs", () => {
  it.each<{
    why: string;
    desired: Record<string, string>;
    observed: LinkConfigEntry[];
    hasSameSecrets?: boolean;
    recordedKeys?: string[];
    set: string[];
    remove: string[];
  }>([
    {
      why: "nothing to do when every value matches, a default included",
      desired: { "bootstrap.servers": "s:9093", "acl.sync.enable": "false" },
      observed: [set("bootstrap.servers", "s:9093"), byDefault("acl.sync.enable", "false")],
      set: [],
      remove: [],
    },
    {
      why: "a changed value is set",
      desired: { "consumer.offset.sync.ms": "10000" },
      observed: [set("consumer.offset.sync.ms", "30000")],
      set: ["consumer.offset.sync.ms"],
      remove: [],
    },
    {
      why: "a value the server does not list is set",
      desired: { "mirror.start.offset.spec": "earliest" },
      observed: [],
      set: ["mirror.start.offset.spec"],
      remove: [],
    },
    {
      why: "an empty value matches one the server shows as null",
      desired: { "ssl.endpoint.identification.algorithm": "" },
      observed: [byDefault("ssl.endpoint.identification.algorithm", undefined)],
      set: [],
      remove: [],
    },
    {
      why: "a hidden secret is trusted when the record says it was written from the current Secrets",
      desired: { "sasl.jaas.config": JAAS },
      observed: [set("sasl.jaas.config", JAAS, true)],
      set: [],
      remove: [],
    },
    {
      why: "a hidden secret is written again when the Secrets changed (or nothing was recorded)",
      desired: { "sasl.jaas.config": JAAS },
      observed: [set("sasl.jaas.config", JAAS, true)],
      hasSameSecrets: false,
      set: ["sasl.jaas.config"],
      remove: [],
    },
    {
      why: "a secret at its default is not set, whatever the record says",
      desired: { "ssl.truststore.password": "p" },
      observed: [byDefault("ssl.truststore.password", undefined, true)],
      set: ["ssl.truststore.password"],
      remove: [],
    },
    {
      why: "pausing is left to pause and resume",
      desired: { "cluster.link.paused": "true" },
      observed: [set("cluster.link.paused", "false")],
      set: [],
      remove: [],
    },
    {
      why: "credential configs of a former credential are removed (SCRAM replaced by mutual TLS)",
      desired: { "security.protocol": "SSL", "ssl.keystore.location": "/k" },
      observed: [
        set("security.protocol", "SASL_SSL"),
        set("sasl.mechanism", "SCRAM-SHA-512"),
        set("sasl.jaas.config", JAAS, true),
        set("ssl.keystore.location", "/k"),
      ],
      set: ["security.protocol"],
      remove: ["sasl.jaas.config", "sasl.mechanism"],
    },
    {
      why: "an interval no longer given is removed, back to the server's default",
      desired: {},
      observed: [set("consumer.offset.sync.ms", "10000")],
      set: [],
      remove: ["consumer.offset.sync.ms"],
    },
    {
      why: "a configs key the record says was written, and the spec dropped, is removed",
      desired: {},
      observed: [set("mirror.start.offset.spec", "earliest")],
      recordedKeys: ["mirror.start.offset.spec"],
      set: [],
      remove: ["mirror.start.offset.spec"],
    },
    {
      why: "configs the server keeps for itself are never touched: not ours, read-only, or defaults",
      desired: {},
      observed: [
        set("local.listener.name", "INTERNAL"),
        set("config.providers.clusterlink.param.encrypted.secret.ssl.keystore.password", "x"),
        set("link.mode", "DESTINATION"),
        { ...set("sasl.mechanism", "PLAIN"), isReadOnly: true },
        byDefault("acl.sync.ms", "5000"),
      ],
      set: [],
      remove: [],
    },
  ])("$why", ({ desired, observed, hasSameSecrets = true, recordedKeys = [], set, remove }) => {
    const diff = diffLinkConfigs({ desired, observed, hasSameSecrets, recordedKeys });
    expect(diff.set.map((change) => change.name)).toEqual(set);
    expect(diff.remove).toEqual(remove);
    expect(diff.differences).toHaveLength(set.length + remove.length);
  });

  it("says what differs by name, never by value", () => {
    const diff = diffLinkConfigs({
      desired: { "sasl.jaas.config": JAAS, "acl.sync.ms": "2000" },
      observed: [set("sasl.jaas.config", JAAS, true), set("acl.sync.ms", "5000")],
      hasSameSecrets: false,
      recordedKeys: [],
    });
    expect(diff.differences).toEqual([
      "sasl.jaas.config holds a secret written before the referenced Secrets last changed (or not recorded)",
      "acl.sync.ms differs",
    ]);
    expect(diff.differences.join()).not.toContain("password");
  });
});

describe("sideMismatch", () => {
  it.each([
    {
      why: "a destination link as the server lists it",
      side: "destination" as const,
      observed: [set("link.mode", "DESTINATION")],
      mismatch: undefined,
    },
    {
      why: "a destination link whose modes are defaults",
      side: "destination" as const,
      observed: [],
      mismatch: undefined,
    },
    {
      why: "an inbound destination half",
      side: "sourceInitiatedDestination" as const,
      observed: [set("link.mode", "DESTINATION"), set("connection.mode", "INBOUND")],
      mismatch: undefined,
    },
    {
      why: "a destination-initiated link where the spec now wants the inbound half of a pair",
      side: "sourceInitiatedDestination" as const,
      observed: [set("link.mode", "DESTINATION")],
      mismatch: "its connection.mode is OUTBOUND, this link needs INBOUND",
    },
    {
      why: "a source half where a destination link is wanted",
      side: "destination" as const,
      observed: [set("link.mode", "SOURCE"), set("connection.mode", "OUTBOUND")],
      mismatch: "its link.mode is SOURCE, this link needs DESTINATION",
    },
  ])("$why", ({ side, observed, mismatch }) => {
    expect(sideMismatch(side, observed)).toBe(mismatch);
  });
});
