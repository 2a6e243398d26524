// A bar chart of matching stories per month (or year), from GET /trends
// (every period from the first match to the last, empty ones included). Plain SVG: one bar
// per month, scaled to the busiest; labels are HTML beside it, so they stay
// readable at any width.

const kSvg = 'http://www.w3.org/2000/svg';
const kWidth = 600;   // viewBox units; the chart stretches to its box
const kHeight = 100;
const kGap = 0.2;     // share of a slot left between bars
const kMaxBar = 40;   // a few months are bars, not blocks

const monthFormat = new Intl.DateTimeFormat('en', { month: 'short', year: 'numeric', timeZone: 'UTC' });

export function monthLabel(period) {
  const [year, month] = period.split('-').map(Number);
  if (!year || !month) return period;
  return monthFormat.format(new Date(Date.UTC(year, month - 1, 1)));
}

function svg(name, attributes) {
  const element = document.createElementNS(kSvg, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

function stories(count) {
  return `${count.toLocaleString('en')} ${count === 1 ? 'story' : 'stories'}`;
}

// `periods`: [{period: "2026-02", count: 5}, ...]. Returns a <div> holding the
// chart and its labels, or null when there is nothing to draw.
export function trendChart(periods) {
  if (!periods?.length) return null;
  const max = Math.max(1, ...periods.map((p) => p.count));
  const total = periods.reduce((sum, p) => sum + p.count, 0);
  const busiest = periods.reduce((best, p) => (p.count > best.count ? p : best), periods[0]);
  const first = monthLabel(periods[0].period);
  const last = monthLabel(periods.at(-1).period);

  const chart = svg('svg', {
    viewBox: `0 0 ${kWidth} ${kHeight}`,
    preserveAspectRatio: 'none',
    role: 'img',
    class: 'trend-bars',
    'aria-label': `${stories(total)} from ${first} to ${last}; most in ${monthLabel(busiest.period)} (${busiest.count}).`,
  });
  const slot = kWidth / periods.length;
  const barWidth = Math.min(kMaxBar, Math.max(slot * (1 - kGap), Math.min(slot, 1)));
  periods.forEach((p, i) => {
    const height = p.count === 0 ? 0 : Math.max(2, (p.count / max) * kHeight);
    const bar = svg('rect', {
      x: (i * slot + (slot - barWidth) / 2).toFixed(2),
      y: (kHeight - height).toFixed(2),
      width: barWidth.toFixed(2),
      height: height.toFixed(2),
      class: 'trend-bar',
    });
    const title = svg('title', {});
    title.textContent = `${monthLabel(p.period)}: ${stories(p.count)}`;
    bar.append(title);
    chart.append(bar);
  });

  const box = document.createElement('div');
  box.className = 'trend-box';
  const scale = document.createElement('span');
  scale.className = 'trend-max';
  scale.textContent = `${max.toLocaleString('en')}`;
  scale.setAttribute('aria-hidden', 'true');
  const axis = document.createElement('div');
  axis.className = periods.length > 1 ? 'trend-axis' : 'trend-axis single';
  axis.setAttribute('aria-hidden', 'true');
  const start = document.createElement('span');
  start.textContent = first;
  axis.append(start);
  if (periods.length > 1) {
    const end = document.createElement('span');
    end.textContent = last;
    axis.append(end);
  }
  box.append(scale, chart, axis);
  return box;
}
