/**
 * Japan's national holidays (the Act on National Holidays, Cabinet Office list), which the Tokyo
 * Stock Exchange observes: fixed days, Happy Monday days, the equinoxes, substitute holidays
 * (a holiday on a Sunday moves to the next day that is not a holiday) and the citizens' holiday
 * (a day between two holidays). Written for 2000 onwards; earlier years are out of scope.
 */
import { dayOf, isWeekend, nthWeekday, weekdayOf } from './civil-day.js';

/** The equinox days by the National Astronomical Observatory's approximation (valid 1980–2099). */
function equinoxes(year: number): [number, number] {
  const drift = 0.242194 * (year - 1980) - Math.floor((year - 1980) / 4);
  return [dayOf(year, 3, Math.floor(20.8431 + drift)), dayOf(year, 9, Math.floor(23.2488 + drift))];
}

/** The named holidays of a year, before substitutes. */
function namedHolidays(year: number): number[] {
  const [vernal, autumnal] = equinoxes(year);
  const days = [
    dayOf(year, 1, 1),
    nthWeekday(year, 1, 1, 2), // Coming of Age Day
    dayOf(year, 2, 11), // National Foundation Day
    vernal,
    dayOf(year, 4, 29), // Shōwa Day
    dayOf(year, 5, 3), // Constitution Memorial Day
    dayOf(year, 5, 4), // Greenery Day
    dayOf(year, 5, 5), // Children's Day
    nthWeekday(year, 9, 1, 3), // Respect for the Aged Day
    autumnal,
    dayOf(year, 11, 3), // Culture Day
    dayOf(year, 11, 23), // Labour Thanksgiving Day
  ];
  if (year >= 2020)
    days.push(dayOf(year, 2, 23)); // the Emperor's Birthday (Reiwa)
  else if (year <= 2018) days.push(dayOf(year, 12, 23)); // the Emperor's Birthday (Heisei)
  // The 2020 and 2021 Olympic years moved Marine, Mountain and Sports Day by special law.
  const moved: Record<number, number[]> = {
    2020: [dayOf(2020, 7, 23), dayOf(2020, 8, 10), dayOf(2020, 7, 24)],
    2021: [dayOf(2021, 7, 22), dayOf(2021, 8, 8), dayOf(2021, 7, 23)],
  };
  days.push(
    ...(moved[year] ?? [
      nthWeekday(year, 7, 1, 3), // Marine Day
      ...(year >= 2016 ? [dayOf(year, 8, 11)] : []), // Mountain Day
      nthWeekday(year, 10, 1, 2), // Sports Day
    ]),
  );
  if (year === 2019) days.push(dayOf(2019, 4, 30), dayOf(2019, 5, 1), dayOf(2019, 5, 2), dayOf(2019, 10, 22));
  return days;
}

/** Every holiday of a year: named days, citizens' holidays and substitutes. */
export function japaneseHolidays(year: number): number[] {
  const holidays = new Set(namedHolidays(year));
  // A weekday squeezed between two holidays is itself a holiday (September 2026's Silver Week).
  for (const day of [...holidays]) {
    if (holidays.has(day + 2) && !holidays.has(day + 1) && weekdayOf(day + 1) !== 0) holidays.add(day + 1);
  }
  for (const day of [...holidays].sort((a, b) => a - b)) {
    if (weekdayOf(day) !== 0) continue;
    let substitute = day + 1;
    while (holidays.has(substitute)) substitute++;
    holidays.add(substitute);
  }
  return [...holidays].filter((day) => !isWeekend(day)).sort((a, b) => a - b);
}
