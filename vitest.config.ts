import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // One temp folder per run, removed at its end (tests/global-setup.ts).
    globalSetup: ["./tests/global-setup.ts"],
    // End-to-end tests build the site and print PDFs in real Chromium.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    reporters: ["default", "./tests/summary-reporter.ts"],
  },
});
