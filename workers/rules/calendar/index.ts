// The working-day calendar: dates, the holiday/make-up-workday data, and working-day arithmetic.
export * from './iso-date.js';
export * from './calendar-entry.js';
export * from './working-day-calendar.js';
export * from './calendar-file.js';
