/**
 * Progress of a long run on a terminal: one line on stderr, rewritten in place, with simulated
 * time advancing within a replication under way (a 24 h replication may take a minute). Silent
 * when stderr is not a terminal or under CI, so logs and pipes stay clean. It also counts the
 * finished replications, so that a stopped or failed run can say what it kept or lost.
 */
export interface Progress {
  update(done: number, total: number, current?: SimulatedProgress): void;
  done(): void;
  /** Replications finished so far (kept ones included), and how many there are. */
  readonly finished: number;
  readonly total: number;
}

/** How far a replication under way has got in simulated time. */
export interface SimulatedProgress {
  simulatedSeconds: number;
  durationSeconds: number;
}

/** Simulated time for a progress line: "42 s", "12.5 min", "3.2 h". */
export function formatSimulated(seconds: number): string {
  if (seconds < 120) return `${Number(seconds.toPrecision(3))} s`;
  if (seconds < 7200) return `${Number((seconds / 60).toPrecision(3))} min`;
  return `${Number((seconds / 3600).toPrecision(3))} h`;
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const shown = stream.isTTY === true && !process.env.CI;
  const started = Date.now();
  let lastDrawn = 0;
  let drawn = false;
  // Units kept from an earlier run (resume) are done before the clock starts: not part of the rate.
  let doneAtStart: number | undefined;
  const progress = {
    finished: 0,
    total: 0,
    update(done: number, total: number, current?: SimulatedProgress) {
      progress.finished = done;
      progress.total = total;
      doneAtStart ??= done;
      if (!shown) return;
      const now = Date.now();
      if (now - lastDrawn < 100 && done < total) return; // redraw at most 10 times a second
      lastDrawn = now;
      drawn = true;
      // the replication under way counts by the share of its simulated time already run
      const progressed = done + (current === undefined ? 0 : Math.min(1, current.simulatedSeconds / current.durationSeconds));
      const width = 30;
      const filled = total > 0 ? Math.round((progressed / total) * width) : 0;
      const elapsed = (now - started) / 1000;
      const eta = progressed > doneAtStart ? (elapsed / (progressed - doneAtStart)) * (total - progressed) : NaN;
      const etaText = Number.isFinite(eta) ? ` eta ${eta.toFixed(0)}s` : '';
      const within = current === undefined ? '' : `, at ${formatSimulated(current.simulatedSeconds)} of ${formatSimulated(current.durationSeconds)}`;
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} runs${within} ${elapsed.toFixed(1)}s${etaText}\x1b[K`);
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
  return progress;
}
