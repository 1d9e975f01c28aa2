"use client";
// A Radix switch for the console's on/off settings (role="switch", Space/Enter flip it).
import * as Switch from "@radix-ui/react-switch";

export function AdminSwitch({ id, checked, disabled, onChange, describedBy }: { id: string; checked: boolean; disabled?: boolean; onChange: (on: boolean) => void; describedBy?: string }) {
  return (
    <Switch.Root
      id={id}
      checked={checked}
      disabled={disabled}
      onCheckedChange={onChange}
      aria-describedby={describedBy}
      className="relative inline-flex h-6 w-11 shrink-0 items-center rounded-full border-2 border-transparent transition-colors focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 focus-visible:ring-offset-2 disabled:cursor-not-allowed disabled:opacity-60 data-[state=checked]:bg-indigo-600 data-[state=unchecked]:bg-slate-500 dark:focus-visible:ring-offset-slate-900 dark:data-[state=checked]:bg-indigo-500"
    >
      <Switch.Thumb className="pointer-events-none block h-5 w-5 rounded-full bg-white shadow transition-transform data-[state=checked]:translate-x-5 data-[state=unchecked]:translate-x-0 motion-reduce:transition-none" />
    </Switch.Root>
  );
}
