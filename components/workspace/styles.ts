// The workspace's form fields on the design tokens (components/ui/README.md), so every form
// reads the same in light and dark.
export const label = "block text-sm font-medium text-fg";
export const field =
  "focus-ring mt-1 block min-h-touch w-full rounded-md border border-line-strong bg-surface px-3 py-2 text-base text-fg placeholder:text-fg-subtle aria-[invalid=true]:border-danger sm:min-h-10 sm:text-sm";
export const muted = "text-fg-muted";
export const link = "focus-ring rounded font-medium text-accent underline-offset-2 hover:underline";
