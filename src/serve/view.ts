/**
 * The one way a page obtains the figures it shows: `pageView(state, session, request)`. A page
 * sees the version its session picked (当初, 補正, 現計, 決算見込み, 決算; the book's default
 * version unless another was picked) — and, for the default version while the session has
 * what-if edits, the book with those edits, recomputed. Other versions are shown as saved:
 * what-if edits change the default version only.
 */

import type { Version } from "../model/book.ts";
import { countFindings, type Finding, type FindingCounts } from "../model/findings.ts";
import type { Model } from "../model/model.ts";
import { versionOf, viewableVersion } from "../model/version.ts";
import type { LoadedState } from "./live-book.ts";
import type { Session } from "./sessions.ts";
import { type AppliedEdit, describeEdits, editedBook, editsStillValid } from "./whatif.ts";

/** What a page asks to see. */
interface ViewRequest {
  /** A version of the book (id); default: the session's pick, else the book's default version. */
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
  /** The version shown as saved (without what-if edits): what edited figures are marked against. */
  readonly saved: Model;
  /** The version shown. */
  readonly version: Version;
  /** Whether the figures can be edited (what-if): the default version only. */
  readonly editable: boolean;
}

/** The figures of `state` as `session` sees them. */
export function pageView(
  state: LoadedState,
  session: Session,
  request: ViewRequest = {},
): PageView {
  const shown = viewableVersion(state.book, request.version ?? session.version ?? undefined);
  if (shown && shown.id !== state.book.version) {
    const f = state.versions.of(shown);
    return {
      state,
      model: f.model,
      findings: f.findings,
      counts: f.counts,
      saved: f.model,
      edits: [],
      version: shown,
      editable: false,
    };
  }
  const version = versionOf(state.book);
  const edits = request.saved ? [] : editsStillValid(state.book, session.edits);
  if (edits.length === 0)
    return {
      state,
      model: state.model,
      findings: state.findings,
      counts: state.counts,
      saved: state.model,
      edits: [],
      version,
      editable: true,
    };
  const key = edits.map((e) => `${e.line}\u0000${e.segment}\u0000${e.amount.toFixed()}`).join("\n");
  let cached = session.whatIf;
  if (cached?.generation !== state.generation || cached.key !== key) {
    const result = state.recomputer.recompute(editedBook(state.model, edits), edits);
    cached = { generation: state.generation, key, result };
    session.whatIf = cached;
  }
  return {
    state,
    model: cached.result.model,
    findings: cached.result.findings,
    counts: countFindings(cached.result.findings),
    saved: state.model,
    edits: describeEdits(state.model, edits),
    version,
    editable: true,
  };
}
