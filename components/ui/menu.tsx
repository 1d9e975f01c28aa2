"use client";

// Menus on Radix's dropdown menu, which gives the WAI-ARIA menu-button pattern: Enter,
// Space or ArrowDown opens; arrows, Home/End and typeahead move; Escape closes and returns
// focus to the trigger; focus or a click outside closes it.
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { forwardRef, type ComponentPropsWithoutRef, type ElementRef } from "react";
import { cn } from "./cn.ts";

export const Menu = DropdownMenu.Root;
export const MenuTrigger = DropdownMenu.Trigger;
export const MenuGroup = DropdownMenu.Group;
export const MenuRadioGroup = DropdownMenu.RadioGroup;

type ContentProps = ComponentPropsWithoutRef<typeof DropdownMenu.Content> & {
  /** Under 640 px the menu becomes a full-width sheet below its trigger (the bell's panel). */
  sheetOnPhone?: boolean;
};

export const MenuContent = forwardRef<ElementRef<typeof DropdownMenu.Content>, ContentProps>(function MenuContent(
  { className, sheetOnPhone, sideOffset = 8, align = "end", collisionPadding = sheetOnPhone ? 0 : 8, ...props },
  ref,
) {
  return (
    <DropdownMenu.Portal>
      <DropdownMenu.Content
        ref={ref}
        sideOffset={sideOffset}
        align={align}
        collisionPadding={collisionPadding}
        className={cn(
          "z-40 min-w-48 overflow-hidden border border-line bg-surface text-fg shadow-overlay focus:outline-none",
          sheetOnPhone
            ? "w-screen max-w-[100vw] rounded-none border-x-0 sm:w-96 sm:rounded-card sm:border-x"
            : "max-w-[calc(100vw-1rem)] rounded-card p-1",
          className,
        )}
        {...props}
      />
    </DropdownMenu.Portal>
  );
});

const itemClass =
  "relative flex min-h-touch cursor-default select-none items-center gap-2 rounded-md px-3 text-sm outline-none data-[disabled]:opacity-50 data-[highlighted]:bg-surface-muted data-[highlighted]:ring-2 data-[highlighted]:ring-inset data-[highlighted]:ring-focus sm:min-h-9";

export const MenuItem = forwardRef<ElementRef<typeof DropdownMenu.Item>, ComponentPropsWithoutRef<typeof DropdownMenu.Item>>(
  function MenuItem({ className, ...props }, ref) {
    return <DropdownMenu.Item ref={ref} className={cn(itemClass, className)} {...props} />;
  },
);

export const MenuRadioItem = forwardRef<ElementRef<typeof DropdownMenu.RadioItem>, ComponentPropsWithoutRef<typeof DropdownMenu.RadioItem>>(
  function MenuRadioItem({ className, children, ...props }, ref) {
    return (
      <DropdownMenu.RadioItem ref={ref} className={cn(itemClass, "pl-8", className)} {...props}>
        <DropdownMenu.ItemIndicator className="absolute left-3 text-accent" aria-hidden="true">
          ●
        </DropdownMenu.ItemIndicator>
        {children}
      </DropdownMenu.RadioItem>
    );
  },
);

export function MenuLabel({ className, ...props }: ComponentPropsWithoutRef<typeof DropdownMenu.Label>) {
  return <DropdownMenu.Label className={cn("px-3 py-2 text-xs font-semibold uppercase tracking-wide text-fg-subtle", className)} {...props} />;
}

export function MenuSeparator({ className, ...props }: ComponentPropsWithoutRef<typeof DropdownMenu.Separator>) {
  return <DropdownMenu.Separator className={cn("my-1 h-px bg-line", className)} {...props} />;
}
