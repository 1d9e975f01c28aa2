// The console's building blocks, on the design system (components/ui): the one place that
// decides how admin screens look, so each screen stays about what it shows.
import type { ReactNode } from "react";
import { Badge as UiBadge, type BadgeTone } from "@/components/ui/badge.tsx";
import { Button as UiButton } from "@/components/ui/button.tsx";
import { cn } from "@/components/ui/cn.ts";
import { Card as UiCard, PageHeader, Table as UiTable, Th } from "@/components/ui/layout.tsx";
import { EmptyState as UiEmpty, ErrorState as UiError, InlineAlert } from "@/components/ui/states.tsx";

export const Button = UiButton;
export type Tone = BadgeTone;

export function Badge({ tone = "neutral", children }: { tone?: Tone; children: ReactNode }) {
  return <UiBadge tone={tone}>{children}</UiBadge>;
}

export function Card({ title, actions, children, className }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <UiCard className={cn("p-4", className)}>
      {(title || actions) && (
        <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
          {title && <h2 className="text-base font-semibold">{title}</h2>}
          {actions}
        </div>
      )}
      {children}
    </UiCard>
  );
}

export function PageTitle({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return <PageHeader className="mb-4" title={title} description={description} actions={actions} />;
}

export const statusTone = (status: string | undefined): Tone =>
  status === "sent" ? "success" : status === "failed" ? "danger" : status === "retrying" || status === "pending" ? "warning" : "neutral";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div role="status" className="flex items-center gap-2 py-6 text-sm text-fg-muted">
      <span aria-hidden="true" className="h-4 w-4 animate-spin rounded-full border-2 border-line-strong border-t-accent motion-reduce:animate-none" />
      {label}
    </div>
  );
}

export function EmptyState({ title, description }: { title: string; description?: ReactNode }) {
  return <UiEmpty className="rounded-card border border-dashed border-line-strong" title={title} description={description} />;
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return <UiError className="rounded-card border border-line bg-surface" title={message} onRetry={onRetry} />;
}

export function Notice({ tone = "success", children }: { tone?: "success" | "danger" | "warning"; children: ReactNode }) {
  return <InlineAlert tone={tone}>{children}</InlineAlert>;
}

export const inputClass = cn(
  "focus-ring min-h-touch w-full rounded-md border border-line-strong bg-surface px-3 text-sm text-fg sm:min-h-9",
  "aria-[invalid=true]:border-danger",
);

/** A labelled input with its server-side error shown under it. */
export function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children}
      {hint && !error && <p className="text-xs text-fg-muted">{hint}</p>}
      {error && (
        <p id={`${id}-error`} className="text-sm text-danger">
          {error}
        </p>
      )}
    </div>
  );
}

export function Table({ caption, head, children }: { caption: string; head: string[]; children: ReactNode }) {
  return (
    <UiTable caption={caption} className="relative [&_table]:min-w-[36rem]">
      <thead>
        <tr>
          {head.map((h, i) => (
            <Th key={h || i}>{h || <span className="sr-only">Actions</span>}</Th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-line">{children}</tbody>
    </UiTable>
  );
}

export const cellClass = "px-4 py-3 align-top";
export const linkClass = "focus-ring rounded font-medium text-accent underline-offset-2 hover:underline";
export const focusRing = "focus-ring";

export function Time({ at }: { at: string | null }) {
  if (!at) return <span className="text-fg-muted">never</span>;
  return (
    <time dateTime={at} title={at}>
      {new Date(at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" })}
    </time>
  );
}
