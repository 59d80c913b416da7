// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are written literally here, as in config files
import { describe, expect, it } from 'vitest';
import { substituteEnv } from '../../../src/config/index.js';

describe('substituteEnv', () => {
  it('replaces a set variable, keeping the text around it', () => {
    expect(substituteEnv('pre-${A}-post', { A: 'x' })).toEqual({
      value: 'pre-x-post',
      variables: ['A'],
      missing: [],
      malformed: [],
    });
  });

  it('reports an unset variable without a default as missing', () => {
    const r = substituteEnv('${SNMP_COMMUNITY}', {});
    expect(r.missing).toEqual(['SNMP_COMMUNITY']);
    expect(r.value).toBe('');
  });

  it('uses the default when the variable is unset or empty, not when it is set', () => {
    expect(substituteEnv('${A:-fallback}', {}).value).toBe('fallback');
    expect(substituteEnv('${A:-fallback}', { A: '' }).value).toBe('fallback');
    expect(substituteEnv('${A:-fallback}', { A: 'set' }).value).toBe('set');
    expect(substituteEnv('${A:-}', {}).value).toBe('');
    expect(substituteEnv('${A:-}', {}).missing).toEqual([]);
  });

  it('keeps an empty but set variable without a default as empty, not missing', () => {
    expect(substituteEnv('${A}', { A: '' })).toMatchObject({ value: '', missing: [] });
  });

  it('handles several references, each variable listed once', () => {
    const r = substituteEnv('${A}:${B}@${A}', { A: 'u', B: 'p' });
    expect(r.value).toBe('u:p@u');
    expect(r.variables).toEqual(['A', 'B']);
  });

  it('reads $${ as a literal ${ and leaves other dollars alone', () => {
    expect(substituteEnv('$${A} costs $5 and $B', { A: 'x', B: 'y' }).value).toBe(
      '${A} costs $5 and $B',
    );
  });

  it('reports references it cannot read', () => {
    expect(substituteEnv('${1A} ${A B} ${OPEN', {}).malformed).toEqual([
      '${1A}',
      '${A B}',
      '${OPEN',
    ]);
  });
});
