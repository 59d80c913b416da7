// The message of something thrown, for error texts that name a file and then say what went wrong.

/** An Error's message, or anything else thrown as text. */
export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
