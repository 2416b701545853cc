// The KDC cannot be reached while a KafkaCluster's GSSAPI credential is being proven (a Secret
// re-issued with a new keytab file, so the operator must ask the KDC for a ticket). The
// cluster says why with a reason that is retried, and recovers by itself, without a restart
// or a change, once the KDC answers again. The real KDC stays up: the network path to it is
// cut and restored (tcp-proxy.ts), which a client cannot tell from a KDC that went down.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportKeytab } from "../../local-stack/kdc.ts";
import { gssapiCredentials, kafkaCluster, secret } from "../e2e/manifests.ts";
import { conditionPath, type OperatorFixture, READY, startOperatorFixture } from "../e2e/operator-fixture.ts";
import { useStack } from "../env/use-stack.ts";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.ts";

const stack = await useStack("kube", "kafka");
const { destination } = stack.kafka;

let f: OperatorFixture;
let proxy: TcpProxy;
beforeAll(async () => {
  proxy = await startTcpProxy({ host: stack.kdc.host, port: stack.kdc.port });
  // Long resyncs: the recovery must come from retrying, not from a resync round.
  f = await startOperatorFixture("kdc-down", { flags: ["--resync-period=10m"] });
});
afterAll(async () => {
  await f?.stop();
  await proxy?.close();
});

/** The run's krb5.conf with the KDC reached through the proxy. */
const krb5ViaProxy = () =>
  readFileSync(stack.kdc.krb5ConfPath, "utf8").replaceAll(
    `${stack.kdc.host}:${stack.kdc.port}`,
    `127.0.0.1:${proxy.port}`,
  );
let exports = 0;
let lastExportSecond = 0;
/**
 * A Secret with a freshly exported keytab of kao-admin: same keys, bytes the operator has not
 * seen. A keytab entry carries its export time in whole seconds, so two exports within one
 * second are the same bytes: the next export waits for the next second.
 */
async function kerberosSecret() {
  for (let waited = 0; Math.floor(Date.now() / 1000) <= lastExportSecond && waited < 20; waited++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const keytab = join(stack.kdc.keytabDir, `${f.namespace}-kao-admin-${++exports}.keytab`);
  exportKeytab(stack.kdc, "kao-admin", keytab);
  lastExportSecond = Math.floor(Date.now() / 1000);
  return secret("kerberos", {
    keytab: readFileSync(keytab),
    "krb5.conf": krb5ViaProxy(),
    "ca.crt": readFileSync(stack.tls.caPem),
  });
}

describe("the KDC unreachable while a GSSAPI credential is proven", () => {
  it("turns the cluster not Ready with a retryable reason naming the KDC, and recovers without a restart", async () => {
    f.apply(await kerberosSecret());
    f.apply(
      kafkaCluster(
        "kerberos",
        destination.bootstrap.gssapi,
        gssapiCredentials("kerberos", `kao-admin@${stack.kdc.realm}`),
      ),
    );
    await f.waitFor("kafkacluster/kerberos", READY, (v) => v === "True/ClusterReady", 60_000);

    await proxy.cut();
    f.apply(await kerberosSecret());
    const state = await f.waitFor("kafkacluster/kerberos", READY, (v) => v.startsWith("False/"), 60_000);
    expect(state).toBe("False/ClusterUnreachable");
    expect(f.read("kafkacluster/kerberos", conditionPath("Ready", "message"))).toMatch(/KDC/);

    await proxy.restore();
    await f.waitFor("kafkacluster/kerberos", READY, (v) => v === "True/ClusterReady", 120_000);
  }, 300_000);
});
