/*
 * Copyright 2026 The gatling-ml authors.
 * Licensed under the Apache License, Version 2.0. (No address here: the page this file is inlined
 * into must not name any, see MlReport.)
 *
 * The ML report's page: reads the run's data from <script id="ml-data"> (built by ReportData.java)
 * and draws the tables and the uPlot charts. No network, no other file. When done it sets
 * window.mlReport = {ready, renderMs, charts} (the browser test reads it).
 *
 * With a baseline (DATA.baseline, DATA.comparison: `gatling-ml compare --html`, `report --baseline`)
 * the comparison opens the page and the baseline's series are drawn dashed in grey on the latency,
 * throughput and TTFT charts, each run on its own time since start (uPlot.join aligns the axes).
 */
(function () {
  'use strict';
  var T0 = performance.now();
  var DATA = JSON.parse(document.getElementById('ml-data').textContent);
  var RUN = DATA.run;
  var BASE = DATA.baseline || null;     // the baseline run, same shape as RUN, or null
  var CMP = DATA.comparison || null;    // the comparison of RUN with BASE, or null
  var BASE_COLOR = '#808080', BASE_P50_COLOR = '#b0b0b0';
  var ROOT = document.getElementById('report');
  var COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2',
    '#17becf', '#bcbd22', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd',
    '#e6550d', '#31a354', '#756bb1', '#636363', '#9c9ede'];
  var OK_COLOR = '#2ca02c', KO_COLOR = '#d62728';
  var PX = window.devicePixelRatio || 1;
  var charts = [];      // every live chart: {key, u, holder, build}
  var selected = null;  // the request name the per-name charts show, or '' for all requests

  // ---------------------------------------------------------------- formatting

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') { e.textContent = attrs[k]; } else if (k === 'cls') { e.className = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
      });
    }
    (children || []).forEach(function (c) {
      if (c != null) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); }
    });
    return e;
  }
  function num(v, digits) {
    if (v == null || !isFinite(v)) { return '–'; }
    return v.toLocaleString('en-US', {minimumFractionDigits: digits, maximumFractionDigits: digits});
  }
  function int(v) { return v == null ? '–' : num(v, 0); }
  /** Milliseconds with the decimals that keep microseconds visible for small values. */
  function ms(v) {
    if (v == null || !isFinite(v)) { return '–'; }
    var a = Math.abs(v);
    return num(v, a < 10 ? 3 : a < 100 ? 2 : a < 1000 ? 1 : 0);
  }
  function rate(v) {
    if (v == null || !isFinite(v)) { return '–'; }
    var a = Math.abs(v);
    return num(v, a < 10 ? 2 : a < 1000 ? 1 : 0);
  }
  function elapsed(s) {
    if (s == null) { return ''; }
    var neg = s < 0; s = Math.abs(s);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    var secText = (sec < 10 ? '0' : '') + (Number.isInteger(sec) ? sec : sec.toFixed(1));
    var out = h > 0 ? h + ':' + (m < 10 ? '0' : '') + m + ':' + secText : m + ':' + secText;
    return (neg ? '-' : '') + out;
  }
  function date(epochMs) {
    return new Date(epochMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  }
  function duration(msTotal) {
    var s = msTotal / 1000;
    if (s < 120) { return num(s, 1) + ' s'; }
    return elapsed(Math.round(s)) + ' (' + num(s, 0) + ' s)';
  }
  function section(title, id) {
    var s = el('section', {id: id}, [el('h2', {text: title})]);
    ROOT.appendChild(s);
    return s;
  }
  function table(headers, rows, cls) {
    var thead = el('thead', null, [el('tr', null, headers.map(function (h) {
      return typeof h === 'string' ? el('th', {text: h}) : h;
    }))]);
    var tbody = el('tbody', null, rows.map(function (r) {
      return el('tr', null, r.map(function (c, i) {
        return el('td', {cls: i === 0 ? 'name' : 'num', text: c == null ? '–' : String(c)});
      }));
    }));
    return el('div', {cls: 'table-wrap'}, [el('table', {cls: cls || ''}, [thead, tbody])]);
  }
  function note(text, cls) { return el('p', {cls: cls || 'note', text: text}); }

  // ---------------------------------------------------------------- header and tables

  function header() {
    var inj = RUN.injector;
    var h = el('header', null, [
      el('h1', null, [RUN.simulation, el('span', {cls: 'sub', text: BASE ? ' — ML report, compared with its baseline' : ' — ML report'})])
    ]);
    var complete = RUN.complete ? 'yes' : 'no' + (RUN.stopped_by ? ' (stopped by ' + RUN.stopped_by + ')' : ' (periodic summary, run in progress)');
    var facts = [
      ['Run', RUN.run_id],
      ['Start', date(RUN.start_epoch_ms)],
      ['End', date(RUN.end_epoch_ms)],
      ['Duration', duration(RUN.duration_ms)],
      ['Complete', complete],
      ['Injector', inj.host + ', ' + inj.cpus + ' CPU' + (inj.cpus === 1 ? '' : 's')],
      ['Injector CPU', inj.cpu_busy_pct ? 'p50 ' + num(inj.cpu_busy_pct.p50, 1) + '%, max ' + num(inj.cpu_busy_pct.max, 1) + '% of the machine' : 'not reported'],
      ['GC', int(inj.gc_pause_ms) + ' ms'],
      ['Event-loop lag', inj.event_loop_lag_ms ? 'p50 ' + ms(inj.event_loop_lag_ms.p50) + ' ms, p99 ' + ms(inj.event_loop_lag_ms.p99) + ' ms, max ' + ms(inj.event_loop_lag_ms.max) + ' ms' : 'not probed']
    ];
    var dl = el('dl', {cls: 'facts'});
    facts.forEach(function (f) { dl.appendChild(el('dt', {text: f[0]})); dl.appendChild(el('dd', {text: f[1]})); });
    h.appendChild(dl);
    var verdict = el('div', {cls: 'verdict ' + inj.verdict, id: 'verdict'}, [
      el('strong', {text: 'Injector verdict: ' + inj.verdict}),
      inj.warnings.length ? note('Reasons to doubt the numbers:', 'plain') : note('No reason to doubt the load generator: the numbers are the server\'s.', 'plain')
    ]);
    if (inj.warnings.length) {
      verdict.appendChild(el('ul', null, inj.warnings.map(function (w) { return el('li', {text: w}); })));
    }
    h.appendChild(verdict);
    ROOT.appendChild(h);
  }

  /** What a metadata map says, one "key value" pair after the other. */
  function metadataText(m) {
    var keys = Object.keys(m || {});
    return keys.length ? keys.map(function (k) { return k + ' ' + m[k]; }).join(' · ') : 'none in the file';
  }
  /** A compared value in the result's unit: µs as ms, ratios as percentages. */
  function valueText(v, unit) {
    if (v == null) { return '–'; }
    if (unit === 'us') { return ms(v / 1000) + ' ms'; }
    if (unit === 'ratio') { return num(100 * v, 2) + '%'; }
    if (unit === 'achieved/offered') { return num(v, 3) + ' of offered'; }
    return rate(v) + ' ' + unit;
  }
  function changeText(v, metric) {
    if (v == null) { return '–'; }
    // the error rate's change is a difference of rates, the others relative changes
    return (v > 0 ? '+' : '') + num(100 * v, metric === 'error_rate' ? 2 : 1) + (metric === 'error_rate' ? ' pp' : '%');
  }
  /** The criterion as a bound on the change: latencies may rise, throughput fall, errors reach. */
  function thresholdText(r) {
    var t = num(100 * r.threshold, 1) + '%';
    return r.metric === 'error_rate' ? 'rate ≤ ' + t : r.metric === 'throughput' ? '≥ −' + t : '≤ +' + t;
  }
  var VERDICT_TEXT = {REGRESSION: 'regression', IMPROVEMENT: 'improvement', NO_SIGNIFICANT_CHANGE: 'no significant change'};

  /** The runs compared, the overall verdict and a row per request name and metric. */
  function comparisonSection() {
    if (!CMP || !BASE) { return; }
    var s = section('Compared with the baseline', 'comparison');
    var pass = CMP.verdict !== 'REGRESSION';
    s.appendChild(el('div', {cls: 'verdict ' + (pass ? 'trustworthy' : 'doubtful') + ' compare-' + CMP.verdict.toLowerCase(), id: 'compare-verdict'}, [
      el('strong', {text: (pass ? 'PASS' : 'FAIL') + ': ' + VERDICT_TEXT[CMP.verdict]}),
      note(pass ? 'No metric changed significantly beyond its threshold.' :
        CMP.results.filter(function (r) { return r.verdict === 'REGRESSION'; }).length + ' regression(s): a significant change beyond the threshold.', 'plain')
    ]));
    var runs = [['Baseline', BASE], ['Current', RUN]].map(function (x) {
      var r = x[1];
      return [x[0], r.run_id, r.simulation, date(r.start_epoch_ms), duration(r.duration_ms), r.injector.verdict, metadataText(r.metadata)];
    });
    s.appendChild(table(['Run', 'Run id', 'Simulation', 'Start', 'Duration', 'Injector', 'Metadata'], runs, 'runs'));
    var k = CMP.criteria;
    var rows = CMP.results.map(function (r) {
      var ci = r.change_low == null ? (r.method === 'ABSOLUTE' ? 'absolute bound' : 'none (whole run)') :
        '[' + changeText(r.change_low, r.metric) + ', ' + changeText(r.change_high, r.metric) + ']';
      return [r.request, r.metric, valueText(r.baseline, r.unit), valueText(r.current, r.unit), changeText(r.change, r.metric), ci,
        thresholdText(r), r.note ? 'not compared: ' + r.note : VERDICT_TEXT[r.verdict]];
    });
    var wrap = table(['Request', 'Metric', 'Baseline', 'Current', 'Change', Math.round(100 * k.confidence) + '% CI', 'Threshold', 'Verdict'], rows, 'comparison');
    var trs = wrap.querySelectorAll('tbody tr');
    CMP.results.forEach(function (r, i) { trs[i].className = 'verdict-' + r.verdict.toLowerCase(); });
    s.appendChild(wrap);
    s.appendChild(note('Latencies and throughput: medians of the per-interval values after a warm-up of ' + num(k.warm_up_ms / 1000, 1) +
      ' s, ' + k.resamples + ' bootstrap resamples; a regression is a change beyond the threshold whose interval excludes 0. Error rate: an absolute bound on the current run. Charts below: the baseline dashed in grey, on its own time since start.'));
  }

  function requestsTable() {
    var s = section('Requests', 'requests');
    var headers = ['Request', 'Kind', 'Count', 'OK', 'KO', 'Error %', 'Throughput (req/s)',
      'p50 (ms)', 'p90 (ms)', 'p95 (ms)', 'p99 (ms)', 'p99.9 (ms)', 'max (ms)'];
    s.appendChild(table(headers, RUN.requests.map(function (r) {
      var l = r.latency_ms || {};
      return [r.name, r.kind + ' · ' + r.transport + (r.model ? ' · ' + r.model : ''), int(r.count), int(r.ok), int(r.ko),
        num(r.error_pct, 2), rate(r.throughput_rps), ms(l.p50), ms(l.p90), ms(l.p95), ms(l.p99), ms(l.p999), ms(l.max)];
    }), 'requests'));
    s.appendChild(note('Latency of the OK requests, from HdrHistogram (µs kept, shown in ms). Throughput: requests completed per second of the run.'));
    var streams = RUN.requests.filter(function (r) { return r.ttft_ms || r.tpot_ms || r.output_tokens_per_s != null; });
    if (!streams.length) { return; }
    s.appendChild(el('h3', {text: 'Streams'}));
    s.appendChild(table(['Request', 'TTFT p50 (ms)', 'TTFT p99 (ms)', 'TPOT p50 (ms)', 'TPOT p99 (ms)', 'Output tokens/s',
      'Tokens counted from', 'Goodput (req/s)', 'SLO'], streams.map(function (r) {
      var t = r.ttft_ms || {}, p = r.tpot_ms || {};
      var slo = [r.slo_ttft_ms != null ? 'TTFT ≤ ' + ms(r.slo_ttft_ms) + ' ms' : null, r.slo_tpot_ms != null ? 'TPOT ≤ ' + ms(r.slo_tpot_ms) + ' ms' : null]
        .filter(function (x) { return x; }).join(', ');
      return [r.name, ms(t.p50), ms(t.p99), ms(p.p50), ms(p.p99), rate(r.output_tokens_per_s), r.tokens_source || '–',
        rate(r.goodput_rps), slo || 'none'];
    }), 'streams'));
    s.appendChild(note('TTFT: to the first non-empty chunk; TPOT: (latency − TTFT) / (tokens − 1). Goodput: OK streams per second that met every SLO; tokens/s: output tokens per second of the run.'));
  }

  function koTable() {
    var rows = [];
    RUN.requests.forEach(function (r) {
      Object.keys(r.ko_reasons).forEach(function (reason) {
        var n = r.ko_reasons[reason];
        rows.push({n: n, row: [r.name, reason, int(n), num(100 * n / r.ko, 1) + '%']});
      });
    });
    rows.sort(function (a, b) { return b.n - a.n; });
    rows = rows.map(function (r) { return r.row; });
    var s = section('Failures (KO)', 'ko');
    if (!rows.length) {
      s.appendChild(note('No request failed.'));
      return s;
    }
    s.appendChild(table(['Request', 'Reason', 'KO', 'Share of its KO'], rows, 'ko'));
    return s;
  }

  // ---------------------------------------------------------------- charts

  function holder(parent, key, title) {
    var box = el('div', {cls: 'chart', 'data-chart': key}, [el('h3', {text: title})]);
    var body = el('div', {cls: 'chart-body'});
    box.appendChild(body);
    parent.appendChild(box);
    return body;
  }
  function width(body) { return Math.max(320, Math.floor(body.clientWidth || 900)); }

  /** Creates a chart (and re-creates it when the selection changes or the window is resized). */
  function chart(parent, key, title, build) {
    var body = holder(parent, key, title);
    var c = {key: key, holder: body, build: build, u: null};
    charts.push(c);
    draw(c);
    return c;
  }
  function draw(c) {
    if (c.u) { c.u.destroy(); c.u = null; }
    var spec = c.build();
    spec.opts.width = width(c.holder);
    spec.opts.height = spec.opts.height || 260;
    c.u = new uPlot(spec.opts, spec.data, c.holder);
  }

  var TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800];
  function elapsedAxis(label) {
    return {label: label || 'time since start (h:mm:ss)', incrs: TIME_STEPS, space: 60,
      values: function (u, splits) { return splits.map(elapsed); }};
  }
  /** An axis tick: as many decimals as the tick step needs, no more. */
  function tick(v) {
    if (v == null) { return ''; }
    var a = Math.abs(v);
    if (a >= 1e6) { return +(v / 1e6).toFixed(2) + 'M'; }
    if (a >= 1e4) { return +(v / 1e3).toFixed(1) + 'k'; }
    return v.toLocaleString('en-US', {maximumFractionDigits: 3});
  }
  function ticks(u, splits) { return splits.map(tick); }
  function yAxis(label) {
    return {label: label, size: 64, values: ticks};
  }

  /** Dashed lines at the load plan's steps, labelled with what each offered. */
  function stepsPlugin() {
    var steps = (RUN.load && RUN.load.steps) || [];
    var knee = RUN.load && RUN.load.analysis && RUN.load.analysis.knee;
    return {hooks: {draw: [function (u) {
      if (!steps.length) { return; }
      var ctx = u.ctx, top = u.bbox.top, bottom = u.bbox.top + u.bbox.height;
      var left = u.bbox.left, right = u.bbox.left + u.bbox.width;
      ctx.save();
      ctx.font = (10 * PX) + 'px sans-serif';
      steps.forEach(function (s) {
        var x0 = Math.round(u.valToPos(s.start_s, 'x', true));
        var x1 = Math.round(u.valToPos(s.end_s, 'x', true));
        if (knee && s.index === knee.step && x1 > left && x0 < right) {
          ctx.fillStyle = 'rgba(214, 39, 40, 0.08)';
          ctx.fillRect(Math.max(x0, left), top, Math.min(x1, right) - Math.max(x0, left), bottom - top);
        }
        if (x0 < left || x0 > right) { return; }
        ctx.strokeStyle = 'rgba(60, 60, 60, 0.45)';
        ctx.setLineDash([4 * PX, 4 * PX]);
        ctx.lineWidth = PX;
        ctx.beginPath(); ctx.moveTo(x0, top); ctx.lineTo(x0, bottom); ctx.stroke();
        ctx.fillStyle = 'rgba(40, 40, 40, 0.8)';
        ctx.fillText(stepLabel(s), x0 + 3 * PX, top - 4 * PX);  // in the padding above the plot
      });
      ctx.restore();
    }]}};
  }
  function stepLabel(s) {
    return s.offered_rps != null ? rate(s.offered_rps) + '/s' : s.offered_users != null ? s.offered_users + ' users' : 'step ' + s.index;
  }

  /** Zooming one time chart (drag) zooms them all; a double click resets. */
  var syncing = false, live = false;
  function zoomSync() {
    return {hooks: {setScale: [function (u, key) {
      if (key !== 'x' || syncing || !live) { return; }
      syncing = true;
      var min = u.scales.x.min, max = u.scales.x.max;
      charts.forEach(function (c) {
        if (c.u && c.u !== u && c.time) { c.u.setScale('x', {min: min, max: max}); }
      });
      syncing = false;
    }]}};
  }

  function timeOpts(title, yLabel, series, extra) {
    var opts = {
      title: title,
      cursor: {sync: {key: 'ml-time'}},
      scales: {x: {time: false}},
      axes: [elapsedAxis(), yAxis(yLabel)],
      series: [{label: 'time', value: function (u, v) { return elapsed(v); }}].concat(series),
      plugins: [stepsPlugin(), zoomSync()],
      padding: [RUN.load && RUN.load.steps.length ? 16 : 8, 12, 0, 0],
      legend: {live: true}
    };
    Object.keys(extra || {}).forEach(function (k) { opts[k] = extra[k]; });
    return opts;
  }
  function line(label, color, extra) {
    var s = {label: label, stroke: color, width: 1.5, spanGaps: false, value: function (u, v) { return v == null ? '–' : ms(v); }, points: {show: false}};
    Object.keys(extra || {}).forEach(function (k) { s[k] = extra[k]; });
    return s;
  }
  function edge(label, color) { return line(label, fade(color, 0.35), {width: 0.5}); }
  function fade(color, a) {
    var n = parseInt(color.slice(1), 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + a + ')';
  }
  var BUCKETED = RUN.time.bucket_ms > RUN.time.interval_ms;
  var NAMES = Object.keys(RUN.series);
  function ser(name) { return RUN.series[name] || {}; }
  function color(i) { return COLORS[i % COLORS.length]; }
  function sumOf(field, run) {
    run = run || RUN;
    var t = run.time.t;
    var out = new Array(t.length).fill(null);
    Object.keys(run.series).forEach(function (n) {
      var a = run.series[n][field];
      if (!a) { return; }
      for (var i = 0; i < a.length; i++) { if (a[i] != null) { out[i] = (out[i] || 0) + a[i]; } }
    });
    return out;
  }
  function bser(name) { return (BASE && BASE.series[name]) || {}; }
  function baseLine(label, color, dash) {
    return line('baseline ' + label, color || BASE_COLOR, {dash: dash || [6, 4], width: 1.5, spanGaps: true});
  }
  /**
   * Adds the baseline's series ([spec, values] pairs on the baseline's own axis) to a chart's and
   * returns the data joined on the union of both time axes (each run's time since its start).
   */
  function withBaseline(series, data, extra) {
    if (!BASE) { return data; }
    extra = extra.filter(function (e) { return e[1] && e[1].some(function (v) { return v != null; }); });
    if (!extra.length) { return data; }
    var table = [BASE.time.t];
    extra.forEach(function (e) { series.push(e[0]); table.push(e[1]); });
    return uPlot.join([data, table]);
  }

  /** A line with its bucket's min–max band when points were folded (series then band edges). */
  function withBand(series, data, label, color, mean, lo, hi) {
    series.push(line(label, color));
    data.push(mean);
    if (BUCKETED && lo && hi) {
      series.push(edge(label + ' max', color));
      data.push(hi);
      series.push(edge(label + ' min', color));
      data.push(lo);
      return [series.length - 1, series.length];  // [max, min] indexes (series 0 is x)
    }
    return null;
  }

  function throughputChart(parent) {
    var c = chart(parent, 'throughput', 'Throughput over time', function () {
      var series = [], data = [RUN.time.t], bands = [];
      if (selected) {
        var s = ser(selected);
        var b = withBand(series, data, 'OK/s', OK_COLOR, s.ok, s.ok_min, s.ok_max);
        if (b) { bands.push({series: b, fill: fade(OK_COLOR, 0.15)}); }
        series.push(line('KO/s', KO_COLOR)); data.push(s.ko);
        if (BUCKETED) { series.push(line('KO/s max', fade(KO_COLOR, 0.5), {width: 1, dash: [3, 3]})); data.push(s.ko_max); }
      } else {
        series.push(line('OK/s, all requests', OK_COLOR)); data.push(sumOf('ok'));
        series.push(line('KO/s, all requests', KO_COLOR)); data.push(sumOf('ko'));
      }
      data = withBaseline(series, data, BASE ? [[baseLine('OK/s'), selected ? bser(selected).ok : sumOf('ok', BASE)]] : []);
      return {opts: timeOpts(null, 'requests/s', series, {bands: bands}), data: data};
    });
    c.time = true;
  }

  function latencyChart(parent) {
    var c = chart(parent, 'latency', 'Latency percentiles over time (OK requests)', function () {
      var series = [], data = [RUN.time.t], bands = [];
      if (selected) {
        var s = ser(selected);
        series.push(line('p50 (ms)', COLORS[0])); data.push(s.p50);
        var b = withBand(series, data, 'p99 (ms)', COLORS[1], s.p99, s.p99_min, s.p99_max);
        if (b) { bands.push({series: b, fill: fade(COLORS[1], 0.15)}); }
      } else {
        NAMES.forEach(function (n, i) { series.push(line(n + ' p99 (ms)', color(i))); data.push(ser(n).p99); });
      }
      var extra = [];
      if (selected) {
        extra.push([baseLine('p50 (ms)', BASE_P50_COLOR, [2, 3]), bser(selected).p50]);
        extra.push([baseLine('p99 (ms)'), bser(selected).p99]);
      } else {
        NAMES.forEach(function (n) { extra.push([baseLine(n + ' p99 (ms)'), bser(n).p99]); });
      }
      data = withBaseline(series, data, extra);
      return {opts: timeOpts(null, 'ms', series, {bands: bands}), data: data};
    });
    c.time = true;
  }

  function koChart(parent) {
    var names = NAMES.filter(function (n) { return (ser(n).ko || []).some(function (v) { return v > 0; }); });
    if (!names.length) { return; }
    var c = chart(parent, 'ko-time', 'KO per second, by request', function () {
      var series = [], data = [RUN.time.t];
      names.forEach(function (n, i) { series.push(line(n + ' KO/s', color(i + 1))); data.push(ser(n).ko); });
      return {opts: timeOpts(null, 'KO/s', series), data: data};
    });
    c.time = true;
  }

  function tokensCharts(parent) {
    var names = NAMES.filter(function (n) { return ser(n).tokens; });
    if (!names.length) { return; }
    var c = chart(parent, 'tokens', 'Output tokens per second', function () {
      var series = [], data = [RUN.time.t], bands = [];
      names.forEach(function (n, i) {
        var s = ser(n);
        var b = withBand(series, data, n + ' tokens/s', color(i), s.tokens, s.tokens_min, s.tokens_max);
        if (b) { bands.push({series: b, fill: fade(color(i), 0.12)}); }
      });
      return {opts: timeOpts(null, 'tokens/s', series, {bands: bands}), data: data};
    });
    c.time = true;
    var ttft = NAMES.filter(function (n) { return ser(n).ttft_p99; });
    if (!ttft.length) { return; }
    var t = chart(parent, 'ttft-time', 'TTFT over time (OK streams)', function () {
      var series = [], data = [RUN.time.t];
      ttft.forEach(function (n, i) {
        series.push(line(n + ' TTFT p50 (ms)', fade(color(i), 0.6), {dash: [4, 3]})); data.push(ser(n).ttft_p50);
        series.push(line(n + ' TTFT p99 (ms)', color(i))); data.push(ser(n).ttft_p99);
      });
      data = withBaseline(series, data, ttft.map(function (n) { return [baseLine(n + ' TTFT p99 (ms)'), bser(n).ttft_p99]; }));
      return {opts: timeOpts(null, 'ms', series), data: data};
    });
    t.time = true;
  }

  var SERVER_TITLES = {
    gpu_util_pct: 'GPU utilisation (%)', gpu_memory_used_mib: 'GPU memory used (MiB)', gpu_power_w: 'GPU power (W)',
    triton_queue_us_per_request: 'Triton queue time per request (µs)', triton_compute_infer_us_per_request: 'Triton compute time per request (µs)',
    triton_pending_requests: 'Triton pending requests', vllm_requests_running: 'vLLM requests running',
    vllm_requests_waiting: 'vLLM requests waiting', vllm_kv_cache_usage_ratio: 'vLLM KV-cache usage (0–1)',
    process_cpu_cores: 'Server CPU (cores busy)'
  };
  var SERVER_UNITS = {
    gpu_util_pct: '%', gpu_memory_used_mib: 'MiB', gpu_power_w: 'W', triton_queue_us_per_request: 'µs',
    triton_compute_infer_us_per_request: 'µs', triton_pending_requests: 'requests', vllm_requests_running: 'requests',
    vllm_requests_waiting: 'requests', vllm_kv_cache_usage_ratio: 'ratio', process_cpu_cores: 'cores'
  };
  function serverCharts(parent) {
    var names = Object.keys(RUN.server).filter(function (n) { return RUN.server[n].v.some(function (v) { return v != null; }); });
    if (!names.length) { return false; }
    names.forEach(function (n, i) {
      var s = RUN.server[n];
      var title = (SERVER_TITLES[n] || n) + ' — ' + s.metric;
      var c = chart(parent, 'server-' + n, title, function () {
        var series = [], data = [RUN.time.t], bands = [];
        var b = withBand(series, data, n, color(i + 4), s.v, s.v_min, s.v_max);
        if (b) { bands.push({series: b, fill: fade(color(i + 4), 0.15)}); }
        return {opts: timeOpts(null, SERVER_UNITS[n] || s.value, series, {bands: bands, height: 200}), data: data};
      });
      c.time = true;
    });
    return true;
  }

  /** Latency against delivered throughput, one point per step, joined in step order. */
  function capacityChart(parent, load) {
    var a = load.analysis || {};
    var pct = a.latency_percentile || 99;
    var pts = load.steps.filter(function (s) { return s.judged_latency_ms != null; }).map(function (s) {
      return {x: s.throughput_rps, y: s.judged_latency_ms, y50: s.judged_ms ? s.judged_ms.p50 : null, s: s};
    });
    if (!pts.length) { return; }
    var sorted = pts.slice().sort(function (p, q) { return p.x - q.x; });
    var knee = a.knee, sus = a.max_sustainable;
    var slo = a.criteria && a.criteria.latency_slo_ms;
    function mark(u, ctx, p, colorText, label, r) {
      var x = u.valToPos(p.x, 'x', true), y = u.valToPos(p.y, 'y', true);
      ctx.strokeStyle = colorText; ctx.lineWidth = 2.5 * PX; ctx.setLineDash([]);
      ctx.beginPath(); ctx.arc(x, y, r * PX, 0, 2 * Math.PI); ctx.stroke();
      ctx.fillStyle = colorText; ctx.font = 'bold ' + (11 * PX) + 'px sans-serif';
      ctx.fillText(label, x + (r + 4) * PX, y - (r + 2) * PX);
    }
    chart(parent, 'capacity', 'Latency (p' + pct + ') against throughput, per step', function () {
      var opts = {
        scales: {x: {time: false, range: function (u, min, max) { return [0, max * 1.1 || 1]; }},
          y: {range: function (u, min, max) { return [0, Math.max(max, slo || 0) * 1.15 || 1]; }}},
        axes: [{label: 'throughput delivered (req/s)', values: ticks}, yAxis('ms')],
        series: [{label: 'throughput (req/s)', value: function (u, v) { return rate(v); }},
          {label: 'p' + pct + ' (ms)', stroke: COLORS[1], paths: function () { return null; }, points: {show: true, size: 7, fill: COLORS[1]}, value: function (u, v) { return ms(v); }},
          {label: 'p50 (ms)', stroke: COLORS[0], paths: function () { return null; }, points: {show: true, size: 5, fill: COLORS[0]}, value: function (u, v) { return ms(v); }}],
        height: 320,
        hooks: {draw: [function (u) {
          var ctx = u.ctx;
          ctx.save();
          [['y', COLORS[1]], ['y50', COLORS[0]]].forEach(function (f) {
            ctx.strokeStyle = fade(f[1], 0.7); ctx.lineWidth = 1.5 * PX; ctx.beginPath();
            var started = false;
            pts.forEach(function (p) {
              if (p[f[0]] == null) { return; }
              var x = u.valToPos(p.x, 'x', true), y = u.valToPos(p[f[0]], 'y', true);
              if (started) { ctx.lineTo(x, y); } else { ctx.moveTo(x, y); started = true; }
            });
            ctx.stroke();
          });
          ctx.font = (10 * PX) + 'px sans-serif'; ctx.fillStyle = '#444';
          pts.forEach(function (p) {
            ctx.fillText(stepLabel(p.s), u.valToPos(p.x, 'x', true) + 5 * PX, u.valToPos(p.y, 'y', true) + 12 * PX);
          });
          if (slo) {
            var ys = u.valToPos(slo, 'y', true);
            ctx.strokeStyle = 'rgba(214,39,40,0.6)'; ctx.setLineDash([6 * PX, 4 * PX]); ctx.lineWidth = PX;
            ctx.beginPath(); ctx.moveTo(u.bbox.left, ys); ctx.lineTo(u.bbox.left + u.bbox.width, ys); ctx.stroke();
            ctx.fillStyle = 'rgba(214,39,40,0.9)'; ctx.textAlign = 'right';
            ctx.fillText('latency SLO ' + ms(slo) + ' ms', u.bbox.left + u.bbox.width - 4 * PX, ys - 4 * PX);
            ctx.textAlign = 'left';
          }
          pts.forEach(function (p) {
            if (sus && p.s.index === sus.step) { mark(u, ctx, p, '#2ca02c', 'max sustainable', 9); }
            if (knee && p.s.index === knee.step) { mark(u, ctx, p, '#d62728', 'knee', 13); }
          });
          ctx.restore();
        }]}
      };
      return {opts: opts, data: [sorted.map(function (p) { return p.x; }), sorted.map(function (p) { return p.y; }), sorted.map(function (p) { return p.y50; })]};
    });
  }

  /** x of a percentile on the "1 in N" axis: 0 at p0, 1 at p90, 2 at p99, 3 at p99.9... */
  function nines(p, count) {
    var cap = Math.log10(Math.max(10, count || 10));
    return p >= 100 ? cap : Math.min(cap, -Math.log10(1 - p / 100));
  }
  function ninesLabel(x) {
    if (x <= 0) { return '0%'; }
    var p = 100 * (1 - Math.pow(10, -x));
    var d = Math.max(0, Math.ceil(x) - 2);
    return p.toFixed(d) + '%';
  }
  /** Percentile curves of one field (latency, ttft, tpot), one line per request name. */
  function curveChart(parent, field, title) {
    var names = Object.keys(RUN.distributions).filter(function (n) { return RUN.distributions[n][field]; });
    if (!names.length) { return false; }
    chart(parent, 'dist-' + field, title, function () {
      // one shared x axis: the union of every curve's levels; each curve is stepped onto it
      var xs = [];
      names.forEach(function (n) {
        var d = RUN.distributions[n][field];
        d.curve.p.forEach(function (p) { xs.push(nines(p, d.count)); });
      });
      xs = Array.from(new Set(xs)).sort(function (a, b) { return a - b; });
      var data = [xs], series = [{label: 'percentile', value: function (u, v) { return v == null ? '' : ninesLabel(v); }}];
      names.forEach(function (n, i) {
        var d = RUN.distributions[n][field];
        var px = d.curve.p.map(function (p) { return nines(p, d.count); });
        var out = new Array(xs.length).fill(null), j = 0;
        for (var k = 0; k < xs.length; k++) {
          while (j < px.length - 1 && px[j] < xs[k]) { j++; }
          // a log scale has no 0: a 0 µs value is drawn at 1 µs
          out[k] = xs[k] <= px[px.length - 1] ? Math.max(d.curve.ms[j], 0.001) : null;
        }
        series.push(line(n + ' (ms)', color(i), {paths: uPlot.paths.stepped({align: -1}), spanGaps: true}));
        data.push(out);
      });
      return {opts: {
        scales: {x: {time: false, range: function (u, min, max) { return [0, Math.max(2, Math.ceil(max))]; }}, y: {distr: 3}},
        axes: [{label: 'percentile', splits: function (u) {
          var out = []; for (var i = 0; i <= Math.ceil(u.scales.x.max); i++) { out.push(i); } return out;
        }, values: function (u, sp) { return sp.map(ninesLabel); }}, yAxis('ms (log scale)')],
        series: series, height: 280
      }, data: data};
    });
    return true;
  }

  /** Counts in log-spaced buckets of one field for the selected (or first) stream. */
  function histogramChart(parent, field, title) {
    var names = Object.keys(RUN.distributions).filter(function (n) { return RUN.distributions[n][field]; });
    if (!names.length) { return; }
    chart(parent, 'hist-' + field, title, function () {
      var name = selected && RUN.distributions[selected] && RUN.distributions[selected][field] ? selected : names[0];
      var b = RUN.distributions[name][field].buckets;
      var mid = b.lo_ms.map(function (lo, i) { return lo === 0 ? b.hi_ms[i] / 1.05 : Math.sqrt(lo * b.hi_ms[i]); });
      return {opts: {
        title: name,
        scales: {x: {time: false, distr: 3}},
        axes: [{label: field.toUpperCase() + ' (ms, log scale)', values: ticks},
          {label: 'requests', size: 64}],
        series: [{label: 'ms', value: function (u, v) { return ms(v); }},
          {label: 'requests', stroke: COLORS[4], fill: fade(COLORS[4], 0.35), paths: uPlot.paths.bars({size: [0.9, 40]}), points: {show: false}}],
        height: 240
      }, data: [mid, b.count]};
    });
  }

  // ---------------------------------------------------------------- sections

  function loadSection() {
    var load = RUN.load;
    if (!load) { return; }
    var s = section('Load plan and breaking point', 'load');
    s.appendChild(note(load.kind + ' · ' + load.description + ' · arrivals: ' + load.arrivals +
      (load.offered_arrivals != null ? ' · offered ' + int(load.offered_arrivals) + ', sent ' + int(load.sent_arrivals) : ''), 'plain'));
    var a = load.analysis;
    if (a) {
      var box = el('div', {cls: 'analysis', id: 'analysis'}, [el('p', {cls: 'conclusion', text: a.conclusion})]);
      if (a.knee) { box.appendChild(el('p', null, [el('strong', {text: 'Knee: '}), 'step ' + a.knee.step + ' (' + rate(a.knee.offered) + ' offered): ' + a.knee.reason])); }
      if (a.max_sustainable) { box.appendChild(el('p', null, [el('strong', {text: 'Maximum sustainable: '}), 'step ' + a.max_sustainable.step + ', ' + rate(a.max_sustainable.offered) + ' offered, ' + rate(a.max_sustainable.throughput_rps) + ' req/s delivered'])); }
      box.appendChild(el('p', null, [el('strong', {text: 'Saturation throughput: '}), rate(a.saturation_throughput_rps) + ' req/s']));
      if (a.server_correlation) { box.appendChild(el('p', {cls: 'server-correlation'}, [el('strong', {text: 'Server: '}), a.server_correlation])); }
      var cr = a.criteria;
      box.appendChild(note('Criteria: p' + a.latency_percentile + ' latency' + (cr.latency_slo_ms != null ? ' ≤ ' + ms(cr.latency_slo_ms) + ' ms' : '') +
        (cr.ttft_slo_ms != null ? ', TTFT ≤ ' + ms(cr.ttft_slo_ms) + ' ms' : '') + ', errors ≤ ' + cr.max_error_pct + '%, knee at ' + cr.knee_factor +
        '× the lowest latency before, open steps deliver ≥ ' + cr.min_achieved_pct + '% of the offered rate.'));
      s.appendChild(box);
    }
    if (load.steps.length) {
      capacityChart(s, load);
      var serverKeys = [];
      load.steps.forEach(function (st) { Object.keys(st.server || {}).forEach(function (k) { if (serverKeys.indexOf(k) < 0) { serverKeys.push(k); } }); });
      var headers = ['Step', 'Window', 'Offered', 'Sent/s', 'Throughput (req/s)', 'Error %', 'p50 (ms)', 'p' + ((a && a.latency_percentile) || 99) + ' judged (ms)']
        .concat(serverKeys.map(function (k) { return k + ' (mean)'; }));
      var rows = load.steps.map(function (st) {
        var l = st.latency_ms || {};
        var flag = (a && a.knee && a.knee.step === st.index ? ' ◆ knee' : '') + (a && a.max_sustainable && a.max_sustainable.step === st.index ? ' ✓ max sustainable' : '');
        return [st.index + flag, elapsed(st.start_s) + '–' + elapsed(st.end_s), stepLabel(st), rate(st.sent_rps), rate(st.throughput_rps),
          num(st.error_pct, 2), ms(l.p50), ms(st.judged_latency_ms)].concat(serverKeys.map(function (k) { return st.server && st.server[k] ? rate(st.server[k].mean) : '–'; }));
      });
      s.appendChild(table(headers, rows, 'steps'));
    }
    var search = load.search;
    if (search) {
      s.appendChild(el('h3', {text: 'SLO search'}));
      s.appendChild(note('Found: ' + (search.found_rps != null ? rate(search.found_rps) + ' req/s' : 'none') +
        (search.lowest_failing_rps != null ? ' · lowest failing: ' + rate(search.lowest_failing_rps) + ' req/s' : '') + ' · stopped: ' + search.stop_reason, 'plain'));
      s.appendChild(table(['Probe', 'Step', 'Rate (req/s)', 'Met the SLO', 'Why'], search.probes.map(function (p, i) {
        return [String(i + 1), String(p.step), rate(p.rate_rps), p.met ? 'yes' : 'no', p.why];
      }), 'probes'));
    }
  }

  function overTimeSection() {
    var s = section('Over time', 'over-time');
    var busiest = RUN.requests.slice().sort(function (x, y) { return y.count - x.count; })[0];
    selected = NAMES.length === 1 ? NAMES[0] : (busiest ? busiest.name : '');
    var select = el('select', {id: 'request-select'});
    if (NAMES.length > 1) { select.appendChild(el('option', {value: '', text: 'all requests'})); }
    NAMES.forEach(function (n) { var o = el('option', {value: n, text: n}); if (n === selected) { o.selected = true; } select.appendChild(o); });
    select.addEventListener('change', function () {
      selected = select.value;
      charts.forEach(function (c) { if (c.perName) { draw(c); } });
    });
    s.appendChild(el('label', {cls: 'picker'}, ['Request: ', select]));
    var bucket = RUN.time.bucket_ms / 1000;
    s.appendChild(note('Interval ' + num(RUN.time.interval_ms / 1000, 1) + ' s' + (BUCKETED
      ? '; shown in buckets of ' + elapsed(bucket) + ' (' + num(bucket, 0) + ' s): lines are bucket means, shaded bands the lowest and highest interval in the bucket.'
      : '.') + (RUN.load && RUN.load.steps.length ? ' Dashed lines: the load plan\'s steps; shaded red: the knee step.' : '') +
      ' Drag to zoom (all time charts follow), double-click to reset.'));
    if (!NAMES.length) { s.appendChild(note('No time series in this summary.')); return; }
    var before = charts.length;
    throughputChart(s);
    latencyChart(s);
    for (var i = before; i < charts.length; i++) { charts[i].perName = true; }
    koChart(s);
    tokensCharts(s);
    var srv = section('Server and GPU metrics', 'server');
    if (!serverCharts(srv)) {
      srv.appendChild(note('No server metrics in this summary (the protocol scraped no target, or a merged summary: server metrics are taken from one injector).'));
    }
  }

  function distributionsSection() {
    var s = section('Distributions (whole run, from the HdrHistograms)', 'distributions');
    curveChart(s, 'latency', 'Latency by percentile (OK requests)');
    if (curveChart(s, 'ttft', 'Time to first token by percentile')) {
      var before = charts.length;
      histogramChart(s, 'ttft', 'TTFT distribution');
      curveChart(s, 'tpot', 'Time per output token by percentile');
      histogramChart(s, 'tpot', 'TPOT distribution');
      for (var i = before; i < charts.length; i++) { if (charts[i].key.indexOf('hist-') === 0) { charts[i].perName = true; } }
    }
  }

  header();
  comparisonSection();
  requestsTable();
  loadSection();
  overTimeSection();
  koTable();
  distributionsSection();
  ROOT.appendChild(el('footer', {text: 'gatling-ml ML report · data format ' + DATA.format + ' · generated from ml-summary.json; charts by uPlot (MIT), inlined.'}));

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      charts.forEach(function (c) { c.u.setSize({width: width(c.holder), height: c.u.height}); });
    }, 100);
  });
  live = true;
  var done = performance.now();
  window.mlReport = {ready: true, renderMs: done - T0, doneAt: done, charts: charts.length,
    chartKeys: charts.map(function (c) { return c.key; }),
    seriesLabels: charts.reduce(function (m, c) { m[c.key] = c.u.series.slice(1).map(function (x) { return x.label; }); return m; }, {}),
    compared: !!CMP};
  document.body.setAttribute('data-ready', 'true');
})();
