// The theme choice: "light", "dark" or "system" (the default), remembered in localStorage.
// THEME_SCRIPT runs inline in <head> before first paint (app/layout.tsx), so a dark page
// never flashes light; it also follows the system setting while the choice is "system".

export type ThemeChoice = "light" | "dark" | "system";
export const THEME_KEY = "herald-theme";

export const THEME_SCRIPT = `(function(){try{
var k=${JSON.stringify(THEME_KEY)},m=window.matchMedia("(prefers-color-scheme: dark)");
function apply(){var c=localStorage.getItem(k);var d=c==="dark"||(c!=="light"&&m.matches);document.documentElement.classList.toggle("dark",d);}
apply();m.addEventListener("change",apply);window.addEventListener("storage",function(e){if(e.key===k)apply();});
window.__heraldApplyTheme=apply;
}catch(e){}})();`;

export function readThemeChoice(): ThemeChoice {
  try {
    const value = localStorage.getItem(THEME_KEY);
    return value === "light" || value === "dark" ? value : "system";
  } catch {
    return "system";
  }
}

export function saveThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === "system") localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, choice);
  } catch {
    // Storage refused (private mode): the choice lasts for this page only.
  }
  const dark = choice === "dark" || (choice === "system" && window.matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}
