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
.bar { height: 10px; background: #e3e8ee; border-radius: 5px; overflow: hidden; }
.bar > span { display: block; height: 100%; background: #2e9d5b; }
`;

export const DESK_JS = `
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
})();
`;
