/**
 * Browser sessions: a random id in a cookie (HttpOnly, SameSite=Strict), and for each the token
 * every request that changes something must carry (CSRF): an HMAC of the id under a secret
 * that lives only as long as the server, so a page of another origin can neither read nor
 * guess it. A session also holds what belongs to one person's page: the what-if edits, the
 * imports previewed but not yet applied, the version and the language its pages show. At most MAX_SESSIONS are kept (least recently
 * used go first).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Recomputed } from "../check/incremental.ts";
import type { Lang } from "../model/text.ts";
import type { PendingImport } from "./import-preview.ts";
import type { WhatIfEdit } from "./whatif.ts";

const MAX_SESSIONS = 64;
/** Imports a session keeps previewed (the latest ones). */
const MAX_PENDING_IMPORTS = 4;

export interface Session {
  readonly id: string;
  /** What a request that changes something must send in the `x-yosan-token` header. */
  readonly token: string;
  /** The what-if edits of this session's page, unsaved. */
  edits: readonly WhatIfEdit[];
  /** The last recomputation of the edits, for the book's generation and edits it was made for. */
  whatIf: { readonly generation: number; readonly key: string; readonly result: Recomputed } | null;
  /**
   * The version this session's pages show (an id the page picked with `?v=`); null for the
   * book's default version, the one what-if edits apply to.
   */
  version: string | null;
  /** The language this session's pages were switched to (`?lang=`); null: the server's choice. */
  lang: Lang | null;
  /** Previewed imports by id, waiting for Apply. */
  readonly imports: Map<string, PendingImport>;
}

export class Sessions {
  private readonly secret = randomBytes(32);
  private readonly byId = new Map<string, Session>();

  /** The session of a cookie's id, marked as just used; undefined when unknown. */
  get(id: string | undefined): Session | undefined {
    if (id === undefined || !/^[0-9a-f]{32}$/.test(id)) return undefined;
    const s = this.byId.get(id);
    if (s) {
      this.byId.delete(id);
      this.byId.set(id, s);
    }
    return s;
  }

  create(): Session {
    const id = randomBytes(16).toString("hex");
    const token = createHmac("sha256", this.secret).update(id).digest("hex");
    const session: Session = {
      id,
      token,
      edits: [],
      whatIf: null,
      version: null,
      lang: null,
      imports: new Map(),
    };
    this.byId.set(id, session);
    while (this.byId.size > MAX_SESSIONS) {
      const oldest = this.byId.keys().next().value;
      if (oldest === undefined) break;
      this.byId.delete(oldest);
    }
    return session;
  }

  /** Does `token` (a request header) belong to `session`? Compared in constant time. */
  static tokenMatches(session: Session, token: string | undefined): boolean {
    if (token === undefined) return false;
    const a = Buffer.from(session.token);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  /** Keep a previewed import, dropping the oldest beyond MAX_PENDING_IMPORTS. */
  static keepImport(session: Session, pending: PendingImport): void {
    session.imports.set(pending.id, pending);
    while (session.imports.size > MAX_PENDING_IMPORTS) {
      const oldest = session.imports.keys().next().value;
      if (oldest === undefined) break;
      session.imports.delete(oldest);
    }
  }
}
