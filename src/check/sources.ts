/**
 * Where compared figures come from, for the findings of every check: the input cells behind a
 * figure, behind a formula's terms, and the columns a check runs over.
 */
import { inputSources } from "../derive/derive.ts";
import type { Formula, Reference } from "../model/formula.ts";
import type { Column, Figure, Model } from "../model/model.ts";
import type { Source } from "../model/provenance.ts";

/** The columns every check runs over: each segment, then the total (null). */
export function columnsOf(model: Model): Column[] {
  return [...model.book.segments.map((s) => s.id), null];
}

/** `{ segment }` for a segment column, nothing for the total. */
export function segmentField(column: Column): { segment?: string } {
  return column === null ? {} : { segment: column };
}

/** The input cells of a leaf figure (none for a derived one: its terms have their own). */
export function figureSources(figure: Figure): Source[] {
  return figure.derivation.kind === "input" ? inputSources(figure.derivation.entries) : [];
}

/**
 * The input cells behind a formula's terms, one level down (derived terms point at their layout
 * row; a provision at its amount cell in provisions.csv).
 */
export function formulaSources(
  model: Model,
  formula: Formula<Reference>,
  column: Column,
): Source[] {
  const out: Source[] = [];
  for (const t of formula.terms) {
    if (t.ref.kind === "schedule") {
      out.push(...model.scheduleTotal(t.ref.schedule, t.ref.column, column).sources);
      continue;
    }
    if (t.ref.kind === "provision") {
      const id = t.ref.id;
      const p = model.book.provisions.find((x) => x.id === id);
      if (p) out.push(p.amountSource ?? p.source);
      continue;
    }
    const id = t.ref.id;
    const f = model.figure(id, column);
    if (f.derivation.kind === "input") out.push(...inputSources(f.derivation.entries));
    else {
      const line = model.book.lines.find((l) => l.id === id);
      if (line) out.push(line.source);
    }
  }
  return out;
}

/** The statement of a formula's first line term. */
export function firstStatement(model: Model, formula: Formula<Reference>): string | undefined {
  for (const t of formula.terms) {
    if (t.ref.kind === "line") {
      const id = t.ref.id;
      return model.book.lines.find((l) => l.id === id)?.statement;
    }
  }
  return undefined;
}
