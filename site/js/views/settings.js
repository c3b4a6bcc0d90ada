/**
 * Settings (`#/settings/<tab>`): the tabs Profile, Workspace, Pipelines and
 * Lost reasons (read-only for members) and, for admins, Users, Custom fields
 * and Activity types. Each tab is its own view; this one
 * holds the title and the tab bar.
 */
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { mountProfile } from './settings-profile.js';
import { mountWorkspace } from './settings-workspace.js';
import { mountUsers } from './settings-users.js';
import { mountCustomFields } from './settings-custom-fields.js';
import { mountActivityTypes } from './settings-activity-types.js';
import { mountPipelines } from './settings-pipelines.js';
import { mountLostReasons } from './settings-lost-reasons.js';

const TABS = {
  profile: { mount: mountProfile, adminOnly: false },
  workspace: { mount: mountWorkspace, adminOnly: false },
  pipelines: { mount: mountPipelines, adminOnly: false },
  'lost-reasons': { mount: mountLostReasons, adminOnly: false },
  users: { mount: mountUsers, adminOnly: true },
  'custom-fields': { mount: mountCustomFields, adminOnly: true },
  'activity-types': { mount: mountActivityTypes, adminOnly: true },
};

export class SettingsView {
  constructor() {
    this.el = h('section', { class: 'screen settings', 'aria-labelledby': 'settings-title' });
  }

  render(command, data) {
    const commands = {
      frame: () => this._renderFrame(data),
      tab: () => replace(this.panel, data),
    };
    commands[command]();
  }

  bind() {}

  _renderFrame({ tabs, active }) {
    this.panel = h('div', { class: 'settings-panel' });
    replace(this.el,
      h('div', { class: 'page-head' }, h('h1', { class: 'page-title', id: 'settings-title', tabindex: '-1' }, t('settings.title'))),
      h('nav', { class: 'tabs', 'aria-label': t('settings.tabs') },
        tabs.map((tab) => h('a', {
          class: 'tab', href: `#/settings/${tab}`, 'aria-current': tab === active ? 'page' : null,
        }, t(`settings.${tab}`)))),
      this.panel);
  }
}

/** Mounts settings on `tab`; false when there is no such tab for this user. */
export function mountSettings(app, tab) {
  const isAdmin = app.user.role === 'admin';
  const tabs = Object.keys(TABS).filter((name) => isAdmin || !TABS[name].adminOnly);
  if (!TABS[tab]) return null;
  const view = new SettingsView();
  view.render('frame', { tabs, active: tab });
  view.render('tab', TABS[tab].mount(app).el);
  return view;
}
