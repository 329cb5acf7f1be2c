import { RandomStreams } from '../engine/index.js';
import type { Random } from '../engine/index.js';

/**
 * The streams of one replication: as if seeded with `${seed}/${replication}`. Every variant and
 * sweep point of a scenario gets the same streams for a given replication (common random numbers).
 */
export class ReplicationStreams extends RandomStreams {
  constructor(
    seed: number,
    readonly replication: number,
  ) {
    super(seed);
  }

  override stream(name: string): Random {
    return super.stream(`${this.replication}/${name}`);
  }
}
