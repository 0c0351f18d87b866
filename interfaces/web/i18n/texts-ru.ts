import { WEB_PAGES_RU } from './pages-texts-ru.ts';

/**
 * The web admin's texts in Russian, its default language. Placeholders are `{name}`; the values are text, escaped
 * by the templates like everything else. Every other language lists the same keys (`WebTexts`).
 */
export const WEB_RU = {
  // The pages of admin-pages (Telegram users, servers, audit log, import): their own file.
  ...WEB_PAGES_RU,
  appName: 'TBot',
  skipToContent: 'К содержимому',
  navDashboard: 'Обзор',
  navEmployees: 'Сотрудники',
  navMain: 'Разделы',
  signedInAs: 'Вы: {username} ({role})',
  signOut: 'Выйти',
  changePassword: 'Сменить пароль',
  language: 'Язык',
  switchToOther: 'English',
  signInTitle: 'Вход',
  username: 'Имя пользователя',
  password: 'Пароль',
  signIn: 'Войти',
  signInFailed: 'Неверное имя пользователя или пароль.',
  signInThrottled: 'Слишком много неудачных попыток входа: повторите через {seconds} с.',
  sessionExpired: 'Сеанс истёк: войдите снова.',
  signedOut: 'Вы вышли.',
  passwordTitle: 'Смена пароля',
  currentPassword: 'Текущий пароль',
  newPassword: 'Новый пароль',
  newPasswordHint: 'Не короче {min} символов.',
  savePassword: 'Сменить пароль',
  currentPasswordWrong: 'Текущий пароль неверен.',
  passwordChanged: 'Пароль изменён: войдите с новым паролем.',
  fieldRequired: 'Заполните это поле.',
  fieldTooShort: 'Не короче {min} символов.',
  fieldTooLong: 'Не длиннее {max} символов.',
  fieldInvalid: 'Неверное значение.',
  formHasErrors: 'Исправьте отмеченные поля.',
  forbiddenTitle: 'Нет доступа',
  forbidden: 'Этот раздел недоступен для вашей роли ({role}).',
  csrfRefused: 'Запрос отклонён: устарела форма или нет токена защиты (CSRF). Обновите страницу и повторите.',
  notFoundTitle: 'Не найдено',
  notFound: 'Такой страницы нет.',
  errorTitle: 'Ошибка',
  serverError:
    'Что-то пошло не так. Повторите позже; если не пройдёт, сообщите в ИТ-отдел (запрос {requestId}).',
  tooManyRequests: 'Слишком много запросов: повторите через {seconds} с.',
  dashboardTitle: 'Обзор',
  monitoringBoard: 'Мониторинг',
  openIncidents: 'Открытые инциденты',
  projectionLag: 'Проекции',
  clusterNodes: 'Узлы кластера',
  nothingHere: 'Пусто.',
} as const;

export type WebTextKey = keyof typeof WEB_RU;
export type WebTexts = Readonly<Record<WebTextKey, string>>;
