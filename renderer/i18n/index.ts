import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../common/api';
import { en } from './en';
import { ko } from './ko';

export const LANGUAGES: Record<Language, string> = { en: 'English', ko: '한국어' };

export function initI18n(language: Language): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  return i18next;
}

export async function setLanguage(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
