/**
 * The app shell once signed in: a header with the workspace name and the
 * user menu, the navigation between areas, and the <main> the areas fill.
 * Below 768px the navigation folds behind a menu button.
 */
import { h, qs, qsa, replace, delegate } from '../dom.js';
import { t } from '../i18n.js';
import { icon, logo } from '../icons.js';
import { searchBox, ENTITY_ROUTE } from '../combobox.js';

export const AREAS = ['pipeline', 'leads', 'deals', 'persons', 'organizations', 'activities', 'insights', 'scheduler', 'automations', 'settings', 'trash'];
// Areas drawn after a separator at the foot of the navigation.
const FOOT_AREAS = new Set(['trash']);

/** Up to two initials for the avatar. */
function initials(name) {
  const words = String(name || '').trim().split(/\s+/).filter(Boolean);
  return words.slice(0, 2).map((w) => Array.from(w)[0].toUpperCase()).join('') || '?';
}

export class ShellView {
  constructor() {
    this.el = h('div', { class: 'shell' });
    // Listeners outside this.el (the document) go when the shell does.
    this.listeners = new AbortController();
  }

  destroy() {
    this.listeners.abort();
    this.el.remove();
  }

  render(command, data) {
    const commands = {
      shell: () => this._renderShell(data),
      user: () => this._renderUser(data),
      workspace: () => replace(this.workspaceName, (data && data.name) || t('app.name')),
      activeArea: () => this._setActive(data),
      navOpen: () => this._setNavOpen(data),
      userMenuOpen: () => this._setUserMenuOpen(data),
      content: () => replace(this.main, data),
      clearSearch: () => this.search.clear(),
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'logout') {
      delegate(this.el, '[data-action="logout"]', 'click', () => handler());
    } else if (event === 'toggleNav') {
      delegate(this.el, '[data-action="toggle-nav"]', 'click', () => handler());
    } else if (event === 'toggleUserMenu') {
      delegate(this.el, '[data-action="toggle-user-menu"]', 'click', () => handler());
    } else if (event === 'navigate') {
      // Any followed link inside the shell (nav, brand, user menu) closes the open menus.
      delegate(this.el, 'a[href^="#/"]', 'click', () => handler());
    } else if (event === 'skip') {
      delegate(this.el, '.skip-link', 'click', (e) => {
        e.preventDefault();
        handler();
      });
    } else if (event === 'escape') {
      this.el.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') handler();
      });
    } else if (event === 'search') {
      this.searchHandler = handler;
    } else if (event === 'outsideClick') {
      // composedPath, not target.closest: the clicked node may have been redrawn (detached) meanwhile.
      document.addEventListener('click', (e) => {
        const inside = e.composedPath().some((node) => node instanceof Element && node.matches('.user-menu, .nav-toggle, .sidenav'));
        if (!inside) handler();
      }, { signal: this.listeners.signal });
    }
  }

  _renderShell({ user, workspace }) {
    this.workspaceName = h('span', { class: 'brand-name' });
    this.userButton = h('button', {
      type: 'button', class: 'user-button', 'data-action': 'toggle-user-menu',
      'aria-expanded': 'false', 'aria-controls': 'user-menu-panel',
    });
    this.userPanel = h('div', { id: 'user-menu-panel', class: 'user-panel', hidden: true });
    this.navButton = h('button', {
      type: 'button', class: 'nav-toggle', 'data-action': 'toggle-nav',
      'aria-expanded': 'false', 'aria-controls': 'sidenav',
    }, icon('menu', 'icon-open'), icon('close', 'icon-close'), h('span', { class: 'nav-toggle-label' }, t('shell.menu')));
    this.nav = h('nav', { id: 'sidenav', class: 'sidenav', 'aria-label': t('shell.nav') },
      h('ul', { class: 'nav-list' }, AREAS.map((area) => h('li', { class: FOOT_AREAS.has(area) ? 'nav-foot' : null },
        h('a', { class: 'nav-link', href: `#/${area}`, 'data-area': area },
          icon(area), h('span', {}, t(`nav.${area}`)))))));
    this.search = searchBox({
      label: t('search.label'), placeholder: t('search.placeholder'), className: 'global-search',
      onPick: (item) => {
        this.search.clear();
        if (this.searchHandler) this.searchHandler(`/${ENTITY_ROUTE[item.entity]}/${encodeURIComponent(item.id)}`);
      },
    });
    this.main = h('main', { id: 'main', class: 'main', tabindex: '-1' });

    replace(this.el,
      h('a', { class: 'skip-link', href: '#main' }, t('app.skip')),
      h('header', { class: 'topbar' },
        this.navButton,
        h('a', { class: 'brand', href: '#/pipeline' }, logo(), this.workspaceName),
        h('div', { class: 'topbar-search', role: 'search' }, this.search.el),
        h('div', { class: 'user-menu' }, this.userButton, this.userPanel)),
      h('div', { class: 'layout' }, this.nav, this.main));
    this.render('workspace', workspace);
    this.render('user', user);
  }

  _renderUser(user) {
    replace(this.userButton,
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(user.name)),
      h('span', { class: 'user-name' }, user.name),
      icon('chevron', 'chevron'));
    this.userButton.setAttribute('aria-label', t('shell.userMenu', { name: user.name }));
    replace(this.userPanel,
      h('div', { class: 'user-panel-head' },
        h('p', { class: 'user-panel-name' }, user.name),
        h('p', { class: 'user-panel-email' }, user.email),
        h('p', { class: 'badge' }, t(`role.${user.role}`))),
      h('a', { class: 'user-panel-item', href: '#/settings/profile' }, icon('user'), t('shell.settings')),
      h('button', { type: 'button', class: 'user-panel-item', 'data-action': 'logout' }, icon('logout'), t('shell.logout')));
  }

  _setActive(area) {
    for (const link of qsa('.nav-link', this.nav)) {
      if (link.dataset.area === area) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }

  _setNavOpen(open) {
    this.el.classList.toggle('nav-open', open);
    this.navButton.setAttribute('aria-expanded', String(open));
    if (open) {
      const first = qs('.nav-link[aria-current="page"]', this.nav) || qs('.nav-link', this.nav);
      if (first) first.focus();
    }
  }

  _setUserMenuOpen(open) {
    this.userPanel.hidden = !open;
    this.userButton.setAttribute('aria-expanded', String(open));
    if (open) qs('.user-panel-item', this.userPanel).focus();
  }

  get isNavOpen() {
    return this.el.classList.contains('nav-open');
  }

  get isUserMenuOpen() {
    return !this.userPanel.hidden;
  }

  focusMain() {
    const heading = qs('h1', this.main);
    (heading || this.main).focus();
  }

  focusNavButton() {
    this.navButton.focus();
  }

  focusUserButton() {
    this.userButton.focus();
  }
}
