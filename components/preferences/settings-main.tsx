import type { ReactNode } from "react";
import { PageMain } from "../ui/layout.tsx";

/** The settings screen's surface: the page's <main>, in the app's theme (components/ui). */
export function SettingsMain({ children }: { children: ReactNode }) {
  return (
    <PageMain>{children}</PageMain>
  );
}
