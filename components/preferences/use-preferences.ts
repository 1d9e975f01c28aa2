"use client";

// The person's switches, saved the moment they flip one (save-queue.ts). Until the server
// answers, a flipped switch shows its new position; a failed save puts back what the
// server holds and says so, with Retry.
import { useState } from "react";
import type { ActionFailure } from "../inbox/use-action.ts";
import { savePreferences, type Preference } from "./preferences-api.ts";
import { createSaveQueue, preferenceKey, type Flip } from "./save-queue.ts";
import type { Channel } from "@/server/types/type-definition.ts";

export type SaveStatus = "idle" | "saving" | "saved";

const byKey = (list: Preference[]) => new Map(list.map((p) => [preferenceKey(p), p]));

export function usePreferences(initial: Preference[]) {
  const [saved, setSaved] = useState(() => byKey(initial));
  const [unsaved, setUnsaved] = useState<Map<string, boolean>>(new Map());
  const [status, setStatus] = useState<SaveStatus>("idle");
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [queue] = useState(() =>
    createSaveQueue(savePreferences, {
      unsaved: setUnsaved,
      saving: () => setStatus("saving"),
      saved: (list, more) => {
        setSaved(byKey(list));
        setStatus(more ? "saving" : "saved");
      },
      failed: (flips, error, retry) => {
        setStatus("idle");
        const what = flips.length === 1 ? flips[0].label : "your changes";
        setFailure({
          message: `Couldn't save ${what}. ${error instanceof Error ? error.message : ""}`.trim(),
          retry: () => {
            setFailure(null);
            retry();
          },
          dismiss: () => setFailure(null),
        });
      },
    }),
  );

  const flip = (change: Flip) => {
    setFailure(null);
    queue.add(change);
  };

  const read = (type: string, channel: Channel) => {
    const key = preferenceKey({ type, channel });
    const stored = saved.get(key);
    return { enabled: unsaved.get(key) ?? stored?.enabled ?? false, locked: stored?.locked ?? false };
  };

  return { read, flip, status, failure };
}
