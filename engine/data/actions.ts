/**
 * Corporate actions: splits and dividends, loaded from a table beside the
 * bars, and the form the engine runs them in.
 *
 * @module
 */

/** `FrameActions.kind` of a split. */
export const ACTION_SPLIT = 0;
/** `FrameActions.kind` of a cash dividend. */
export const ACTION_DIVIDEND = 1;

/** One corporate action as the table gives it. */
export interface CorporateAction {
  readonly symbol: string;
  /** Ex-date `YYYY-MM-DD`. */
  readonly date: string;
  readonly kind: "split" | "dividend";
  /** Split: shares after per share before (2 for a 2-for-1, 0.1 for a 1-for-10); dividend: cash per share. */
  readonly value: number;
}

/**
 * The actions a run applies (`data.prices: "rawWithActions"`), as columns in
 * processing order (by time, then symbol id). Each is due at the open of its
 * symbol's first bar on or after its ex-date, whose start time `tsMs` holds.
 */
export interface FrameActions {
  readonly symbolId: Int32Array;
  readonly tsMs: Float64Array;
  /** {@linkcode ACTION_SPLIT} or {@linkcode ACTION_DIVIDEND}. */
  readonly kind: Uint8Array;
  /** Split ratio or dividend per share, as in {@linkcode CorporateAction.value}. */
  readonly value: Float64Array;
}
