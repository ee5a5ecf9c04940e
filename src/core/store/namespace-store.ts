import { directCollection } from './direct-collection.js';
import type { NamespaceStates } from './namespace-state.js';
import { resetChange, type PendingChange } from './store-unit.js';
import type { ApiData, Collection, Doc, Store } from './store.js';

/**
 * What the file store and the Redis store share: their state is a NamespaceStates (the Redis
 * store's is its replica), and a change made outside a request's transaction (control plane,
 * reset, `--watch`'s merge) is one `record`. Reads, resets and the namespace list follow from that.
 */
export abstract class NamespaceStore implements Pick<Store, 'data' | 'reset' | 'namespaces' | 'deleteNamespace'> {
  protected abstract readonly state: NamespaceStates;

  /**
   * Applies `changes` to the state at once (all or none, the namespace limit on: it throws and
   * changes nothing) and makes them durable as one record in the background (`flush()` waits).
   */
  protected abstract record(changes: PendingChange[]): void;

  data(namespace: string, api: string): ApiData {
    return { collection: <T>(name: string) => this.collection(namespace, api, name) as unknown as Collection<T> };
  }

  reset(namespace?: string, api?: string): void {
    this.record([resetChange(namespace, api)]);
  }

  namespaces(): string[] {
    return this.state.names();
  }

  deleteNamespace(namespace: string): boolean {
    if (!this.state.has(namespace)) return false;
    this.reset(namespace);
    return true;
  }

  private collection(namespace: string, api: string, name: string): Collection<Doc> {
    return directCollection(() => this.state.read(namespace, api, name), { namespace, api, name }, (op, docText) => this.record([{ op, docText }]));
  }
}
