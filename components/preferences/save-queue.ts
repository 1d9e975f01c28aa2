// Saves switch flips one request at a time: flips made while a save is in flight go
// together in the next request, so answers arrive in the order they were asked for and
// the latest answer (the person's whole list) is the truth. Plain logic, no React, so the
// ordering is unit-tested (save-queue.test.ts).
import type { Preference, PreferenceChange } from "./preferences-api.ts";

/** A change and how to name it to the person ("Email for Mentions"). */
export type Flip = PreferenceChange & { label: string };

export type SaveQueueEvents = {
  /** Flips not saved yet, by key: what the switches show until the server answers. */
  unsaved: (flips: Map<string, boolean>) => void;
  saving: () => void;
  /** The server's list after a save; `more` when further flips are waiting. */
  saved: (list: Preference[], more: boolean) => void;
  /** A save failed: its flips are dropped (the switches show the server's state again). */
  failed: (flips: Flip[], error: unknown, retry: () => void) => void;
};

export const preferenceKey = (p: { type: string; channel: string }) => `${p.type}\u0000${p.channel}`;

export function createSaveQueue(save: (changes: PreferenceChange[]) => Promise<Preference[]>, on: SaveQueueEvents) {
  let queued = new Map<string, Flip>();
  let sending = new Map<string, Flip>();

  const report = () => on.unsaved(new Map([...sending, ...queued].map(([key, f]) => [key, f.enabled]))); // queued ones are newer

  const flush = () => {
    if (sending.size > 0 || queued.size === 0) return;
    sending = queued;
    queued = new Map();
    const batch = [...sending.values()];
    on.saving();
    save(batch.map(({ type, channel, enabled }) => ({ type, channel, enabled })))
      .then(
        (list) => {
          sending = new Map();
          on.saved(list, queued.size > 0);
        },
        (error: unknown) => {
          sending = new Map();
          on.failed(batch, error, () => {
            for (const f of batch) if (!queued.has(preferenceKey(f))) queued.set(preferenceKey(f), f);
            report();
            flush();
          });
        },
      )
      .finally(() => {
        report();
        flush();
      });
  };

  return {
    add(flip: Flip) {
      queued.set(preferenceKey(flip), flip);
      report();
      flush();
    },
  };
}
