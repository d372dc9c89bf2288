/**
 * Vitest setup: the tests pin yosan's language to English (YOSAN_LANG, model/text.ts) so their
 * assertions on messages read one language; the tests of the language itself
 * (test/language.test.ts, the Japanese goldens) set it for each case.
 */
process.env.YOSAN_LANG = "en";
