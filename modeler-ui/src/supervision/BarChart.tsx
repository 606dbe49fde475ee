// Horizontal bars in plain SVG (no chart library in the app): one row per item, its label on the
// left, the bar scaled to the largest value, the number at the bar's end. Long labels are cut
// with an ellipsis and shown whole in the tooltip.
export interface Bar {
  readonly label: string;
  readonly value: number;
  /** A CSS colour; the theme blue unless given. */
  readonly color?: string;
}

const ROW = 24;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 48;
const MAX_LABEL_CHARS = 11;

export function BarChart({ bars, width = 420, title, empty }: { readonly bars: readonly Bar[]; readonly width?: number; readonly title: string; readonly empty: string }) {
  if (bars.length === 0) return <p className="muted small">{empty}</p>;
  const max = Math.max(...bars.map((b) => b.value), 1);
  const barSpace = width - LABEL_WIDTH - VALUE_WIDTH;
  const height = bars.length * ROW;
  return (
    <svg className="sv-bars" width="100%" viewBox={`0 0 ${String(width)} ${String(height)}`} role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
      {bars.map((b, i) => {
        const y = i * ROW;
        const w = Math.max(b.value > 0 ? 2 : 0, (b.value / max) * barSpace);
        const label = b.label.length > MAX_LABEL_CHARS ? `${b.label.slice(0, MAX_LABEL_CHARS - 1)}…` : b.label;
        return (
          <g key={`${b.label}-${String(i)}`} data-bar={b.label}>
            <title>{`${b.label}：${String(b.value)}`}</title>
            <text x={LABEL_WIDTH - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="central" className="sv-bar-label">
              {label}
            </text>
            <rect x={LABEL_WIDTH} y={y + 4} width={w} height={ROW - 8} rx={2} fill={b.color ?? 'var(--blue)'} />
            <text x={LABEL_WIDTH + w + 6} y={y + ROW / 2} dominantBaseline="central" className="sv-bar-value">
              {String(b.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
