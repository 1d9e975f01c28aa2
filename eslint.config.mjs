// ESLint flat config: Next.js rules (core-web-vitals: @next/next, react, react-hooks,
// jsx-a11y, import), typescript-eslint with type information, eslint-plugin-security.
import { defineConfig, globalIgnores } from "eslint/config";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import security from "eslint-plugin-security";

const TS_FILES = ["**/*.{ts,tsx,mts,cts}"];
const JS_FILES = ["**/*.{js,mjs,cjs}"];
// Test, e2e and benchmark code: drives the app from outside, reads untyped JSON bodies.
const HARNESS_FILES = ["tests/**", "e2e/**", "bench/**", "**/*.test.{ts,tsx}"];
// Code without React components or hooks (a `useX` function there is not a hook).
const NON_REACT_FILES = ["server/**", "scripts/**", "prisma/**", ...HARNESS_FILES];
// The react-hooks plugin instance that eslint-config-next registers.
const reactHooksRules = nextCoreWebVitals.find((c) => c.plugins?.["react-hooks"]).plugins["react-hooks"].rules;

export default defineConfig([
  globalIgnores([
    ".next/**",
    ".data/**",
    "server/db/generated/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
    // node_modules/ and .git/ are always ignored.
  ]),

  js.configs.recommended,
  ...nextCoreWebVitals,

  // Type-aware typescript-eslint for every TS file (tsconfig.json includes **/*.ts(x)).
  {
    files: TS_FILES,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  // Plain JS (config files, scripts/*.mjs) is not in the TS program (allowJs: false).
  { files: JS_FILES, extends: [tseslint.configs.disableTypeChecked] },

  security.configs.recommended,

  {
    rules: {
      // Flags async functions without await: here those are implementations of async
      // interfaces (in-memory stores, test stubs). Floating/misused promises stay covered.
      "@typescript-eslint/require-await": "off",
      // Rethrown errors keep their cause (on in ESLint 10's recommended set).
      "preserve-caught-error": "error",
      // Flags every obj[key] with a non-literal key; every hit here is a typed key
      // (const tuple, numeric index, union). Untrusted input is parsed with zod first.
      "security/detect-object-injection": "off",
      // Flags every fs call with a variable path; paths here come from config/constants
      // (DATA_DIR, migrations dir), never from a request.
      "security/detect-non-literal-fs-filename": "off",
    },
  },

  {
    files: HARNESS_FILES,
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/restrict-template-expressions": "off",
      "@typescript-eslint/restrict-plus-operands": "off",
      "security/detect-non-literal-regexp": "off",
      // Playwright fixtures must destructure their first argument: `async ({}, use) => ...`.
      "no-empty-pattern": ["error", { allowObjectPatternsAsParameters: true }],
    },
  },

  // Code that runs in the browser takes only types from the server: a value import ships
  // server code (zod, the database client's types made real) to every visitor. Shared
  // plain values live in lib/ (lib/workspace-limits.ts). A server component in
  // components/ that needs server code says so with an eslint-disable comment.
  {
    files: ["components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    ignores: ["**/*.test.{ts,tsx}"],
    rules: {
      "no-restricted-imports": "off",
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/server", "@/server/**", "**/server", "**/server/**"],
              allowTypeImports: true,
              message: "Browser code may import only types from the server: move shared values to lib/.",
            },
          ],
        },
      ],
    },
  },

  {
    files: NON_REACT_FILES,
    rules: Object.fromEntries(Object.keys(reactHooksRules).map((rule) => [`react-hooks/${rule}`, "off"])),
  },
]);
