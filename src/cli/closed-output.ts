/**
 * A reader that stops early (`secfaas run ... | head -1`) closes the pipe: the next write to it
 * fails with EPIPE, and the writes after that with ERR_STREAM_DESTROYED. Node reports either as
 * an unhandled 'error' event, a crash with a stack trace and exit 1 (which means "a claim failed").
 * What the reader did not want is not an error: the stream is dropped silently, and the command
 * goes on to write its files and exit with its own code, as `cat` or `grep` would.
 */
const READER_GONE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);

export function ignoreClosedReader(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (READER_GONE.has(error.code ?? '')) return;
    // any other failure to write the output stays what it was: an error nobody expected
    throw error;
  });
}
