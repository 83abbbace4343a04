/**
 * The desk's stylesheet and its one small client script, served from /desk/assets. Kept as text here
 * (no build step, nothing to copy into dist/); the script runs under a CSP that allows only 'self'.
 */

export const DESK_CSS = `
@font-face { font-family: 'Noto Sans Devanagari'; font-weight: 400; font-display: swap;
  src: url(/desk/assets/font-devanagari.woff2) format('woff2'); unicode-range: U+0900-097F, U+1CD0-1CF9, U+200C-200D, U+20A8, U+20B9, U+25CC, U+A830-A839, U+A8E0-A8FF; }
@font-face { font-family: 'Noto Sans Devanagari'; font-weight: 400; font-display: swap;
  src: url(/desk/assets/font-latin.woff2) format('woff2'); unicode-range: U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD; }
* { box-sizing: border-box; }
body { margin: 0; font-family: 'Noto Sans Devanagari', 'Lohit Devanagari', sans-serif; font-size: 16px; line-height: 1.55; color: #1c2733; background: #f4f6f8; min-width: 320px; }
header.top { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .6rem 1rem; background: #1f3b57; color: #fff; }
header.top a { color: #fff; text-decoration: none; }
header.top .brand { font-weight: 700; font-size: 1.1rem; }
header.top nav { display: flex; flex-wrap: wrap; gap: .25rem .75rem; }
header.top nav a[aria-current=page] { text-decoration: underline; text-underline-offset: 4px; }
header.top .signout { margin-left: auto; display: flex; gap: .5rem; align-items: center; font-size: .9rem; }
main { max-width: 1100px; margin: 0 auto; padding: 1rem; }
footer { max-width: 1100px; margin: 0 auto; padding: 0 1rem 2rem; }
h1 { font-size: 1.4rem; margin: .2rem 0 1rem; }
h2 { font-size: 1.15rem; }
button, .button { font: inherit; padding: .45rem .9rem; border-radius: 6px; border: 1px solid #1f3b57; background: #fff; color: #1f3b57; cursor: pointer; }
button.primary { background: #1f3b57; color: #fff; }
button.danger { border-color: #b3261e; color: #b3261e; }
input, textarea, select { font: inherit; width: 100%; padding: .45rem; border: 1px solid #b8c2cc; border-radius: 6px; background: #fff; }
textarea { min-height: 12rem; resize: vertical; }
label { display: block; margin: .7rem 0 .2rem; font-weight: 600; }
.card { background: #fff; border-radius: 10px; padding: 1rem; margin-bottom: 1rem; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
.muted { color: #5b6b7a; font-size: .92rem; }
.error { color: #b3261e; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .4rem; border-bottom: 1px solid #e3e8ee; vertical-align: top; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 1rem; }
.chart { position: relative; height: 300px; background: #fff; border-radius: 10px; padding: .5rem; }
.write { display: grid; grid-template-columns: 1fr; gap: 1rem; }
@media (min-width: 900px) { .write { grid-template-columns: 1fr 380px; } }
.chips { display: flex; flex-wrap: wrap; gap: .4rem; margin: .4rem 0; }
.chip { border: 1px solid #1f3b57; border-radius: 999px; padding: .15rem .7rem; background: #fff; cursor: pointer; font-size: .92rem; }
.chip[aria-pressed=true] { background: #1f3b57; color: #fff; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: 1rem; }
.phone { background: #8fb8d8; border-radius: 18px; padding: .8rem; min-height: 300px; }
.bubble { background: #fff; border-radius: 12px 12px 12px 4px; padding: .5rem .7rem; margin: 0 0 .6rem; max-width: 100%; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 15px; }
.bubble blockquote { margin: .3rem 0; padding-left: .6rem; border-left: 3px solid #2f80c9; }
.bubble img { max-width: 100%; border-radius: 8px; display: block; margin-bottom: .4rem; }
.part { font-size: .8rem; color: #fff; margin: .2rem 0; }
progress.bar { width: 100%; height: 12px; accent-color: #2e9d5b; }
textarea.short { min-height: 4rem; }
fieldset { border: 1px solid #d5dde5; border-radius: 8px; margin-top: 1rem; }
fieldset label { font-weight: 400; }
fieldset input[type=radio] { width: auto; }
`;

