// Lint rules that catch real mistakes in a test harness: focused or skipped tests, floating promises are
// caught by the type checker's strictness and by review; these are the cheap syntactic ones.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "reports/", "test-results/", "playwright-report/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module", globals: { process: "readonly", console: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-properties": [
        "error",
        { object: "test", property: "only", message: "A focused test hides the others." },
        { object: "describe", property: "only", message: "A focused test hides the others." },
      ],
      eqeqeq: ["error", "always"],
    },
  },
  {
    // Playwright fixtures that depend on no other fixture are written `async ({}, use) => ...`.
    files: ["fixtures/**/*.ts", "selftest/**/*.ts"],
    rules: { "no-empty-pattern": "off" },
  },
);
