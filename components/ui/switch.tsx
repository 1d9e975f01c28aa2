"use client";

// An on/off switch on Radix's switch: a button with role="switch" and aria-checked;
// Space and Enter flip it. Name it with a <label htmlFor> or aria-label. On phones the
// button is a 44 px square around the drawn track (the touch target).
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
    // The button is the touch target (44 px square on phones); the track is drawn inside it.
    <RadixSwitch.Root
      ref={ref}
      disabled={disabled || locked}
      data-locked={locked || undefined}
      className={cn("group inline-flex h-touch w-touch shrink-0 items-center justify-center outline-none disabled:cursor-not-allowed sm:h-6 sm:w-11", className)}
      {...props}
    >
      <span
        aria-hidden="true"
        className={cn(
          "relative inline-flex h-6 w-11 items-center rounded-full border-2 border-transparent transition-colors",
          "group-focus-visible:ring-2 group-focus-visible:ring-focus group-focus-visible:ring-offset-2 group-focus-visible:ring-offset-surface",
          "group-data-[state=checked]:bg-accent-solid group-data-[state=unchecked]:bg-slate-500 group-data-[locked]:group-data-[state=checked]:bg-indigo-300 dark:group-data-[locked]:group-data-[state=checked]:bg-indigo-900",
        )}
      >
        <RadixSwitch.Thumb className="pointer-events-none flex h-5 w-5 items-center justify-center rounded-full bg-white text-indigo-700 shadow transition-transform data-[state=checked]:translate-x-5 data-[state=unchecked]:translate-x-0 motion-reduce:transition-none">
          {thumb}
        </RadixSwitch.Thumb>
      </span>
    </RadixSwitch.Root>
  );
});