export const DESK_JS = String.raw`
'use strict';
// The desk's client script: charts from the JSON in the page, the write page's suggestions and preview,
// the live deliveries. Every state-changing request carries the page's CSRF token.
(function () {
  var csrf = (document.querySelector('meta[name=csrf-token]') || {}).content || '';
  function post(url, body) {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(body) })
      .then(function (r) { return r.json(); });
  }
  window.desk = { post: post, csrf: csrf };

  // Charts: one canvas per configuration in #chart-configs.
  var configs = document.getElementById('chart-configs');
  if (configs && window.Chart) {
    window.Chart.defaults.font.family = "'Noto Sans Devanagari', 'Lohit Devanagari', sans-serif";
    var list = JSON.parse(configs.textContent);
    list.forEach(function (item) {
      var canvas = document.getElementById('chart-' + item.name);
      if (canvas) new window.Chart(canvas, item.config);
    });
    document.body.dataset.chartsReady = 'true';
  }


  // ---- live deliveries: the figures of each card, every two seconds ----
  var live = document.getElementById('deliveries');
  if (live && live.dataset.live === 'true') {
    var tick = function () {
      fetch('/desk/api/deliveries', { headers: { accept: 'application/json' } })
        .then(function (r) { return r.json(); })
        .then(function (r) {
          if (!r.ok) return;
          r.deliveries.forEach(function (d) {
            var card = live.querySelector('.delivery[data-id="' + d.id + '"]');
            if (!card) return;
            card.dataset.status = d.status;
            card.querySelector('.status').textContent = d.statusText;
            card.querySelector('progress.bar').value = d.percent;
            ['sent', 'pending', 'failed', 'blocked', 'total'].forEach(function (k) {
              card.querySelector('.' + k).textContent = String(d[k]);
            });
            card.querySelector('.percent').textContent = d.percent + '%';
          });
        })
        .catch(function () { /* the next tick tries again */ });
    };
    setInterval(tick, 2000);
  }

  // ---- the write page ----
  var write = document.getElementById('write');
  if (write) setUpWrite(write);

  function $(id) { return document.getElementById(id); }
  function debounce(fn, ms) { var h; return function () { clearTimeout(h); h = setTimeout(fn, ms); }; }

  // Telegram HTML as the reader's phone shows it: only the tags Telegram knows are kept, links only to
  // http(s) and tg:, everything else becomes its text. The server renders it, this only displays it.
  var TAGS = { B: 'b', STRONG: 'b', I: 'i', EM: 'i', U: 'u', INS: 'u', S: 's', STRIKE: 's', DEL: 's', CODE: 'code', PRE: 'pre', BLOCKQUOTE: 'blockquote', A: 'a', 'TG-SPOILER': 'span' };
  function telegramHtml(html) {
    var doc = new DOMParser().parseFromString('<body>' + html + '</body>', 'text/html');
    var out = document.createDocumentFragment();
    (function walk(from, to) {
      from.childNodes.forEach(function (n) {
        if (n.nodeType === 3) { to.append(n.textContent); return; }
        if (n.nodeType !== 1) return;
        var tag = TAGS[n.tagName];
        if (!tag) { walk(n, to); return; }
        var el = document.createElement(tag);
        if (tag === 'a') {
          var href = n.getAttribute('href') || '';
          if (/^(https?:|tg:)/i.test(href)) { el.href = href; el.target = '_blank'; el.rel = 'noopener noreferrer'; }
        }
        walk(n, el);
        to.append(el);
      });
    })(doc.body, out);
    return out;
  }

  function setUpWrite(root) {
    var draftId = root.dataset.draft || '';
    var form = $('write-form');
    var error = $('write-error');
    var status = $('write-status');
    var preview = $('preview');
    // A seat is a PC ({pc, name}) or an assembly seat ({ac, name}); its chip carries data-pc or data-ac.
    function chosen(kind) {
      return Array.prototype.map.call(document.querySelectorAll('#seats .chip[data-' + kind + ']'), function (b) { return b.dataset[kind]; });
    }
    function kindOf(s) { return s.ac ? 'ac' : 'pc'; }
    function has(s) { return chosen(kindOf(s)).indexOf(s[kindOf(s)]) >= 0; }
    function chip(s, pressed) {
      var b = document.createElement('button');
      b.type = 'button'; b.className = 'chip'; b.dataset[kindOf(s)] = s[kindOf(s)]; b.textContent = s.name;
      b.setAttribute('aria-pressed', pressed ? 'true' : 'false');
      return b;
    }
    function choose(s) {
      if (has(s)) return;
      $('seats').append(chip(s, true));
      form.querySelector('input[name=scope][value=seats]').checked = true;
      refresh();
    }
    $('seats').addEventListener('click', function (e) {
      var b = e.target.closest('.chip'); if (!b) return; b.remove(); refresh();
    });
    function offer(container, list) {
      container.replaceChildren();
      list.forEach(function (s) {
        var b = chip(s, has(s));
        b.addEventListener('click', function () { choose(s); b.setAttribute('aria-pressed', 'true'); });
        container.append(b);
      });
    }
    var suggest = debounce(function () {
      var text = [$('title').value, $('summary').value, $('body').value].join('\n');
      post('/desk/api/suggest', { text: text }).then(function (r) { if (r.ok) offer($('suggested'), r.seats); });
    }, 400);
    $('seat-search').addEventListener('input', debounce(function () {
      var q = $('seat-search').value.trim();
      if (!q) { $('seat-results').replaceChildren(); return; }
      fetch('/desk/api/seats?q=' + encodeURIComponent(q)).then(function (r) { return r.json(); })
        .then(function (r) { if (r.ok) offer($('seat-results'), r.seats); });
    }, 300));
    function fields() {
      return {
        draftId: draftId || undefined,
        title: $('title').value, summary: $('summary').value, body: $('body').value,
        photoUrl: $('photo-url').value,
        photoFileId: ($('photo-file-id') || {}).value || undefined,
        scope: (form.querySelector('input[name=scope]:checked') || {}).value,
        seats: chosen('pc'), acs: chosen('ac'), state: $('state').value, alsoRead: $('also-read').value,
      };
    }
    function ready() { return $('title').value.trim() && $('summary').value.trim() && $('body').value.trim(); }
    function show(parts) {
      preview.replaceChildren();
      parts.forEach(function (p, i) {
        if (parts.length > 1) {
          var label = document.createElement('p'); label.className = 'part';
          label.textContent = (write.dataset.partLabel || '') + ' ' + (i + 1) + '/' + parts.length;
          preview.append(label);
        }
        var bubble = document.createElement('div'); bubble.className = 'bubble';
        var src = p.photo || (i === 0 && localPhoto) || '';
        if (src) { var img = document.createElement('img'); img.src = src; img.alt = ''; bubble.append(img); }
        bubble.append(telegramHtml(p.html));
        preview.append(bubble);
      });
      preview.dataset.parts = String(parts.length);
    }
    function save() {
      if (!ready()) { status.textContent = write.dataset.needText || ''; return Promise.resolve(undefined); }
      return post('/desk/api/draft', fields()).then(function (r) {
        if (!r.ok) { error.textContent = r.error || ''; return undefined; }
        error.textContent = '';
        draftId = r.draftId; root.dataset.draft = draftId;
        status.textContent = r.notice || write.dataset.saved || '';
        if (r.parts.length > 0) show(r.parts);
        return draftId;
      });
    }
    var refresh = debounce(save, 700);
    // A photo from the computer goes to Telegram through the bot; the preview shows the local file.
    var localPhoto = '';
    var file = $('photo-file');
    if (file) file.addEventListener('change', function () {
      var f = file.files && file.files[0];
      if (!f) return;
      var body = new FormData(); body.append('photo', f);
      status.textContent = write.dataset.uploading || '';
      fetch('/desk/api/photo', { method: 'POST', headers: { 'x-csrf-token': csrf }, body: body })
        .then(function (r) { return r.json(); })
        .then(function (r) {
          if (!r.ok) { error.textContent = r.error || ''; file.value = ''; return; }
          error.textContent = '';
          $('photo-file-id').value = r.fileId;
          localPhoto = URL.createObjectURL(f);
          refresh();
        });
    });
    form.addEventListener('input', function (e) {
      if (e.target.id === 'seat-search' || e.target.id === 'photo-file') return;
      // A link typed over an uploaded photo replaces it (an uploaded one otherwise always wins), and an
      // emptied link then leaves the briefing without a photo.
      if (e.target.id === 'photo-url') {
        $('photo-file-id').value = ''; localPhoto = '';
        if (file) file.value = '';
      }
      if (['title', 'summary', 'body'].indexOf(e.target.id) >= 0) suggest();
      refresh();
    });
    form.addEventListener('change', refresh);
    function publish(at) {
      save().then(function (id) {
        if (!id) return;
        post('/desk/api/drafts/' + id + '/publish', { at: at }).then(function (r) {
          if (!r.ok) { error.textContent = r.error || ''; return; }
          location.href = '/desk/deliveries' + (r.deliveryId ? '?d=' + encodeURIComponent(r.deliveryId) : '');
        });
      });
    }
    $('save').addEventListener('click', function () { save(); });
    $('publish').addEventListener('click', function () { publish(undefined); });
    $('schedule').addEventListener('click', function () {
      if (!$('when').value) { error.textContent = write.dataset.needWhen || ''; return; }
      publish($('when').value);
    });
    if (ready()) { suggest(); save(); }
  }
})();
`;
