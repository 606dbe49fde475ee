// How times and durations read on the supervision pages, for a given locale (format.ts binds the
// app's): China time (the hall's clock, whatever the browser's zone), durations in days/hours/minutes.
export type Lang = 'zh-CN' | 'en';

const formatters = new Map<Lang, Intl.DateTimeFormat>();
function dateTime(lang: Lang): Intl.DateTimeFormat {
  let f = formatters.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    formatters.set(lang, f);
  }
  return f;
}

/** 2026/03/12 16:05 (China time); '—' for none. */
export function formatTimeIn(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime(lang).format(d);
}

/** 3天4小时, 5小时12分, 8分 (en: 3d 4h …). */
export function formatDurationIn(lang: Lang, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const u = lang === 'en' ? { d: 'd ', h: 'h ', m: 'm' } : { d: '天', h: '小时', m: '分' };
  if (days > 0) return `${String(days)}${u.d}${String(hours)}${u.h}`.trim();
  if (hours > 0) return `${String(hours)}${u.h}${String(mins)}${u.m}`.trim();
  return `${String(mins)}${u.m}`.trim();
}

export function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}
