/**
 * French (default) and English. Every string the UI shows comes from here
 * through t(key, params); `{name}` placeholders are filled from params.
 * The record screens' strings live in i18n-records.js, the pipeline
 * screens' in i18n-pipeline.js, the automations' in i18n-automations.js,
 * files' and the client portal's in i18n-portal.js; all are merged in.
 */
import { fr as schedulerFr, en as schedulerEn } from './i18n-scheduler.js';
import { fr as recordsFr, en as recordsEn } from './i18n-records.js';
import { fr as pipelineFr, en as pipelineEn } from './i18n-pipeline.js';
import { fr as automationsFr, en as automationsEn } from './i18n-automations.js';
import { fr as portalFr, en as portalEn } from './i18n-portal.js';

const fr = {
  'app.name': 'CRM',
  'app.skip': 'Aller au contenu',
  'app.loading': 'Chargement…',
  'app.saving': 'Enregistrement…',

  'errors.network': 'Impossible de joindre le serveur. Vérifiez votre connexion puis réessayez.',
  'errors.generic': 'Une erreur est survenue. Réessayez.',
  'errors.conflict': 'Quelqu’un a modifié ces informations entre-temps. Rechargez pour voir la dernière version.',
  'errors.forbidden': 'Vous n’avez pas les droits nécessaires pour cette action.',
  'errors.notFound': 'Élément introuvable.',
  'errors.tooLarge': 'La requête est trop volumineuse.',
  'errors.tooMany': 'Trop de tentatives. Réessayez dans quelques minutes.',
  'errors.invalid': 'Certaines valeurs ne sont pas valides. Corrigez les champs signalés.',
  'errors.reload': 'Recharger',
  'errors.required': 'Ce champ est obligatoire.',

  'login.title': 'Connexion',
  'login.subtitle': 'Accédez à l’espace de travail de votre équipe.',
  'login.email': 'E-mail',
  'login.password': 'Mot de passe',
  'login.submit': 'Se connecter',
  'login.submitting': 'Connexion…',
  'login.invalid': 'E-mail ou mot de passe incorrect.',
  'login.sessionExpired': 'Votre session a expiré. Reconnectez-vous pour continuer.',
  'login.loggedOut': 'Vous êtes déconnecté.',
  'login.forgot': 'Mot de passe oublié ?',
  'login.tooMany': 'Trop de tentatives de connexion. Réessayez dans quelques minutes, ou choisissez dès maintenant un nouveau mot de passe.',
  'login.resetNow': 'Choisir un nouveau mot de passe',

  'forgot.title': 'Mot de passe oublié',
  'forgot.subtitle': 'Saisissez l’e-mail de votre compte : vous recevrez un lien pour choisir un nouveau mot de passe.',
  'forgot.email': 'E-mail',
  'forgot.submit': 'Envoyer le lien',
  'forgot.submitting': 'Envoi…',
  'forgot.emailInvalid': 'Saisissez une adresse e-mail complète, par exemple nom@exemple.fr.',
  'forgot.tooMany': 'Trop de demandes. Réessayez un peu plus tard.',
  'forgot.back': 'Retour à la connexion',
  'forgot.sentTitle': 'Vérifiez votre boîte mail',
  'forgot.sentText': 'Si un compte utilise l’adresse {email}, un lien pour choisir un nouveau mot de passe est en route. Il est valable une heure.',
  'forgot.sentHint': 'Rien reçu d’ici quelques minutes ? Regardez dans les courriers indésirables et vérifiez l’adresse.',
  'forgot.again': 'Essayer une autre adresse',

  'reset.title': 'Nouveau mot de passe',
  'reset.subtitle': 'Choisissez un nouveau mot de passe pour le compte {email}.',
  'reset.password': 'Nouveau mot de passe',
  'reset.confirm': 'Confirmez le mot de passe',
  'reset.sessions': 'Vous serez déconnecté de vos autres appareils.',
  'reset.submit': 'Enregistrer et se connecter',
  'reset.invalid': 'Ce lien n’est plus valable',
  'reset.invalidText': 'Un lien pour changer de mot de passe ne sert qu’une fois, pendant une heure, et seul le dernier envoyé fonctionne. Demandez-en un nouveau.',
  'reset.askAgain': 'Demander un nouveau lien',
  'reset.toLogin': 'Aller à la connexion',

  'shell.menu': 'Menu',
  'shell.nav': 'Navigation principale',
  'shell.userMenu': 'Menu de {name}',
  'shell.logout': 'Se déconnecter',
  'shell.settings': 'Mon profil',

  'role.admin': 'Administrateur',
  'role.member': 'Membre',
  'status.active': 'Actif',
  'status.invited': 'Invité',
  'status.disabled': 'Désactivé',

  'nav.pipeline': 'Pipeline',
  'nav.persons': 'Personnes',
  'nav.organizations': 'Organisations',
  'nav.activities': 'Activités',
  'nav.scheduler': 'Rendez-vous',
  'nav.automations': 'Automatisations',
  'nav.settings': 'Paramètres',

  'area.soon': 'Cette section arrive bientôt.',
  'area.scheduler': 'Des liens de réservation publics pour que vos clients choisissent eux-mêmes un créneau libre.',

  'notFound.title': 'Page introuvable',
  'notFound.text': 'Cette adresse ne correspond à aucune page de l’application.',
  'notFound.back': 'Retour au pipeline',

  'settings.title': 'Paramètres',
  'settings.tabs': 'Sections des paramètres',
  'settings.profile': 'Profil',
  'settings.workspace': 'Espace de travail',
  'settings.users': 'Utilisateurs',

  'profile.heading': 'Votre profil',
  'profile.intro': 'Votre nom, votre langue et votre fuseau horaire pour l’affichage des dates.',
  'profile.name': 'Nom',
  'profile.email': 'E-mail',
  'profile.language': 'Langue',
  'profile.timezone': 'Fuseau horaire',
  'profile.save': 'Enregistrer',
  'profile.saved': 'Profil enregistré.',

  'password.heading': 'Mot de passe',
  'password.intro': 'Choisissez un mot de passe d’au moins {min} caractères.',
  'password.current': 'Mot de passe actuel',
  'password.new': 'Nouveau mot de passe',
  'password.confirm': 'Confirmez le nouveau mot de passe',
  'password.submit': 'Changer le mot de passe',
  'password.changed': 'Mot de passe modifié.',
  'password.mismatch': 'Les deux mots de passe ne correspondent pas.',
  'password.tooShort': 'Au moins {min} caractères.',
  'password.wrongCurrent': 'Le mot de passe actuel est incorrect.',
  'password.weak': 'Ce mot de passe est trop facile à deviner : évitez les répétitions.',

  'workspace.heading': 'Espace de travail',
  'workspace.intro': 'Les réglages communs à toute l’équipe.',
  'workspace.name': 'Nom de l’espace',
  'workspace.currency': 'Devise par défaut',
  'workspace.currencyHint': 'Code ISO à trois lettres, par exemple EUR ou CHF.',
  'workspace.currencyInvalid': 'Saisissez un code ISO de trois lettres, par exemple EUR.',
  'workspace.language': 'Langue des contenus par défaut',
  'workspace.languageHint': 'Utilisée pour les étapes et les modèles créés par défaut.',
  'workspace.save': 'Enregistrer',
  'workspace.saved': 'Espace de travail enregistré.',
  'workspace.readOnly': 'Seuls les administrateurs peuvent modifier ces réglages.',

  'users.heading': 'Utilisateurs',
  'users.intro': 'Les membres de l’équipe, leur rôle et leur accès.',
  'users.adminOnly': 'Seuls les administrateurs peuvent gérer les utilisateurs.',
  'users.name': 'Nom',
  'users.email': 'E-mail',
  'users.role': 'Rôle',
  'users.status': 'Statut',
  'users.actions': 'Actions',
  'users.roleOf': 'Rôle de {name}',
  'users.you': 'vous',
  'users.deactivate': 'Désactiver',
  'users.reactivate': 'Réactiver',
  'users.deactivateOf': 'Désactiver {name}',
  'users.reactivateOf': 'Réactiver {name}',
  'users.updated': '{name} a été mis à jour.',
  'users.loadMore': 'Afficher plus',
  'users.empty': 'Aucun utilisateur pour l’instant.',
  'users.inviteHeading': 'Inviter un utilisateur',
  'users.inviteIntro': 'La personne reçoit un e-mail pour choisir son mot de passe.',
  'users.inviteSubmit': 'Envoyer l’invitation',
  'users.invited': 'Invitation envoyée à {email}.',
  'users.invitedMailFailed': '{name} fait partie de l’équipe, mais l’e-mail d’invitation à {email} n’a pas pu être envoyé.',
  'users.linkValid': 'Lien valable jusqu’au {date}',
  'users.linkExpired': 'Lien expiré depuis le {date}',
  'users.mailFailed': 'E-mail non envoyé',
  'users.resend': 'Renvoyer l’invitation',
  'users.resendOf': 'Renvoyer l’invitation à {name}',
  'users.withdraw': 'Retirer l’invitation',
  'users.withdrawOf': 'Retirer l’invitation de {name}',
  'users.resent': 'Nouvelle invitation envoyée à {email}. Le lien précédent ne fonctionne plus.',
  'users.resendFailed': 'L’e-mail d’invitation à {email} n’a pas pu être envoyé. Vérifiez la configuration de l’envoi des e-mails, puis renvoyez l’invitation.',
  'users.withdrawTitle': 'Retirer l’invitation ?',
  'users.withdrawText': '{name} ({email}) ne pourra plus rejoindre l’espace avec le lien reçu. Vous pourrez l’inviter à nouveau plus tard.',
  'users.withdrawn': 'L’invitation de {email} a été retirée.',
  'users.alreadyJoined': '{name} a déjà accepté l’invitation.',

  'invite.title': 'Rejoindre {workspace}',
  'invite.subtitle': 'Vous avez été invité avec l’adresse {email}. Choisissez votre nom et un mot de passe.',
  'invite.name': 'Votre nom',
  'invite.password': 'Mot de passe',
  'invite.confirm': 'Confirmez le mot de passe',
  'invite.submit': 'Rejoindre l’espace',
  'invite.invalid': 'Cette invitation n’est plus valable',
  'invite.invalidText': 'Elle a peut-être expiré ou déjà été utilisée. Demandez une nouvelle invitation à un administrateur.',
  'invite.toLogin': 'Aller à la connexion',

  'lang.fr': 'Français',
  'lang.en': 'English',
};

