/**
 * Calls user code that may return a value or a promise, and routes the outcome without letting an exception
 * escape into a socket's event handler.
 */

/**
 * Runs `call`; passes its value (awaited when it is a promise) to `done`, and anything thrown or rejected —
 * including by `done` — to `failed`. `failed` must not throw.
 *
 * @example
 * invoke(() => handler(message, conn), (reply) => conn.send(reply), report);
 */
export function invoke<T>(
  call: () => T | PromiseLike<T>,
  done: (value: T) => void,
  failed: (error: unknown) => void,
): void {
  let result: T | PromiseLike<T>;
  try {
    result = call();
  } catch (error) {
    failed(error);
    return;
  }
  if (!isThenable(result)) {
    deliver(result, done, failed);
    return;
  }
  Promise.resolve(result).then((value) => deliver(value, done, failed), failed);
}

function deliver<T>(value: T, done: (value: T) => void, failed: (error: unknown) => void): void {
  try {
    done(value);
  } catch (error) {
    failed(error);
  }
}

function isThenable<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
