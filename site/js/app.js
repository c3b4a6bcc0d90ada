/**
 * Bootstrap and hash router. Public screens: #/login, #/forgot,
 * #/reset/<token> (from a password-reset mail), #/invite/<token>, the
 * customer's #/book/<token> and #/booking/<token>, the client's #/portal/<token>.
 * Everything else needs a session: the shell wraps the area named by the
 * first segment (#/persons, #/persons/<id>, #/activities/calendar,
 * #/settings/users, #/automations/<id>…). A 401 from any private call sends the user to
 * #/login?next=<where they were>, and back there after.
 */
import { h, replace } from './dom.js';
import { api, onUnauthorized } from './api.js';
import { t, setLanguage, detectLanguage } from './i18n.js';
import { errorMessage } from './forms.js';
import { ShellView, AREAS } from './views/shell.js';
import { mountLogin } from './views/login.js';
import { mountInvite } from './views/invite.js';
import { mountForgotPassword } from './views/forgot-password.js';
import { mountResetPassword } from './views/reset-password.js';
import { mountArea, mountNotFound } from './views/area.js';
import { mountSettings } from './views/settings.js';
import { publicFrame } from './views/frame.js';
import { setTimeZone } from './format.js';
import { forgetAll } from './lookups.js';
import { mountRecordList } from './views/record-list.js';
import { mountRecordDetail } from './views/record-detail.js';
import { mountActivities } from './views/activities.js';
import { mountCalendar } from './views/calendar.js';
import { mountScheduler } from './views/scheduler.js';
import { mountBookingPage } from './views/booking-page.js';
import { mountCustomerBooking } from './views/customer-booking.js';
import { mountClientPortal } from './views/client-portal.js';
import { mountTrash } from './views/trash.js';
import { mountBoard } from './views/board.js';
import { mountInsights } from './views/insights.js';
import { mountAutomations } from './views/automations.js';
import { mountWorkflowBuilder } from './views/workflow-builder.js';
import { mountRunHistory } from './views/workflow-runs.js';

const RECORD_AREAS = ['persons', 'organizations', 'deals', 'leads'];

const root = document.getElementById('app');
let shell = null;
let currentView = null;
let routeSeq = 0;
let firstRoute = true;
const flash = {};

