/**
 * The output formats of `yosan build`, apart from the renderers, so the command line can define
 * its options without loading any of them.
 */

/** The output formats of a build; all by default. */
export const OUTPUT_FORMATS = ["json", "csv", "xlsx", "html"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
