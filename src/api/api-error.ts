// Every error the API answers with has the same shape: a status, a code and a message that says
// what was wrong with the request, never a stack trace.

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string): ApiError => new ApiError(404, 'not-found', what);
export const badRequest = (message: string): ApiError => new ApiError(400, 'bad-request', message);
/** A peer the answer needs (InfluxDB) is down or not answering: try again later. */
export const unavailable = (message: string): ApiError => new ApiError(503, 'unavailable', message);

export const ERROR_SCHEMA = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
  required: ['statusCode', 'error', 'message'],
} as const;
