/** The same three answers from every kioskctl command. */
export const EXIT = {
  /** ok, valid, approved */
  ok: 0,
  /** a negative answer: invalid, rejected, not found (the reason is on stderr) */
  negative: 1,
  /** usage or I/O error */
  usage: 2,
} as const;
