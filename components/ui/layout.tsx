// Page furniture: the header every page opens with, cards, lists and tables. The admin
// console, the feed and the settings screen are built from these.
import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn.ts";

type PageHeaderProps = { title: ReactNode; description?: ReactNode; actions?: ReactNode; id?: string; className?: string };

/** The page's h1, a line under it, and its page-wide actions (wrapping under the title on phones). */
export function PageHeader({ title, description, actions, id, className }: PageHeaderProps) {
  return (
    <div className={cn("flex flex-wrap items-end justify-between gap-3", className)}>
      <div className="min-w-0">
        <h1 id={id} className="text-2xl font-semibold tracking-tight">
          {title}
        </h1>
        {description && <p className="mt-1 text-fg-muted">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap items-center gap-2">{actions}</div>}
    </div>
  );
}

/**
 * A page's column: centred, padded. From 768 px up its right margin is at least
 * `toast-column`, where toasts appear, so a toast never lies over the page's controls.
 */
export function pageColumn(width: "3xl" | "5xl" = "3xl") {
  return cn(
    "mx-auto px-4 pb-10 md:mr-[max(var(--spacing-toast-column),calc((100vw-var(--page-width))/2))]",
    // A narrow column moves left into the room it has; a wide one (the console) keeps its left
    // edge under the header's and gives up width instead.
    width === "3xl" ? "max-w-3xl [--page-width:48rem] md:ml-auto" : "max-w-5xl [--page-width:64rem] md:ml-[max(0px,calc((100vw-var(--page-width))/2))]",
  );
}

/** A page's main, in its column (`pageColumn`). */
export function PageMain({ className, width = "3xl", ...props }: HTMLAttributes<HTMLElement> & { width?: "3xl" | "5xl" }) {
  return <main id="main" tabIndex={-1} className={cn(pageColumn(width), "pt-8 outline-none", className)} {...props} />;
}

export function Card({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn("rounded-card border border-line bg-surface", className)} {...props} />;
}

export function CardHeader({ title, actions, className }: { title: ReactNode; actions?: ReactNode; className?: string }) {
  return (
    <div className={cn("flex items-center justify-between gap-2 border-b border-line px-4 py-3", className)}>
      <h2 className="text-sm font-semibold">{title}</h2>
      {actions}
    </div>
  );
}

/** A list of rows inside a card, divided by lines. */
export function List({ className, ...props }: HTMLAttributes<HTMLUListElement>) {
  return <ul className={cn("divide-y divide-line", className)} {...props} />;
}

export function ListItem({ className, ...props }: HTMLAttributes<HTMLLIElement>) {
  return <li className={cn("flex min-w-0 flex-wrap items-center gap-3 px-4 py-3", className)} {...props} />;
}

/** A table that scrolls sideways on phones instead of overflowing the page. */
export function Table({ className, caption, children }: { className?: string; caption?: ReactNode; children: ReactNode }) {
  return (
    <div className={cn("overflow-x-auto rounded-card border border-line bg-surface", className)}>
      <table className="w-full border-collapse text-left text-sm">
        {caption && <caption className="sr-only">{caption}</caption>}
        {children}
      </table>
    </div>
  );
}

export function Th({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={cn("border-b border-line bg-surface-muted px-4 py-2 text-xs font-semibold uppercase tracking-wide text-fg-muted", className)} {...props} />;
}

export function Td({ className, ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn("border-b border-line px-4 py-3 align-top [tr:last-child>&]:border-b-0", className)} {...props} />;
}

/** Sends keyboard users past the header to the page's <main id="main">. */
export function SkipLink() {
  return (
    <a
      href="#main"
      className="sr-only z-50 rounded-md bg-surface px-4 py-2 font-medium text-accent shadow-overlay focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:outline-none focus:ring-2 focus:ring-focus"
    >
      Skip to content
    </a>
  );
}
