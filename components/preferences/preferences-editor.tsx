"use client";

// Every notification type the person can receive, grouped by area (group-types.ts), with
// one switch per channel, saved as they flip it (use-preferences.ts). A polite status line
// says "Saved"; a failed save says why, with Retry.
import { ActionFailureAlert } from "../inbox/action-failure.tsx";
import { groupTypes } from "./group-types.ts";
import { TypeRow, type TypeView } from "./type-row.tsx";
import { usePreferences, type SaveStatus } from "./use-preferences.ts";
import type { Preference } from "./preferences-api.ts";

export type { TypeView };

const STATUS_TEXT: Record<SaveStatus, string> = { idle: "Changes are saved as you make them.", saving: "Saving…", saved: "Saved" };

export function PreferencesEditor({ types, initial }: { types: TypeView[]; initial: Preference[] }) {
  const { read, flip, status, failure } = usePreferences(initial);

  if (types.length === 0) {
    return (
      <div className="mt-6 rounded-card border border-dashed border-line-strong px-4 py-10 text-center">
        <p className="font-medium">No notification types yet</p>
        <p className="mt-1 text-sm text-fg-muted">
          Types appear here once your product declares them or sends its first notification of a kind.
        </p>
      </div>
    );
  }

  return (
    <div className="mt-4">
      <div className="sticky top-0 z-10 -mx-4 border-b border-line bg-canvas px-4 py-2" data-testid="save-bar">
        <p role="status" aria-live="polite" className="text-sm text-fg-muted">
          {status === "saved" && <span aria-hidden="true">✓ </span>}
          {STATUS_TEXT[status]}
        </p>
        <ActionFailureAlert failure={failure} className="mt-2" />
      </div>
      {groupTypes(types).map((group) => (
        <section key={group.id} aria-labelledby={`group-${group.id}`} className="mt-6">
          <h2 id={`group-${group.id}`} className="text-sm font-semibold uppercase tracking-wide text-fg-muted">
            {group.label}
          </h2>
          <ul className="mt-2 divide-y divide-line overflow-hidden rounded-card border border-line bg-surface">
            {group.types.map((type) => (
              <TypeRow key={type.type} type={type} read={read} onFlip={flip} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
