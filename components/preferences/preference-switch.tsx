"use client";

// One channel of one type: a switch (components/ui/switch.tsx) named in full for screen
// readers ("Email for Mentions") and labelled visibly with the channel. A locked switch is
// disabled, stays on, and shows a lock.
import { Switch } from "../ui/switch.tsx";
import { LockIcon } from "./lock-icon.tsx";

type Props = {
  id: string;
  channelLabel: string;
  name: string;
  checked: boolean;
  locked: boolean;
  describedBy?: string;
  onChange: (enabled: boolean) => void;
};

export function PreferenceSwitch({ id, channelLabel, name, checked, locked, describedBy, onChange }: Props) {
  return (
    <div className="flex min-h-touch items-center gap-2 sm:min-h-0 sm:min-w-28 sm:justify-end">
      <label htmlFor={id} className={`whitespace-nowrap text-sm ${locked ? "text-fg-subtle" : "text-fg-muted"}`}>
        {channelLabel}
      </label>
      <Switch
        id={id}
        checked={checked}
        locked={locked}
        onCheckedChange={onChange}
        aria-label={name}
        aria-describedby={describedBy}
        thumb={locked && <LockIcon className="h-3 w-3" />}
      />
    </div>
  );
}
