/**
 * The targets `npm run bench` holds each row to, as data: which row, what bound, and the issue
 * that set it. A verdict is met, NOT MET, or n/a (a row it depends on did not run). Every row
 * is also held to the baseline: current / baseline wall time at most 1 + BASELINE_NOISE.
 */

/** A bound on one row. `row` names another row of the same run. */
export type Target =
  /** Wall time (for a what-if row: its p95) at most `ms`, or below it with `below`. */
  | { readonly kind: "wall"; readonly ms: number; readonly below?: true }
  /** Peak RSS at most `mib`. */
  | { readonly kind: "rss"; readonly mib: number }
  /** Wall time at most `max` × the wall time of `row`. */
  | { readonly kind: "times"; readonly row: string; readonly max: number }
  /** `row`'s wall time at least `factor` × this row's: this row is `factor` times faster. */
  | { readonly kind: "faster"; readonly row: string; readonly factor: number }
  /** Peak RSS at most `max` × that of `row` (memory flat as the input grows). */
  | { readonly kind: "flat"; readonly row: string; readonly max: number };

/** A target with where it comes from; a stretch target is printed as such. */
export interface RowTarget {
  readonly target: Target;
  readonly issue: string;
  readonly stretch?: true;
}

/** Current / baseline wall time above 1 + this is flagged SLOWER; below 1 − this, faster. */
export const BASELINE_NOISE = 0.05;

/** The targets by row id. */
export const TARGETS: Readonly<Record<string, readonly RowTarget[]>> = {
  "fy29-build": [{ target: { kind: "times", row: "node-e0", max: 3 }, issue: "19" }],
  "fy29-full": [{ target: { kind: "wall", ms: 800 }, issue: "19", stretch: true }],
  "build-100k": [
    { target: { kind: "faster", row: "ledger-100k", factor: 2 }, issue: "19" },
    { target: { kind: "faster", row: "hledger-100k", factor: 12 }, issue: "19" },
  ],
  "build-1m": [
    { target: { kind: "wall", ms: 1400 }, issue: "19" },
    { target: { kind: "rss", mib: 256 }, issue: "19" },
  ],
  "build-10m": [
    { target: { kind: "wall", ms: 6000 }, issue: "19" },
    { target: { kind: "flat", row: "build-1m", max: 1.25 }, issue: "19" },
  ],
  "actuals-1m": [
    { target: { kind: "wall", ms: 3000 }, issue: "18" },
    { target: { kind: "rss", mib: 400 }, issue: "18" },
  ],
  "actuals-mapping-100k": [{ target: { kind: "wall", ms: 1000 }, issue: "18" }],
  "versions-10k": [{ target: { kind: "wall", ms: 3000 }, issue: "18" }],
  "whatif-fy29": [{ target: { kind: "wall", ms: 10, below: true }, issue: "19" }],
  "whatif-100k": [{ target: { kind: "wall", ms: 500 }, issue: "earlier bench" }],
  "serve-fy29-load": [{ target: { kind: "wall", ms: 1000 }, issue: "earlier bench" }],
};

/** The figures a verdict reads. */
export interface Measured {
  readonly wallMs?: number;
  readonly rssMiB?: number;
}

export interface Verdict {
  /** The bound and the figures it was judged on, e.g. `≤ 3 × node-e0 (3 × 0.061 s = 0.183 s)`. */
  readonly text: string;
  /** null: not judged (a figure is missing). */
  readonly met: boolean | null;
  readonly stretch: boolean;
  readonly issue: string;
}

export function seconds(ms: number): string {
  return ms < 100 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(3)} s`;
}

/** Judge `row` against `t`; `other` finds the rows a relative target names. */
export function verdict(
  t: RowTarget,
  row: Measured,
  other: (id: string) => Measured | undefined,
): Verdict {
  const base = { stretch: t.stretch === true, issue: t.issue };
  const g = t.target;
  const judged = (text: string, met: boolean | null): Verdict => ({ ...base, text, met });
  switch (g.kind) {
    case "wall":
      return judged(
        `${g.below ? "<" : "≤"} ${seconds(g.ms)}`,
        row.wallMs === undefined ? null : g.below ? row.wallMs < g.ms : row.wallMs <= g.ms,
      );
    case "rss":
      return judged(`≤ ${g.mib} MiB`, row.rssMiB === undefined ? null : row.rssMiB <= g.mib);
    case "times": {
      const o = other(g.row)?.wallMs;
      return o === undefined || row.wallMs === undefined
        ? judged(`≤ ${g.max} × ${g.row} (not measured)`, null)
        : judged(`≤ ${g.max} × ${g.row} = ${seconds(g.max * o)}`, row.wallMs <= g.max * o);
    }
    case "faster": {
      const o = other(g.row)?.wallMs;
      return o === undefined || row.wallMs === undefined
        ? judged(`${g.factor}× faster than ${g.row} (not measured)`, null)
        : judged(
            `${g.factor}× faster than ${g.row}: ${(o / row.wallMs).toFixed(1)}×`,
            o >= g.factor * row.wallMs,
          );
    }
    case "flat": {
      const o = other(g.row)?.rssMiB;
      return o === undefined || row.rssMiB === undefined
        ? judged(`RSS ≤ ${g.max} × ${g.row} (not measured)`, null)
        : judged(
            `RSS ≤ ${g.max} × ${g.row} = ${Math.round(g.max * o)} MiB`,
            row.rssMiB <= g.max * o,
          );
    }
  }
}
