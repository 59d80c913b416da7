// Query-string schema pieces shared by the routes: numbers bounded in the schema, so an offset or
// limit past them is a 400, never a number SQLite or a slice cannot take.

/** Past any table Pantau keeps, and far inside SQLite's 64-bit integers. */
export const MAX_OFFSET = 1_000_000_000;
/** The most items one page may hold, in every route that pages. */
export const MAX_PAGE = 1_000;

export function limitParam(defaultLimit: number) {
  return {
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE,
    default: defaultLimit,
    description: `items in the page, 1 to ${MAX_PAGE}`,
  } as const;
}

export const OFFSET_PARAM = {
  type: 'integer',
  minimum: 0,
  maximum: MAX_OFFSET,
  default: 0,
  description: 'items skipped before the page',
} as const;

/** The query string of a route that takes no parameters: any one given is a typo, refused. */
export const NO_QUERY = { type: 'object', additionalProperties: false, properties: {} } as const;
