// The SecretSource over the operator's cache of Secrets: reads never call the API server. The
// cache holds the Secrets some resource references, loaded before that resource's reconcile
// and again when their metadata watch sees them change, which re-queues the resources that
// reference them.
import type { V1Secret } from "@kubernetes/client-node";
import type { SecretKeyRef } from "../../credentials/credential-spec.ts";
import { MissingSecretError, type SecretSource } from "../../ports/secret-source.ts";

/** The part of an informer cache of Secrets this source reads. */
export interface SecretCache {
  get(namespace: string, name: string): V1Secret | undefined;
}

export class InformerSecretSource implements SecretSource {
  readonly #secrets: SecretCache;

  constructor(secrets: SecretCache) {
    this.#secrets = secrets;
  }

  read(namespace: string, ref: SecretKeyRef, purpose: string): Buffer {
    const secret = this.#secrets.get(namespace, ref.name);
    if (!secret) {
      throw new MissingSecretError("SecretNotFound", `Secret "${ref.name}" (${purpose}) does not exist`);
    }
    const encoded = secret.data?.[ref.key];
    if (encoded === undefined) {
      throw new MissingSecretError(
        "SecretKeyNotFound",
        `Secret "${ref.name}" has no key "${ref.key}" (${purpose})`,
      );
    }
    return Buffer.from(encoded, "base64");
  }
}
