// The live dashboard: one snapshot from /api/v1/dashboard, then a Server-Sent Events stream of the same document.
"use strict";
(() => {
  const $ = id => document.getElementById(id);
  let selectedBook = new URLSearchParams(location.search).get("book") || "";
  let source = null;

  const fmt = v => v === null || v === undefined ? "–" : typeof v === "number" ? v.toLocaleString("en-US") : String(v);
  const esc = s => String(s).replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  const id = s => String(s).replace(/[^A-Za-z0-9_-]/g, "_");
  const cell = (v, cls, cid) => `<td class="${cls || ""}"${cid ? ` id="${cid}"` : ""}>${esc(fmt(v))}</td>`;
  const num = (v, cid) => cell(v, "n", cid);
  // derived sizes (inverse contracts: USD / price) can carry 34 digits; show 8 decimals, keep the exact text in a tooltip
  const short = (v) => {
    const s = String(v), dot = s.indexOf(".");
    return dot >= 0 && s.length - dot - 1 > 8 ? s.slice(0, dot + 9) + "…" : s;
  };

  function uptime(s) {
    s = Math.floor(s);
    const h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), r = s % 60;
    return (h ? h + "h " : "") + (h || m ? m + "m " : "") + r + "s";
  }

  function render(d) {
    $("health").textContent = d.health.status;
    $("health").className = "badge " + d.health.status;
    $("environment").textContent = d.environment;
    $("version").textContent = d.version;
    $("uptime").textContent = uptime(d.uptime_seconds);
    $("total-records").textContent = fmt(d.total_records);
    $("errors").textContent = fmt(d.errors);
    $("reasons").innerHTML = d.health.reasons.slice(0, 6).map(r => `<div>⚠ ${esc(r)}</div>`).join("");

    $("venues").tBodies[0].innerHTML = Object.entries(d.venues).map(([ex, v]) => {
      const up = v.connections.filter(c => c.state === "connected").length;
      const k = "venue-" + id(ex) + "-";
      return `<tr data-exchange="${esc(ex)}">` + cell(ex, "", k + "name") +
        cell(v.status, "status-" + v.status, k + "status") +
        cell(v.connections.length ? `${up}/${v.connections.length} up` : "none reported", "", k + "connections") +
        num(v.websocket_messages, k + "ws") + num(v.rest_responses, k + "rest") + num(v.frames, k + "frames") +
        num(v.records, k + "records") + num(v.malformed, k + "malformed") +
        num(`${v.books_synced}/${v.books}`, k + "books") + num(v.book_gaps, k + "gaps") +
        num(v.book_resyncs, k + "resyncs") + num(v.checksum_failures, k + "checksum") +
        num(v.trades_backfilled, k + "backfilled") + num(v.trades_missing, k + "missing") +
        num(v.reconnects, k + "reconnects") +
        num(v.rest.weight_limit ? `${v.rest.weight_used}/${v.rest.weight_limit}` : v.rest.weight_used, k + "weight") +
        "</tr>";
    }).join("");

    Charts.lines($("rates"), d.rates.t, d.rates.series, $("rates-legend"));

    const books = d.streams.filter(s => s.book).map(s => s.exchange + ":" + s.symbol);
    const sel = $("book-select");
    const current = d.book ? d.book.exchange + ":" + d.book.symbol : selectedBook;
    if (sel.options.length !== books.length || books.some((b, i) => sel.options[i].value !== b)) {
      sel.innerHTML = books.map(b => `<option value="${esc(b)}">${esc(b)}</option>`).join("");
    }
    if (current) sel.value = current;
    const b = d.book;
    Charts.depth($("depth"), b ? b.bids : [], b ? b.asks : []);
    $("book-best-bid").textContent = b && b.best_bid ? `${b.best_bid[0]} × ${b.best_bid[1]}` : "–";
    $("book-best-ask").textContent = b && b.best_ask ? `${b.best_ask[0]} × ${b.best_ask[1]}` : "–";
    $("book-spread").textContent = b && b.spread !== null ? b.spread : "–";
    $("book-sequence").textContent = b && b.sequence !== null ? b.sequence : "–";
    $("book-synced").textContent = b ? (b.synced ? "synced" : "resyncing") : "–";
    $("book-synced").className = "badge " + (b ? (b.synced ? "synced" : "unsynced") : "");

    $("trades").tBodies[0].innerHTML = d.trades.slice(0, 14).map((t, i) =>
      `<tr>` + cell(t.timestamp ? t.timestamp.substring(11, 23) : "–") + cell(t.exchange) + cell(t.symbol) +
      cell(t.side, t.side) + num(t.price, "trade-" + i + "-price") + num(short(t.size), "trade-" + i + "-size") + "</tr>").join("");

    $("streams").tBodies[0].innerHTML = d.streams.slice(0, 30).map(s => {
      const k = "stream-" + id(s.exchange) + "-" + id(s.symbol) + "-";
      const bk = s.book;
      const bookMsgs = (s.records.book_snapshot || 0) + (s.records.book_delta || 0);
      return "<tr>" + cell(s.exchange + ":" + s.symbol) + num(s.records.trade || 0, k + "trades") +
        num(bookMsgs, k + "bookmsgs") +
        cell(bk ? (bk.synced ? "synced" : "resyncing") : "–", bk ? (bk.synced ? "bid" : "ask") : "") +
        num(bk && bk.best_bid ? bk.best_bid[0] : null, k + "bid") + num(bk && bk.best_ask ? bk.best_ask[0] : null, k + "ask") +
        num(bk ? bk.gaps : null, k + "gaps") + num(bk ? bk.resyncs : null, k + "resyncs") +
        num(s.trades_backfilled, k + "backfilled") + num(s.trades_missing, k + "missing") + "</tr>";
    }).join("");

    $("sinks").tBodies[0].innerHTML = d.sinks.map(s => {
      const k = "sink-" + id(s.name) + "-";
      return "<tr>" + cell(s.name) + cell(s.state, s.state === "up" ? "bid" : "ask", k + "state") +
        num(`${s.queue_depth}/${s.queue_capacity}`, k + "queue") + num(s.records_in, k + "in") +
        num(s.records_out, k + "out") + num(s.lag_records, k + "lag") + num(s.failures, k + "failures") +
        num(s.spool_bytes, k + "spool") + num(s.spool_records, k + "spoolrecords") +
        cell(s.last_write ? s.last_write.substring(11, 19) : "–") + "</tr>";
    }).join("");
    $("sinks-empty").style.display = d.sinks.length ? "none" : "";
    document.body.dataset.generatedAt = d.generated_at;
    document.body.dataset.updates = String(Number(document.body.dataset.updates || 0) + 1);
  }

  function connect() {
    if (source) source.close();
    source = new EventSource("/api/v1/stream" + (selectedBook ? "?book=" + encodeURIComponent(selectedBook) : ""));
    source.addEventListener("dashboard", e => {
      $("live").textContent = "live";
      $("live").className = "live on";
      render(JSON.parse(e.data));
    });
    source.onerror = () => { $("live").textContent = "reconnecting"; $("live").className = "live off"; };
  }

  $("book-select").addEventListener("change", e => { selectedBook = e.target.value; connect(); });
  fetch("/api/v1/dashboard" + (selectedBook ? "?book=" + encodeURIComponent(selectedBook) : ""))
    .then(r => r.json()).then(j => render(j.data)).catch(() => {});
  connect();
})();
