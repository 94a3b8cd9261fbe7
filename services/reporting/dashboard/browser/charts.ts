import { ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';

/**
 * The dashboard's four charts, drawn by Chart.js with only the parts they use registered (the
 * bundle keeps what is imported). No animation: the figures appear at once, and a chart redrawn
 * for a new filter does not move.
 */
Chart.register(ArcElement, BarController, BarElement, CategoryScale, DoughnutController, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", Arial, sans-serif';

const COLOURS = ['#1f6f43', '#2463a6', '#c77c02', '#a50e0e', '#6b4fa0'];
const drawn = new Map<string, Chart>();

function draw(id: string, config: ChartConfiguration): void {
  drawn.get(id)?.destroy();
  const canvas = document.getElementById(id) as HTMLCanvasElement | null;
  if (canvas) drawn.set(id, new Chart(canvas, config));
}

const percentAxis = { min: 0, max: 100, ticks: { callback: (value: string | number) => `${value}%` } };

/** On-time and overdue shares per month, as lines. */
export function trendChart(labels: string[], onTime: (number | null)[], overdue: (number | null)[]): void {
  draw('chart-trend', {
    type: 'line',
    data: {
      labels,
      datasets: [
        { label: 'Trước hạn và đúng hạn (%)', data: onTime, borderColor: COLOURS[0], backgroundColor: COLOURS[0], spanGaps: true },
        { label: 'Quá hạn (%)', data: overdue, borderColor: COLOURS[3], backgroundColor: COLOURS[3], spanGaps: true },
      ],
    },
    options: { scales: { y: percentAxis } },
  });
}

/** Shares of a whole (channels), as a doughnut. */
export function doughnutChart(id: string, labels: string[], values: number[]): void {
  draw(id, { type: 'doughnut', data: { labels, datasets: [{ data: values, backgroundColor: COLOURS }] }, options: { plugins: { legend: { position: 'bottom' } } } });
}

/** Counts by label, as bars (horizontal for long labels such as procedures' names). */
export function barChart(id: string, labels: string[], values: number[], horizontal = false): void {
  draw(id, {
    type: 'bar',
    data: { labels, datasets: [{ data: values, backgroundColor: COLOURS }] },
    options: { indexAxis: horizontal ? 'y' : 'x', plugins: { legend: { display: false } }, scales: { [horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
}
