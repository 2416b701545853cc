// An AclStore that sends each cluster's calls to the store of the backend holding that
// cluster's ACLs (the Kafka Admin API, Confluent's centralized ACLs), as the cluster's
// resource says at the time of the call. When a cluster moves to another backend, what the
// store it left had cached of it is dropped, so a later move back reads the cluster afresh.
import type { AclBinding } from "../access/acl-binding.ts";
import type { ObservedAclsView } from "../access/observed-acls.ts";
import type { AclStore, AclWriteResult, DescribeOptions } from "../ports/acl-store.ts";

export class RoutingAclStore<Backend extends string> implements AclStore {
  readonly #backendOf: (cluster: string) => Backend;
  readonly #stores: Readonly<Record<Backend, AclStore>>;
  readonly #lastBackend = new Map<string, Backend>();

  constructor(options: {
    backendOf: (cluster: string) => Backend;
    stores: Readonly<Record<Backend, AclStore>>;
  }) {
    this.#backendOf = options.backendOf;
    this.#stores = options.stores;
  }

  describeAll(cluster: string, options?: DescribeOptions): Promise<ObservedAclsView> {
    return this.#storeFor(cluster).describeAll(cluster, options);
  }

  createBindings(cluster: string, bindings: readonly AclBinding[]): Promise<AclWriteResult[]> {
    return this.#storeFor(cluster).createBindings(cluster, bindings);
  }

  deleteBindings(cluster: string, bindings: readonly AclBinding[]): Promise<AclWriteResult[]> {
    return this.#storeFor(cluster).deleteBindings(cluster, bindings);
  }

  invalidate(cluster: string): void {
    this.#storeFor(cluster).invalidate(cluster);
  }

  #storeFor(cluster: string): AclStore {
    const backend = this.#backendOf(cluster);
    const last = this.#lastBackend.get(cluster);
    if (last !== undefined && last !== backend) this.#stores[last].invalidate(cluster);
    this.#lastBackend.set(cluster, backend);
    return this.#stores[backend];
  }
}
