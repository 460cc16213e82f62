/**
 * `order.cancelReplace` from the exchange's own cancel and place, with Binance's outcomes: both done; the
 * cancel refused (`STOP_ON_FAILURE`: nothing placed, -2022; `ALLOW_FAILURE`: placed anyway, -2021); the cancel
 * done and the new order refused (-2021); both refused (-2022). The failures carry what happened in `data`.
 */
import { BinanceFault, mandatory } from '../binance/fault.js';

type Outcome = { ok: true; value: object } | { ok: false; error: { code: number; msg: string } };

const attempt = (step: () => object): Outcome => {
  try {
    return { ok: true, value: step() };
  } catch (error) {
    if (!(error instanceof BinanceFault)) throw error;
    return { ok: false, error: { code: error.code, msg: error.message } };
  }
};

const shown = (o: Outcome | undefined) => (o === undefined ? null : o.ok ? o.value : o.error);
const result = (o: Outcome | undefined) => (o === undefined ? 'NOT_ATTEMPTED' : o.ok ? 'SUCCESS' : 'FAILURE');

/**
 * Runs a cancel-replace: `steps.cancel()` then, as `cancelReplaceMode` says, `steps.place()`.
 *
 * @example
 * cancelReplace({ cancelReplaceMode: 'STOP_ON_FAILURE' }, { cancel: () => exchange.cancel(…), place: () => exchange.place(…) });
 */
export function cancelReplace(params: Record<string, unknown>, steps: { cancel(): object; place(): object }): object {
  const mode = params.cancelReplaceMode;
  if (mode !== 'STOP_ON_FAILURE' && mode !== 'ALLOW_FAILURE') throw mandatory('cancelReplaceMode');
  if (params.cancelOrderId === undefined && params.cancelOrigClientOrderId === undefined) {
    throw mandatory('cancelOrderId');
  }
  const cancel = attempt(steps.cancel);
  const placed = cancel.ok || mode === 'ALLOW_FAILURE' ? attempt(steps.place) : undefined;
  const data = {
    cancelResult: result(cancel),
    newOrderResult: result(placed),
    cancelResponse: shown(cancel),
    newOrderResponse: shown(placed),
  };
  if (cancel.ok && placed?.ok) return data;
  if (cancel.ok || placed?.ok) throw new BinanceFault(-2021, 'Order cancel-replace partially failed.', 400, data);
  throw new BinanceFault(-2022, 'Order cancel-replace failed.', 400, data);
}
