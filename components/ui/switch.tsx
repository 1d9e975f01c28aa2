"use client";

// An on/off switch on Radix's switch: a button with role="switch" and aria-checked;
// Space and Enter flip it. Name it with a <label htmlFor> or aria-label.
import * as RadixSwitch from "@radix-ui/react-switch";
import { forwardRef, type ComponentPropsWithoutRef, type ElementRef, type ReactNode } from "react";
import { cn } from "./cn.ts";

type Props = ComponentPropsWithoutRef<typeof RadixSwitch.Root> & {
  /** Drawn inside the thumb (a lock on a switch that cannot be turned off). */
  thumb?: ReactNode;
  /** A switch held on by policy: disabled and drawn paler. */
  locked?: boolean;
};

export const Switch = forwardRef<ElementRef<typeof RadixSwitch.Root>, Props>(function Switch({ className, thumb, locked, disabled, ...props }, ref) {
  return (
    <RadixSwitch.Root
      ref={ref}
      disabled={disabled || locked}
      data-locked={locked || undefined}
      className={cn(
        "focus-ring relative inline-flex h-6 w-11 shrink-0 items-center rounded-full border-2 border-transparent transition-colors disabled:cursor-not-allowed",
        "data-[state=checked]:bg-accent-solid data-[state=unchecked]:bg-slate-500 data-[locked]:data-[state=checked]:bg-indigo-300 dark:data-[locked]:data-[state=checked]:bg-indigo-900",
        className,
      )}
      {...props}
    >
      <RadixSwitch.Thumb className="pointer-events-none flex h-5 w-5 items-center justify-center rounded-full bg-white text-indigo-700 shadow transition-transform data-[state=checked]:translate-x-5 data-[state=unchecked]:translate-x-0 motion-reduce:transition-none">
        {thumb}
      </RadixSwitch.Thumb>
    </RadixSwitch.Root>
  );
});
