// Small labels: a status or kind ("Admin", "Disabled", "Critical") and the bell's count.
import type { HTMLAttributes } from "react";
import { cn } from "./cn.ts";

export type BadgeTone = "neutral" | "accent" | "success" | "warning" | "danger";

const tones: Record<BadgeTone, string> = {
  neutral: "bg-surface-muted text-fg-muted",
  accent: "bg-accent-soft text-accent",
  success: "bg-success-soft text-success",
  warning: "bg-warning-soft text-warning",
  danger: "bg-danger-soft text-danger",
};

export function Badge({ tone = "neutral", className, ...props }: HTMLAttributes<HTMLSpanElement> & { tone?: BadgeTone }) {
  return <span className={cn("inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium", tones[tone], className)} {...props} />;
}

/** A count on an icon (the bell's unread count): 99+ past 99; hidden from screen readers, so the control's label must say it. */
export function CountBadge({ count, className, ...props }: HTMLAttributes<HTMLSpanElement> & { count: number }) {
  if (count <= 0) return null;
  return (
    <span
      aria-hidden="true"
      className={cn("min-w-5 rounded-full bg-badge px-1.5 text-center text-xs font-semibold leading-5 text-white", className)}
      {...props}
    >
      {count > 99 ? "99+" : count}
    </span>
  );
}
