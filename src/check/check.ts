/** What a check is: a pure function from the Model (and the options) to its findings. */
import type { Finding } from "../model/findings.ts";
import type { Model } from "../model/model.ts";

export interface ReconcileOptions {
  /** Treat findings about the published document as failures. */
  readonly strict: boolean;
}

export type Check = (model: Model, options: ReconcileOptions) => Finding[];
