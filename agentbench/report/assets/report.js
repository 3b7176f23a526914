// agentbench report viewer. Data arrive as JSON; every string is put on the page with textContent
// (never innerHTML), links only for http(s) URLs, images only for data: URLs.
(function () {
  'use strict';
  const T0 = performance.now();
  const HEAD = JSON.parse(document.getElementById('report-data').textContent);
  const RUNS = HEAD.runs;
  let RECORDS = null;
  const SVG = 'http://www.w3.org/2000/svg';

  function el(tag, attrs, ...kids) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'on') { for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn); }
      else node.setAttribute(k, String(v));
    }
    for (const kid of kids.flat(Infinity)) {
      if (kid === null || kid === undefined || kid === false) continue;
      node.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return node;
  }
  const num = (x, d) => (typeof x === 'number' && isFinite(x)) ? x.toFixed(d === undefined ? 2 : d) : (x === null || x === undefined ? '–' : String(x));
  const pct = (x) => (typeof x === 'number') ? (x * 100).toFixed(1) + '%' : '–';
  const ci = (c) => Array.isArray(c) && c.length === 2 ? '[' + num(c[0]) + ', ' + num(c[1]) + ']' : '–';
  const js = (x) => x === null || x === undefined ? "–" : typeof x === "string" ? x : JSON.stringify(x);
  const badge = (s) => el('span', { class: 'badge ' + s }, s);
  const isObj = (x) => x && typeof x === 'object' && !Array.isArray(x);
  const isScalar = (x) => x === null || ['number', 'string', 'boolean'].includes(typeof x);
  const fmt = (k, v) => typeof v === 'number' && /rate|accuracy|em$|f1|pass|match|consisten|preference/.test(k) && v <= 1 && v >= 0 ? pct(v) : (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' ? ci(v) : (isScalar(v) ? num(v) : js(v)));

  function table(header, rows, attrs) {
    return el('table', attrs || {}, el('thead', {}, el('tr', {}, header.map((h) => el('th', {}, h)))),
      el('tbody', {}, rows.map((r) => el('tr', {}, r.map((c) => c instanceof Node ? el('td', {}, c) : el('td', typeof c === 'number' ? { class: 'num' } : {}, c))))));
  }
  function safeLink(url) {
    if (/^https?:\/\//i.test(url)) return el('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, url);
    return el('span', {}, url);
  }
  function mediaOf(text) {  // images a tool returned: data: URLs shown, others only as links
    const out = [];
    for (const m of String(text).matchAll(/data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+/g)) out.push(el('img', { src: m[0], alt: 'image from tool', style: 'max-width:240px' }));
    for (const m of String(text).matchAll(/https?:\/\/[^\s"'<>)\]]+\.(png|jpe?g|gif|webp|svg)\b/gi)) out.push(el('div', { class: 'small' }, 'image link: ', safeLink(m[0])));
    return out;
  }

  // ---------------------------------------------------------------- overview
  function suiteNames() { const s = []; RUNS.forEach((r) => Object.keys(r.suites).forEach((k) => { if (!s.includes(k)) s.push(k); })); return s; }
  function runsTable() {
    return table(['#', 'run', 'candidate', 'roles', 'suites', 'agentbench', 'set-aside errors'], RUNS.map((r, i) => [
      String(i + 1), r.name, String(r.candidate || ''), Object.entries(r.roles).map(([k, v]) => k + '=' + v).join(' '),
      Object.keys(r.suites).join(', '), String(r.agentbench || ''), r.errors_set_aside]), { id: 'runs' });
  }
  function radar(title, axes, series) {
    const size = 320, c = size / 2, R = 110, n = axes.length;
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('width', size + 160); svg.setAttribute('height', size); svg.setAttribute('class', 'radar');
    const add = (tag, a, text) => { const e = document.createElementNS(SVG, tag); for (const [k, v] of Object.entries(a)) e.setAttribute(k, v); if (text !== undefined) e.textContent = text; svg.append(e); return e; };
    const pt = (i, r) => [c + r * Math.sin(2 * Math.PI * i / n), c - r * Math.cos(2 * Math.PI * i / n)];
    [0.25, 0.5, 0.75, 1].forEach((f) => add('polygon', { points: axes.map((_, i) => pt(i, R * f).join(',')).join(' '), fill: 'none', stroke: '#d0d4db' }));
    axes.forEach((a, i) => { const [x, y] = pt(i, R); add('line', { x1: c, y1: c, x2: x, y2: y, stroke: '#d0d4db' }); const [lx, ly] = pt(i, R + 22); add('text', { x: lx, y: ly, 'text-anchor': 'middle', 'font-size': 12 }, a); });
    const colors = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];
    series.forEach((s, k) => {
      const color = colors[k % colors.length];
      add('polygon', { points: s.values.map((v, i) => pt(i, R * Math.max(0, Math.min(1, v || 0))).join(',')).join(' '), fill: color, 'fill-opacity': 0.15, stroke: color, 'stroke-width': 2, class: 'radar-series' });
      add('rect', { x: size + 8, y: 20 + k * 18, width: 10, height: 10, fill: color });
      add('text', { x: size + 22, y: 29 + k * 18, 'font-size': 12 }, s.label);
    });
    return el('div', { class: 'chart' }, el('h4', {}, title), svg);
  }
  function radarFor(name) {
    const per = RUNS.map((r) => r.suites[name]).map((s) => {
      const m = (s && s.metrics) || {};
      if (isObj(m.by_category)) return m.by_category;
      if (isObj(m.abilities)) { const o = {}; for (const [k, v] of Object.entries(m.abilities)) o[k] = v.win_tie_rate; return o; }
      return null;
    });
    const axes = []; per.forEach((p) => p && Object.keys(p).forEach((k) => { if (!axes.includes(k)) axes.push(k); }));
    if (axes.length < 3) return null;
    const series = per.map((p, i) => p && { label: '#' + (i + 1) + ' ' + RUNS[i].candidate, values: axes.map((a) => p[a]) }).filter(Boolean);
    return radar(name + ': ' + (per.some((p) => p && RUNS.some((r) => r.suites[name] && r.suites[name].metrics && r.suites[name].metrics.abilities)) ? 'win+tie rate by ability' : 'pass rate by category'), axes, series);
  }
  function wtl(m) {
    const total = (m.wins || 0) + (m.ties || 0) + (m.losses || 0) || 1;
    const seg = (cls, v) => el('span', { class: cls, style: 'width:' + (100 * v / total).toFixed(1) + '%', title: cls + ' ' + v });
    return el('div', { class: 'wtl' }, el('span', { class: 'bar' }, seg('w', m.wins || 0), seg('t', m.ties || 0), seg('l', m.losses || 0)),
      ' W ' + (m.wins || 0) + ' / T ' + (m.ties || 0) + ' / L ' + (m.losses || 0) + '  胜和率 ' + (typeof m.win_tie_rate === 'number' ? num(m.win_tie_rate <= 1 ? m.win_tie_rate * 100 : m.win_tie_rate, 1) : '–'));
  }
  function suiteSection(name) {
    const present = RUNS.map((r, i) => [i, r.suites[name]]).filter(([, s]) => s);
    const sec = el('section', { class: 'suite', 'data-suite': name }, el('h3', {}, name));
    sec.append(table(['run', 'score', '95% CI', 'scale', 'n', 'harness errors', 'model calls', 'tokens in/out', 'latency s'], present.map(([i, s]) => {
      const u = s.usage || {};
      return ['#' + (i + 1) + ' ' + RUNS[i].candidate, num(s.score), ci(s.headline_ci95), s.scale || '0-100', s.n, s.errors || 0,
        u.model_calls === undefined ? '–' : u.model_calls, (u.prompt_tokens || 0) + ' / ' + (u.completion_tokens || 0), num(u.latency_s, 1)];
    }), { class: 'headline' }));
    const metrics = present.map(([, s]) => s.metrics || {});
    const keys = []; metrics.forEach((m) => Object.keys(m).forEach((k) => { if (!keys.includes(k)) keys.push(k); }));
    const scalars = keys.filter((k) => metrics.every((m) => m[k] === undefined || isScalar(m[k]) || (Array.isArray(m[k]) && m[k].every(isScalar))));
    const grid = el('div', { class: 'grid' });
    const runCols = present.map(([i]) => '#' + (i + 1));
    grid.append(table(['metric', ...runCols], scalars.map((k) => [k, ...metrics.map((m) => fmt(k, m[k]))]), { class: 'metrics' }));
    const chart = radarFor(name); if (chart) grid.append(chart);
    sec.append(grid);
    metrics.forEach((m, j) => { if (m.wins !== undefined && m.losses !== undefined) sec.append(el('div', {}, runCols[j] + ' pairwise: ', wtl(m))); });
    for (const k of keys.filter((k) => !scalars.includes(k))) {
      const vals = metrics.map((m) => m[k]);
      const inner = vals.filter(isObj).flatMap((v) => Object.values(v));
      if (inner.length && inner.every(isObj)) {  // {category: {n, score, ci95}}: one table per run
        vals.forEach((v, j) => {
          if (!isObj(v)) return;
          const cols = []; Object.values(v).forEach((o) => Object.keys(o).forEach((c) => { if (!cols.includes(c)) cols.push(c); }));
          sec.append(el('h4', {}, name + ' · ' + k + ' · ' + runCols[j]), table([k, ...cols], Object.entries(v).map(([key, o]) => [key, ...cols.map((c) => fmt(c, o[c]))]), { class: 'breakdown', 'data-metric': k }));
        });
      } else if (vals.some(isObj)) {  // {key: number}: keys x runs
        const rowsK = []; vals.forEach((v) => isObj(v) && Object.keys(v).forEach((c) => { if (!rowsK.includes(c)) rowsK.push(c); }));
        sec.append(el('h4', {}, name + ' · ' + k), table([k, ...runCols], rowsK.map((r) => [r, ...vals.map((v) => isObj(v) ? fmt(k, v[r]) : '–')]), { class: 'breakdown', 'data-metric': k }));
      } else {
        sec.append(el('div', { class: 'small' }, k + ': ', vals.map(js).join(' | ')));
      }
    }
    if (present.some(([, s]) => s.warning)) present.forEach(([i, s]) => s.warning && sec.append(el('p', { class: 'warn' }, '#' + (i + 1) + ' warning: ' + s.warning)));
    return sec;
  }
  function compareSection() {
    if (!HEAD.compare.length) return null;
    const sec = el('section', { id: 'compare' }, el('h2', {}, 'Comparison (Δ = other − #1, paired bootstrap 95% CI)'));
    HEAD.compare.forEach((c, j) => {
      sec.append(el('h3', {}, '#1 ' + c.base.run + '  vs  #' + (j + 2) + ' ' + c.tuned.run));
      if (c.error) { sec.append(el('p', { class: 'warn' }, c.error)); return; }
      const rows = [];
      for (const e of c.suites) {
        if (!e.overall) { rows.push([e.suite, '(no shared samples)', '', '', '', '', '', '']); continue; }
        [['(all)', e.overall], ...e.groups.map((g) => ['[' + g.label + ']', g]), ...e.categories.map((g) => [g.label, g])].forEach(([label, r]) =>
          rows.push([e.suite, label, r.n, num(r.base), num(r.tuned), (r.delta > 0 ? '+' : '') + num(r.delta), ci(r.ci95), r.significant ? 'yes' : 'no']));
      }
      sec.append(table(['suite', 'category', 'n', '#1', '#' + (j + 2), 'Δ', '95% CI', 'significant'], rows, { class: 'compare' }));
      (c.setting_differences || []).forEach((d) => sec.append(el('p', { class: 'warn' }, 'settings differ: ' + d)));
    });
    return sec;
  }
  function usageSection() {
    const rows = [];
    RUNS.forEach((r, i) => r.invocations.forEach((inv, k) => {
      for (const [role, s] of Object.entries(inv)) {
        if (!isObj(s)) continue;
        rows.push(['#' + (i + 1), k + 1, role, s.calls, s.retries, s.errors, (s.prompt_tokens || 0) + ' / ' + (s.completion_tokens || 0),
          num(s.latency_s, 1), num(s.mean_latency_s, 3), s.cost_usd === null || s.cost_usd === undefined ? '–' : '$' + num(s.cost_usd, 4), s.cache_hits === undefined ? '–' : s.cache_hits]);
      }
    }));
    return el('section', { id: 'usage' }, el('h2', {}, 'Token usage, latency and cost (invocations.jsonl)'),
      rows.length ? table(['run', 'command', 'role', 'calls', 'retries', 'errors', 'tokens in/out', 'latency s', 'mean latency s', 'cost', 'cache hits'], rows)
        : el('p', { class: 'muted' }, 'no invocations.jsonl entries (scripted models log none)'));
  }
  function errorsSection() {
    const sec = el('section', { id: 'harness-errors' }, el('h2', {}, 'Harness errors'));
    RUNS.forEach((r, i) => {
      const errs = r.index.filter((x) => x.status === 'error');
      sec.append(el('p', {}, '#' + (i + 1) + ': ' + errs.length + ' sample(s) unscored by harness errors, ' + r.errors_set_aside + ' earlier error record(s) set aside, ' + r.problems.length + ' unreadable line(s)'));
      if (errs.length) sec.append(table(['suite', 'sample', 'error'], errs.slice(0, 50).map((x) => [x.suite, x.id + ' #' + x.trial, x.why])));
      r.problems.slice(0, 20).forEach((p) => sec.append(el('div', { class: 'small warn' }, p)));
    });
    return sec;
  }

  // ---------------------------------------------------------------- sample list and filters
  const ALL = []; RUNS.forEach((r, i) => r.index.forEach((x, j) => ALL.push({ ...x, run: i, pos: j, hay: (x.suite + '/' + x.id + ' ' + x.category + ' ' + x.reasons.join(' ') + ' ' + x.why).toLowerCase() })));
  const F = { run: '', status: '', category: '', reason: '', tool: '', dialect: '', q: '' };
  let shown = 300, openKey = null;
  function options(name, values) {
    return el('label', {}, name + ' ', el('select', { 'data-filter': name, on: { change: (e) => { F[name] = e.target.value; shown = 300; drawList(); } } },
      el('option', { value: '' }, 'all'), values.map((v) => el('option', { value: v }, v))));
  }
  const uniq = (f) => [...new Set(ALL.flatMap(f))].filter((v) => v !== '').sort();
  function matches(x) {
    return (F.run === '' || String(x.run + 1) === F.run) && (!F.status || x.status === F.status) && (!F.category || x.category === F.category) &&
      (!F.reason || x.reasons.includes(F.reason)) && (!F.tool || x.tools.includes(F.tool)) && (!F.dialect || x.dialect === F.dialect) &&
      (!F.q || x.hay.includes(F.q));
  }
  function samplesSection() {
    const filters = el('div', { class: 'filters' },
      RUNS.length > 1 ? options('run', RUNS.map((_, i) => String(i + 1))) : null,
      options('status', ['fail', 'error', 'undecided', 'pass'].filter((s) => ALL.some((x) => x.status === s))),
      options('category', uniq((x) => [x.category])), options('reason', uniq((x) => x.reasons)),
      options('tool', uniq((x) => x.tools)), options('dialect', uniq((x) => [x.dialect])),
      el('label', {}, 'search ', el('input', { type: 'search', id: 'search', placeholder: 'id, reason, text…', on: { input: (e) => { F.q = e.target.value.trim().toLowerCase(); shown = 300; drawList(); } } })),
      el('span', { id: 'count', class: 'muted' }));
    return el('section', { id: 'samples-section' }, el('h2', {}, 'Samples'), filters, el('div', { id: 'list' }), el('div', { id: 'detail' }));
  }
  const rank = { fail: 0, error: 1, undecided: 2, pass: 3 };
  function drawList() {
    const hits = ALL.filter(matches).sort((a, b) => rank[a.status] - rank[b.status] || a.run - b.run);
    document.getElementById('count').textContent = hits.length + ' of ' + ALL.length + ' sample(s)';
    const body = el('tbody', {}, hits.slice(0, shown).map((x) => el('tr', {
      class: 'sample-row' + (openKey === x.run + ':' + x.pos ? ' open' : ''), 'data-status': x.status, 'data-id': x.suite + '/' + x.id, 'data-run': x.run + 1,
      on: { click: () => openSample(x) } },
    el('td', {}, '#' + (x.run + 1)), el('td', {}, x.suite + '/' + x.id + ' #' + x.trial), el('td', {}, badge(x.status)), el('td', {}, x.category),
    el('td', {}, x.reasons.map((r) => el('span', { class: 'reason' }, r))), el('td', { class: 'small' }, x.why))));
    const list = document.getElementById('list');
    list.replaceChildren(el('table', { id: 'samples' }, el('thead', {}, el('tr', {}, ['run', 'sample', 'outcome', 'category', 'reasons', 'why'].map((h) => el('th', {}, h)))), body));
    if (hits.length > shown) list.append(el('button', { on: { click: () => { shown += 500; drawList(); } } }, 'show more (' + (hits.length - shown) + ' left)'));
  }

  // ---------------------------------------------------------------- one sample
  let recordsReady = null;
  function loadRecords() {
    if (!recordsReady) {
      recordsReady = (async () => {
        const b64 = JSON.parse(document.getElementById('report-records').textContent);
        const bin = atob(b64), bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
        RECORDS = JSON.parse(await new Response(stream).text());
        document.body.setAttribute('data-records-ms', (performance.now() - T0).toFixed(0));
      })();
    }
    return recordsReady;
  }
  function highlighted(text, parse) {  // the raw model text with what the parser took from it marked
    const spans = []; let cursor = 0;
    const mark = (s, cls) => { if (!s) return; const at = text.indexOf(s, cursor); if (at >= 0) { spans.push([at, at + s.length, cls]); cursor = at + s.length; } };
    mark(parse.thought, 'hl-thought');
    (parse.calls || []).forEach((c) => { mark(c.name, 'hl-name'); mark(c.raw, 'hl-args'); });
    mark(parse.answer, 'hl-answer');
    if (parse.history_text && text.startsWith(parse.history_text) && text.length > parse.history_text.length) spans.push([parse.history_text.length, text.length, 'hl-cut']);
    spans.sort((a, b) => a[0] - b[0]);
    const pre = el('pre', { class: 'raw' }); let at = 0;
    for (const [s, e, cls] of spans) { if (s < at) continue; pre.append(text.slice(at, s), el('span', { class: cls, title: cls.slice(3) }, text.slice(s, e))); at = e; }
    pre.append(text.slice(at));
    return pre;
  }
  const sameVerdict = (a, b) => a && b && a.check === b.check && a.turn === b.turn && a.step === b.step && a.message === b.message;
  function verdictTable(vs, div) {
    return table(['check', 'argument / what', 'expected', 'actual', 'matcher', 'verdict'], vs.map((v) => {
      const arg = /^[^\s:]+\.[^\s:]+/.exec(v.message || '');
      return [v.check, arg ? arg[0] : v.message, js(v.expected), js(v.actual), v.matcher || '', el('span', {}, badge(v.passed ? 'pass' : 'fail'), v.reason ? ' ' + v.reason : '', sameVerdict(v, div) ? el('span', { class: 'diverge-label' }, ' ◀ first divergence') : '')];
    }), { class: 'verdicts' });
  }
  function markRows(tbl, vs) { [...tbl.tBodies[0].rows].forEach((row, i) => row.classList.add(vs[i].passed ? 'v-pass' : 'v-fail')); return tbl; }
  function stepView(step, t, verdicts, div) {
    const vs = verdicts.filter((v) => v.turn === t && v.step === step.index);
    const isDiv = div && div.turn === t && div.step === step.index;
    const box = el('div', { class: 'step' + (isDiv ? ' diverge' : ''), 'data-turn': t, 'data-step': step.index },
      el('h4', {}, 'step ' + step.index, isDiv ? el('span', { class: 'diverge-label' }, '  ◀ first divergence: ' + div.message) : ''));
    const out = step.output || {}, parse = step.parse || {};
    box.append(el('div', { class: 'small muted' }, 'raw model text (highlighted: thought, tool name, arguments, answer, cut text)'), highlighted(out.text || '', parse));
    if ((out.tool_calls || []).length) box.append(el('div', { class: 'small' }, 'native tool_calls: '), el('pre', {}, JSON.stringify(out.tool_calls, null, 1)));
    if (out.error) box.append(el('div', { class: 'warn' }, 'backend error: ' + out.error));
    const repairs = [...(parse.repairs || []), ...(parse.calls || []).flatMap((c) => c.repairs || [])];
    if (repairs.length) box.append(el('div', {}, 'repairs applied: ', [...new Set(repairs)].map((r) => el('span', { class: 'reason' }, r))));
    if (parse.error) box.append(el('div', { class: 'warn' }, 'parse error ' + parse.error + ': ' + (parse.error_detail || '')));
    if ((parse.calls || []).length) box.append(table(['call', 'tool', 'arguments (parsed)', 'parse error'], parse.calls.map((c) => [c.id, c.name, el('pre', {}, c.arguments === null ? c.raw : JSON.stringify(c.arguments, null, 1)), c.parse_error || ''])));
    if (vs.length) box.append(markRows(verdictTable(vs, div), vs));
    (step.observations || []).forEach((o) => box.append(el('div', { class: 'obs' }, el('div', { class: 'small' }, 'observation from ' + o.tool + (o.ok ? '' : ' (error ' + (o.error_kind || '') + ')')), el('pre', {}, o.content), mediaOf(o.content))));
    return box;
  }
  function agentView(rec) {
    const tr = rec.output.trace, score = rec.scores.trace || Object.values(rec.scores)[0] || { details: {} };
    const verdicts = (score.details && score.details.verdicts) || [], div = score.details && score.details.first_divergence;
    const wrap = el('div', { class: 'agent' });
    if (div) wrap.append(el('div', { class: 'divbox' }, el('b', {}, 'First divergence: '), (div.turn === null ? 'final state' : 'turn ' + div.turn + (div.step === null ? '' : ' step ' + div.step)) + ' — ' + div.reason + ': ' + div.message,
      el('div', { class: 'small' }, 'expected ' + js(div.expected) + ' · actual ' + js(div.actual) + (div.matcher ? ' · matcher ' + div.matcher : ''))));
    tr.turns.forEach((turn) => {
      const t = turn.index, box = el('div', { class: 'turn', 'data-turn': t }, el('h4', {}, 'turn ' + t + ' · ' + (turn.termination || '')), el('div', {}, '用户: ', el('b', {}, turn.user)));
      turn.steps.forEach((s) => box.append(stepView(s, t, verdicts, div)));
      const rest = verdicts.filter((v) => v.turn === t && (v.step === null || !turn.steps.some((s) => s.index === v.step)));
      if (rest.length) box.append(el('div', { class: 'small' }, 'turn checks'), markRows(verdictTable(rest, div), rest));
      wrap.append(box);
    });
    const state = verdicts.filter((v) => v.turn === null);
    if (state.length) wrap.append(el('h4', {}, 'world state (expected vs final)'), markRows(verdictTable(state, div), state));
    if (tr.world_final) wrap.append(el('details', {}, el('summary', {}, 'final world state'), el('pre', {}, JSON.stringify(tr.world_final, null, 1))));
    if (tr.error) wrap.append(el('p', { class: 'warn' }, 'trace error: ' + js(tr.error)));
    return wrap;
  }
  function textView(rec) {
    const out = rec.output, wrap = el('div', { class: 'general' });
    wrap.append(el('h4', {}, 'prompt'), ...(out.messages || []).map((m) => el('div', {}, el('span', { class: 'small muted' }, m.role + ':'), el('pre', {}, js(m.content)))));
    wrap.append(el('h4', {}, 'raw output'), el('pre', { class: 'raw' }, out.text || ''), ...mediaOf(out.text || ''));
    wrap.append(el('h4', {}, 'scores (pipeline → extracted answer → gold → verdict)'), table(['scorer / pipeline', 'extracted', 'gold', 'verdict', 'reasons', 'details'],
      Object.entries(rec.scores).map(([k, s]) => [k, js(s.answer), js(s.expected), badge(s.passed === true ? 'pass' : s.passed === false ? 'fail' : 'undecided'), s.reasons.join(' '), JSON.stringify(s.details)])));
    return wrap;
  }
  function recordView(rec, runIdx) {
    const st = rec.error ? 'error' : rec.passed === true ? 'pass' : rec.passed === false ? 'fail' : 'undecided';
    const box = el('div', { class: 'record', 'data-run': runIdx + 1 }, el('h3', {}, '#' + (runIdx + 1) + ' ' + rec.key.suite + '/' + rec.key.sample_id + ' #' + rec.key.trial + ' ', badge(st)),
      el('div', { class: 'small' }, 'candidate ' + rec.key.candidate + ' · category ' + rec.category + ' · scorer ' + rec.scorer_version + (rec.meta.dialect ? ' · dialect ' + rec.meta.dialect : '')),
      el('div', {}, [...new Set(Object.values(rec.scores).flatMap((s) => s.reasons))].map((r) => el('span', { class: 'reason' }, r))));
    if (rec.error) box.append(el('p', { class: 'warn' }, 'harness error ' + rec.error.kind + ': ' + rec.error.message));
    if (!rec.output) return box;
    box.append(rec.output.kind === 'agent' ? agentView(rec) : textView(rec));
    return box;
  }
  // side by side: the same sample in every run, aligned by (turn, step); the first differing row marked
  function stepSig(step) { if (!step) return null; const p = step.parse || {}; return JSON.stringify([(p.calls || []).map((c) => [c.name, c.arguments]), p.answer, p.error]); }
  function sideBySide(recs) {
    const rows = [];
    const traces = recs.map((r) => r && r.output && r.output.kind === 'agent' ? r.output.trace : null);
    if (traces.every(Boolean)) {
      const nt = Math.max(...traces.map((t) => t.turns.length));
      for (let t = 0; t < nt; t++) {
        const ns = Math.max(...traces.map((tr) => tr.turns[t] ? tr.turns[t].steps.length : 0));
        for (let s = 0; s < ns; s++) rows.push({ label: 'turn ' + t + ' step ' + s, cells: traces.map((tr) => tr.turns[t] && tr.turns[t].steps[s]), t });
      }
    } else {
      rows.push({ label: 'output', cells: recs.map((r) => r && r.output ? { text: r.output.text } : null), text: true });
    }
    let first = -1;
    rows.forEach((row, i) => { const sigs = row.cells.map((c) => row.text ? JSON.stringify(c) : stepSig(c)); if (first < 0 && sigs.some((x) => x !== sigs[0])) first = i; });
    const grid = el('table', { class: 'side-table', id: 'side' }, el('thead', {}, el('tr', {}, el('th', {}, 'position'), recs.map((r, i) => el('th', {}, '#' + (i + 1) + ' ' + (r ? r.key.candidate + ' ' + (r.error ? 'error' : r.passed === true ? 'pass' : r.passed === false ? 'fail' : 'undecided') : '(absent)'))))));
    const body = el('tbody');
    rows.forEach((row, i) => body.append(el('tr', { class: i === first ? 'diff-first' : '', 'data-row': row.label },
      el('td', {}, row.label, i === first ? el('div', { class: 'diverge-label' }, '◀ first difference') : ''),
      row.cells.map((c, k) => el('td', { class: i === first ? 'cell-diff' : '' }, !c ? el('span', { class: 'muted' }, '—') : row.text ? el('pre', {}, c.text)
        : [highlighted((c.output || {}).text || '', c.parse || {}), (c.observations || []).map((o) => el('pre', { class: 'small' }, '→ ' + o.tool + ': ' + o.content)), (() => {
          const sc = recs[k].scores.trace; const vs = ((sc && sc.details.verdicts) || []).filter((v) => v.turn === row.t && v.step === c.index && !v.passed);
          return vs.map((v) => el('div', { class: 'small warn' }, v.reason + ': ' + v.message));
        })()])))));
    grid.append(body);
    return el('div', {}, el('h3', {}, 'Side by side' + (first < 0 ? ' (no difference in calls or answers)' : ' (first difference: ' + rows[first].label + ')')), grid);
  }
  async function openSample(x) {
    openKey = x.run + ':' + x.pos; drawList();
    const detail = document.getElementById('detail');
    detail.replaceChildren(el('p', {}, 'loading trace…'));
    await loadRecords();
    const rec = RECORDS[x.run][x.pos];
    const parts = [recordView(rec, x.run)];
    if (RUNS.length > 1) {
      const same = RECORDS.map((rs) => rs.find((r) => r.key.suite === rec.key.suite && r.key.sample_id === rec.key.sample_id && r.key.trial === rec.key.trial) || null);
      if (same.filter(Boolean).length > 1) parts.unshift(sideBySide(same));
    }
    detail.replaceChildren(...parts);
    detail.scrollIntoView();
  }

  // ---------------------------------------------------------------- page
  const app = document.getElementById('app');
  app.replaceChildren(...[el('h1', {}, 'agentbench report'), el('div', { class: 'small muted' }, 'agentbench ' + HEAD.agentbench + ' · made from the run directories alone'), runsTable(),
    el('h2', {}, 'Scores'), suiteNames().map(suiteSection), compareSection(), usageSection(), errorsSection(), samplesSection()].flat().filter(Boolean));
  drawList();
  document.body.setAttribute('data-render-ms', (performance.now() - T0).toFixed(0));
  window.agentbenchReport = { openSample: (run, id, trial) => { const x = ALL.find((a) => a.run === run && a.suite + '/' + a.id === id && a.trial === (trial || 0)); if (x) return openSample(x); return Promise.reject(new Error('no sample ' + id)); }, loadRecords };
  const m = /^#sample=(\d+):(.+)$/.exec(decodeURIComponent(location.hash));
  if (m) window.agentbenchReport.openSample(Number(m[1]) - 1, m[2], 0);
})();
