/** Telegram's limit on one message's text, in UTF-16 code units as JavaScript counts them. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/**
 * Splits a text into pieces Telegram accepts, at line breaks: each piece holds as many whole lines as
 * fit. A single line longer than the limit is cut into limit-sized parts.
 */
export function splitMessage(text: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const whole of text.split('\n')) {
    const parts: string[] = [];
    for (let at = 0; at < whole.length || parts.length === 0; at += limit) parts.push(whole.slice(at, at + limit));
    for (const line of parts) {
      if (current === '') current = line;
      else if (current.length + 1 + line.length <= limit) current += `\n${line}`;
      else {
        pieces.push(current);
        current = line;
      }
    }
  }
  if (current !== '' || pieces.length === 0) pieces.push(current);
  return pieces;
}
