"use client";

// One channel of one type: a Radix switch (a button with role="switch" and aria-checked;
// Space and Enter flip it) named in full for screen readers ("Email for Mentions") and
// labelled visibly with the channel. A locked switch is disabled, stays on, and shows a lock.
import * as Switch from "@radix-ui/react-switch";
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
    <div className="flex items-center gap-2 sm:w-24 sm:justify-end">
      <label htmlFor={id} className={`text-sm ${locked ? "text-slate-500 dark:text-slate-400" : "text-slate-700 dark:text-slate-300"}`}>
        {channelLabel}
      </label>
      <Switch.Root
        id={id}
        checked={checked}
        disabled={locked}
        onCheckedChange={onChange}
        aria-label={name}
        aria-describedby={describedBy}
        data-locked={locked || undefined}
        className="relative inline-flex h-6 w-11 shrink-0 items-center rounded-full border-2 border-transparent transition-colors focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 focus-visible:ring-offset-2 focus-visible:ring-offset-white disabled:cursor-not-allowed data-[state=checked]:bg-indigo-600 data-[state=unchecked]:bg-slate-500 data-[locked]:data-[state=checked]:bg-indigo-300 dark:focus-visible:ring-offset-slate-900 dark:data-[state=checked]:bg-indigo-500 dark:data-[locked]:data-[state=checked]:bg-indigo-900"
      >
        <Switch.Thumb className="pointer-events-none flex h-5 w-5 items-center justify-center rounded-full bg-white text-indigo-700 shadow transition-transform data-[state=checked]:translate-x-5 data-[state=unchecked]:translate-x-0 motion-reduce:transition-none">
          {locked && <LockIcon className="h-3 w-3" />}
        </Switch.Thumb>
      </Switch.Root>
    </div>
  );
}
