// format-core.ts in the app's locale.
import { locale } from '../i18n/index.js';
import { formatDurationIn, formatTimeIn } from './format-core.js';

export { percent } from './format-core.js';
export const formatTime = (iso: string | null | undefined): string => formatTimeIn(locale, iso);
export const formatDuration = (ms: number): string => formatDurationIn(locale, ms);
