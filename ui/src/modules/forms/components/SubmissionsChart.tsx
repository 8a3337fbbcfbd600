import type { DayPoint } from '../utils/submissions';

export type SubmissionsChartProps = {
  points: ReadonlyArray<DayPoint>;
  accent: string;
};

const shortDay = (day: string): string => {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
};

/** A round top for the y axis: 1, 2, 5, 10, 20, 50… at least `max`. */
const niceTop = (max: number): number => {
  if (max <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
};

const HEIGHT = 100;
const SLOT = 10;

/**
 * Submissions per day as bars and page views as a line (when the server counts them),
 * drawn as SVG scaled to the width it gets; the labels are HTML so they keep their size.
 * (Hand-written: Recharts' number library writes to `Object.prototype`'s properties,
 * which the desktop shell freezes.)
 */
export const SubmissionsChart = ({ points, accent }: SubmissionsChartProps) => {
  const withViews = points.some((point) => point.views !== null);
  const top = niceTop(Math.max(1, ...points.map((point) => Math.max(point.submissions, point.views ?? 0))));
  const width = points.length * SLOT;
  const y = (value: number) => HEIGHT - (value / top) * HEIGHT;
  const line = points.map((point, index) => `${index * SLOT + SLOT / 2},${y(point.views ?? 0)}`).join(' ');
  const every = Math.ceil(points.length / 8);

  return (
    <figure className="submissions-chart" aria-label="Submissions and page views per day">
      <div className="submissions-chart__plot">
        <div className="submissions-chart__axis" aria-hidden="true">
          <span>{top}</span>
          <span>{top / 2}</span>
          <span>0</span>
        </div>
        <svg className="submissions-chart__svg" viewBox={`0 0 ${width} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label="Submissions and page views per day">
          {[0, HEIGHT / 2, HEIGHT].map((at) => (
            <line key={at} x1={0} x2={width} y1={at} y2={at} className="submissions-chart__grid" vectorEffect="non-scaling-stroke" />
          ))}
          {points.map((point, index) => (
            <rect
              key={point.day}
              x={index * SLOT + SLOT * 0.18}
              width={SLOT * 0.64}
              y={y(point.submissions)}
              height={HEIGHT - y(point.submissions)}
              fill={accent}
              rx={0.8}
              data-day={point.day}
            >
              <title>{`${shortDay(point.day)}: ${point.submissions} submission${point.submissions === 1 ? '' : 's'}${point.views === null ? '' : `, ${point.views} views`}`}</title>
            </rect>
          ))}
          {withViews ? <polyline points={line} className="submissions-chart__views" vectorEffect="non-scaling-stroke" /> : null}
        </svg>
      </div>
      <div className="submissions-chart__days" aria-hidden="true">
        {points.map((point, index) => (
          <span key={point.day}>{index % every === 0 ? shortDay(point.day) : ''}</span>
        ))}
      </div>
      <figcaption className="submissions-chart__legend">
        <span className="submissions-chart__key" style={{ backgroundColor: accent }} aria-hidden="true" />
        Submissions
        {withViews ? (
          <>
            <span className="submissions-chart__key submissions-chart__key--line" aria-hidden="true" />
            Page views
          </>
        ) : null}
      </figcaption>
    </figure>
  );
};
