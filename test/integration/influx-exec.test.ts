// execute() against a real influxd whose [http] max-row-limit cuts long answers: half an answer
// must never pass for the whole one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInfluxClient } from '../../src/metrics/index.js';
import { execute } from '../../src/metrics/influx-exec.js';
import { type Influxd, startInfluxd } from '../helpers/influxd.js';

const DB = 'pantau_exec';
let influxd: Influxd;
let influx: ReturnType<typeof createInfluxClient>;

beforeAll(async () => {
  influxd = await startInfluxd({ maxRowLimit: 3 });
  influx = createInfluxClient({ url: influxd.url, database: DB, username: null, password: null });
  await execute(influx, DB, `CREATE DATABASE "${DB}"`);
  await influx.writePoints(
    Array.from({ length: 5 }, (_, i) => ({
      measurement: 'icmp',
      tags: { site: i < 4 ? 'a' : 'b' },
      fields: { up: 1 },
      timestamp: new Date(Date.UTC(2026, 10, 25, 3, i)),
    })),
    { database: DB },
  );
}, 60_000);

afterAll(async () => {
  await influxd?.stop();
});

describe('execute', () => {
  it('gives an answer within the row limit whole', async () => {
    const series = await execute(influx, DB, `SELECT up FROM icmp WHERE site = 'b'`);
    expect(series.map((s) => s.values.length)).toEqual([1]);
  });

  it('refuses an answer the server cut at its max-row-limit, naming the statement', async () => {
    const statement = 'SELECT up FROM icmp GROUP BY site';
    await expect(execute(influx, DB, statement)).rejects.toThrow(
      `InfluxDB cut its answer to \`${statement}\` short (its max-row-limit)`,
    );
  });
});
