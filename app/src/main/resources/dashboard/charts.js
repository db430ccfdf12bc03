// Small canvas charts for the dashboard: no libraries, no network. Prices arrive as exact decimal strings; they are
// turned into floats only to place pixels, never to show a number.
"use strict";
const Charts = (() => {
  const PALETTE = ["#5fb3ff", "#f4b740", "#b18cff", "#2ecc8f", "#ff6b6b", "#4dd6d6"];

  function setup(canvas) {
    const dpr = window.devicePixelRatio || 1;
    const w = canvas.clientWidth || canvas.width, h = canvas.clientHeight || canvas.height;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.font = "11px system-ui, sans-serif";
    return { ctx, w, h };
  }

  function niceMax(v) {
    if (!(v > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
    return 10 * p;
  }

  function grid(ctx, x0, y0, x1, y1, max, fmt) {
    ctx.strokeStyle = "#26304a";
    ctx.fillStyle = "#8591a8";
    ctx.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const y = y1 - (y1 - y0) * i / 4;
      ctx.beginPath(); ctx.moveTo(x0, y); ctx.lineTo(x1, y); ctx.stroke();
      ctx.fillText(fmt(max * i / 4), 4, y + 4);
    }
  }

  /** series: {name: [values...]}, times: [iso...] (oldest first). */
  function lines(canvas, times, series, legend) {
    const { ctx, w, h } = setup(canvas);
    const x0 = 52, y0 = 10, x1 = w - 10, y1 = h - 22;
    const names = Object.keys(series);
    let max = 0;
    names.forEach(n => series[n].forEach(v => { if (v > max) max = v; }));
    max = niceMax(max);
    grid(ctx, x0, y0, x1, y1, max, v => v >= 1000 ? (v / 1000).toFixed(1) + "k" : (Math.round(v * 10) / 10).toString());
    const n = times.length;
    if (n > 1) {
      ctx.fillStyle = "#8591a8";
      ctx.fillText(times[0].substring(11, 19), x0, h - 6);
      const last = times[n - 1].substring(11, 19);
      ctx.fillText(last, x1 - ctx.measureText(last).width, h - 6);
    } else {
      ctx.fillStyle = "#8591a8";
      ctx.fillText("collecting samples…", x0 + 10, (y0 + y1) / 2);
    }
    names.forEach((name, i) => {
      const vals = series[name];
      ctx.strokeStyle = PALETTE[i % PALETTE.length];
      ctx.lineWidth = 2;
      ctx.beginPath();
      vals.forEach((v, j) => {
        const x = x0 + (n <= 1 ? 0 : (x1 - x0) * j / (n - 1));
        const y = y1 - (y1 - y0) * v / max;
        if (j === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
      });
      ctx.stroke();
    });
    if (legend) {
      legend.innerHTML = "";
      names.forEach((name, i) => {
        const vals = series[name];
        const span = document.createElement("span");
        span.innerHTML = `<i style="background:${PALETTE[i % PALETTE.length]}"></i>${name} ` +
          `<b>${vals.length ? vals[vals.length - 1] : 0}</b>/s`;
        legend.appendChild(span);
      });
    }
  }

  /** Cumulative depth: bids (best first, descending) left in green, asks (ascending) right in red. */
  function depth(canvas, bids, asks) {
    const { ctx, w, h } = setup(canvas);
    const x0 = 52, y0 = 10, x1 = w - 10, y1 = h - 22;
    if (!bids.length && !asks.length) {
      ctx.fillStyle = "#8591a8";
      ctx.fillText("no book (not synced yet)", x0 + 10, (y0 + y1) / 2);
      return;
    }
    const cum = levels => { let s = 0; return levels.map(([p, q]) => { s += parseFloat(q); return [parseFloat(p), s]; }); };
    const b = cum(bids), a = cum(asks);
    const prices = b.concat(a).map(l => l[0]);
    let lo = Math.min(...prices), hi = Math.max(...prices);
    if (hi === lo) { hi += 1; lo -= 1; }
    const max = niceMax(Math.max(b.length ? b[b.length - 1][1] : 0, a.length ? a[a.length - 1][1] : 0));
    grid(ctx, x0, y0, x1, y1, max, v => (Math.round(v * 100) / 100).toString());
    const X = p => x0 + (x1 - x0) * (p - lo) / (hi - lo);
    const Y = v => y1 - (y1 - y0) * v / max;
    function area(pts, stroke, fill) {
      if (!pts.length) return;
      ctx.beginPath();
      ctx.moveTo(X(pts[0][0]), y1);
      let prev = 0;
      pts.forEach(([p, v]) => { ctx.lineTo(X(p), Y(prev)); ctx.lineTo(X(p), Y(v)); prev = v; });
      ctx.lineTo(X(pts[pts.length - 1][0]), y1);
      ctx.closePath();
      ctx.fillStyle = fill; ctx.fill();
      ctx.strokeStyle = stroke; ctx.lineWidth = 1.5; ctx.stroke();
    }
    area(b, "#2ecc8f", "rgba(46,204,143,0.25)");
    area(a, "#ff6b6b", "rgba(255,107,107,0.25)");
    ctx.fillStyle = "#8591a8";
    ctx.fillText(bids.length ? bids[bids.length - 1][0] : "", x0, h - 6);
    const right = asks.length ? asks[asks.length - 1][0] : "";
    ctx.fillText(right, x1 - ctx.measureText(right).width, h - 6);
  }

  return { lines, depth };
})();
