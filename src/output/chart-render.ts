/**
 * Headless rendering of a Vega-Lite spec: SVG from vega's `none` renderer (no canvas needed),
 * PNG from that SVG with resvg. vega is imported lazily: it is most of the CLI's start-up time.
 */
import { existsSync } from 'node:fs';
import type { VegaLiteSpec } from './chart-spec.js';

/**
 * resvg draws no text at all without a font, silently. DejaVu Sans is the font of the PNGs: one
 * fixed file keeps them byte-identical across machines (scripts/setup-system.sh installs it).
 */
const FONT_FILES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/TTF/DejaVuSans.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf'];

export class MissingFontError extends Error {}

export function chartFontFile(): string {
  const file = FONT_FILES.find((f) => existsSync(f));
  if (file === undefined) {
    throw new MissingFontError(`no font for the PNG charts (looked for ${FONT_FILES.join(', ')}): install Debian's fonts-dejavu-core (bash scripts/setup-system.sh), or run with --no-charts`);
  }
  return file;
}

export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  // one after the other: jest's ESM loader fails on two concurrent imports sharing modules
  const vega = await import('vega');
  const vl = await import('vega-lite');
  const view = new vega.View(vega.parse(vl.compile(spec as never).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG at twice the SVG's size (sharp on high-density screens and in papers), on white. */
export async function renderPng(svg: string): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const font = chartFontFile();
  const resvg = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: false, fontFiles: [font], defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return new Uint8Array(resvg.render().asPng());
}
