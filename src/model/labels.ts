/**
 * Matching the labels people type against the labels of a book: white space (including
 * full-width spaces inside printed labels, `本 人 確 認`) is ignored and full-width ASCII is
 * folded (NFKC). Also proposes the nearest known labels for a message.
 */

/** The form in which two labels are compared. */
export function normalizeLabel(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "");
}

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/** Up to `count` candidates nearest to `text`, nearest first. */
export function nearest(text: string, candidates: Iterable<string>, count = 3): string[] {
  const t = normalizeLabel(text);
  return [...new Set(candidates)]
    .map((c) => ({ c, d: distance(t, normalizeLabel(c)) }))
    .sort((x, y) => x.d - y.d)
    .slice(0, count)
    .map((x) => x.c);
}
