// OpenCCM web console (docs/console.md): a small client of the manager's REST API, no framework.
// The DOM is built with textContent only, so nothing the API returns is ever parsed as HTML. The session token
// lives in sessionStorage (this tab only, gone when it closes), never in localStorage or a cookie.

const TOKEN = 'ccm.token';
const ACCOUNT = 'ccm.account';
const RANK = { READER: 1, WRITER: 2, MANAGER: 3 };

const state = { user: null, accounts: [], account: null, instances: false, view: 0, keepMessages: false };

// ---- API -----------------------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, code, detail, refusals) {
    super(`${code}: ${detail}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.refusals = refusals;
  }
}

async function api(method, path, body, basic) {
  const headers = { Accept: 'application/json' };
  const token = sessionStorage.getItem(TOKEN);
  if (basic) headers.Authorization = `Basic ${basic}`;
  else if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', credentials: 'omit',
  });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) {
    const problem = data && typeof data === 'object' ? data : {};
    const error = new ApiError(response.status, problem.code ?? `HTTP ${response.status}`,
      problem.detail ?? problem.title ?? response.statusText, Array.isArray(problem.refusals) ? problem.refusals : []);
    if (response.status === 401 && !basic && token) expireSession();
    throw error;
  }
  return data;
}

const list = async (path) => (await api('GET', path)).items ?? [];

// RFC 7617 with UTF-8: btoa alone only takes Latin-1.
const basicCredentials = (email, password) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(`${email}:${password}`)));

// ---- DOM helpers ---------------------------------------------------------------------------------------------------

const $ = (id) => document.getElementById(id);

function h(tag, props, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

// replaceChildren that takes nested arrays and skips null, like h().
function fill(element, ...children) {
  element.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

function table(columns, rows, { empty = 'Nothing here yet.', rowClass } = {}) {
  return h('table', null,
    h('thead', null, h('tr', null, columns.map(([label]) => h('th', { scope: 'col' }, label)))),
    h('tbody', null, rows.length === 0
      ? h('tr', null, h('td', { class: 'empty', colspan: columns.length }, empty))
      : rows.map((row) => h('tr', { class: rowClass?.(row) }, columns.map(([, cell]) => h('td', null, cell(row)))))));
}

const badge = (text, kind) => h('span', { class: kind ? `badge ${kind}` : 'badge' }, text);
const simulatedBadge = (simulated) => simulated
  ? h('span', { class: 'badge simulated', title: "Evidence from OpenCCM's simulated TEE, not real hardware" }, 'simulated')
  : null;
const chips = (items, kind) => (items ?? []).map((item) => h('span', { class: kind ? `chip ${kind}` : 'chip' }, item));
const mono = (text, full) => h('code', { title: full ?? text }, text);
const shortHex = (hex) => (hex && hex.length > 16 ? `${hex.slice(0, 16)}…` : hex ?? '');
const shortId = (id) => (id ? id.slice(0, 8) : '');

const STATUS_KIND = {
  RUNNING: 'ok', SUCCESS: 'ok', ISSUED: 'ok', WHITELISTED: 'ok', APPROVED: 'ok',
  INPROGRESS: 'warn', PENDING: 'warn', UNRESPONSIVE: 'warn', STOPPED: 'warn',
  FAILED: 'bad', DENIED: 'bad', REJECTED: 'bad', REVOKED: 'bad', EXPIRED: 'bad', DEACTIVATED: 'bad',
};
const statusBadge = (status) => badge(status ?? '?', STATUS_KIND[status]);

function time(seconds) {
  if (!seconds) return '—';
  const date = new Date(seconds * 1000);
  return h('time', { datetime: date.toISOString(), title: date.toString() }, `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`);
}

function ago(seconds) {
  if (!seconds) return 'never';
  const delta = Math.max(0, Math.round(Date.now() / 1000 - seconds));
  const text = delta < 60 ? `${delta} s ago` : delta < 3600 ? `${Math.floor(delta / 60)} min ago`
    : delta < 86400 ? `${Math.floor(delta / 3600)} h ago` : `${Math.floor(delta / 86400)} d ago`;
  return h('span', { title: new Date(seconds * 1000).toISOString() }, text);
}

// ---- Messages ------------------------------------------------------------------------------------------------------

function showError(error) {
  const box = $('error');
  if (error instanceof ApiError) {
    fill(box, h('span', { class: 'code' }, error.code), error.detail,
      error.refusals.length ? h('ul', null, error.refusals.map((r) => h('li', null, h('span', { class: 'code' }, r.code), r.message))) : null);
    box.dataset.code = error.code;
  } else {
    box.replaceChildren(h('span', { class: 'code' }, 'ConsoleError'), String(error?.message ?? error));
    box.dataset.code = 'ConsoleError';
  }
  box.hidden = false;
  $('notice').hidden = true;
}

function showNotice(text) {
  $('notice').replaceChildren(text);
  $('notice').hidden = false;
  $('error').hidden = true;
}

function clearMessages() {
  $('error').hidden = true;
  $('notice').hidden = true;
}

// Runs an action of a button or form, showing any error; disables the button meanwhile.
async function act(button, action) {
  if (button) button.disabled = true;
  clearMessages();
  try {
    await action();
  } catch (error) {
    if (sessionStorage.getItem(TOKEN)) showError(error);
    else render(error); // logged out (wrong password, or the session expired): back to the login form
  } finally {
    if (button) button.disabled = false;
  }
}

// ---- Session and accounts ------------------------------------------------------------------------------------------

function expireSession() {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(ACCOUNT);
  state.user = null;
  state.account = null;
}

const role = () => state.account?.roles?.[0] ?? 'READER';
const can = (minimum) => (RANK[role()] ?? 0) >= RANK[minimum];

async function loadSession() {
  state.user = await api('GET', '/v1/user');
  state.accounts = await list('/v1/accounts');
  const remembered = sessionStorage.getItem(ACCOUNT);
  state.account = state.accounts.find((a) => a.acct_id === remembered) ?? null;
  if (state.account) await selectAccount(state.account.acct_id, false);
}

async function selectAccount(id, announce = true) {
  await api('POST', `/v1/accounts/select_account/${id}`);
  state.account = state.accounts.find((a) => a.acct_id === id) ?? null;
  sessionStorage.setItem(ACCOUNT, id);
  // GET /v1/instances arrives with heartbeat monitoring: show the tab only where the manager answers it.
  state.instances = await api('GET', '/v1/instances?limit=1').then(() => true, () => false);
  if (announce) showNotice(`Account ${state.account?.name ?? id} selected.`);
}

async function logIn(form) {
  const data = new FormData(form);
  const answer = await api('POST', '/v1/sys/auth', undefined, basicCredentials(data.get('email'), data.get('password')));
  sessionStorage.setItem(TOKEN, answer.access_token);
  form.reset();
  clearMessages();
  await loadSession();
  navigate(state.account ? 'nodes' : 'accounts');
}

async function logOut() {
  try { await api('POST', '/v1/sys/logout'); } catch { /* the session may have expired already */ }
  expireSession();
  navigate('login');
}

function renderHeader() {
  const signedIn = state.user !== null;
  $('session').hidden = !signedIn;
  if (!signedIn) return;
  $('user-email').textContent = state.user.user_email + (state.user.is_system_administrator ? ' (system administrator)' : '');
  const picker = $('account-picker');
  fill(picker, h('option', { value: '', disabled: true, selected: !state.account }, 'choose…'),
    state.accounts.map((a) => h('option', { value: a.acct_id, selected: a.acct_id === state.account?.acct_id }, a.name)));
  $('role').textContent = state.account ? role() : '';
  $('role').hidden = !state.account;
}

function renderAccounts() {
  $('accounts-list').replaceChildren(table([
    ['Name', (a) => h('strong', null, a.name)],
    ['Description', (a) => a.description ?? ''],
    ['Your role', (a) => badge(a.roles?.[0] ?? '')],
    ['Created', (a) => time(a.created_at)],
    ['', (a) => h('button', {
      type: 'button', class: a.acct_id === state.account?.acct_id ? 'secondary' : null, 'data-account': a.name,
      onclick: (e) => act(e.currentTarget, async () => { await selectAccount(a.acct_id); navigate('nodes'); }),
    }, a.acct_id === state.account?.acct_id ? 'Selected' : 'Select')],
  ], state.accounts, { empty: 'You are not a member of any account yet: create one below.' }));
}

async function createAccount(form) {
  const data = new FormData(form);
  const created = await api('POST', '/v1/accounts', { name: data.get('name'), description: data.get('description') || undefined });
  form.reset();
  state.accounts = await list('/v1/accounts');
  await selectAccount(created.acct_id, false);
  showNotice(`Account ${created.name} created and selected.`);
  navigate('nodes');
}

// ---- Tabs ----------------------------------------------------------------------------------------------------------

function toolbar(title, ...extra) {
  return h('div', { class: 'toolbar' }, h('h2', null, title), extra,
    h('button', { type: 'button', class: 'secondary', onclick: () => renderTab(currentTab()) }, 'Refresh'));
}

async function nodesTab() {
  const nodes = await list('/v1/nodes?limit=1000');
  return [toolbar('Nodes'), table([
    ['Name', (n) => [h('strong', null, n.name), ' ', simulatedBadge(n.simulated)]],
    ['Status', (n) => statusBadge(n.status?.status)],
    ['TEE', (n) => n.platform],
    ['TCB', (n) => n.tcb_status ?? '—'],
    ['IP address', (n) => n.ipaddress ?? '—'],
    ['Last seen', (n) => ago(n.status?.last_seen_at)],
    ['Agent', (n) => n.status?.last_seen_version ?? '—'],
    ['', (n) => can('MANAGER') && n.status?.status !== 'DEACTIVATED'
      ? h('button', { type: 'button', class: 'danger', onclick: (e) => deactivateNode(e.currentTarget, n) }, 'Deactivate') : null],
  ], nodes, { empty: 'No node has enrolled yet: give a node agent a join token of a zone.' })];
}

function deactivateNode(button, node) {
  if (!confirm(`Deactivate node ${node.name}? Every certificate of the node is revoked; this cannot be undone.`)) return;
  act(button, async () => {
    await api('POST', `/v1/nodes/${node.node_id}/deactivate`);
    await renderTab('nodes');
    showNotice(`Node ${node.name} deactivated; its certificates are revoked.`);
  });
}

// "a.example.com, b.example.com" or one per line.
const splitList = (text) => String(text ?? '').split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

function parseLabels(text) {
  const labels = {};
  for (const pair of splitList(text)) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`Label "${pair}" is not key=value.`);
    labels[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return labels;
}

async function appsTab() {
  const apps = await list('/v1/apps?limit=1000');
  const form = can('WRITER') ? h('form', { id: 'app-form', class: 'inline', method: 'post', onsubmit: createApp },
    h('label', null, 'Name', h('input', { name: 'name', required: true, maxlength: 200 })),
    h('label', null, 'Domains (comma separated)', h('input', { name: 'domains', placeholder: 'api.example.com' })),
    h('label', null, 'Labels (key=value, …)', h('input', { name: 'labels', placeholder: 'env=prod' })),
    h('label', null, 'Description', h('input', { name: 'description' })),
    h('button', { type: 'submit' }, 'Create app')) : null;
  return [toolbar('Apps'), form, table([
    ['Name', (a) => [h('strong', null, a.name), a.description ? h('div', { class: 'muted' }, a.description) : null]],
    ['Approved domains', (a) => a.whitelisted_domains.length ? chips(a.whitelisted_domains) : h('span', { class: 'muted' }, 'none')],
    ['Pending', (a) => a.pending_task_id
      ? [chips(a.domains_added, 'pending'), chips(a.domains_removed, 'removed'), h('a', { href: '#tasks' }, 'task')] : '—'],
    ['Labels', (a) => chips(Object.entries(a.labels ?? {}).map(([k, v]) => `${k}=${v}`))],
    ['Created', (a) => time(a.created_at)],
  ], apps, { empty: 'No app yet.' })];
}

function createApp(event) {
  event.preventDefault();
  const form = event.currentTarget;
  act(form.querySelector('button'), async () => {
    const data = new FormData(form);
    const body = {
      name: data.get('name'), description: data.get('description') || undefined,
      allowed_domains: splitList(data.get('domains')), labels: parseLabels(data.get('labels')),
    };
    const app = await api('POST', '/v1/apps', body);
    await renderTab('apps');
    showNotice(app.pending_task_id
      ? `App ${app.name} created; its domains wait for approval in Tasks.` : `App ${app.name} created.`);
  });
}

async function buildsTab() {
  const builds = await list('/v1/builds?limit=1000');
  const identity = (b) => b.enclave_info
    ? [h('div', null, 'MRENCLAVE ', mono(shortHex(b.enclave_info.mrenclave), b.enclave_info.mrenclave)),
      h('div', null, 'MRSIGNER ', mono(shortHex(b.enclave_info.mrsigner), b.enclave_info.mrsigner))]
    : Object.entries(b.measurements ?? {}).map(([k, v]) => h('div', null, `${k} `, mono(shortHex(v), v)));
  return [toolbar('Builds'), table([
    ['App', (b) => h('strong', null, b.app_name ?? shortId(b.app_id))],
    ['Build', (b) => b.build_name ?? '—'],
    ['TEE', (b) => [b.tee_kind, b.debug ? badge('debug', 'warn') : null]],
    ['Identity', identity],
    ['ISV prod / SVN', (b) => (b.enclave_info ? `${b.enclave_info.isvprodid} / ${b.enclave_info.isvsvn}` : '—')],
    ['Status', (b) => statusBadge(b.status?.status)],
    ['Registered', (b) => time(b.created_at)],
  ], builds, { empty: 'No build registered yet (ccm build register, or ccm convert --register).' })];
}

async function tasksTab() {
  const tasks = await list('/v1/tasks?limit=1000');
  // Open tasks first, each group newest first (the API's order).
  const open = (t) => t.status?.status === 'INPROGRESS';
  const sorted = [...tasks.filter(open), ...tasks.filter((t) => !open(t))];
  return [toolbar('Tasks'), table([
    ['Type', (t) => t.task_type],
    ['What', (t) => [t.description ?? shortId(t.entity_id),
      t.domains_added?.length ? h('div', null, chips(t.domains_added.map((d) => `+ ${d}`), 'pending')) : null,
      t.domains_removed?.length ? h('div', null, chips(t.domains_removed.map((d) => `− ${d}`), 'removed')) : null]],
    ['Requested by', (t) => t.requester_info?.user_name ?? t.requester_info?.app_name ?? t.requester_info?.requester_type ?? ''],
    ['Approvals', (t) => [`${t.approvals.filter((a) => a.status === 'APPROVED').length} / ${t.approvals_required}`,
      t.approvals.map((a) => h('div', { class: 'muted' }, `${a.user_name}: ${a.status}`))]],
    ['Status', (t) => statusBadge(t.status?.status)],
    ['Created', (t) => time(t.status?.created_at)],
    ['', (t) => (open(t) && can('WRITER') ? h('span', { class: 'actions' },
      h('button', { type: 'button', class: 'approve', 'data-task': t.task_id, onclick: (e) => decide(e.currentTarget, t, 'APPROVED') }, 'Approve'), ' ',
      h('button', { type: 'button', class: 'danger', 'data-task': t.task_id, onclick: (e) => decide(e.currentTarget, t, 'DENIED') }, 'Deny')) : null)],
  ], sorted, { empty: 'No task.', rowClass: (t) => (open(t) ? 'pending' : null) })];
}

function decide(button, task, status) {
  if (status === 'DENIED' && !confirm(`Deny ${task.task_type} task? ${task.description ?? ''}`)) return;
  act(button, async () => {
    const result = await api('PATCH', `/v1/tasks/${task.task_id}`, { status });
    await renderTab('tasks');
    showNotice(`Task ${status === 'APPROVED' ? 'approved' : 'denied'}: it is now ${result.task_status?.status}.`);
  });
}

async function certificatesTab() {
  const [certificates, nodes, apps] = await Promise.all([
    list('/v1/certificates?limit=1000'), list('/v1/nodes?limit=1000'), list('/v1/apps?limit=1000')]);
  const nodeName = new Map(nodes.map((n) => [n.node_id, n.name]));
  const appName = new Map(apps.map((a) => [a.app_id, a.name]));
  return [toolbar('Certificates'), table([
    ['Status', (c) => [statusBadge(c.status), simulatedBadge(c.simulated)]],
    ['Subject', (c) => c.subject ?? '—'],
    ['Names', (c) => chips(c.dns_names)],
    ['Node', (c) => (c.node_id ? nodeName.get(c.node_id) ?? shortId(c.node_id) : '—')],
    ['App', (c) => (c.app_id ? appName.get(c.app_id) ?? shortId(c.app_id) : h('span', { class: 'muted' }, 'node certificate'))],
    ['Serial', (c) => mono(shortHex(c.serial), c.serial)],
    ['Expires', (c) => time(c.not_after)],
    ['Revoked', (c) => (c.revoked_at ? [time(c.revoked_at), h('div', { class: 'muted' }, c.reason ?? '')] : '—')],
    ['', (c) => (can('MANAGER') && c.status === 'ISSUED'
      ? h('button', { type: 'button', class: 'danger', onclick: (e) => revoke(e.currentTarget, c) }, 'Revoke') : null)],
  ], certificates, { empty: 'No certificate issued yet.' })];
}

function revoke(button, certificate) {
  if (!confirm(`Revoke certificate ${certificate.subject ?? certificate.serial}? It goes on the zone CRL at once.`)) return;
  act(button, async () => {
    await api('POST', `/v1/certificates/${certificate.certificate_id}/revoke`, { reason: 'unspecified' });
    await renderTab('certificates');
    showNotice('Certificate revoked.');
  });
}

async function instancesTab() {
  const [instances, nodes, apps] = await Promise.all([
    list('/v1/instances?limit=1000'), list('/v1/nodes?limit=1000'), list('/v1/apps?limit=1000')]);
  const nodeName = new Map(nodes.map((n) => [n.node_id, n.name]));
  const appName = new Map(apps.map((a) => [a.app_id, a.name]));
  return [toolbar('Instances'), table([
    ['Instance', (i) => mono(shortId(i.instance_id), i.instance_id)],
    ['App', (i) => appName.get(i.app_id) ?? shortId(i.app_id)],
    ['Node', (i) => nodeName.get(i.node_id) ?? shortId(i.node_id)],
    ['Status', (i) => statusBadge(i.status)],
    ['Heartbeats', (i) => `${i.message_count} (every ${i.interval_seconds} s)`],
    ['Last seen', (i) => ago(i.last_seen)],
    ['Exit code', (i) => i.exit_code ?? '—'],
  ], instances, { empty: 'No app instance has sent a heartbeat yet.' })];
}

// GET /v1/audit pages forward from a sequence number; the newest entries are on the last page.
async function latestAudit(keep = 100) {
  let after = 0;
  let latest = [];
  for (;;) {
    const page = await list(`/v1/audit?after=${after}&limit=1000`);
    latest = [...latest, ...page].slice(-keep);
    if (page.length < 1000) return latest.reverse();
    after = page[page.length - 1].sequence;
  }
}

async function auditTab() {
  const entries = await latestAudit();
  const verdict = h('div', { id: 'audit-verdict', hidden: true });
  const verify = h('button', {
    type: 'button', title: 'Recomputes every hash of the whole chain (system administrators)',
    onclick: (e) => act(e.currentTarget, async () => renderVerdict(verdict, await api('GET', '/v1/audit/verify'))),
  }, 'Verify chain');
  return [toolbar('Audit log', verify), verdict, table([
    ['#', (a) => a.sequence],
    ['Time', (a) => time(Math.floor(a.timestamp_micros / 1e6))],
    ['Actor', (a) => a.actor],
    ['Action', (a) => mono(a.action)],
    ['Subject', (a) => a.subject],
    ['Outcome', (a) => statusBadge(a.outcome)],
    ['Details', (a) => (a.details && a.details !== '{}' ? mono(a.details.length > 80 ? `${a.details.slice(0, 80)}…` : a.details, a.details) : '')],
  ], entries, { empty: 'No audit entry for this account.' })];
}

function renderVerdict(box, report) {
  box.className = report.intact ? 'verdict ok' : 'verdict bad';
  fill(box, report.intact
    ? [h('strong', null, 'Chain intact. '), `${report.entries_checked} entries checked; head #${report.head_sequence} `, mono(shortHex(report.head_hash), report.head_hash)]
    : [h('strong', null, `Chain broken at #${report.broken_at} (${report.break_kind}). `), report.message ?? '',
      ` ${report.entries_checked} entries verified before it.`]);
  box.hidden = false;
}

