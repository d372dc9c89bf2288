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

/** Texts longer than this get no suggestion: the distance costs length × length. */
const MAX_SUGGESTED_CHARS = 64;

/** Up to `count` candidates nearest to `text`, nearest first (none for a text over 64 characters). */
export function nearest(text: string, candidates: Iterable<string>, count = 3): string[] {
  return suggester(candidates, count, Number.POSITIVE_INFINITY)(text);
}

/**
 * A function proposing the `count` nearest of `candidates` (normalised once) for a text, for
 * the first `budget` texts asked about; after that it proposes nothing, since only the first
 * messages of a long list are printed and each proposal costs a distance per candidate.
 */
export function suggester(
  candidates: Iterable<string>,
  count = 3,
  budget = 200,
): (text: string) => string[] {
  const pool = [...new Set(candidates)].map((c) => ({ c, key: normalizeLabel(c) }));
  let asked = 0;
  return (text) => {
    const t = normalizeLabel(text);
    if (t.length > MAX_SUGGESTED_CHARS || asked >= budget) return [];
    asked++;
    return pool
      .map(({ c, key }) => ({ c, d: distance(t, key) }))
      .sort((x, y) => x.d - y.d)
      .slice(0, count)
      .map((x) => x.c);
  };
}
