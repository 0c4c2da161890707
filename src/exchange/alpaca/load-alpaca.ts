/**
 * Alpaca's official SDK takes about 0.6 s to import and weighs 20 MB, so it is loaded on first use
 * and never at start-up (`fleet --help` must stay instant). One shared promise for every caller.
 */
export type AlpacaModule = typeof import('@alpacahq/alpaca-trade-api');

let loading: Promise<AlpacaModule> | undefined;

export function loadAlpaca(): Promise<AlpacaModule> {
  loading ??= import('@alpacahq/alpaca-trade-api');
  return loading;
}
