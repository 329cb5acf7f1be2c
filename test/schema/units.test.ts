import { describe, expect, it } from '@jest/globals';
import { parseDuration, parseRate, parseSizeBytes, parseSizeMiB, UnitError } from '../../src/schema/units.js';

describe('units', () => {
  it('convert to base units exactly: the decimal a user wrote, not float noise', () => {
    expect(parseDuration('700ms')).toBe(0.7);
    expect(parseDuration('20ms')).toBe(0.02);
    expect(parseDuration('1.5s')).toBe(1.5);
    expect(parseDuration('10min')).toBe(600);
    expect(parseDuration('250us')).toBe(0.00025);
    expect(parseDuration(0)).toBe(0);
    expect(parseSizeMiB('2GiB')).toBe(2048);
    expect(parseSizeMiB('512KiB')).toBe(0.5);
    expect(parseSizeBytes('4KiB')).toBe(4096);
    expect(parseSizeBytes('1MB')).toBe(1_048_576);
    expect(parseRate('20/s')).toBe(20);
    expect(parseRate('30/min')).toBe(0.5);
    expect(parseRate('3600/h')).toBe(1);
  });

  it('read KB, MB and GB as KiB, MiB and GiB, as FaaS configuration does', () => {
    expect(parseSizeBytes('1KB')).toBe(1024);
    expect(parseSizeMiB('256MB')).toBe(256);
    expect(parseSizeMiB('2GB')).toBe(2048);
    expect(parseSizeMiB('1.5GB')).toBe(parseSizeMiB('1.5GiB'));
  });

  it('refuse what is not a number with a known unit, saying what was expected', () => {
    expect(() => parseDuration('fast')).toThrow(UnitError);
    expect(() => parseDuration(20)).toThrow(/expected a duration like 20ms/);
    expect(() => parseDuration('20 parsecs')).toThrow(/got "20 parsecs"/);
    expect(() => parseSizeMiB('12 GB/s')).toThrow(/expected a size/);
    expect(() => parseRate('20')).toThrow(/expected a rate like 20\/s/);
  });
});
