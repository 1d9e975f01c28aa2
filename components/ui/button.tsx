// Buttons in four looks and three sizes. On phones every size is at least 44 px tall
// (the `touch` spacing token); from 640 px up the small sizes are compact.
import { Slot } from "@radix-ui/react-slot";
import { forwardRef, type ButtonHTMLAttributes } from "react";
import { cn } from "./cn.ts";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger" | "link";
export type ButtonSize = "sm" | "md" | "icon";

const variants: Record<ButtonVariant, string> = {
  primary: "bg-accent-solid text-on-accent hover:bg-accent-solid-hover font-semibold",
  secondary: "border border-line bg-surface text-fg hover:bg-surface-muted",
  ghost: "text-fg-muted hover:bg-surface-muted hover:text-fg",
  danger: "bg-danger-solid text-white hover:brightness-95 font-semibold",
  link: "text-accent underline-offset-2 hover:underline",
};
const sizes: Record<ButtonSize, string> = {
  sm: "min-h-touch px-3 text-sm sm:min-h-8 sm:px-2.5",
  md: "min-h-touch px-4 text-sm sm:min-h-10",
  icon: "h-touch w-touch justify-center rounded-full",
};

/** The class list of a button, for a link or anything else that should look like one. */
export function buttonClass({ variant = "secondary", size = "md", className }: { variant?: ButtonVariant; size?: ButtonSize; className?: string } = {}) {
  return cn(
    "focus-ring inline-flex items-center gap-1.5 rounded-md font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-60",
    variants[variant],
    sizes[size],
    className,
  );
}

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** Render the only child (a Link, an <a>) with the button's looks instead of a <button>. */
  asChild?: boolean;
};

export const Button = forwardRef<HTMLButtonElement, Props>(function Button(
  { variant, size, asChild, className, type = "button", ...props },
  ref,
) {
  if (asChild) return <Slot ref={ref} className={buttonClass({ variant, size, className })} {...props} />;
  return <button ref={ref} type={type} className={buttonClass({ variant, size, className })} {...props} />;
});
