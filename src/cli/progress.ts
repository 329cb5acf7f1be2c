/**
 * Progress of a long run on a terminal: one line on stderr, rewritten in place. Silent when
 * stderr is not a terminal or under CI, so logs and pipes stay clean.
 */
export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

const silent: Progress = { update() {}, done() {} };

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || process.env.CI) return silent;
  const started = Date.now();
  let lastDrawn = 0;
  let drawn = false;
  // Units kept from an earlier run (resume) are done before the clock starts: not part of the rate.
  let doneAtStart: number | undefined;
  return {
    update(done, total) {
      doneAtStart ??= done;
      const now = Date.now();
      if (now - lastDrawn < 100 && done < total) return; // redraw at most 10 times a second
      lastDrawn = now;
      drawn = true;
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      const elapsed = (now - started) / 1000;
      const eta = done > doneAtStart ? (elapsed / (done - doneAtStart)) * (total - done) : NaN;
      const etaText = Number.isFinite(eta) ? ` eta ${eta.toFixed(0)}s` : '';
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} runs ${elapsed.toFixed(1)}s${etaText}\x1b[K`);
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
