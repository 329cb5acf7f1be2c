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
   * Several lines by priority (absent: one): a job's line is `lineOf(job)`, and a free server takes
   * the head of the first non-empty line (0 first); line k holds at most `capacities[k]` (this then
   * replaces `capacity`). A gateway finishes the requests it admitted (their responses, line 0)
   * before it takes new ones (line 1).
   */
  lines?: { lineOf(job: J): number; capacities: readonly number[] };
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
  /** Jobs waiting in its lines, kept as they change (e.g. a queue-length gauge). */
  queued?: Pick<Gauge, 'add'>;
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
  private readonly lines: Fifo<J>[];
  private readonly capacities: readonly number[];

  constructor(private readonly options: QueueStationOptions<J>) {
    if (!(options.servers >= 1)) throw new RangeError(`station: servers must be >= 1, got ${options.servers}`);
    this.capacities = options.lines?.capacities ?? [options.capacity];
    for (const c of this.capacities) if (!(c >= 0)) throw new RangeError(`station: queue capacity must be >= 0, got ${c}`);
    this.lines = this.capacities.map(() => new Fifo<J>());
  }

  /** Jobs waiting, in every line. */
  get queued(): number {
    let n = 0;
    for (const line of this.lines) n += line.length;
    return n;
  }

  /** Whether a job submitted now (of line `line`) would be taken (served at once or queued). */
  hasRoom(line = 0): boolean {
    return this.busyServers < this.options.servers || this.lines[line].length < this.capacities[line];
  }

  /** Takes the job (a free server starts it now, else it waits in its line); false, and nothing happens, when there is no room. */
  submit(job: J): boolean {
    if (this.busyServers < this.options.servers) {
      this.serve(job);
      return true;
    }
    const k = this.options.lines === undefined ? 0 : this.options.lines.lineOf(job);
    if (this.lines[k].length >= this.capacities[k]) return false;
    this.lines[k].push(job);
    this.options.queued?.add(1);
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
    // the job waiting longest (of the first line) takes the server before anything the finished
    // job's continuation submits: FIFO holds, and the servers are never more than `servers`
    for (const line of this.lines) {
      const next = line.shift();
      if (next === undefined) continue;
      this.options.queued?.add(-1);
      this.serve(next);
      break;
    }
    this.options.onDone(job);
  };
}
