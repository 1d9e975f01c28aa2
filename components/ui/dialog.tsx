"use client";

// Dialogs on Radix's dialog: focus moves in and is trapped, Escape and the overlay close,
// focus returns to what opened it. On phones a dialog is a sheet from the bottom.
import * as RadixDialog from "@radix-ui/react-dialog";
import type { ReactNode, RefObject } from "react";
import { Button } from "./button.tsx";
import { cn } from "./cn.ts";

export const Dialog = RadixDialog.Root;
export const DialogTrigger = RadixDialog.Trigger;
export const DialogClose = RadixDialog.Close;

type ContentProps = {
  title: ReactNode;
  /** Said to screen readers on open; shown under the title. */
  description?: ReactNode;
  children?: ReactNode;
  className?: string;
  /** Shown instead of the visible title (the title still names the dialog for screen readers). */
  hideTitle?: boolean;
  /** Where focus goes on close, when not back to what had it before (which may be gone, as a menu item is). */
  returnFocusTo?: RefObject<HTMLElement | null>;
};

export function DialogContent({ title, description, children, className, hideTitle, returnFocusTo }: ContentProps) {
  return (
    <RadixDialog.Portal>
      <RadixDialog.Overlay className="fixed inset-0 z-50 bg-slate-950/50" />
      <RadixDialog.Content
        onCloseAutoFocus={(event) => {
          if (!returnFocusTo?.current) return;
          event.preventDefault();
          returnFocusTo.current.focus();
        }}
        className={cn(
          "fixed inset-x-0 bottom-0 z-50 max-h-[90dvh] overflow-y-auto rounded-t-card border border-line bg-surface p-5 text-fg shadow-overlay focus:outline-none",
          "sm:inset-auto sm:left-1/2 sm:top-1/2 sm:w-[min(32rem,calc(100vw-2rem))] sm:-translate-x-1/2 sm:-translate-y-1/2 sm:rounded-card",
          className,
        )}
      >
        <RadixDialog.Title className={cn("pr-10 text-lg font-semibold", hideTitle && "sr-only")}>{title}</RadixDialog.Title>
        {description ? (
          <RadixDialog.Description className="mt-1 text-sm text-fg-muted">{description}</RadixDialog.Description>
        ) : (
          <RadixDialog.Description className="sr-only">{title}</RadixDialog.Description>
        )}
        {children}
        <RadixDialog.Close asChild>
          <Button variant="ghost" size="icon" aria-label="Close" className="absolute right-2 top-2">
            <svg aria-hidden="true" viewBox="0 0 20 20" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8">
              <path d="M5 5l10 10M15 5L5 15" />
            </svg>
          </Button>
        </RadixDialog.Close>
      </RadixDialog.Content>
    </RadixDialog.Portal>
  );
}

type ConfirmProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** "danger" for what cannot be undone. */
  tone?: "primary" | "danger";
  onConfirm: () => void;
};

/** Asks before an action: Cancel has the focus first, so Enter by reflex does nothing harmful. */
export function ConfirmDialog({ open, onOpenChange, title, description, confirmLabel, cancelLabel = "Cancel", tone = "primary", onConfirm }: ConfirmProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent title={title} description={description}>
        <div className="mt-5 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <DialogClose asChild>
            <Button variant="secondary">
              {cancelLabel}
            </Button>
          </DialogClose>
          <Button
            variant={tone}
            onClick={() => {
              onConfirm();
              onOpenChange(false);
            }}
          >
            {confirmLabel}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
