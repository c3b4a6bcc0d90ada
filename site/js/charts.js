/**
 * Charts with Chart.js (vendored, pinned: site/vendor/chartjs/). The bundle
 * is the UMD one: it is added once as a <script src> (the CSP allows our own
 * scripts; an inline import map would not be) the first time a chart is
 * drawn, and read from window.Chart. Chart.js sizes its canvases through
 * the CSSOM, which the CSP allows too; it injects no stylesheet.
 */
const SRC = '/vendor/chartjs/chart.umd.js';
let loading = null;

/** Chart.js, loaded on first use. :raise Error: the script could not be loaded. */
export function loadChartJs() {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = SRC;
      script.async = true;
      script.addEventListener('load', () => (window.Chart ? resolve(window.Chart) : reject(new Error('Chart.js did not load'))));
      script.addEventListener('error', () => {
        loading = null;
        script.remove();
        reject(new Error('Chart.js could not be loaded'));
      });
      document.head.append(script);
    }).then((Chart) => {
      configure(Chart);
      return Chart;
    });
  }
  return loading;
}

/** The site's colours, read from its CSS variables (one palette, app.css). */
export function palette() {
  const style = getComputedStyle(document.documentElement);
  const read = (name, fallback) => (style.getPropertyValue(name) || '').trim() || fallback;
  return {
    primary: read('--primary', '#4f46e5'),
    primarySoft: '#a5b4fc',
    success: read('--success', '#067647'),
    successSoft: '#75e0a7',
    danger: read('--danger', '#b42318'),
    warning: '#dc6803',
    text: read('--text', '#1d2230'),
    muted: read('--muted', '#5b6275'),
    grid: read('--border', '#e3e6ee'),
    series: ['#4f46e5', '#0e9384', '#dc6803', '#c11574', '#2e90fa', '#7a5af8', '#66c61c', '#b42318', '#5b6275'],
  };
}

function configure(Chart) {
  const colors = palette();
  const font = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.family = font;
  Chart.defaults.font.size = 12;
  Chart.defaults.color = colors.muted;
  Chart.defaults.borderColor = colors.grid;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.plugins.legend.labels.boxWidth = 12;
  if (window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches) Chart.defaults.animation = false;
}
