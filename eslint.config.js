// Lint rules that catch real mistakes in a test harness: a focused test, and (type-aware) a promise nobody awaits,
// an await of something that is not a promise, a promise where a value is expected. A floating `expect.poll` or
// `test.step` is a check that never runs to its verdict.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "reports/", "test-results/", "playwright-report/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { process: "readonly", console: "readonly" },
      parserOptions: {
        projectService: { allowDefaultProject: ["*.js", "*.mjs", "selftest/bench/*.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-misused-promises": "error",
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
