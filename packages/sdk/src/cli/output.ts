/**
 * Where the command line writes: results on stdout; status, progress, errors and `--debug` lines on stderr.
 * On a terminal the progress line is rewritten in place; elsewhere (a pipe, a log file) each is a new line.
 */

/** The command's voice. */
export interface Output {
  /** A result line (stdout). */
  print(line: string): void;
  /** The closing summary of a command (stdout). */
  done(line: string): void;
  /** A status line (stderr). */
  status(line: string): void;
  /** A progress line (stderr; in place on a terminal). */
  progress(line: string): void;
  /** An error that does not end the command (stderr). */
  error(line: string): void;
  /** A `--debug` line (stderr; nothing without `--debug`). */
  debug(line: string): void;
}

/**
 * The process's stdout and stderr as an {@link Output}.
 *
 * @example
 * const out = processOutput({ debug: true });
 * out.debug('connecting'); // "debug: connecting" on stderr
 */
export function processOutput({ debug = false } = {}): Output {
  const tty = process.stderr.isTTY === true;
  let open = false; // a progress line without its newline is on the terminal
  const stderr = (line: string) => {
    process.stderr.write(`${open ? '\n' : ''}${line}\n`);
    open = false;
  };
  return {
    print: (line) => process.stdout.write(`${line}\n`),
    done(line) {
      if (open) process.stderr.write('\n');
      open = false;
      process.stdout.write(`${line}\n`);
    },
    status: stderr,
    progress(line) {
      if (!tty) return stderr(line);
      process.stderr.write(`\r\x1b[K${line}`);
      open = true;
    },
    error: (line) => stderr(`error: ${line}`),
    debug: (line) => {
      if (debug) stderr(`debug: ${line}`);
    },
  };
}
