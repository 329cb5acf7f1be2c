import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { formatSimulated, progressBar } from '../../src/cli/progress.js';

/** A stand-in for stderr: a terminal or not, keeping what is written. */
function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, s: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream };
}

describe('the progress line', () => {
  const ci = process.env.CI;
  beforeEach(() => {
    delete process.env.CI;
  });
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
  });

  it('on a terminal, shows simulated time advancing within the replication being run', () => {
    const { written, s } = stream(true);
    const p = progressBar('long', s);
    p.update(1, 5, { simulatedSeconds: 3 * 3600, durationSeconds: 86400 });
    expect(written.at(-1)).toMatch(/^\rlong \[#{7}\.{23}\] 1\/5 runs, at 3 h of 24 h /);
    p.done();
    expect(written.at(-1)).toBe('\r\x1b[K');
    expect([p.finished, p.total]).toEqual([1, 5]);
  });

  it('is silent in a pipe and under CI, but still counts the finished replications', () => {
    for (const [isTTY, env] of [[false, undefined], [true, 'true']] as const) {
      if (env !== undefined) process.env.CI = env;
      const { written, s } = stream(isTTY);
      const p = progressBar('quiet', s);
      p.update(2, 3);
      p.done();
      expect(written).toEqual([]);
      expect(p.finished).toBe(2);
    }
  });

  it('says simulated time in the unit that reads best', () => {
    expect([42, 750, 3 * 3600 + 720].map(formatSimulated)).toEqual(['42 s', '12.5 min', '3.2 h']);
  });
});
