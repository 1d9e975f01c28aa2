"use client";

// Toasts on Radix's toast: each can be closed (button, Escape, swipe), waits while hovered
// or focused, and is announced politely. F8 moves focus to the toasts (with the focus ring).
// They never cover a page control: from 768 px up the viewport sits bottom-right in a column
// that <PageMain> keeps free (its right margin is at least `toast-column`); on phones it is part of
// the page under the header (render it there), so it pushes content down instead of lying
// over it, and menus and dialogs open above it.
import * as RadixToast from "@radix-ui/react-toast";
import type { ReactNode } from "react";
import { cn } from "./cn.ts";

export const ToastProvider = RadixToast.Provider;

export function ToastViewport({ className }: { className?: string }) {
  return (
    <RadixToast.Viewport
      label="Notifications ({hotkey})"
      className={cn(
        "m-0 flex list-none flex-col gap-2 px-3 outline-none empty:hidden focus-visible:ring-2 focus-visible:ring-focus focus-visible:ring-offset-2 focus-visible:ring-offset-canvas",
        // Phones: in the page's flow, under the header. From md: bottom-right, in the column PageMain leaves free.
        "relative pt-3 md:fixed md:bottom-4 md:right-4 md:z-40 md:w-72 md:px-0 md:pt-0",
        className,
      )}
    />
  );
}

type ToastProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  /** Milliseconds before it closes by itself (paused while hovered or focused). */
  duration?: number;
  /** Announce politely ("background", default) or at once ("foreground"). */
  type?: "foreground" | "background";
  children?: ReactNode;
};

export function Toast({ open, onOpenChange, title, description, duration = 6000, type = "background", children }: ToastProps) {
  return (
    <RadixToast.Root
      open={open}
      onOpenChange={onOpenChange}
      duration={duration}
      type={type}
      data-testid="toast"
      className="relative flex items-start gap-2 rounded-card border border-line bg-surface py-3 pl-4 pr-12 text-sm text-fg shadow-overlay data-[swipe=move]:translate-x-[var(--radix-toast-swipe-move-x)] data-[swipe=end]:hidden"
    >
      <div className="min-w-0 flex-1">
        <RadixToast.Title className="font-medium [overflow-wrap:anywhere]">{title}</RadixToast.Title>
        {description && <RadixToast.Description className="mt-0.5 text-fg-muted">{description}</RadixToast.Description>}
        {children}
      </div>
      <RadixToast.Close
        aria-label="Dismiss"
        className="focus-ring absolute right-1 top-1 inline-flex h-touch w-touch items-center justify-center rounded-full text-fg-muted hover:bg-surface-muted sm:h-9 sm:w-9"
      >
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.8">
          <path d="M5 5l10 10M15 5L5 15" />
        </svg>
      </RadixToast.Close>
    </RadixToast.Root>
  );
}

/** A button inside a toast (Undo); `altText` says how to do it without the toast. */
export function ToastAction({ altText, children, onClick }: { altText: string; children: ReactNode; onClick: () => void }) {
  return (
    <RadixToast.Action altText={altText} onClick={onClick} className="focus-ring mt-1 rounded font-semibold text-accent underline-offset-2 hover:underline">
      {children}
    </RadixToast.Action>
  );
}
