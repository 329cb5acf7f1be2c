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

/** Resource: the control clock and the periodic schedules. */
export class ControlState {
  now = 0;
  nextPrewarmCheck = 0;
  nextSample: number;
  constructor(
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

/**
 * Columns a run with `faults` adds after those: `up` (the invoker process runs: 1, or 0 while it
 * is down) and `healthy` (1 while the controllers' InvokerSupervision holds it Healthy, the only
 * state the balancer routes to).
 */
export const FAULT_COLUMNS = ['up', 'healthy'] as const;
/** Per invoker when its cores are simulated: busy cores at the sample (0 on an invoker whose cores are not). */
export const CPU_COLUMNS = ['cpuBusy'] as const;

/** Resource: where sampled rows go, as they are sampled (streamed to a file; never kept here). */
export class TimeSeries {
  constructor(
    public readonly emit: (row: TimeSeriesRow) => void,
    /** The hooks that add columns per invoker (EPC use, enclaves), if any. */
    public readonly hooks: Hooks | undefined,
    /** With faults: the balancers' usable flags, sampled as FAULT_COLUMNS. */
    public readonly healthy: Uint8Array | undefined,
    /** Some invoker's cores are simulated: CPU_COLUMNS are sampled. */
    public readonly cores = false,
  ) {}
}

/** The ContainerPool's periodic prewarm check: every interval plus a random variance (model §3.4). */
const prewarmSystem = () =>
  createSystem({ q: queryComponents({ ref: Read(InvokerRef) }), control: WriteResource(ControlState) })
    .withName('openwhisk-prewarm')
    .withRunFunction(({ q, control }) => {
      if (control.now < control.nextPrewarmCheck) return;
      for (const { ref } of q.iter()) if (ref.invoker.up) ref.invoker.prewarms.adjust(control.now);
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
        if (series.healthy !== undefined) {
          row.up = inv.up ? 1 : 0;
          row.healthy = series.healthy[inv.id];
        }
        if (series.cores) row.cpuBusy = inv.cores === null ? 0 : inv.cores.busy;
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
  /** Each invoker entity's reference, by invoker id (once built). */
  private refs: InvokerRef[] = [];

  constructor(
    /** Read when the world is built: the invokers of that moment. */
    private readonly invokers: Invoker[],
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

  /** Invoker `id` is another object now (a fault: a new process). */
  replaceInvoker(id: number, invoker: Invoker): void {
    const ref = this.refs[id];
    if (ref !== undefined) ref.invoker = invoker;
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
          s.addSystem(prewarmSystem());
          if (this.series !== undefined) s.addSystem(samplerSystem());
        }),
      )
      .withComponents(InvokerRef)
      .build();
    prep.addResource(this.control);
    if (this.series !== undefined) prep.addResource(this.series);
    this.refs = this.invokers.map((inv) => new InvokerRef(inv));
    for (const ref of this.refs) prep.buildEntity().with(ref).build();
    this.prep = prep;
    // the default execution function hops through setTimeout twice (~2 ms a step): use a microtask
    this.world = await prep.prepareRun({ executionFunction: (cb: Function) => queueMicrotask(cb as () => void) });
    this.world.eventBus.subscribe(SystemError, (e: object) => {
      this.error ??= (e as SystemError).cause;
    });
  }
}
