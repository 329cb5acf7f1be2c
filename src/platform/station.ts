import type { Simulation } from '../engine/index.js';
import type { StationSpec } from '../schema/types.js';
import { QueueStation } from '../resources/station.js';
import type { Activation } from '../model/activation.js';
import type { ActivationSink } from '../model/activation-events.js';
import type { Platform, PlatformContext, PlatformDescriptor } from '../model/platform.js';
import { z } from 'zod';
import { zNonNegativeInt, zPositiveInt } from '../schema/zod-units.js';
import { strictShape } from '../schema/zod-helpers.js';

/**
 * The `station` platform: a textbook queueing station (resources/station.ts) serving activations,
 * `servers` identical servers fed by one FIFO line with `queue` places (Infinity: unbounded). An
 * arrival that finds every server busy and the line full is rejected. It has no cold starts: it is
 * the M/M/c, M/G/c and M/M/c/K reference the other platforms are checked against. Blocking calls
 * get their response when service ends; non-blocking ones get their 202 on admission.
 */
export class Station implements Platform {
  private readonly station: QueueStation<Activation>;
  private readonly sim: Simulation;
  private readonly sink: ActivationSink;

  constructor(spec: StationSpec, ctx: PlatformContext) {
    this.sim = ctx.sim;
    this.sink = ctx.sink;
    const sim = ctx.sim;
    const sink = ctx.sink;
    const instances = ctx.recorder.gauge('instances.mean', 'instances.max');
    // infinitely many servers: count those in use, or the average would be Infinity
    const countInUse = spec.servers === Infinity;
    if (!countInUse) instances.set(spec.servers);
    this.station = new QueueStation<Activation>({
      sim,
      servers: spec.servers,
      capacity: spec.queue,
      busy: ctx.recorder.gauge('instances.busy'),
      serviceSeconds: (a) => a.execSeconds,
      onStart: (a) => {
        if (countInUse) instances.add(1);
        a.start = sim.now;
        a.startKind = 'warm';
        sink.started(a);
      },
      onDone: (a) => {
        if (countInUse) instances.add(-1);
        a.end = sim.now;
        if (a.blocking) a.response = a.end;
        sink.finished(a);
      },
    });
  }

  submit(a: Activation): void {
    if (!this.station.hasRoom()) {
      this.sink.rejected(a, 'rejected');
      return;
    }
    if (!a.blocking) {
      a.response = this.sim.now;
      this.sink.accepted(a);
    }
    this.station.submit(a);
  }
}

/** `platform: { kind: station, servers: 4, queue: 10 }`: c servers, one FIFO line of `queue` places (absent: unbounded). */
export const stationPlatform: PlatformDescriptor<StationSpec> = {
  kind: 'station',
  schema: strictShape({
    kind: z.literal('station'),
    servers: zPositiveInt,
    queue: zNonNegativeInt.optional(),
  }).transform((s): StationSpec => ({ kind: 'station', servers: s.servers, queue: s.queue ?? Infinity })),
  // no sizes or limits that functions could exceed: impossible values are refused by the schema
  metrics: [],
  create: (spec, ctx) => new Station(spec, ctx),
};
