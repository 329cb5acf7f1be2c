import { describe, expect, it } from '@jest/globals';
import { clemmysModelLeaves, clemmysSettingsSchema } from '../../../src/protocols/clemmys/settings.js';

const clemmysProtocolSchema = { parse: (block: unknown) => clemmysSettingsSchema.parse(block).clemmys, safeParse: (block: unknown) => clemmysSettingsSchema.safeParse(block) };

describe('the Clemmys protocol keys (models/clemmys.yaml)', () => {
  it('every default says where it comes from', () => {
    const leaves = clemmysModelLeaves();
    expect(leaves.map((l) => l.path)).toEqual(expect.arrayContaining(['gateway.cores', 'gateway.perRequest', 'chain.verify']));
    for (const { path, leaf } of leaves) {
      expect([path, ['seen', 'derived', 'estimated'].includes(leaf.mark)]).toEqual([path, true]);
      expect([path, typeof leaf.source === 'string' && leaf.source.length > 10]).toEqual([path, true]);
    }
  });

  it('resolves an empty block to the model defaults, in base units', () => {
    const p = clemmysProtocolSchema.parse({});
    expect(p.gateway).toEqual({ cores: 2, perRequest: { dist: 'lognormal', mean: 0.0002, cv: 0.5 }, inputPasses: 2, outputPasses: 1, queue: Infinity });
    expect(p.enclaveCrypto).toEqual({ inputPasses: 1, outputPasses: 1, slowdown: 1 });
    expect(p.chain.verify).toEqual({ dist: 'constant', value: 0.00001 });
  });

  it('merges what a scenario writes over the defaults, key by key', () => {
    const p = clemmysProtocolSchema.parse({ gateway: { cores: 4, perRequest: '1ms' } });
    expect(p.gateway).toEqual({ cores: 4, perRequest: { dist: 'constant', value: 0.001 }, inputPasses: 2, outputPasses: 1, queue: Infinity });
  });

  it('refuses unknown keys and impossible values, naming them', () => {
    const bad = clemmysProtocolSchema.safeParse({ gateway: { core: 2 }, enclaveCrypto: { slowdown: 0 } });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
    expect(messages).toMatch(/gateway\.core: unknown key "core" \(did you mean "cores"\?\)/);
    expect(messages).toMatch(/enclaveCrypto\.slowdown/);
  });
});