const en = {
  'app.name': 'CRM',
  'app.skip': 'Skip to content',
  'app.loading': 'Loading…',
  'app.saving': 'Saving…',

  'errors.network': 'Can’t reach the server. Check your connection and try again.',
  'errors.generic': 'Something went wrong. Please try again.',
  'errors.conflict': 'Someone changed this in the meantime. Reload to see the latest version.',
  'errors.forbidden': 'You don’t have permission to do this.',
  'errors.notFound': 'Not found.',
  'errors.tooLarge': 'The request is too large.',
  'errors.tooMany': 'Too many attempts. Try again in a few minutes.',
  'errors.invalid': 'Some values are not valid. Please fix the highlighted fields.',
  'errors.reload': 'Reload',
  'errors.required': 'This field is required.',

  'login.title': 'Sign in',
  'login.subtitle': 'Access your team’s workspace.',
  'login.email': 'Email',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.invalid': 'Incorrect email or password.',
  'login.sessionExpired': 'Your session has expired. Sign in again to continue.',
  'login.loggedOut': 'You are signed out.',
  'login.forgot': 'Forgot password?',
  'login.tooMany': 'Too many sign-in attempts. Try again in a few minutes, or choose a new password now.',
  'login.resetNow': 'Choose a new password',

  'forgot.title': 'Forgot your password?',
  'forgot.subtitle': 'Enter your account’s email: you’ll get a link to choose a new password.',
  'forgot.email': 'Email',
  'forgot.submit': 'Send the link',
  'forgot.submitting': 'Sending…',
  'forgot.emailInvalid': 'Enter a complete email address, for example name@example.com.',
  'forgot.tooMany': 'Too many requests. Please try again a little later.',
  'forgot.back': 'Back to sign in',
  'forgot.sentTitle': 'Check your inbox',
  'forgot.sentText': 'If an account uses {email}, a link to choose a new password is on its way. It is valid for one hour.',
  'forgot.sentHint': 'Nothing after a few minutes? Look in your spam folder and check the address.',
  'forgot.again': 'Try another address',

  'reset.title': 'New password',
  'reset.subtitle': 'Choose a new password for the account {email}.',
  'reset.password': 'New password',
  'reset.confirm': 'Confirm the password',
  'reset.sessions': 'You will be signed out on your other devices.',
  'reset.submit': 'Save and sign in',
  'reset.invalid': 'This link is no longer valid',
  'reset.invalidText': 'A link to change your password works once, for one hour, and only the latest one sent. Ask for a new one.',
  'reset.askAgain': 'Ask for a new link',
  'reset.toLogin': 'Go to sign in',

  'shell.menu': 'Menu',
  'shell.nav': 'Main navigation',
  'shell.userMenu': 'Menu for {name}',
  'shell.logout': 'Log out',
  'shell.settings': 'My profile',

  'role.admin': 'Admin',
  'role.member': 'Member',
  'status.active': 'Active',
  'status.invited': 'Invited',
  'status.disabled': 'Deactivated',

  'nav.pipeline': 'Pipeline',
  'nav.persons': 'Persons',
  'nav.organizations': 'Organizations',
  'nav.activities': 'Activities',
  'nav.scheduler': 'Scheduler',
  'nav.automations': 'Automations',
  'nav.settings': 'Settings',

  'area.soon': 'This area is on its way.',
  'area.scheduler': 'Public booking links so your clients can pick a free slot themselves.',

  'notFound.title': 'Page not found',
  'notFound.text': 'This address does not match any page of the app.',
  'notFound.back': 'Back to the pipeline',

  'settings.title': 'Settings',
  'settings.tabs': 'Settings sections',
  'settings.profile': 'Profile',
  'settings.workspace': 'Workspace',
  'settings.users': 'Users',

  'profile.heading': 'Your profile',
  'profile.intro': 'Your name, your language and the time zone used to show dates.',
  'profile.name': 'Name',
  'profile.email': 'Email',
  'profile.language': 'Language',
  'profile.timezone': 'Time zone',
  'profile.save': 'Save',
  'profile.saved': 'Profile saved.',

  'password.heading': 'Password',
  'password.intro': 'Choose a password of at least {min} characters.',
  'password.current': 'Current password',
  'password.new': 'New password',
  'password.confirm': 'Confirm the new password',
  'password.submit': 'Change password',
  'password.changed': 'Password changed.',
  'password.mismatch': 'The two passwords don’t match.',
  'password.tooShort': 'At least {min} characters.',
  'password.wrongCurrent': 'The current password is incorrect.',
  'password.weak': 'This password is too easy to guess: avoid repeating characters.',

  'workspace.heading': 'Workspace',
  'workspace.intro': 'Settings shared by the whole team.',
  'workspace.name': 'Workspace name',
  'workspace.currency': 'Default currency',
  'workspace.currencyHint': 'Three-letter ISO code, for example EUR or USD.',
  'workspace.currencyInvalid': 'Enter a three-letter ISO code, for example EUR.',
  'workspace.language': 'Language for defaults',
  'workspace.languageHint': 'Used for the stages and templates created by default.',
  'workspace.save': 'Save',
  'workspace.saved': 'Workspace saved.',
  'workspace.readOnly': 'Only admins can change these settings.',

  'users.heading': 'Users',
  'users.intro': 'The members of your team, their role and their access.',
  'users.adminOnly': 'Only admins can manage users.',
  'users.name': 'Name',
  'users.email': 'Email',
  'users.role': 'Role',
  'users.status': 'Status',
  'users.actions': 'Actions',
  'users.roleOf': 'Role of {name}',
  'users.you': 'you',
  'users.deactivate': 'Deactivate',
  'users.reactivate': 'Reactivate',
  'users.deactivateOf': 'Deactivate {name}',
  'users.reactivateOf': 'Reactivate {name}',
  'users.updated': '{name} was updated.',
  'users.loadMore': 'Show more',
  'users.empty': 'No users yet.',
  'users.inviteHeading': 'Invite a user',
  'users.inviteIntro': 'They get an email to choose their password.',
  'users.inviteSubmit': 'Send invitation',
  'users.invited': 'Invitation sent to {email}.',
  'users.invitedMailFailed': '{name} was added to the team, but the invitation email to {email} could not be sent.',
  'users.linkValid': 'Link valid until {date}',
  'users.linkExpired': 'Link expired on {date}',
  'users.mailFailed': 'Email not sent',
  'users.resend': 'Resend invitation',
  'users.resendOf': 'Resend the invitation to {name}',
  'users.withdraw': 'Withdraw invitation',
  'users.withdrawOf': 'Withdraw the invitation of {name}',
  'users.resent': 'New invitation sent to {email}. The previous link no longer works.',
  'users.resendFailed': 'The invitation email to {email} could not be sent. Check the email settings, then resend the invitation.',
  'users.withdrawTitle': 'Withdraw the invitation?',
  'users.withdrawText': '{name} ({email}) will no longer be able to join with the link they received. You can invite them again later.',
  'users.withdrawn': 'The invitation of {email} was withdrawn.',
  'users.alreadyJoined': '{name} has already accepted the invitation.',

  'invite.title': 'Join {workspace}',
  'invite.subtitle': 'You were invited with the address {email}. Choose your name and a password.',
  'invite.name': 'Your name',
  'invite.password': 'Password',
  'invite.confirm': 'Confirm the password',
  'invite.submit': 'Join the workspace',
  'invite.invalid': 'This invitation is no longer valid',
  'invite.invalidText': 'It may have expired or been used already. Ask an admin for a new invitation.',
  'invite.toLogin': 'Go to sign in',

  'lang.fr': 'Français',
  'lang.en': 'English',
};
// The scheduler's and the booking pages' strings live in i18n-scheduler.js.
Object.assign(fr, schedulerFr);
Object.assign(en, schedulerEn);

