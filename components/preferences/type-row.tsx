"use client";

// One type: its name and description, then a switch per channel (beside it on wide
// screens, under it on phones). A critical type's default channels are locked on, marked
// "Required" with the reason, which the locked switches point to (aria-describedby).
import { useId } from "react";
import { LockIcon } from "./lock-icon.tsx";
import { PreferenceSwitch } from "./preference-switch.tsx";
import { CHANNEL_LABELS, CHANNEL_ORDER, type PreferenceChange } from "./preferences-api.ts";
import type { NotificationType, Channel } from "@/server/types/type-definition.ts";

export type TypeView = Pick<NotificationType, "type" | "displayName" | "description" | "autoRegistered">;

type Props = {
  type: TypeView;
  read: (type: string, channel: Channel) => { enabled: boolean; locked: boolean };
  onFlip: (change: PreferenceChange & { label: string }) => void;
};

export function TypeRow({ type, read, onFlip }: Props) {
  const id = useId();
  const locked = CHANNEL_ORDER.filter((c) => read(type.type, c).locked);
  const description = type.description || (type.autoRegistered ? "Added automatically the first time it was sent." : "");
  return (
    <li className="flex flex-col gap-3 px-4 py-4 sm:flex-row sm:items-center sm:justify-between sm:gap-6" data-type={type.type}>
      <div className="min-w-0 [overflow-wrap:anywhere]">
        <div className="flex flex-wrap items-center gap-2">
          <h3 id={`${id}-name`} className="font-medium">
            {type.displayName}
          </h3>
          {locked.length > 0 && (
            <span className="inline-flex items-center gap-1 rounded-full bg-warning-soft px-2 py-0.5 text-xs font-medium text-warning">
              <LockIcon className="h-3 w-3" />
              Required
            </span>
          )}
        </div>
        {description && <p className="mt-0.5 text-sm text-fg-muted">{description}</p>}
        {locked.length > 0 && (
          <p id={`${id}-required`} className="mt-1 text-xs text-fg-muted">
            Critical: {locked.map((c) => CHANNEL_LABELS[c]).join(" and ")} always {locked.length > 1 ? "stay" : "stays"} on for these.
          </p>
        )}
      </div>
      <div role="group" aria-labelledby={`${id}-name`} className="flex flex-wrap gap-x-6 gap-y-3 sm:flex-nowrap sm:gap-2">
        {CHANNEL_ORDER.map((channel) => {
          const { enabled, locked: isLocked } = read(type.type, channel);
          const name = `${CHANNEL_LABELS[channel]} for ${type.displayName}`;
          return (
            <PreferenceSwitch
              key={channel}
              id={`${id}-${channel}`}
              channelLabel={CHANNEL_LABELS[channel]}
              name={name}
              checked={enabled}
              locked={isLocked}
              describedBy={isLocked ? `${id}-required` : undefined}
              onChange={(on) => onFlip({ type: type.type, channel, enabled: on, label: name })}
            />
          );
        })}
      </div>
    </li>
  );
}
