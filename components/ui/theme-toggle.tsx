"use client";

// Light, dark or the system's setting: a menu of three, remembered in this browser.
import { useEffect, useState } from "react";
import { Button } from "./button.tsx";
import { Menu, MenuContent, MenuLabel, MenuRadioGroup, MenuRadioItem, MenuTrigger } from "./menu.tsx";
import { readThemeChoice, saveThemeChoice, type ThemeChoice } from "./theme.ts";

const labels: Record<ThemeChoice, string> = { system: "System", light: "Light", dark: "Dark" };

export function ThemeToggle({ className }: { className?: string }) {
  const [choice, setChoice] = useState<ThemeChoice>("system");
  // The server cannot know the stored choice; read it after mount (no hydration mismatch).
  // eslint-disable-next-line react-hooks/set-state-in-effect
  useEffect(() => setChoice(readThemeChoice()), []);
  return (
    <Menu modal={false}>
      <MenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={`Theme: ${labels[choice]}`} title="Theme" className={className} data-testid="theme-toggle">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8">
            <path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8Z" />
          </svg>
        </Button>
      </MenuTrigger>
      <MenuContent>
        <MenuLabel>Theme</MenuLabel>
        <MenuRadioGroup
          value={choice}
          onValueChange={(value) => {
            const next = value as ThemeChoice;
            setChoice(next);
            saveThemeChoice(next);
          }}
        >
          {(["system", "light", "dark"] as const).map((c) => (
            <MenuRadioItem key={c} value={c}>
              {labels[c]}
            </MenuRadioItem>
          ))}
        </MenuRadioGroup>
      </MenuContent>
    </Menu>
  );
}
