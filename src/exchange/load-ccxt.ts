/**
 * ccxt takes about a second to import, so it is loaded on first use and never at start-up
 * (`fleet --help` must stay instant). One shared promise: concurrent callers load it once.
 */
export type CcxtModule = typeof import('ccxt');

let loading: Promise<CcxtModule> | undefined;

export function loadCcxt(): Promise<CcxtModule> {
  loading ??= import('ccxt');
  return loading;
}