Object.assign(fr, recordsFr, pipelineFr, automationsFr, portalFr);
Object.assign(en, recordsEn, pipelineEn, automationsEn, portalEn);

// French typography: the space before ? ! : ; » and after « never breaks (no "?" alone on a line).
for (const [key, text] of Object.entries(fr)) fr[key] = text.replace(/ ([?!:;»])/g, '\u00a0$1').replace(/« /g, '«\u00a0');
// A count stays with its noun ("1 affaire", "3 activities"), in both languages.
for (const dictionary of [fr, en]) {
  for (const [key, text] of Object.entries(dictionary)) dictionary[key] = text.replace(/\{n\} /g, '{n}\u00a0');
}

const dictionaries = { fr, en };
export const LANGUAGES = ['fr', 'en'];

let current = 'fr';

/** The language to use: the user's own, else the browser's (English or French). */
export function detectLanguage(user) {
  if (user && LANGUAGES.includes(user.language)) return user.language;
  const browser = (navigator.language || '').toLowerCase();
  return browser.startsWith('en') ? 'en' : 'fr';
}

/** Switches the UI language and the document's `lang`. */
export function setLanguage(lang) {
  current = LANGUAGES.includes(lang) ? lang : 'fr';
  document.documentElement.lang = current;
}

export function getLanguage() {
  return current;
}

