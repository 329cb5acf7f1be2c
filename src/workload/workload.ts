import type { RandomStreams, Simulation } from '../engine/index.js';
import { Activation } from '../model/activation.js';
import type { ActivationListener } from '../model/activation-events.js';
import type { RunSpec } from '../spec/types.js';
import type { ArrivalSource, Emitter, OpenSourceOptions } from './arrivals.js';
import { ConstantSource, MmppSource, PoissonSource } from './arrivals.js';
import { ClosedLoopClient } from './closed-loop.js';
import { TraceSource } from './trace-source.js';
import { makeSampler, meanOf } from '../engine/distributions.js';

/**
 * All request sources of one run. Stream names (common random numbers across variants):
 *   arrivals/<fn>/<w>     gaps of open workload entry w (a trace's: instants within each minute)
 *   mmpp/<fn>/<w>         on/off sojourns of an mmpp entry
 *   exec/<fn>/<w>         exec times of open workload entry w, in arrival order
 *   exec/<fn>/<w>/<i>     exec times of closed-loop client i of entry w
 *   think/<fn>/<w>/<i>    think times of that client
 */
export class Workload implements Emitter, ActivationListener {
  /** Closed-loop clients by run-wide id (the activation's `client`). */
  readonly clients: ClosedLoopClient[] = [];
  private readonly sources: ArrivalSource[] = [];
  private nextId = 0;

  constructor(
    spec: RunSpec,
    private readonly sim: Simulation,
    random: RandomStreams,
    /** Receives each new activation: the run records it and hands it to the platform. */
    private readonly submit: (a: Activation) => void,
  ) {
    const execSamplers = spec.functions.map((f) => makeSampler(f.exec));
    spec.workload.forEach((entry, w) => {
      const fn = entry.functionIndex;
      const name = spec.functions[fn].name;
      const arrivals = entry.arrivals;
      if (arrivals.kind === 'closedLoop') {
        // a zero think time and an instant answer (202, rejection) would send forever at one instant
        if (!(meanOf(arrivals.think) > 0)) throw new RangeError(`workload ${w}: closed-loop think time must have a mean > 0`);
        const think = makeSampler(arrivals.think);
        for (let i = 0; i < arrivals.clients; i++) {
          const client = new ClosedLoopClient(
            sim,
            this,
            this.clients.length,
            fn,
            entry.blocking,
            spec.durationSeconds,
            think,
            random.stream(`think/${name}/${w}/${i}`),
            execSamplers[fn],
            random.stream(`exec/${name}/${w}/${i}`),
          );
          this.clients.push(client);
        }
        return;
      }
      const o: OpenSourceOptions = {
        sim,
        emitter: this,
        fn,
        blocking: entry.blocking,
        durationSeconds: spec.durationSeconds,
        arrivalRandom: random.stream(`arrivals/${name}/${w}`),
        // one stream per entry, not per function: changing one entry's rate must not shift another's demands
        execRandom: random.stream(`exec/${name}/${w}`),
        exec: execSamplers[fn],
      };
      switch (arrivals.kind) {
        case 'poisson':
          this.sources.push(new PoissonSource(o, arrivals.ratePerSecond));
          break;
        case 'constant':
          this.sources.push(new ConstantSource(o, arrivals.ratePerSecond));
          break;
        case 'mmpp':
          this.sources.push(new MmppSource(o, arrivals, random.stream(`mmpp/${name}/${w}`)));
          break;
        case 'trace':
          this.sources.push(new TraceSource(o, arrivals));
          break;
      }
    });
  }

  /** Schedules the first arrival of every source. */
  start(): void {
    for (const source of this.sources) source.start();
    for (const client of this.clients) client.start();
  }

  emit(fn: number, client: number, blocking: boolean, execSeconds: number): void {
    this.submit(new Activation(this.nextId++, fn, client, blocking, this.sim.now, execSeconds));
  }

  // A closed-loop client's request got its answer: the 202 of a non-blocking call, the result of a
  // blocking one, or a rejection. (A blocking call answered with a 202 still waits for its result.)

  accepted(a: Activation): void {
    if (a.client >= 0 && !a.blocking) this.clients[a.client].answered();
  }

  finished(a: Activation): void {
    if (a.client >= 0 && a.blocking) this.clients[a.client].answered();
  }

  rejected(a: Activation): void {
    if (a.client >= 0) this.clients[a.client].answered();
  }
}
