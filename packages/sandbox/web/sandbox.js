// The sandbox's web chat. Plain ES module, no build step. The bot's messages arrive as text plus
// Telegram entities (what the Bot API double parsed from the bot's HTML) and are rendered with DOM nodes
// and textContent only: nothing the bot or a user wrote is ever parsed as HTML here.

const $ = (id) => document.getElementById(id);

const state = {
  lang: 'hi',
  strings: {},
  bot: { username: '', name: '' },
  users: [],
  current: undefined,
  unread: new Map(),
  /** Entries of the current chat that arrive while its history loads. */
  buffers: new Set(),
  stream: undefined,
};

const START_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;
const SAFE_SCHEMES = new Set(['http:', 'https:', 'tg:', 'mailto:']);

/** A page string with `${name}` parameters filled in. */
function t(key, params = {}) {
  const template = state.strings[key] ?? key;
  return template.replace(/\$\{\s*([A-Za-z_]+)\s*\}/g, (_, name) => String(params[name] ?? ''));
}

async function api(path, body) {
  const init =
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(path, init);
  const json = await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }));
  if (!json.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json.result;
}

// ---- links ------------------------------------------------------------------------------------------

/**
 * The text to send for a link into this bot (`https://t.me/<bot>?start=<payload>` or
 * `tg://resolve?domain=<bot>&start=<payload>`): `/start <payload>`, as Telegram does when it opens the
 * bot. Undefined for any other link.
 */
function deepLinkCommand(href) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  const bot = state.bot.username.toLowerCase();
  let target;
  if (
    (url.protocol === 'https:' || url.protocol === 'http:') &&
    /^(www\.)?(t|telegram)\.me$/i.test(url.hostname)
  ) {
    target = url.pathname.replace(/^\/+|\/+$/g, '').toLowerCase();
  } else if (url.protocol === 'tg:' && url.hostname === 'resolve') {
    target = (url.searchParams.get('domain') ?? '').toLowerCase();
  }
  if (target === undefined || target !== bot) return undefined;
  const payload = url.searchParams.get('start');
  if (payload === null || payload === '') return '/start';
  return START_PAYLOAD.test(payload) ? `/start ${payload}` : '/start';
}

