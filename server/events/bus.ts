// A tiny in-process bus: the domain says what happened after its transaction commits, and
// listeners (the realtime gateway) act on it. A listener that throws or rejects is logged
// and skipped, so it can never turn a committed change into a failed request, and the
// other listeners still run. Kept on globalThis so Next's bundled route handlers reach the
// gateway's listeners in the same process.
import { log } from "../log.ts";

export type Bus<T> = { emit: (item: T) => void; on: (listener: (item: T) => unknown) => () => void };

export function createBus<T>(name: string): Bus<T> {
  const store = globalThis as unknown as Record<string, Set<(item: T) => unknown> | undefined>;
  const key = `__heraldBus:${name}`;
  const listeners = (store[key] ??= new Set());
  const failed = (err: unknown) => log.error({ err, bus: name }, "event listener failed");
  return {
    emit(item) {
      for (const listener of listeners) {
        try {
          const result = listener(item);
          if (result instanceof Promise) result.catch(failed);
        } catch (err) {
          failed(err);
        }
      }
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
