// One cluster's ACLs as last described, so that thousands of reconciles share one
// DescribeAcls per resync period instead of sending one each. The store's own successful
// writes are applied to it, so a binding just created is not seen as missing until the next
// read; a failed write or read drops it, since the cluster's state is then unknown.
import type { AclBinding } from "../../access/acl-binding.ts";
import type { ObservedAcls, ObservedAclsView } from "../../access/observed-acls.ts";

type Write = { readonly type: "created" | "deleted"; readonly binding: AclBinding };

export class AclDescribeCache {
  readonly #describe: () => Promise<ObservedAcls>;
  readonly #now: () => number;
  #snapshot: { acls: ObservedAcls; readAt: number } | undefined;
  #inFlight: Promise<ObservedAcls> | undefined;
  // Writes that completed while a read was in flight: the read may have started before them,
  // so they are applied again on top of its answer.
  #writesDuringRead: Write[] = [];
  // Bumped by invalidate(), so a read that started before it does not refill the cache.
  #epoch = 0;

  constructor(options: { describe: () => Promise<ObservedAcls>; now?: () => number }) {
    this.#describe = options.describe;
    this.#now = options.now ?? Date.now;
  }

  /** The cached ACLs when younger than `maxAgeMs`, otherwise a read shared with concurrent callers. */
  async read(maxAgeMs: number): Promise<ObservedAclsView> {
    const snapshot = this.#snapshot;
    if (snapshot && this.#now() - snapshot.readAt <= maxAgeMs) return snapshot.acls;
    this.#inFlight ??= this.#readNow();
    return this.#inFlight;
  }

  /** Whether the cache holds the binding; undefined when nothing younger than `maxAgeMs` is cached. */
  has(key: string, maxAgeMs: number): boolean | undefined {
    const snapshot = this.#snapshot;
    if (!snapshot || this.#now() - snapshot.readAt > maxAgeMs) return undefined;
    return snapshot.acls.has(key);
  }

  applyWrite(type: Write["type"], binding: AclBinding): void {
    if (this.#inFlight) this.#writesDuringRead.push({ type, binding });
    const acls = this.#snapshot?.acls;
    if (!acls) return;
    if (type === "created") acls.add(binding);
    else acls.remove(binding);
  }

  invalidate(): void {
    this.#snapshot = undefined;
    this.#epoch++;
  }

  async #readNow(): Promise<ObservedAcls> {
    const startedAt = this.#now();
    const epoch = this.#epoch;
    this.#writesDuringRead = [];
    try {
      const acls = await this.#describe();
      for (const write of this.#writesDuringRead) {
        if (write.type === "created") acls.add(write.binding);
        else acls.remove(write.binding);
      }
      if (epoch === this.#epoch) this.#snapshot = { acls, readAt: startedAt };
      return acls;
    } catch (error) {
      this.#snapshot = undefined;
      throw error;
    } finally {
      this.#inFlight = undefined;
      this.#writesDuringRead = [];
    }
  }
}
