import type { Simulation } from '../engine/index.js';
import type { Gauge } from '../model/recording.js';
import type { StationSpec } from '../spec/types.js';
import { Fifo } from '../resources/fifo.js';
import type { Activation } from '../model/activation.js';
import type { ActivationSink } from '../model/activation-events.js';
import type { Platform, PlatformContext, PlatformDescriptor } from '../model/platform.js';
import { z } from 'zod';
import { zNonNegativeInt, zPositiveInt } from '../spec/zod-units.js';
import { strictShape } from '../spec/zod-helpers.js';

/**
 * A textbook queueing station: `servers` identical servers fed by one FIFO line with `queue`
 * places (Infinity: unbounded). An arrival that finds every server busy and the line full is
 * rejected. It has no cold starts: it is the M/M/c, M/G/c and M/M/c/K reference the other
 * platforms are checked against. Blocking calls get their response when service ends;
 * non-blocking ones get their 202 on admission.
 */
export class Station implements Platform {
  private busy = 0;
  private readonly line = new Fifo<Activation>();
  private readonly sim: Simulation;
  private readonly sink: ActivationSink;
  private readonly busyGauge: Gauge;
  private readonly instancesGauge: Gauge;

  constructor(
    private readonly spec: StationSpec,
    ctx: PlatformContext,
  ) {
    if (!(spec.servers >= 1)) throw new RangeError(`station: servers must be >= 1, got ${spec.servers}`);
    if (!(spec.queue >= 0)) throw new RangeError(`station: queue must be >= 0, got ${spec.queue}`);
    this.sim = ctx.sim;
    this.sink = ctx.sink;
    this.busyGauge = ctx.recorder.gauge('instances.busy');
    this.instancesGauge = ctx.recorder.gauge('instances.mean', 'instances.max');
    // infinitely many servers: count those in use, or the average would be Infinity
    if (spec.servers !== Infinity) this.instancesGauge.set(spec.servers);
  }

  submit(a: Activation): void {
    if (this.busy < this.spec.servers) {
      this.admit(a);
      this.serve(a);
    } else if (this.line.length < this.spec.queue) {
      this.admit(a);
      this.line.push(a);
    } else {
      this.sink.rejected(a, 'rejected');
    }
  }

  private admit(a: Activation): void {
    if (a.blocking) return;
    a.response = this.sim.now;
    this.sink.accepted(a);
  }

  private serve(a: Activation): void {
    this.busy++;
    this.busyGauge.add(1);
    if (this.spec.servers === Infinity) this.instancesGauge.add(1);
    a.start = this.sim.now;
    a.startKind = 'warm';
    this.sink.started(a);
    this.sim.post(a.execSeconds, this.complete, a);
  }

  private readonly complete = (a: Activation): void => {
    this.busy--;
    this.busyGauge.add(-1);
    if (this.spec.servers === Infinity) this.instancesGauge.add(-1);
    a.end = this.sim.now;
    if (a.blocking) a.response = a.end;
    this.sink.finished(a);
    const next = this.line.shift();
    if (next !== undefined) this.serve(next);
  };
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
