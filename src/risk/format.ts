/**
 * Numbers in rail messages. Amounts read like money ("12,345.00", or significant digits below 1
 * so a price of 0.00001234 does not print as "0.00"); settings print as given ("10,000", "0.05").
 */
/** Made on first use: the first Intl formatter costs tens of ms, which every command importing risk paid. */
function formatter(options: Intl.NumberFormatOptions): () => Intl.NumberFormat {
  let made: Intl.NumberFormat | undefined;
  return () => {
    made ??= new Intl.NumberFormat('en-US', options);
    return made;
  };
}
const money = formatter({ minimumFractionDigits: 2, maximumFractionDigits: 2 });
const small = formatter({ maximumSignificantDigits: 4 });
const plain = formatter({ maximumFractionDigits: 8 });
const percent = formatter({ style: 'percent', maximumFractionDigits: 2 });

export function formatAmount(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1 || value === 0 ? money().format(value) : small().format(value);
}

export function formatSetting(value: number): string {
  return Number.isFinite(value) ? plain().format(value) : String(value);
}

export function formatPercent(fraction: number): string {
  return Number.isFinite(fraction) ? percent().format(fraction) : String(fraction);
}
