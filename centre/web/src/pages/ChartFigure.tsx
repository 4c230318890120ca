/**
 * One chart of the ratings page, drawn by Chart.js on a canvas, with the same figures as
 * a table underneath for screen readers and for copying. Chart.js: canvas rendering that
 * stays fast with months of days, tree-shaken to the bar charts used here, no network at run time, MIT, released every few months.
 * Animation is off: the chart is drawn once, at once, and a test can read it.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';
import { useT, type Text } from '../i18n';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface Series {
  label: string;
  data: number[];
  colour: string;
}

export interface ChartFigureProps {
  id: string;
  title: Text;
  /** One sentence saying what the chart shows, read out for the canvas. */
  summary: string;
  labels: string[];
  series: Series[];
  stacked?: boolean;
  horizontal?: boolean;
  /** Column heading of the labels in the table. */
  labelHeading: string;
}

export function ChartFigure({ id, title, summary, labels, series, stacked = false, horizontal = false, labelHeading }: ChartFigureProps) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return undefined;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: { labels, datasets: series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.colour, borderColor: s.colour })) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? 'y' : 'x',
        plugins: { legend: { display: series.length > 1 } },
        scales: { x: { stacked, ticks: { color: '#222' } }, y: { stacked, beginAtZero: true, ticks: { color: '#222' } } },
      },
    });
    canvas.current.dataset.drawn = 'true';
    return () => chart.destroy();
  }, [labels, series, stacked, horizontal]);
  return (
    <figure className="panel chart" aria-labelledby={`${id}-title`} data-chart={id}>
      <figcaption id={`${id}-title`}>
        <h2>{t(title)}</h2>
      </figcaption>
      <div className="chart__canvas">
        <canvas ref={canvas} role="img" aria-label={summary} />
      </div>
      <details>
        <summary>{t({ 'zh-CN': '数据表', en: 'Data table' })}</summary>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{labelHeading}</th>
                {series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((label, i) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  {series.map((s) => (
                    <td key={s.label}>{s.data[i]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
