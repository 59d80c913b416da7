// What Pantau's own HTTP requests to InfluxDB (/query, /write) share: the credentials header and
// the reading of an error answer.

/** The Authorization header for InfluxDB's credentials; null without a username. */
export function basicAuthorization(
  username: string | null,
  password: string | null,
): string | null {
  if (username === null) return null;
  return `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
}

/** InfluxDB's error text from a JSON body ({"error": "..."}), or the body itself, shortened. */
export function influxErrorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // not JSON: the body as it is
  }
  return body.trim().slice(0, 500) || 'no message';
}
