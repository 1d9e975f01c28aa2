// What a screen shows when there is nothing, or when something failed. Every list has an
// empty state that says why it is empty; every failure says what failed and offers a way on.
import { forwardRef, type ReactNode } from "react";
import { Button } from "./button.tsx";
import { cn } from "./cn.ts";

type EmptyProps = { title: ReactNode; description?: ReactNode; icon?: ReactNode; action?: ReactNode; className?: string };

export function EmptyState({ title, description, icon, action, className }: EmptyProps) {
  return (
    <div data-testid="empty-state" className={cn("flex flex-col items-center px-4 py-10 text-center", className)}>
      {icon && (
        <div aria-hidden="true" className="mb-3 text-fg-subtle">
          {icon}
        </div>
      )}
      <p className="text-sm font-medium text-fg">{title}</p>
      {description && <p className="mt-1 max-w-sm text-sm text-fg-muted">{description}</p>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

type ErrorProps = { title: ReactNode; description?: ReactNode; onRetry?: () => void; retryLabel?: string; className?: string };

/** A whole area that could not load (role="alert"), with Try again. */
export function ErrorState({ title, description, onRetry, retryLabel = "Try again", className }: ErrorProps) {
  return (
    <div role="alert" className={cn("flex flex-col items-center px-4 py-10 text-center", className)}>
      <p className="text-sm font-medium text-fg">{title}</p>
      {description && <p className="mt-1 max-w-sm text-sm text-fg-muted">{description}</p>}
      {onRetry && (
        <Button variant="secondary" className="mt-4" onClick={onRetry}>
          {retryLabel}
        </Button>
      )}
    </div>
  );
}

export type AlertTone = "danger" | "warning" | "info" | "success";

const alertTones: Record<AlertTone, string> = {
  danger: "border-danger/30 bg-danger-soft text-danger",
  warning: "border-warning/30 bg-warning-soft text-warning",
  info: "border-accent/30 bg-accent-soft text-accent",
  success: "border-success/30 bg-success-soft text-success",
};

type AlertProps = {
  tone?: AlertTone;
  children: ReactNode;
  /** Buttons at the end (Retry, Dismiss): use <Button variant="ghost" size="sm">. */
  actions?: ReactNode;
  /**
   * "alert" interrupts (a failure the person caused); "status" waits (a state change);
   * "none" where a live region is not allowed (inside a menu): announce it from outside.
   */
  role?: "alert" | "status" | "none";
  className?: string;
  id?: string;
  tabIndex?: number;
};

/** A message inside a page or panel: a failed action, a warning, a confirmation. */
export const InlineAlert = forwardRef<HTMLDivElement, AlertProps>(function InlineAlert(
  { tone = "danger", children, actions, role = tone === "danger" ? "alert" : "status", className, id, tabIndex },
  ref,
) {
  return (
    <div
      ref={ref}
      id={id}
      tabIndex={tabIndex}
      role={role === "none" ? undefined : role}
      className={cn("focus-ring flex flex-wrap items-center gap-2 rounded-md border px-3 py-2 text-sm", alertTones[tone], className)}
    >
      <div className="min-w-0 flex-1">{children}</div>
      {actions && <div className="flex shrink-0 items-center gap-1">{actions}</div>}
    </div>
  );
});

/**
 * A strip across the top of the screen for a state of the whole app (the live connection
 * lost). Its live region is always in the page, so screen readers hear it appear and go.
 */
export function StatusBanner({ show, tone = "warning", children, testId }: { show: boolean; tone?: AlertTone; children: ReactNode; testId?: string }) {
  return (
    <div role="status" aria-live="polite" data-testid={testId}>
      {show && <p className={cn("border-b px-4 py-2 text-center text-sm", alertTones[tone])}>{children}</p>}
    </div>
  );
}
