// MeshPortal LiveChart: a thin wrapper over uPlot driven from the server (base.ui.LiveChart).
// Data arrives as JSON: setData sends a whole window once, append sends one point per push; points older than
// the window are dropped here, so a chart left open for days does not grow.
window.meshportalLiveChart = (function () {
  function themeColor(el) {
    return getComputedStyle(el).color || '#333';
  }

  const pad = n => (n < 10 ? '0' : '') + n;

  // Time axis labels in the browser's time zone, one format per tick spacing: never a date on the first tick over
  // a time on the next (uPlot's default), always 24-hour, dates only when ticks are a day or more apart.
  function timeLabels(u, splits, axisIdx, foundSpace, foundIncr) {
    return splits.map(t => {
      const d = new Date(t * 1000);
      const hm = pad(d.getHours()) + ':' + pad(d.getMinutes());
      if (foundIncr >= 86400) return pad(d.getDate()) + '.' + pad(d.getMonth() + 1) + '.';
      if (foundIncr >= 3600 * 6) return pad(d.getDate()) + '.' + pad(d.getMonth() + 1) + '. ' + hm;
      if (foundIncr >= 60) return hm;
      return hm + ':' + pad(d.getSeconds());
    });
  }

  function options(el, cfg) {
    const axisColor = themeColor(el);
    const grid = { stroke: 'rgba(128,128,128,0.2)', width: 1 };
    return {
      width: Math.max(el.clientWidth, 200),
      height: cfg.height,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: cfg.yRange ? { range: cfg.yRange } : { auto: true } },
      series: [{}].concat(cfg.series.map(s => ({
        label: s.label,
        stroke: s.color,
        spanGaps: false,
        width: s.thin ? 1 : 2,
        dash: s.thin ? [4, 4] : undefined,
        value: (u, v) => v == null ? '—' : v.toFixed(s.decimals) + (s.unit ? ' ' + s.unit : '')
      }))),
      axes: [
        { stroke: axisColor, grid: grid, ticks: grid, space: 80, values: timeLabels },
        { stroke: axisColor, grid: grid, ticks: grid, size: 60 }
      ]
    };
  }

  function mark(el) {
    const d = el.__data;
    el.dataset.points = d[0].length;
    el.dataset.lastTime = d[0].length ? d[0][d[0].length - 1] : '';
    el.dataset.last = d.length > 1 && d[1].length ? d[1][d[1].length - 1] : '';
  }

  function trim(el) {
    const d = el.__data;
    if (!d[0].length) return;
    const cutoff = d[0][d[0].length - 1] - el.__cfg.windowSeconds;
    let drop = 0;
    while (drop < d[0].length && d[0][drop] < cutoff) drop++;
    if (drop) for (let i = 0; i < d.length; i++) d[i].splice(0, drop);
  }

  function init(el, json) {
    const cfg = JSON.parse(json);
    el.__cfg = cfg;
    if (!el.__data) el.__data = [[]].concat(cfg.series.map(() => []));
    if (el.__chart) el.__chart.destroy();
    el.__chart = new uPlot(options(el, cfg), el.__data, el);
    if (!el.__resize) {
      el.__resize = new ResizeObserver(() => {
        if (el.__chart) el.__chart.setSize({ width: Math.max(el.clientWidth, 200), height: el.__cfg.height });
      });
      el.__resize.observe(el);
    }
    mark(el);
  }

  function setData(el, json) {
    el.__data = JSON.parse(json);
    // times arrive as a first epoch second followed by millisecond steps
    const t = el.__data[0];
    for (let i = 1; i < t.length; i++) t[i] = t[i - 1] + t[i] / 1000;
    trim(el);
    if (el.__chart) el.__chart.setData(el.__data);
    mark(el);
  }

  function append(el, json) {
    const p = JSON.parse(json);
    const d = el.__data;
    if (!d || p.length !== d.length) return;
    if (d[0].length && p[0] <= d[0][d[0].length - 1]) return;
    for (let i = 0; i < d.length; i++) d[i].push(p[i]);
    trim(el);
    if (el.__chart) el.__chart.setData(d);
    mark(el);
  }

  function setWindow(el, seconds) {
    el.__cfg.windowSeconds = seconds;
  }

  return { init, setData, append, setWindow };
})();