/** Follows a link as Telegram would: into the bot, or to a new tab. */
function openLink(href) {
  const command = deepLinkCommand(href);
  if (command) {
    void sendText(command);
    return;
  }
  let url;
  try {
    url = new URL(href);
  } catch {
    return;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:')
    window.open(url.href, '_blank', 'noopener,noreferrer');
}

function linkElement(href, text) {
  let url;
  try {
    url = new URL(href);
  } catch {
    url = undefined;
  }
  if (!url || !SAFE_SCHEMES.has(url.protocol)) {
    const span = document.createElement('span');
    span.textContent = text;
    return span;
  }
  const a = document.createElement('a');
  a.href = url.href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.title = url.href;
  a.addEventListener('click', (event) => {
    if (deepLinkCommand(url.href)) {
      event.preventDefault();
      openLink(url.href);
    }
  });
  return a;
}

// ---- message text -----------------------------------------------------------------------------------

function entityElement(entity, text) {
  switch (entity.type) {
    case 'bold':
      return document.createElement('b');
    case 'italic':
      return document.createElement('i');
    case 'underline':
      return document.createElement('u');
    case 'strikethrough':
      return document.createElement('s');
    case 'code':
      return document.createElement('code');
    case 'pre': {
      const pre = document.createElement('pre');
      return pre;
    }
    case 'blockquote':
    case 'expandable_blockquote':
      return document.createElement('blockquote');
    case 'spoiler': {
      const span = document.createElement('span');
      span.className = 'spoiler';
      span.title = t('spoiler');
      span.addEventListener('click', () => span.classList.add('revealed'));
      return span;
    }
    case 'text_link':
      return linkElement(entity.url ?? '', text);
    case 'url':
      return linkElement(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`, text);
    case 'email':
      return linkElement(`mailto:${text}`, text);
    default:
      return document.createElement('span');
  }
}

const COMMAND = /(^|[\s(«"])(\/[A-Za-z0-9_]{1,32})(?=$|[\s.,!?:;)»"])/g;

/** Plain text, with /commands tappable as in Telegram (outside links and code). */
function appendPlain(parent, text, commands) {
  if (!commands) {
    parent.append(text);
    return;
  }
  let last = 0;
  for (const m of text.matchAll(COMMAND)) {
    const start = (m.index ?? 0) + m[1].length;
    if (start > last) parent.append(text.slice(last, start));
    const span = document.createElement('span');
    span.className = 'command';
    span.textContent = m[2];
    span.addEventListener('click', () => void sendText(m[2]));
    parent.append(span);
    last = start + m[2].length;
  }
  if (last < text.length) parent.append(text.slice(last));
}

/** Text and Telegram entities (UTF-16 offsets, nested) as DOM nodes. */
function renderText(text, entities) {
  const fragment = document.createDocumentFragment();
  const list = (Array.isArray(entities) ? entities : [])
    .filter((e) => Number.isInteger(e.offset) && Number.isInteger(e.length) && e.length > 0 && e.offset >= 0)
    .sort((a, b) => a.offset - b.offset || b.length - a.length);

  const build = (parent, start, end, items, commands) => {
    let pos = start;
    let i = 0;
    while (i < items.length) {
      const e = items[i];
      if (e.offset >= end) break;
      if (e.offset < pos) {
        i++;
        continue;
      }
      if (e.offset > pos) appendPlain(parent, text.slice(pos, e.offset), commands);
      const eEnd = Math.min(e.offset + e.length, end);
      const el = entityElement(e, text.slice(e.offset, eEnd));
      const inner = [];
      let j = i + 1;
      while (j < items.length && items[j].offset < eEnd) inner.push(items[j++]);
      const plainInside = commands && !['code', 'pre', 'text_link', 'url', 'email'].includes(e.type);
      build(el, e.offset, eEnd, inner, plainInside);
      parent.append(el);
      pos = eEnd;
      i = j;
    }
    if (pos < end) appendPlain(parent, text.slice(pos, end), commands);
  };
  build(fragment, 0, text.length, list, true);
  return fragment;
}

// ---- messages ---------------------------------------------------------------------------------------

function formatTime(ms) {
  return new Date(ms).toLocaleTimeString(state.lang === 'hi' ? 'hi-IN' : 'en-IN', {
    hour: '2-digit',
    minute: '2-digit',
  });
}

function keyboardElement(entry) {
  const keyboard = document.createElement('div');
  keyboard.className = 'keyboard';
  for (const row of entry.buttons) {
    const rowEl = document.createElement('div');
    rowEl.className = 'row';
    for (const button of row) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = button.text;
      if (button.callback_data !== undefined) {
        b.addEventListener('click', () => void press(entry.message_id, button.callback_data, b));
      } else if (button.url !== undefined) {
        if (!deepLinkCommand(button.url)) b.classList.add('url');
        b.title = button.url;
        b.addEventListener('click', () => openLink(button.url));
      } else {
        b.addEventListener('click', () => toast({ text: t('button-unsupported'), alert: false }));
      }
      rowEl.append(b);
    }
    keyboard.append(rowEl);
  }
  return keyboard;
}

function messageElement(entry) {
  const li = document.createElement('li');
  li.className = `msg from-${entry.from}`;
  li.dataset.messageId = String(entry.message_id);
  li.dataset.from = entry.from;
  li.dataset.seq = String(entry.seq);
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  if (entry.photo) {
    // The page loads nothing from elsewhere: a photo is a line with its address, not an image.
    const media = document.createElement('div');
    media.className = 'media';
    media.append('🖼 ');
    if (entry.photo.url) {
      const link = linkElement(entry.photo.url, entry.photo.url);
      link.textContent = entry.photo.url;
      media.append(link);
    }
    bubble.append(media);
  }
  bubble.append(renderText(entry.text, entry.entities));
  const meta = document.createElement('span');
  meta.className = 'meta';
  meta.textContent = entry.edited ? `${t('edited')} · ${formatTime(entry.time)}` : formatTime(entry.time);
  bubble.append(meta);
  li.append(bubble);
  if (entry.buttons.length > 0) li.append(keyboardElement(entry));
  return li;
}

function showEmpty() {
  const list = $('messages');
  if (list.querySelector('.msg')) {
    list.querySelector('.empty')?.remove();
    return;
  }
  if (!list.querySelector('.empty')) {
    const li = document.createElement('li');
    li.className = 'empty';
    li.textContent = t('empty');
    list.append(li);
  }
}

function scrollToEnd() {
  const list = $('messages');
  list.scrollTop = list.scrollHeight;
}

/** Adds, replaces (an edit) or removes (a deletion) one message, keeping message-id order. */
function upsert(entry) {
  const list = $('messages');
  const existing = list.querySelector(`.msg[data-message-id="${entry.message_id}"]`);
  if (entry.deleted) {
    existing?.remove();
    showEmpty();
    return;
  }
  if (existing && Number(existing.dataset.seq) > entry.seq) return;
  const el = messageElement(entry);
  if (existing) {
    existing.replaceWith(el);
  } else {
    const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 120;
    const after = [...list.querySelectorAll('.msg')].find(
      (m) => Number(m.dataset.messageId) > entry.message_id,
    );
    if (after) list.insertBefore(el, after);
    else list.append(el);
    if (nearBottom || entry.from === 'user') scrollToEnd();
  }
  showEmpty();
}

/** Loads the current chat; messages streamed in while the request ran are applied again after it. */
async function loadHistory() {
  const id = state.current;
  const buffer = [];
  state.buffers.add(buffer);
  try {
    const entries = await api(`/api/chats/${id}/messages`);
    if (id !== state.current) return;
    $('messages').replaceChildren();
    for (const entry of [...entries, ...buffer]) upsert(entry);
    showEmpty();
    scrollToEnd();
  } finally {
    state.buffers.delete(buffer);
  }
}

// ---- actions ----------------------------------------------------------------------------------------

async function sendText(text) {
  try {
    await api(`/api/chats/${state.current}/messages`, { text });
  } catch (err) {
    toast({ text: t('send-failed', { error: err.message }), alert: false });
  }
}

async function press(messageId, data, button) {
  button.disabled = true;
  try {
    await api(`/api/chats/${state.current}/callback`, { message_id: messageId, data });
  } catch (err) {
    toast({ text: t('send-failed', { error: err.message }), alert: false });
  } finally {
    // The bot usually edits or answers within a moment; the button comes back either way.
    setTimeout(() => {
      button.disabled = false;
    }, 800);
  }
}

function toast({ text, alert }) {
  if (!text) return;
  const el = document.createElement('div');
  el.className = alert ? 'toast alert' : 'toast';
  el.setAttribute('role', alert ? 'alert' : 'status');
  el.textContent = text;
  const remove = () => el.remove();
  el.addEventListener('click', remove);
  $('toasts').append(el);
  setTimeout(remove, alert ? 10_000 : 3500);
}

// ---- users ------------------------------------------------------------------------------------------

function renderUsers() {
  const ul = $('users');
  ul.replaceChildren();
  for (const user of state.users) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `user ${user.role}`;
    b.dataset.userId = String(user.id);
    b.setAttribute('aria-current', String(user.id === state.current));
    const initial = document.createElement('span');
    initial.className = 'initial';
    initial.textContent = [...user.name][0] ?? '?';
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = user.name;
    const role = document.createElement('span');
    role.className = 'role';
    role.textContent = t(user.role === 'admin' ? 'role-admin' : 'role-reader');
    who.append(role);
    b.append(initial, who);
    const unread = state.unread.get(user.id) ?? 0;
    if (unread > 0) {
      const badge = document.createElement('span');
      badge.className = 'unread';
      badge.textContent = String(unread);
      b.append(badge);
    }
    b.addEventListener('click', () => void selectUser(user.id));
    li.append(b);
    ul.append(li);
  }
}

function renderWhoami() {
  const user = state.users.find((u) => u.id === state.current);
  if (!user) return;
  $('you-are').textContent = t('you-are', { name: user.name });
  $('hint').textContent = t(user.role === 'admin' ? 'hint-admin' : 'hint-reader');
}

async function selectUser(id) {
  state.current = id;
  state.unread.delete(id);
  localStorage.setItem('sandbox-user', String(id));
  renderUsers();
  renderWhoami();
  await loadHistory();
  $('composer-input').focus();
}

// ---- page -------------------------------------------------------------------------------------------

function applyStrings() {
  document.documentElement.lang = state.lang;
  document.title = t('title');
  $('banner-title').textContent = t('banner');
  $('banner-detail').textContent = t('banner-detail');
  $('users-title').textContent = t('users-title');
  $('composer-input').placeholder = t('placeholder');
  $('composer-input').setAttribute('aria-label', t('placeholder'));
  $('send').textContent = t('send');
  $('offline').textContent = t('offline');
  $('lang-toggle').textContent = t('other-language');
  $('bot-name').textContent = state.bot.name;
  $('bot-username').textContent = `@${state.bot.username}`;
}

async function loadInfo(lang) {
  const info = await api(`/api/info?lang=${encodeURIComponent(lang)}`);
  state.lang = info.lang;
  state.strings = info.strings;
  state.bot = info.bot;
  state.users = info.users;
  localStorage.setItem('sandbox-lang', state.lang);
  applyStrings();
}

function connect() {
  const stream = new EventSource('/api/stream');
  state.stream = stream;
  stream.addEventListener('ready', () => {
    $('offline').hidden = true;
    // Anything missed while disconnected comes back with the history.
    if (state.current !== undefined) void loadHistory();
  });
  stream.addEventListener('entry', (event) => {
    const { chat_id: chatId, entry } = JSON.parse(event.data);
    if (chatId === state.current) {
      for (const buffer of state.buffers) buffer.push(entry);
      upsert(entry);
    } else if (entry.from === 'bot' && !entry.edited && !entry.deleted) {
      state.unread.set(chatId, (state.unread.get(chatId) ?? 0) + 1);
      renderUsers();
    }
  });
  stream.addEventListener('toast', (event) => {
    const { chat_id: chatId, toast: answer } = JSON.parse(event.data);
    if (chatId === state.current) {
      toast(answer);
      if (answer.url) openLink(answer.url);
    }
  });
  stream.addEventListener('error', () => {
    $('offline').hidden = false;
  });
}

async function main() {
  const params = new URLSearchParams(location.search);
  await loadInfo(params.get('lang') ?? localStorage.getItem('sandbox-lang') ?? 'hi');
  const saved = Number(params.get('user') ?? localStorage.getItem('sandbox-user'));
  const first = state.users.find((u) => u.id === saved) ?? state.users[0];
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('composer-input');
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    void sendText(text);
  });
  $('lang-toggle').addEventListener('click', async () => {
    await loadInfo(state.lang === 'hi' ? 'en' : 'hi');
    renderUsers();
    renderWhoami();
    await loadHistory();
  });
  connect();
  if (first) await selectUser(first.id);
}

void main();
