// A bar chart of matching stories per period, from GET /trends (every period
// from the first match to the last, empty ones included; months, years or
// decades, as searchd chose for the span). It draws either the count of
// matching stories or their share of the archive's stories in each period
// (count / archive_count), so that a busy decade does not pass for a trend.
// Plain SVG, one bar per period, scaled to the highest; labels are HTML beside
// it, so they stay readable at any width.

const kSvg = 'http://www.w3.org/2000/svg';
const kWidth = 600;   // viewBox units; the chart stretches to its box
const kHeight = 100;
const kGap = 0.2;     // share of a slot left between bars
const kMaxBar = 40;   // a few periods are bars, not blocks

const monthFormat = new Intl.DateTimeFormat('en', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const percentFormat = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });

// "2026-02" -> "Feb 2026"; a year ("2026") or a decade ("1900s") as it is.
export function periodLabel(period) {
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

// What one measure draws: a bar's value, its tooltip, the scale and the summary.
const kMeasures = {
  count: {
    value: (p) => p.count,
    title: (p) => `${periodLabel(p.period)}: ${stories(p.count)}`,
    scale: (max) => max.toLocaleString('en'),
    summary: (periods, busiest, first, last) => `${stories(periods.reduce((sum, p) => sum + p.count, 0))} ` +
      `from ${first} to ${last}; most in ${periodLabel(busiest.period)} (${busiest.count}).`,
  },
  share: {
    value: (p) => (p.archive_count ? p.count / p.archive_count : 0),
    title: (p) => `${periodLabel(p.period)}: ${percentFormat.format(p.archive_count ? p.count / p.archive_count : 0)}` +
      ` (${p.count.toLocaleString('en')} of ${stories(p.archive_count ?? 0)})`,
    scale: (max) => percentFormat.format(max),
    summary: (periods, busiest, first, last) => `Share of the archive’s stories from ${first} to ${last}; highest ` +
      `in ${periodLabel(busiest.period)} (${percentFormat.format(kMeasures.share.value(busiest))}).`,
  },
};

// `periods`: [{period: "2026-02", count: 5, archive_count: 6}, ...];
// `measure`: 'count' or 'share'; `marks`: [{period, label}], periods to point
// out (where a significant term peaks), each a numbered marker over its bar
// and a line of the legend under the chart. Returns a <div> holding the chart
// and its labels, or null when there is nothing to draw.
export function trendChart(periods, { measure = 'count', marks = [] } = {}) {
  if (!periods?.length) return null;
  const { value, title, scale, summary } = kMeasures[measure];
  const highest = Math.max(...periods.map(value));
  const max = highest > 0 ? highest : 1;
  const busiest = periods.reduce((best, p) => (value(p) > value(best) ? p : best), periods[0]);
  const first = periodLabel(periods[0].period);
  const last = periodLabel(periods.at(-1).period);

  const chart = svg('svg', {
    viewBox: `0 0 ${kWidth} ${kHeight}`,
    preserveAspectRatio: 'none',
    role: 'img',
    class: 'trend-bars',
    'aria-label': summary(periods, busiest, first, last),
  });
  const slot = kWidth / periods.length;
  const barWidth = Math.min(kMaxBar, Math.max(slot * (1 - kGap), Math.min(slot, 1)));
  periods.forEach((p, i) => {
    const height = value(p) === 0 ? 0 : Math.max(2, (value(p) / max) * kHeight);
    const bar = svg('rect', {
      x: (i * slot + (slot - barWidth) / 2).toFixed(2),
      y: (kHeight - height).toFixed(2),
      width: barWidth.toFixed(2),
      height: height.toFixed(2),
      class: 'trend-bar',
    });
    const tooltip = svg('title', {});
    tooltip.textContent = title(p);
    bar.append(tooltip);
    chart.append(bar);
  });

  const box = document.createElement('div');
  box.className = 'trend-box';
  const scaleLabel = document.createElement('span');
  scaleLabel.className = 'trend-max';
  scaleLabel.textContent = scale(max);
  scaleLabel.setAttribute('aria-hidden', 'true');
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
  box.append(scaleLabel, chart, axis);
  const shown = marks.map((mark) => ({ ...mark, at: periods.findIndex((p) => p.period === mark.period) }))
    .filter((mark) => mark.at >= 0);
  if (shown.length) {
    // Numbers over the bars are HTML placed by percentage: text inside the
    // stretched SVG would be stretched with it.
    const overlay = document.createElement('div');
    overlay.className = 'trend-peaks';
    overlay.setAttribute('aria-hidden', 'true');
    const legend = document.createElement('ol');
    legend.className = 'trend-legend';
    // One marker per bar, naming every word that peaks there ("1,3").
    const numbersAt = new Map();
    shown.forEach((mark, i) => numbersAt.set(mark.at, [...(numbersAt.get(mark.at) ?? []), i + 1]));
    for (const [at, numbers] of numbersAt) {
      const marker = document.createElement('span');
      marker.className = 'trend-peak';
      marker.textContent = numbers.join(',');
      marker.style.left = `${(((at + 0.5) * slot) / kWidth) * 100}%`;
      overlay.append(marker);
    }
    shown.forEach((mark) => {
      const line = document.createElement('li');
      line.textContent = `${mark.label}: most in ${periodLabel(mark.period)}`;
      legend.append(line);
    });
    const plot = document.createElement('div');
    plot.className = 'trend-plot';
    chart.replaceWith(plot);
    plot.append(overlay, chart);
    box.append(legend);
  }
  return box;
}
