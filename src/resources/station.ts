import type { Simulation } from '../engine/index.js';
import type { Gauge } from '../model/recording.js';
import { Fifo } from './fifo.js';

export interface QueueStationOptions<J> {
  sim: Simulation;
  /** c identical servers (Infinity: one per job, never a wait). */
  servers: number;
  /** Places in the FIFO line (Infinity: unbounded; 0: a loss system). */
  capacity: number;
  /**
   * Service time of a job, asked when its service starts; NaN: the service ends when someone calls
   * `finish(job)` (a service that itself waits, e.g. for a shared CPU).
   */
  serviceSeconds(job: J): number;
  /** A server takes the job (after its wait, if any). */
  onStart?(job: J): void;
  /** The job's service is over; the server then takes the next job in line. */
  onDone(job: J): void;
  /** Busy servers, kept as the station changes them (e.g. a recorder's gauge). */
  busy?: Gauge;
}

/**
 * A queueing station any model can use: c servers fed by one FIFO line with a capacity; a job
 * that finds every server busy and the line full is refused. It serves Activations in the
 * `station` platform, and fits a trusted gateway, a quoting enclave serving one quote at a time
 * (c = 1), a key service: anything that holds jobs for a service time in arrival order.
 */
export class QueueStation<J> {
  /** Servers in use. */
  busyServers = 0;
  private readonly line = new Fifo<J>();

  constructor(private readonly options: QueueStationOptions<J>) {
    if (!(options.servers >= 1)) throw new RangeError(`station: servers must be >= 1, got ${options.servers}`);
    if (!(options.capacity >= 0)) throw new RangeError(`station: queue capacity must be >= 0, got ${options.capacity}`);
  }

  /** Jobs waiting in line. */
  get queued(): number {
    return this.line.length;
  }

  /** Whether a job submitted now would be taken (served at once or queued). */
  hasRoom(): boolean {
    return this.busyServers < this.options.servers || this.line.length < this.options.capacity;
  }

  /** Takes the job (a free server starts it now, else it waits in line); false, and nothing happens, when there is no room. */
  submit(job: J): boolean {
    if (this.busyServers < this.options.servers) this.serve(job);
    else if (this.line.length < this.options.capacity) this.line.push(job);
    else return false;
    return true;
  }

  private serve(job: J): void {
    this.busyServers++;
    this.options.busy?.add(1);
    this.options.onStart?.(job);
    const seconds = this.options.serviceSeconds(job);
    if (seconds === seconds) this.options.sim.post(seconds, this.done, job);
  }

  /** Ends the service of `job`, whose service time was NaN (see `serviceSeconds`). */
  finish(job: J): void {
    this.done(job);
  }

  private readonly done = (job: J): void => {
    this.busyServers--;
    this.options.busy?.add(-1);
    this.options.onDone(job);
    const next = this.line.shift();
    if (next !== undefined) this.serve(next);
  };
}
