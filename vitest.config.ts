import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Every test reads yosan in English unless it sets the language itself (test/helpers/pin-language.ts).
    setupFiles: ["test/helpers/pin-language.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine, where
    // many test files spend their time waiting on child processes (the command line, LibreOffice,
    // Chromium, hledger). Three workers keep both cores busy.
    maxWorkers: 3,
  },
});
