// The e2e promise that a Secret's value never shows, checked at the end of every e2e file by
// the operator fixture: every value of every Secret in the test's namespace is looked for in
// every line the operator logged, every kafkaaccess resource (status included), every Event
// (read after the operator stopped, so its Event queue has drained) and the stored config of
// every connector on the Connect clusters the namespace's ConnectClusters point at.
import { findSecretValues } from "../../src/credentials/client-properties.ts";

type Kubectl = (args: readonly string[]) => { status: number; stdout: string; stderr: string };

/** A Secret's value as it could show: text as itself, anything else (keytabs, stores) in base64. */
function shownForms(base64: string): string[] {
  const bytes = Buffer.from(base64, "base64");
  const text = bytes.toString("utf8");
  const isText =
    Buffer.from(text, "utf8").equals(bytes) &&
    [...bytes].every((b) => b >= 0x20 || b === 0x0a || b === 0x0d || b === 0x09);
  if (!isText) return [base64];
  // A PEM's lines (its base64 body) are what a leak of it would show.
  const lines = text.split(/\r?\n/).filter((line) => line.length >= 16 && !line.startsWith("-----"));
  return [text.replace(/\r?\n$/, ""), ...lines];
}

/** Public material kept in Secrets (CA certificates, krb5.conf): not secret, so not looked for. */
const isPublic = (key: string, text: string) =>
  /(^|\.)(crt|pem|conf)$/.test(key) && !text.includes("PRIVATE KEY");

function namespaceSecretValues(kubectl: Kubectl, namespace: string): string[] {
  const listing = kubectl(["-n", namespace, "get", "secrets", "-o", "json"]);
  if (listing.status !== 0) throw new Error(`Cannot list the Secrets of ${namespace}: ${listing.stderr}`);
  const items = JSON.parse(listing.stdout).items as { data?: Record<string, string> }[];
  return items.flatMap(({ data = {} }) =>
    Object.entries(data).flatMap(([key, base64]) =>
      isPublic(key, Buffer.from(base64, "base64").toString("utf8")) ? [] : shownForms(base64),
    ),
  );
}

async function connectorConfigs(kubectl: Kubectl, namespace: string): Promise<string[]> {
  const listing = kubectl(["-n", namespace, "get", "connectclusters", "-o", "json"]);
  if (listing.status !== 0) return [];
  const urls = new Set(
    (JSON.parse(listing.stdout).items as { spec?: { restUrl?: string } }[]).flatMap((c) =>
      c.spec?.restUrl ? [c.spec.restUrl] : [],
    ),
  );
  const configs: string[] = [];
  for (const url of urls) {
    try {
      const response = await fetch(`${url.replace(/\/$/, "")}/connectors?expand=info`, {
        signal: AbortSignal.timeout(10_000),
      });
      if (response.ok) configs.push(await response.text());
    } catch {
      // A Connect cluster that no longer answers holds no config this run could read.
    }
  }
  return configs;
}

/**
 * Where a value of a Secret of `namespace` shows, one line per find (empty when none). Call
 * once the operator has stopped: its Event queue is drained then.
 */
export async function findLeakedSecrets(input: {
  kubectl: Kubectl;
  namespace: string;
  logLines: readonly string[];
}): Promise<string[]> {
  const { kubectl, namespace } = input;
  const values = namespaceSecretValues(kubectl, namespace);
  const places: [string, string][] = [
    ["the operator's log", input.logLines.join("")],
    ["a kafkaaccess resource", kubectl(["-n", namespace, "get", "kafkaaccess", "-o", "json"]).stdout],
    ["an Event", kubectl(["-n", namespace, "get", "events", "-o", "json"]).stdout],
    ...(await connectorConfigs(kubectl, namespace)).map((c): [string, string] => ["a connector config", c]),
  ];
  return places.flatMap(([where, text]) =>
    findSecretValues(text, values).map(
      (value) => `${where} holds a Secret value starting "${value.slice(0, 4)}"`,
    ),
  );
}
