import type { Activation } from '../../model/activation.js';
import type { MeanStat, Recorder } from '../../model/recording.js';
import { NATIVE_PARTS, NATIVE_PART_INDEX, type Hooks } from './hooks.js';
import type { Job } from './job.js';

const [CONTROLLER, QUEUEING, CONTAINER_START, INIT, RUN, ACKS] = NATIVE_PARTS.map((p) => NATIVE_PART_INDEX[p]);

/**
 * `latency.breakdown.*`: the means of the parts of a response time, observed per activation. The
 * native parts are intervals between the job's stamps, less what hooks carved out of them into
 * parts of their own (`job.parts`); all parts add up to the blocking response time. They start
 * when the controller gets the activation (`submittedAt`): a layer in front of OpenWhisk (Clemmys'
 * gateway) reports its own time before that and after the result.
 */
export class Breakdown {
  private readonly native: MeanStat[];
  /** Hook parts observed when the run ends, and those within `acks`, observed with the result. */
  private readonly atRunEnd: { stat: MeanStat; index: number }[] = [];
  private readonly atResult: { stat: MeanStat; index: number }[] = [];

  constructor(recorder: Recorder, hooks: Hooks) {
    const mean = (part: string) => recorder.meanStat(`latency.breakdown.${part}`);
    this.native = NATIVE_PARTS.map(mean);
    hooks.parts.forEach((p, i) => (p.within === 'acks' ? this.atResult : this.atRunEnd).push({ stat: mean(p.name), index: NATIVE_PARTS.length + i }));
  }

  /** Every part up to the end of the run (all activations). */
  observeRunEnd(job: Job, now: number): void {
    const a = job.a;
    const n = this.native;
    const carved = job.parts;
    if (carved === null) {
      n[CONTROLLER].observe(a, job.publishedAt - job.submittedAt);
      n[QUEUEING].observe(a, job.assignedAt - job.publishedAt);
      n[CONTAINER_START].observe(a, job.readyAt - job.assignedAt);
      n[INIT].observe(a, job.initSeconds);
      n[RUN].observe(a, now - a.start);
      const own = this.atRunEnd;
      for (let i = 0; i < own.length; i++) own[i].stat.observe(a, 0);
      return;
    }
    n[CONTROLLER].observe(a, job.publishedAt - job.submittedAt - carved[CONTROLLER]);
    n[QUEUEING].observe(a, job.assignedAt - job.publishedAt - carved[QUEUEING]);
    n[CONTAINER_START].observe(a, job.readyAt - job.assignedAt - carved[CONTAINER_START]);
    n[INIT].observe(a, job.initSeconds - carved[INIT]);
    n[RUN].observe(a, now - a.start - carved[RUN]);
    for (const { stat, index } of this.atRunEnd) stat.observe(a, carved[index]);
  }

  /** The acks part, when the result reaches the controller (blocking activations). */
  observeResult(job: Job, now: number): void {
    const carved = job.parts;
    this.native[ACKS].observe(job.a, now - job.runEndAt - (carved === null ? 0 : carved[ACKS]));
    const own = this.atResult;
    for (let i = 0; i < own.length; i++) own[i].stat.observe(job.a, carved === null ? 0 : carved[own[i].index]);
  }
}

/**
 * A Breakdown that also says, when each run ends, where it ran (its invoker and container): what a
 * per-activation trace asks for (PlatformContext.placed). Only a traced run builds one, so an
 * untraced run's calls stay as they were.
 */
export class PlacedBreakdown extends Breakdown {
  constructor(
    recorder: Recorder,
    hooks: Hooks,
    private readonly placed: (a: Activation, invoker: number, container: number) => void,
  ) {
    super(recorder, hooks);
  }

  override observeRunEnd(job: Job, now: number): void {
    super.observeRunEnd(job, now);
    this.placed(job.a, job.invoker, job.container!.id);
  }
}
