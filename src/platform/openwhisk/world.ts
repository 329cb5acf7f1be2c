import { buildWorld, createSystem, queryComponents, Read, removeWorld, SystemError, Write, WriteResource } from 'sim-ecs';
import type { IPreptimeWorld, IRuntimeWorld } from 'sim-ecs';
import type { Random } from '../../engine/index.js';
import type { TimeSeriesRow } from '../../model/platform.js';
import { STATE_COLUMN_INDEX, STATE_COLUMNS } from './container.js';
import type { Hooks } from './hooks.js';
import type { Invoker } from './invoker.js';

/** Component: the invoker model object this entity stands for (touched by direct reference). */
export class InvokerRef {
  constructor(public invoker: Invoker) {}
}

/** Component: InvokerSupervision's view of one invoker (model §2.4). */
export class InvokerHealth {
  /** 1 = Healthy. Invokers do not fail in this model: the slot is there for fault injection. */
  status = 1;
  constructor(
    public index: number,
    /** The balancers' shared health flags, written through. */
    public flags: Uint8Array,
  ) {}
}

/** Resource: the control clock and the periodic schedules. */
export class ControlState {
  now = 0;
  nextPrewarmCheck = 0;
  nextPing = 0;
  nextSample: number;
  constructor(
    public readonly pingIntervalSeconds: number,
    public readonly prewarmIntervalSeconds: number,
    public readonly prewarmVarianceSeconds: number,
    public readonly sampleIntervalSeconds: number,
    public readonly prewarmRandom: Random,
  ) {
    this.nextPrewarmCheck = prewarmIntervalSeconds + prewarmRandom() * prewarmVarianceSeconds;
    this.nextSample = sampleIntervalSeconds > 0 ? sampleIntervalSeconds : Infinity;
  }
}

/** The sampler's rows: time, invoker, then these columns in order (hooks passed in code add theirs after them). */
export const OPENWHISK_TIMESERIES = { entity: 'invoker', columns: [...STATE_COLUMNS, 'memoryUsedMiB', 'runBuffer', 'inFlight', 'kafkaBacklog'] } as const;

/** Resource: where sampled rows go, as they are sampled (streamed to a file; never kept here). */
export class TimeSeries {
  constructor(
    public readonly emit: (row: TimeSeriesRow) => void,
    /** The hooks that add columns per invoker (EPC use, enclaves), if any. */
    public readonly hooks: Hooks | undefined,
  ) {}
}

/** Health pings every second: a ping marks the invoker Healthy (model §2.4, without failures). */
const healthSystem = () =>
  createSystem({ q: queryComponents({ health: Write(InvokerHealth) }), control: WriteResource(ControlState) })
    .withName('openwhisk-health')
    .withRunFunction(({ q, control }) => {
      if (control.now < control.nextPing) return;
      for (const { health } of q.iter()) {
        health.flags[health.index] = health.status;
      }
      while (control.nextPing <= control.now) control.nextPing += control.pingIntervalSeconds;
    })
    .build();

/** The ContainerPool's periodic prewarm check: every interval plus a random variance (model §3.4). */
const prewarmSystem = () =>
  createSystem({ q: queryComponents({ ref: Read(InvokerRef) }), control: WriteResource(ControlState) })
    .withName('openwhisk-prewarm')
    .withRunFunction(({ q, control }) => {
      if (control.now < control.nextPrewarmCheck) return;
      for (const { ref } of q.iter()) ref.invoker.prewarms.adjust(control.now);
      control.nextPrewarmCheck = control.now + control.prewarmIntervalSeconds + control.prewarmRandom() * control.prewarmVarianceSeconds;
    })
    .build();

/**
 * One row per invoker every sample interval (on the first tick at or after it is due): containers
 * by state (summed into their columns, see STATE_COLUMN), memory, buffers, then the hooks'
 * columns. O(invokers), not O(containers).
 */
const samplerSystem = () =>
  createSystem({ q: queryComponents({ ref: Read(InvokerRef) }), control: WriteResource(ControlState), series: WriteResource(TimeSeries) })
    .withName('openwhisk-sampler')
    .withRunFunction(({ q, control, series }) => {
      if (control.now < control.nextSample) return;
      while (control.nextSample <= control.now) control.nextSample += control.sampleIntervalSeconds;
      const byColumn = new Int32Array(STATE_COLUMNS.length);
      for (const { ref } of q.iter()) {
        const inv = ref.invoker;
        byColumn.fill(0);
        inv.pool.stateCounts.forEach((n, state) => (byColumn[STATE_COLUMN_INDEX[state]] += n));
        const row: TimeSeriesRow = { time: control.now, invoker: inv.id };
        STATE_COLUMNS.forEach((column, k) => (row[column] = byColumn[k]));
        row.memoryUsedMiB = inv.pool.memoryUsedMiB;
        row.runBuffer = inv.runBuffer.length;
        row.inFlight = inv.inFlight;
        row.kafkaBacklog = inv.topic.length;
        series.hooks?.sample(inv, row);
        series.emit(row);
      }
    })
    .build();

let worldCounter = 0;

/**
 * The sim-ecs world of an OpenWhisk cluster: one entity per invoker, and the periodic work as
 * systems run on the control tick. Nothing per activation goes through here (a step costs
 * ~10 us, ~100 events). Built lazily on the first tick because preparing a world is async.
 */
export class OpenWhiskWorld {
  private prep: IPreptimeWorld | undefined;
  private world: IRuntimeWorld | undefined;
  private error: Error | undefined;

  constructor(
    private readonly invokers: Invoker[],
    private readonly healthFlags: Uint8Array,
    private readonly control: ControlState,
    /** Absent: nobody takes the time series, so the sampler is not even scheduled. */
    private readonly series: TimeSeries | undefined,
  ) {}

  async tick(nowSeconds: number): Promise<void> {
    if (this.world === undefined) await this.build();
    this.control.now = nowSeconds;
    await this.world!.step();
    // sim-ecs swallows exceptions thrown in systems into a SystemError event: rethrow them
    if (this.error !== undefined) throw this.error;
  }

  close(): void {
    if (this.world !== undefined) (this.world as unknown as { [Symbol.dispose]?: () => void })[Symbol.dispose]?.();
    if (this.prep !== undefined) removeWorld(this.prep);
    this.world = undefined;
    this.prep = undefined;
  }

  private async build(): Promise<void> {
    const prep = buildWorld()
      .withName(`openwhisk-${++worldCounter}`)
      .withDefaultScheduling((root) =>
        root.addNewStage((s) => {
          s.addSystem(healthSystem());
          s.addSystem(prewarmSystem());
          if (this.series !== undefined) s.addSystem(samplerSystem());
        }),
      )
      .withComponents(InvokerRef, InvokerHealth)
      .build();
    prep.addResource(this.control);
    if (this.series !== undefined) prep.addResource(this.series);
    this.invokers.forEach((inv, i) => prep.buildEntity().with(new InvokerRef(inv)).with(new InvokerHealth(i, this.healthFlags)).build());
    this.prep = prep;
    // the default execution function hops through setTimeout twice (~2 ms a step): use a microtask
    this.world = await prep.prepareRun({ executionFunction: (cb: Function) => queueMicrotask(cb as () => void) });
    this.world.eventBus.subscribe(SystemError, (e: object) => {
      this.error ??= (e as SystemError).cause;
    });
  }
}
