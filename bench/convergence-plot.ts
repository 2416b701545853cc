// Resources Ready over time, one line per run (operator and baselines), as a standalone SVG:
// a step line per series, axes with round ticks, a legend. No plotting library: the picture is
// a few dozen elements, and docs/ keeps the file the bench wrote.

export interface Series {
  readonly label: string;
  /** When each resource turned Ready, seconds from the series' start, in any order. */
  readonly readySeconds: readonly number[];
}

const WIDTH = 760;
const HEIGHT = 420;
const MARGIN = { left: 70, right: 20, top: 40, bottom: 50 };
const COLORS = ["#d1495b", "#00798c", "#edae49", "#30638e", "#66a182"];
const MAX_POINTS = 400;

/** A tick step of 1, 2 or 5 × 10^n giving about `count` ticks up to `max`. */
export function tickStep(max: number, count = 6): number {
  if (max <= 0) return 1;
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  return step ?? 10 * power;
}

/** Cumulative Ready count as (seconds, count) steps, thinned to at most MAX_POINTS. */
export function readySteps(readySeconds: readonly number[]): Array<[number, number]> {
  const sorted = [...readySeconds].sort((a, b) => a - b);
  const every = Math.max(1, Math.ceil(sorted.length / MAX_POINTS));
  const steps: Array<[number, number]> = [[0, 0]];
  sorted.forEach((t, i) => {
    if ((i + 1) % every === 0 || i === sorted.length - 1) steps.push([t, i + 1]);
  });
  return steps;
}

const escapeXml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

export function renderConvergencePlot(title: string, series: readonly Series[]): string {
  const allSteps = series.map((s) => readySteps(s.readySeconds));
  const maxSeconds = Math.max(1, ...allSteps.flat().map(([t]) => t));
  const maxCount = Math.max(1, ...allSteps.flat().map(([, n]) => n));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (t: number) => MARGIN.left + (t / maxSeconds) * plotWidth;
  const y = (n: number) => MARGIN.top + plotHeight - (n / maxCount) * plotHeight;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
  );
  const xStep = tickStep(maxSeconds);
  for (let t = 0; t <= maxSeconds + 1e-9; t += xStep) {
    parts.push(
      `<line x1="${x(t)}" y1="${MARGIN.top}" x2="${x(t)}" y2="${MARGIN.top + plotHeight}" stroke="#eee"/>`,
      `<text x="${x(t)}" y="${MARGIN.top + plotHeight + 16}" text-anchor="middle">${Number(t.toPrecision(6))}</text>`,
    );
  }
  const yStep = tickStep(maxCount);
  for (let n = 0; n <= maxCount + 1e-9; n += yStep) {
    parts.push(
      `<line x1="${MARGIN.left}" y1="${y(n)}" x2="${MARGIN.left + plotWidth}" y2="${y(n)}" stroke="#eee"/>`,
      `<text x="${MARGIN.left - 6}" y="${y(n) + 4}" text-anchor="end">${n.toLocaleString("en-US")}</text>`,
    );
  }
  parts.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#333"/>`,
    `<text x="${MARGIN.left + plotWidth / 2}" y="${HEIGHT - 12}" text-anchor="middle">seconds from start</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">resources Ready</text>`,
  );
  // The legend sits on a white ground, over the lines' start.
  const legendWidth = 24 + 7 * Math.max(0, ...series.map((s) => s.label.length));
  parts.push(
    `<rect x="${MARGIN.left + 6}" y="${MARGIN.top + 4}" width="${legendWidth}" height="${series.length * 18 + 6}" fill="white" fill-opacity="0.85"/>`,
  );
  allSteps.forEach((steps, i) => {
    const color = COLORS[i % COLORS.length];
    const path = steps
      .map(([t, n], j) =>
        j === 0 ? `M${x(t).toFixed(1)},${y(n).toFixed(1)}` : `H${x(t).toFixed(1)}V${y(n).toFixed(1)}`,
      )
      .join("");
    parts.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"/>`);
    const legendY = MARGIN.top + 16 + i * 18;
    parts.push(
      `<line x1="${MARGIN.left + 12}" y1="${legendY - 4}" x2="${MARGIN.left + 36}" y2="${legendY - 4}" stroke="${color}" stroke-width="2"/>`,
      `<text x="${MARGIN.left + 42}" y="${legendY}">${escapeXml(series[i]!.label)}</text>`,
    );
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
