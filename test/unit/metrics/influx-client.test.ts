// The URLs of the HTTP API's endpoints under a configured base URL, however it ends.

import { describe, expect, it } from 'vitest';
import { influxEndpoint } from '../../../src/metrics/influx-client.js';

describe('influxEndpoint', () => {
  it('joins the endpoint to the base URL with one slash, with or without a trailing one', () => {
    expect(influxEndpoint('http://127.0.0.1:8086', 'ping').href).toBe('http://127.0.0.1:8086/ping');
    expect(influxEndpoint('http://127.0.0.1:8086/', 'ping').href).toBe(
      'http://127.0.0.1:8086/ping',
    );
    expect(influxEndpoint(new URL('https://db.example/'), 'write').href).toBe(
      'https://db.example/write',
    );
  });

  it('keeps the path of an InfluxDB behind a reverse proxy', () => {
    expect(influxEndpoint('https://proxy.example/influx', 'write').href).toBe(
      'https://proxy.example/influx/write',
    );
    expect(influxEndpoint('https://proxy.example/influx/', 'ping').href).toBe(
      'https://proxy.example/influx/ping',
    );
  });
});
