import { HttpMethod, KubeConfig, RequestContext } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { shareKubeConnections } from "./kube-connection-sharing.ts";

const base64 = (text: string) => Buffer.from(text).toString("base64");

/** A kubeconfig of one API server and one client certificate; nothing here connects. */
function kubeConfigWith(certificate: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: "c", server: "https://127.0.0.1:6443", caData: base64("a CA"), skipTLSVerify: false }],
    users: [{ name: "u", certData: base64(certificate), keyData: base64("a key") }],
    contexts: [{ name: "x", cluster: "c", user: "u" }],
    currentContext: "x",
  });
  return kubeConfig;
}

async function dispatcherOf(kubeConfig: KubeConfig, path: string) {
  const context = new RequestContext(`https://127.0.0.1:6443${path}`, HttpMethod.GET);
  await kubeConfig.applySecurityAuthentication(context);
  return context.getDispatcher();
}

describe("shareKubeConnections", () => {
  it("without it, each request gets a pool of its own (what it is there to change)", async () => {
    const kubeConfig = kubeConfigWith("a certificate");
    const first = await dispatcherOf(kubeConfig, "/api/v1/secrets");
    expect(first).toBeDefined();
    expect(await dispatcherOf(kubeConfig, "/api/v1/configmaps")).not.toBe(first);
  });

  it("gives every request of one TLS identity the same pool", async () => {
    const kubeConfig = kubeConfigWith("a certificate");
    shareKubeConnections(kubeConfig);
    const first = await dispatcherOf(kubeConfig, "/api/v1/secrets");
    expect(first).toBeDefined();
    expect(await dispatcherOf(kubeConfig, "/apis/kafkaaccess.io/v1alpha1/kafkaacls")).toBe(first);
  });

  it("gives a new pool once the client certificate changes, as after a rotation", async () => {
    const kubeConfig = kubeConfigWith("a certificate");
    shareKubeConnections(kubeConfig);
    const before = await dispatcherOf(kubeConfig, "/api/v1/secrets");
    const user = kubeConfig.getCurrentUser() as { certData?: string };
    user.certData = base64("the rotated certificate");
    const after = await dispatcherOf(kubeConfig, "/api/v1/secrets");
    expect(after).not.toBe(before);
    expect(await dispatcherOf(kubeConfig, "/api/v1/configmaps")).toBe(after);
  });
});
