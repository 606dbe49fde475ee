// How times and durations read on the supervision pages: China time (the hall's clock, whatever
// the browser's zone), durations in days/hours/minutes.
import { locale } from '../i18n/index.js';

const dateTime = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** 2026/03/12 16:05 (China time); '—' for none. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/** 3天4小时, 5小时12分, 8分 (en: 3d 4h …). */
export function formatDuration(ms: number): string {
  const zh = locale !== 'en';
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const u = zh ? { d: '天', h: '小时', m: '分' } : { d: 'd ', h: 'h ', m: 'm' };
  if (days > 0) return `${String(days)}${u.d}${String(hours)}${u.h}`.trim();
  if (hours > 0) return `${String(hours)}${u.h}${String(mins)}${u.m}`.trim();
  return `${String(mins)}${u.m}`.trim();
}

export function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}
