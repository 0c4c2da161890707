/**
 * Each venue's holidays and early closes for 2024–2026 as the venue publishes them, written out
 * by hand (weekdays only: a holiday on a weekend closes nothing). The calendar must match them.
 */
export interface PublishedYear {
  readonly holidays: readonly string[];
  /** 'MM-DD@HH:MM' local close. */
  readonly earlyCloses: readonly string[];
}

export interface PublishedVenue {
  readonly source: string;
  readonly years: Readonly<Record<number, PublishedYear>>;
}

export const PUBLISHED: Readonly<Record<string, PublishedVenue>> = {
  XNYS: {
    source: 'NYSE holidays and trading hours, nyse.com/markets/hours-calendars',
    years: {
      2024: {
        holidays: ['01-01', '01-15', '02-19', '03-29', '05-27', '06-19', '07-04', '09-02', '11-28', '12-25'],
        earlyCloses: ['07-03@13:00', '11-29@13:00', '12-24@13:00'],
      },
      2025: {
        // 9 January: National Day of Mourning for President Carter (NYSE notice of 30 December 2024).
        holidays: ['01-01', '01-09', '01-20', '02-17', '04-18', '05-26', '06-19', '07-04', '09-01', '11-27', '12-25'],
        earlyCloses: ['07-03@13:00', '11-28@13:00', '12-24@13:00'],
      },
      2026: {
        // Independence Day falls on a Saturday: observed Friday 3 July, and no early close on 2 July.
        holidays: ['01-01', '01-19', '02-16', '04-03', '05-25', '06-19', '07-03', '09-07', '11-26', '12-25'],
        earlyCloses: ['11-27@13:00', '12-24@13:00'],
      },
    },
  },
  XLON: {
    source: 'London Stock Exchange business days; England and Wales bank holidays at gov.uk/bank-holidays',
    years: {
      2024: {
        holidays: ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26'],
        earlyCloses: ['12-24@12:30', '12-31@12:30'],
      },
      2025: {
        holidays: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
        earlyCloses: ['12-24@12:30', '12-31@12:30'],
      },
      2026: {
        // Boxing Day falls on a Saturday: the substitute bank holiday is Monday 28 December.
        holidays: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
        earlyCloses: ['12-24@12:30', '12-31@12:30'],
      },
    },
  },
  XETR: {
    source: 'Deutsche Börse, Xetra trading calendar (trading holidays), deutsche-boerse.com',
    years: {
      2024: { holidays: ['01-01', '03-29', '04-01', '05-01', '12-24', '12-25', '12-26', '12-31'], earlyCloses: [] },
      2025: { holidays: ['01-01', '04-18', '04-21', '05-01', '12-24', '12-25', '12-26', '12-31'], earlyCloses: [] },
      2026: { holidays: ['01-01', '04-03', '04-06', '05-01', '12-24', '12-25', '12-31'], earlyCloses: [] },
    },
  },
  XPAR: {
    source: 'Euronext holiday calendar press releases, euronext.com/en/trade/trading-hours-holidays',
    years: {
      2024: {
        holidays: ['01-01', '03-29', '04-01', '05-01', '12-25', '12-26'],
        earlyCloses: ['12-24@14:05', '12-31@14:05'],
      },
      2025: {
        holidays: ['01-01', '04-18', '04-21', '05-01', '12-25', '12-26'],
        earlyCloses: ['12-24@14:05', '12-31@14:05'],
      },
      2026: {
        holidays: ['01-01', '04-03', '04-06', '05-01', '12-25'],
        earlyCloses: ['12-24@14:05', '12-31@14:05'],
      },
    },
  },
  XTKS: {
    source: 'JPX market holidays, jpx.co.jp/english/corporate/about-jpx/calendar',
    years: {
      2024: {
        holidays: [
          '01-01',
          '01-02',
          '01-03',
          '01-08',
          '02-12',
          '02-23',
          '03-20',
          '04-29',
          '05-03',
          '05-06',
          '07-15',
          '08-12',
          '09-16',
          '09-23',
          '10-14',
          '11-04',
          '12-31',
        ],
        earlyCloses: [],
      },
      2025: {
        holidays: [
          '01-01',
          '01-02',
          '01-03',
          '01-13',
          '02-11',
          '02-24',
          '03-20',
          '04-29',
          '05-05',
          '05-06',
          '07-21',
          '08-11',
          '09-15',
          '09-23',
          '10-13',
          '11-03',
          '11-24',
          '12-31',
        ],
        earlyCloses: [],
      },
      2026: {
        // 22 September is a citizens' holiday between Respect for the Aged Day and the equinox.
        holidays: [
          '01-01',
          '01-02',
          '01-12',
          '02-11',
          '02-23',
          '03-20',
          '04-29',
          '05-04',
          '05-05',
          '05-06',
          '07-20',
          '08-11',
          '09-21',
          '09-22',
          '09-23',
          '10-12',
          '11-03',
          '11-23',
          '12-31',
        ],
        earlyCloses: [],
      },
    },
  },
};