/** True when `key` has a text in the UI's language (for keys built from data, such as an event name). */
export function hasText(key) {
  return Object.hasOwn(dictionaries[current], key);
}

/** Keys one language has and the other lacks, as {fr: [...], en: [...]} (what each one lacks). */
export function missingTranslations() {
  const lacking = (dictionary, other) => Object.keys(other).filter((key) => !Object.hasOwn(dictionary, key));
  return { fr: lacking(fr, en), en: lacking(en, fr) };
}

/**
 * The UI string for `key`, with `{placeholders}` filled from `params`.
 * A key without a text in the UI's language is a bug: it is reported on the
 * console (the browser tests fail on console errors) and shows as ⟦key⟧, or
 * as the French text when only English lacks it.
 */
export function t(key, params) {
  let text = dictionaries[current][key];
  if (text === undefined) {
    console.error(`i18n: no ${current} text for "${key}"`);
    text = fr[key] ?? `⟦${key}⟧`;
  }
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

/** The plural form of `key` for `n` (`key.one` or `key.other`); `{n}` is filled in too. */
export function tn(key, n, params) {
  // French counts 0 and 1 as singular, English only 1.
  const one = current === 'fr' ? Math.abs(n) < 2 : n === 1;
  return t(`${key}.${one ? 'one' : 'other'}`, { ...params, n });
}