const TABS = {
  nodes: nodesTab, apps: appsTab, builds: buildsTab, tasks: tasksTab, certificates: certificatesTab, instances: instancesTab, audit: auditTab,
};

async function renderTab(name) {
  const view = ++state.view;
  for (const link of document.querySelectorAll('.tabs a')) {
    if (link.dataset.tab === 'instances') link.hidden = !state.instances;
    if (link.dataset.tab === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const content = $('tab-content');
  if (content.childElementCount === 0) content.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  content.setAttribute('aria-busy', 'true');
  try {
    const nodes = await TABS[name]();
    if (view === state.view) fill(content, nodes);
  } catch (error) {
    if (view === state.view) {
      content.replaceChildren();
      if (sessionStorage.getItem(TOKEN)) showError(error); else render(error);
    }
  } finally {
    if (view === state.view) content.setAttribute('aria-busy', 'false');
  }
}

// ---- Navigation ----------------------------------------------------------------------------------------------------

const currentTab = () => location.hash.slice(1) || 'accounts';

// Messages shown by the action that navigates survive the navigation; a click on a link clears them.
function navigate(name) {
  if (currentTab() === name) {
    render();
  } else {
    state.keepMessages = true;
    location.hash = name;
  }
}

function render(error) {
  let name = currentTab();
  if (!sessionStorage.getItem(TOKEN) || !state.user) name = 'login';
  else if (name === 'login' || (name !== 'accounts' && !state.account) || !(name in TABS || name === 'accounts')) name = 'accounts';
  if (name === 'instances' && !state.instances) name = 'nodes';
  $('login-view').hidden = name !== 'login';
  $('accounts-view').hidden = name !== 'accounts';
  $('account-view').hidden = !(name in TABS);
  renderHeader();
  if (error) showError(error);
  if (name === 'login') $('login-form').querySelector('input').focus();
  else if (name === 'accounts') renderAccounts();
  else {
    $('tab-content').replaceChildren();
    renderTab(name);
  }
}

function wire() {
  $('login-form').addEventListener('submit', (e) => { e.preventDefault(); act(e.submitter, () => logIn(e.currentTarget)); });
  $('account-form').addEventListener('submit', (e) => { e.preventDefault(); act(e.submitter, () => createAccount(e.currentTarget)); });
  $('logout').addEventListener('click', logOut);
  $('account-picker').addEventListener('change', (e) => act(null, async () => {
    await selectAccount(e.currentTarget.value);
    navigate(currentTab() in TABS ? currentTab() : 'nodes');
  }));
  window.addEventListener('hashchange', () => {
    if (!state.keepMessages) clearMessages();
    state.keepMessages = false;
    render();
  });
}

async function start() {
  wire();
  let failure = null;
  if (sessionStorage.getItem(TOKEN)) {
    try { await loadSession(); } catch (error) { failure = error; if (error.status === 401) expireSession(); }
  }
  render(failure);
}

start();
