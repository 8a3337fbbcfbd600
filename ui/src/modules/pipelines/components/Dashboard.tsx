import type { Board, Dashboard as DashboardData } from '../../../bindings';
import { Spinner } from '../../../ui/Spinner';
import { useDashboard } from '../hooks/usePipelines';
import { cents, formatMoney } from '../utils/board';

export type DashboardProps = {
  board: Board;
};

type Bar = { label: string; value: number; text: string; color?: string };

/**
 * Horizontal bars, one per row, as SVG scaled to the width it gets, with HTML labels
 * (Recharts' number library writes to `Object.prototype`, which the desktop shell freezes).
 */
const BarChart = ({ title, bars, color }: { title: string; bars: ReadonlyArray<Bar>; color: string }) => {
  const top = Math.max(1, ...bars.map((bar) => bar.value));
  return (
    <figure className="chart">
      <figcaption className="chart__title">{title}</figcaption>
      <div role="img" aria-label={title} className="chart__rows">
        {bars.map((bar) => (
          <div key={bar.label} className="chart__row">
            <span className="chart__label">{bar.label}</span>
            <svg className="chart__bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
              <rect x={0} y={0} width={100} height={10} className="chart__track" />
              <rect x={0} y={0} width={(bar.value / top) * 100} height={10} fill={bar.color ?? color} rx={1} />
            </svg>
            <span className="chart__value">{bar.text}</span>
          </div>
        ))}
      </div>
    </figure>
  );
};

const monthName = (month: string): string => {
  if (!month) return 'No date';
  const [y, m] = month.split('-').map(Number);
  return new Date(y ?? 1970, (m ?? 1) - 1, 1).toLocaleDateString(undefined, { month: 'short', year: 'numeric' });
};

/** `YYYY-MM` months from the first to the last given, at least the six up to the last. */
const monthRange = (months: ReadonlyArray<string>): string[] => {
  const sorted = [...months].sort();
  const last = sorted.at(-1);
  if (!last) return [];
  const [ly, lm] = last.split('-').map(Number);
  const index = (month: string) => {
    const [y, m] = month.split('-').map(Number);
    return (y ?? 0) * 12 + (m ?? 1) - 1;
  };
  const end = (ly ?? 0) * 12 + (lm ?? 1) - 1;
  const start = Math.min(index(sorted[0] ?? last), end - 5);
  return Array.from({ length: end - start + 1 }, (_, i) => `${Math.floor((start + i) / 12)}-${String(((start + i) % 12) + 1).padStart(2, '0')}`);
};

/** Won and lost per month, as pairs of columns (months without any shown empty). */
const OutcomesChart = ({ outcomes }: { outcomes: DashboardData['outcomes'] }) => {
  const known = new Map(outcomes.map((m) => [m.month, m]));
  const data = monthRange(outcomes.map((m) => m.month)).map((month) => known.get(month) ?? { month, won: 0, won_value: '0', lost: 0, lost_value: '0' });
  const top = Math.max(1, ...data.flatMap((m) => [m.won, m.lost]));
  const slot = 24;
  const height = 100;
  const width = Math.max(1, data.length) * slot;
  return (
    <figure className="chart">
      <figcaption className="chart__title">Won and lost per month</figcaption>
      {data.length === 0 ? (
        <p className="chart__empty">No card has been won or lost yet.</p>
      ) : (
        <>
          <svg className="chart__columns" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label="Won and lost per month">
            {data.map((m, i) => (
              <g key={m.month}>
                <rect x={i * slot + 3} width={8} y={height - (m.won / top) * height} height={(m.won / top) * height} className="chart__won">
                  <title>{`${monthName(m.month)}: ${m.won} won (${formatMoney(m.won_value)})`}</title>
                </rect>
                <rect x={i * slot + 13} width={8} y={height - (m.lost / top) * height} height={(m.lost / top) * height} className="chart__lost">
                  <title>{`${monthName(m.month)}: ${m.lost} lost (${formatMoney(m.lost_value)})`}</title>
                </rect>
              </g>
            ))}
          </svg>
          <div className="chart__months" aria-hidden="true">
            {data.map((m) => (
              <span key={m.month}>{monthName(m.month)}</span>
            ))}
          </div>
          <div className="chart__legend">
            <span className="chart__key chart__won" /> Won
            <span className="chart__key chart__lost" /> Lost
          </div>
        </>
      )}
    </figure>
  );
};

/** A pipeline's dashboard: totals, value by stage, funnel conversion, won and lost over time, time in stage, expected close by month. */
export const Dashboard = ({ board }: DashboardProps) => {
  const dashboard = useDashboard(board.pipeline_id);
  const data = dashboard.data;
  if (!data) return <Spinner />;
  const colours = new Map(board.stages.map((stage) => [stage.id, stage.color ?? undefined]));
  const byStage: Bar[] = data.value_by_stage.map(([id, name, total]) => ({ label: name, value: Number(cents(total)), text: formatMoney(total), color: colours.get(id) }));
  const funnel: Bar[] = data.funnel.map((step) => ({
    label: step.name,
    value: step.reached,
    text: `${step.reached}${step.conversion === null ? '' : ` · ${Math.round(step.conversion)}%`}`,
    color: colours.get(step.stage_id),
  }));
  const times: Bar[] = data.time_in_stage.map((t) => ({ label: t.name, value: t.average_days, text: `${t.average_days.toFixed(1)} d`, color: colours.get(t.stage_id) }));
  return (
    <div className="pipeline-dashboard" aria-label={`${board.name} dashboard`}>
      <div className="pipeline-kpis">
        <div className="kpi">
          <span className="kpi__label">Open pipeline</span>
          <span className="kpi__value">{formatMoney(data.open_value)}</span>
        </div>
        <div className="kpi">
          <span className="kpi__label">Weighted forecast</span>
          <span className="kpi__value">{formatMoney(data.weighted_value)}</span>
        </div>
        <div className="kpi">
          <span className="kpi__label">Open cards</span>
          <span className="kpi__value">{board.stages.filter((s) => !s.is_final).reduce((n, s) => n + s.count, 0)}</span>
        </div>
        <div className="kpi">
          <span className="kpi__label">Rotting</span>
          <span className={`kpi__value${data.rotting > 0 ? ' kpi__value--warn' : ''}`}>{data.rotting}</span>
        </div>
      </div>
      <div className="charts">
        <BarChart title="Value by stage" bars={byStage} color="var(--accent)" />
        <BarChart title="Funnel: cards that reached each stage" bars={funnel} color="var(--accent)" />
        <OutcomesChart outcomes={data.outcomes} />
        <BarChart title="Average time in stage" bars={times} color="var(--accent)" />
      </div>
      <section className="pipeline-forecast" aria-label="Expected close by month">
        <h3>Expected close by month</h3>
        <table className="records">
          <thead>
            <tr>
              <th>Month</th>
              <th className="align-right">Cards</th>
              <th className="align-right">Value</th>
              <th className="align-right">Weighted</th>
            </tr>
          </thead>
          <tbody>
            {data.by_month.map((m) => (
              <tr key={m.month}>
                <td>{monthName(m.month)}</td>
                <td className="align-right">{m.count}</td>
                <td className="align-right">{formatMoney(m.value)}</td>
                <td className="align-right">{formatMoney(m.weighted)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td>Total</td>
              <td className="align-right">{data.by_month.reduce((n, m) => n + m.count, 0)}</td>
              <td className="align-right">{formatMoney(data.open_value)}</td>
              <td className="align-right">{formatMoney(data.weighted_value)}</td>
            </tr>
          </tfoot>
        </table>
      </section>
    </div>
  );
};
