// A second Connect worker, configured with connector.client.config.override.policy=None: the
// worker's own answer to the validate endpoint refuses the principal's overrides, so the
// ConnectorPrincipal reports the policy it needs and changes nothing: no ACL, no config write,
// no finalizer.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Connect, startConnect } from "../../local-stack/connect.ts";
import { useStack } from "../env/use-stack.ts";
import {
  applyClusters,
  connectApiOf,
  connectorPrincipalManifest,
  externalCalls,
  scramPrincipal,
  type TestPrincipal,
  uniqueName,
} from "./connector-principals.ts";
import { aclsOf } from "./kafka-acl-listing.ts";
import {
  conditionPath,
  conditionState,
  type OperatorFixture,
  startOperatorFixture,
} from "./operator-fixture.ts";

const stack = await useStack("connect");
const { destination } = stack.kafka;
const connector = uniqueName("locked-sink");
const userConfig = {
  name: connector,
  "connector.class": "FileStreamSink",
  "tasks.max": "1",
  topics: uniqueName("locked"),
  file: "/dev/null",
};

let f: OperatorFixture;
let worker: Connect;
let principal: TestPrincipal;
beforeAll(async () => {
  worker = await startConnect(stack.runDir, {
    kafka: destination,
    kube: stack.kube,
    name: `connect-none-${randomBytes(3).toString("hex")}`,
    overridePolicy: "None",
  });
  f = await startOperatorFixture("cp-none", { flags: ["--resync-period=3s"] });
  await applyClusters(f, worker.info);
  principal = scramPrincipal(f, connector);
  await connectApiOf(worker.info).putConnectorConfig(connector, userConfig);
});
afterAll(async () => {
  await f?.stop();
  await worker?.stop();
});

describe("a ConnectorPrincipal on workers whose override policy is None", () => {
  it("says the workers forbid its overrides, names the policy they need, and changes nothing", async () => {
    const before = await externalCalls(f);
    // SASL keys only: the Principal policy would do.
    const { principal: name, credential } = principal.spec;
    f.apply(
      connectorPrincipalManifest("locked-sink", {
        connectRef: { name: "connect" },
        connector,
        principal: name,
        credential,
      }),
    );
    await f.waitFor(
      "connectorprincipal/locked-sink",
      conditionState("OverridePolicyAllows"),
      (v) => v === "False/OverridePolicyForbids",
    );
    expect(
      f.read("connectorprincipal/locked-sink", conditionPath("OverridePolicyAllows", "message")),
    ).toContain("this principal's overrides need connector.client.config.override.policy=Principal");
    expect(f.read("connectorprincipal/locked-sink", conditionState("Ready"))).toBe(
      "False/OverridePolicyForbids",
    );
    expect(f.read("connectorprincipal/locked-sink", "{.status.requiredOverridePolicy}")).toBe("Principal");

    expect((await connectApiOf(worker.info).getConnector(connector))?.config).toEqual(userConfig);
    expect(aclsOf(destination, principal.principal)).not.toContain(`principal=${principal.principal},`);
    expect(f.read("connectorprincipal/locked-sink", "{.metadata.finalizers}")).toBe("");
    const after = await externalCalls(f);
    for (const write of ["kafka/CreateAcls", "connect/putConnectorConfig", "connect/restartConnector"]) {
      expect(after[write] ?? 0, write).toBe(before[write] ?? 0);
    }
  });
});
