/** Saves a blob as a file through a temporary link. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started by the next task; the URL can go then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function downloadText(text: string, fileName: string, type: string): void {
  downloadBlob(new Blob([text], { type }), fileName);
}

export interface LegendEntry {
  name: string;
  color: string;
  /** The line's stroke-dasharray (none: solid), drawn the same in the legend. */
  dash?: string;
}

const PNG_BACKGROUND = '#16212d';
const PNG_TEXT = '#e4ebf2';
/** A legend's line sample: long enough to show one whole dash-dot (DASH.dashDot). */
export const LEGEND_SAMPLE_W = 24;

/**
 * Renders a chart's SVG to a PNG with its title and legend (recharts draws the legend in HTML,
 * outside the SVG, so it is painted here from the series list).
 */
export async function chartToPng(
  svg: SVGSVGElement,
  title: string,
  legend: LegendEntry[],
): Promise<Blob> {
  const { width, height } = svg.getBoundingClientRect();
  const scale = 2;
  const top = 34;
  const bottom = 30;
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  // The page's font reaches the SVG through CSS, which an image of it does not load.
  clone.style.fontFamily = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  const xml = new XMLSerializer().serializeToString(clone);
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil((height + top + bottom) * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw to a canvas');
  ctx.scale(scale, scale);
  ctx.fillStyle = PNG_BACKGROUND;
  ctx.fillRect(0, 0, width, height + top + bottom);
  ctx.fillStyle = PNG_TEXT;
  ctx.font = '600 15px system-ui, sans-serif';
  ctx.fillText(title, 12, 22);
  ctx.drawImage(image, 0, top, width, height);
  ctx.font = '12px system-ui, sans-serif';
  let x = 12;
  const y = top + height + 18;
  for (const entry of legend) {
    ctx.strokeStyle = entry.color;
    ctx.lineWidth = 2;
    ctx.setLineDash(entry.dash ? entry.dash.split(' ').map(Number) : []);
    ctx.beginPath();
    ctx.moveTo(x, y - 4.5);
    ctx.lineTo(x + LEGEND_SAMPLE_W, y - 4.5);
    ctx.stroke();
    ctx.fillStyle = PNG_TEXT;
    ctx.fillText(entry.name, x + LEGEND_SAMPLE_W + 5, y);
    x += LEGEND_SAMPLE_W + 5 + ctx.measureText(entry.name).width + 16;
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}
