/**
 * The one way a page obtains the figures it shows: `pageView(state, session, request)`. Today a
 * page sees the saved book, or — while its session has what-if edits — the book with those
 * edits, recomputed. The request is where a page will name a budget version (当初, 補正, 現計,
 * 決算) once books carry them: the statements page asks for one view per column it shows, so a
 * comparison of two versions (A | B | 差額 | 備考) is two views side by side.
 */
import { countFindings, type Finding, type FindingCounts } from "../model/findings.ts";
import type { Model } from "../model/model.ts";
import type { LoadedState } from "./live-book.ts";
import type { Session } from "./sessions.ts";
import { type AppliedEdit, describeEdits, editedBook, editsStillValid } from "./whatif.ts";

/** What a page asks to see. */
export interface ViewRequest {
  /**
   * A budget version of the book (reserved: books do not carry versions yet; a page passes
   * what the user picked and gets the book's one set of figures).
   */
  readonly version?: string;
  /** Show the saved book even while the session has what-if edits. */
  readonly saved?: boolean;
}

/** The figures a page shows and where they come from. */
export interface PageView {
  readonly state: LoadedState;
  readonly model: Model;
  readonly findings: readonly Finding[];
  readonly counts: FindingCounts;
  /** The what-if edits the figures include; empty for the saved book. */
  readonly edits: readonly AppliedEdit[];
}

/** The figures of `state` as `session` sees them. */
export function pageView(
  state: LoadedState,
  session: Session,
  request: ViewRequest = {},
): PageView {
  const edits = request.saved ? [] : editsStillValid(state.book, session.edits);
  if (edits.length === 0)
    return {
      state,
      model: state.model,
      findings: state.findings,
      counts: state.counts,
      edits: [],
    };
  const key = edits.map((e) => `${e.line}\u0000${e.segment}\u0000${e.amount.toFixed()}`).join("\n");
  let cached = session.whatIf;
  if (cached?.version !== state.version || cached.key !== key) {
    const result = state.recomputer.recompute(editedBook(state.model, edits), edits);
    cached = { version: state.version, key, result };
    session.whatIf = cached;
  }
  return {
    state,
    model: cached.result.model,
    findings: cached.result.findings,
    counts: countFindings(cached.result.findings),
    edits: describeEdits(state.model, edits),
  };
}