/** The current hash as a path, its segments and its query. */
function parseHash() {
  let raw = location.hash.replace(/^#/, '');
  try {
    raw = decodeURI(raw);
  } catch {
    // A malformed escape: route on the raw text, which matches nothing and shows "not found".
  }
  raw = raw || '/';
  const [path, query] = raw.split('?');
  return { path, parts: path.split('/').filter(Boolean), params: new URLSearchParams(query || '') };
}

/** Only in-app paths are followed after sign-in. */
function safeNext(next) {
  if (typeof next === 'string' && /^\/[a-z]/.test(next) && !/^\/(login|invite|forgot|reset)\b/.test(next)) return next;
  return '/pipeline';
}

function dropView() {
  if (currentView && typeof currentView.destroy === 'function') currentView.destroy();
  currentView = null;
}

function dropShell() {
  dropView();
  if (shell) shell.destroy();
  shell = null;
}

const app = {
  user: null,
  workspace: null,

  /** Goes to an in-app path such as '/settings/users'. */
  navigate(path) {
    const target = `#${path}`;
    if (location.hash === target) route();
    else location.hash = target;
  },

  /** Takes the user a login or an accepted invitation returned, and loads the workspace. */
  async signedIn(user) {
    this.setUser(user);
    dropShell();
    this.workspace = await loadWorkspace();
  },

  /** Holds the new user record; true when the UI language changed with it. */
  setUser(user) {
    const before = document.documentElement.lang;
    this.user = user;
    setLanguage(detectLanguage(user));
    setTimeZone((user && user.timezone) || Intl.DateTimeFormat().resolvedOptions().timeZone);
    if (shell) shell.render('user', user);
    return before !== document.documentElement.lang;
  },

  setWorkspace(workspace) {
    this.workspace = workspace;
    if (shell) shell.render('workspace', workspace);
  },

  /** Leaves a one-shot message for the next screen that asks for `key`. */
  setFlash(key, value) {
    flash[key] = value;
  },

  /** A one-shot message for the next screen that asks for `key`. */
  takeFlash(key) {
    const value = flash[key];
    delete flash[key];
    return value;
  },

  /** Draws the current route again from scratch (after a language change, a reload…). */
  refresh(options = {}) {
    Object.assign(flash, options.flash || {});
    dropShell();
    route();
  },
};

async function loadWorkspace() {
  try {
    return await api.get('/workspace');
  } catch (error) {
    if (error.status === 401) throw error;
    return null; // the shell still works without the workspace's name
  }
}

onUnauthorized(() => {
  const wasSignedIn = Boolean(app.user);
  app.user = null;
  forgetAll();
  app.workspace = null;
  const { path } = parseHash();
  if (path.startsWith('/login')) return;
  dropShell();
  if (wasSignedIn) flash.login = t('login.sessionExpired');
  location.replace(`#/login?next=${encodeURIComponent(path)}`);
});

async function logout() {
  try {
    await api.post('/auth/logout', {}, { public: true });
  } catch {
    // Signed out or not, the next screen is the login page.
  }
  app.user = null;
  app.workspace = null;
  forgetAll();
  dropShell();
  flash.login = t('login.loggedOut');
  location.hash = '#/login';
}

function buildShell() {
  shell = new ShellView();
  shell.render('shell', { user: app.user, workspace: app.workspace });
  shell.bind('logout', logout);
  shell.bind('toggleNav', () => shell.render('navOpen', !shell.isNavOpen));
  shell.bind('toggleUserMenu', () => shell.render('userMenuOpen', !shell.isUserMenuOpen));
  shell.bind('navigate', () => {
    shell.render('userMenuOpen', false);
    shell.render('navOpen', false);
  });
  shell.bind('skip', () => shell.focusMain());
  shell.bind('search', (path) => app.navigate(path));
  shell.bind('escape', () => {
    if (shell.isUserMenuOpen) {
      shell.render('userMenuOpen', false);
      shell.focusUserButton();
    } else if (shell.isNavOpen) {
      shell.render('navOpen', false);
      shell.focusNavButton();
    }
  });
  shell.bind('outsideClick', () => {
    if (shell.isUserMenuOpen) shell.render('userMenuOpen', false);
    if (shell.isNavOpen) shell.render('navOpen', false);
  });
  replace(root, shell.el);
}

function showPublic(view, title) {
  dropShell();
  replace(root, view.el);
  document.title = `${title} · ${t('app.name')}`;
}

function showBootError(error) {
  dropShell();
  const retry = h('button', { type: 'button', class: 'button button-primary' }, t('errors.reload'));
  retry.addEventListener('click', () => route());
  replace(root, publicFrame(
    h('p', { class: 'alert alert-error', role: 'alert' }, errorMessage(error)),
    retry));
}

/** Draws the screen the hash names. */
async function route() {
  const seq = ++routeSeq;
  const { parts, params } = parseHash();
  const first = parts[0];
  // A dialog belongs to the page that opened it: going elsewhere (Back, a link) closes it.
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();

  if (first === 'login') {
    if (app.user) {
      location.replace(`#${safeNext(params.get('next'))}`);
      return;
    }
    const view = mountLogin(app, safeNext(params.get('next')));
    showPublic(view, t('login.title'));
    view.focus();
    return;
  }
  if (first === 'forgot') {
    const view = mountForgotPassword(app, app.takeFlash('forgotEmail'));
    showPublic(view, t('forgot.title'));
    view.focus();
    return;
  }
  if (first === 'reset' && parts[1]) {
    showPublic(mountResetPassword(app, parts[1]), t('reset.title'));
    return;
  }
  if (first === 'invite' && parts[1]) {
    showPublic(mountInvite(app, parts[1]), t('app.name'));
    return;
  }
  // A customer's booking pages: no session, no app chrome (their title follows the link once read).
  if (first === 'book' && parts[1]) {
    showPublic(mountBookingPage(app, parts[1], params), t('book.title'));
    return;
  }
  if (first === 'booking' && parts[1]) {
    showPublic(mountCustomerBooking(app, parts[1]), t('booking.title'));
    return;
  }
  // A client's portal: its token alone opens it (and perhaps an emailed code), never a session.
  if (first === 'portal' && parts[1]) {
    showPublic(mountClientPortal(app, parts[1]), t('clientPortal.title'));
    return;
  }
  if (!first) {
    location.replace('#/pipeline');
    return;
  }

  if (!app.user) {
    if (!shell) replace(root, h('p', { class: 'boot', role: 'status' }, t('app.loading')));
    try {
      const [user, workspace] = await Promise.all([api.get('/me'), loadWorkspace()]);
      if (seq !== routeSeq) return;
      app.setUser(user);
      app.workspace = workspace;
    } catch (error) {
      if (error.status !== 401 && seq === routeSeq) showBootError(error);
      return;
    }
    if (seq !== routeSeq) return;
  }

  if (!shell) buildShell();
  dropView();
  let view = null;
  if (first === 'settings') view = mountSettings(app, parts[1] || 'profile');
  else if (RECORD_AREAS.includes(first) && parts.length === 1) view = mountRecordList(app, first, params);
  else if (RECORD_AREAS.includes(first) && parts.length === 2) view = mountRecordDetail(app, first, parts[1]);
  else if (first === 'activities' && parts.length === 1) view = mountActivities(app, params);
  else if (first === 'activities' && parts[1] === 'calendar' && parts.length === 2) view = mountCalendar(app, params);
  else if (first === 'scheduler' && parts.length <= 2) view = mountScheduler(app, parts[1], params);
  else if (first === 'trash' && parts.length === 1) view = mountTrash(app);
  else if (first === 'pipeline' && parts.length === 1) view = mountBoard(app, params);
  else if (first === 'insights' && parts.length === 1) view = mountInsights(app, params);
  else if (first === 'automations' && parts.length === 1) view = mountAutomations(app, params);
  else if (first === 'automations' && parts[1] === 'runs' && parts.length === 2) view = mountRunHistory();
  else if (first === 'automations' && parts[1] === 'new' && parts.length === 2) view = mountWorkflowBuilder(app, null);
  else if (first === 'automations' && parts.length === 2) view = mountWorkflowBuilder(app, parts[1], params.get('tab'));
  else if (AREAS.includes(first) && parts.length === 1) view = mountArea(app, first);
  const found = Boolean(view);
  if (!view) view = mountNotFound();
  currentView = view;

  const area = AREAS.includes(first) && found ? first : null;
  shell.render('activeArea', area);
  shell.render('content', view.el);
  // A search typed in the header belongs to the page it was typed on.
  shell.render('clearSearch');
  shell.render('userMenuOpen', false);
  if (shell.isNavOpen) shell.render('navOpen', false);
  const place = area ? t(`nav.${area}`) : t('notFound.title');
  document.title = `${place} · ${(app.workspace && app.workspace.name) || t('app.name')}`;
  // Moving focus to the new heading tells keyboard and screen reader users the page changed.
  if (!firstRoute) shell.focusMain();
  firstRoute = false;
}

setLanguage(detectLanguage(null));
window.addEventListener('hashchange', () => route());
route();
