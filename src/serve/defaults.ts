/** Where `yosan serve` listens unless told otherwise (apart, so the command line loads nothing more). */

/** The port `yosan serve` listens on unless told otherwise. */
export const DEFAULT_PORT = 8429;
/** The address `yosan serve` listens on unless told otherwise: this machine only. */
export const DEFAULT_HOST = "127.0.0.1";
