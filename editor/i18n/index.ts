import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';

/**
 * The interface in English, Spanish or French (i18next with react-i18next: plurals, interpolation and
 * a language detector for browsers, the most used of the three libraries the issue names; Lingui and
 * react-intl would need a compile step or ICU messages for the same). The language comes from the
 * browser unless the person chose one, which is remembered; `<html lang>` follows it, so screen
 * readers and spell-checking use it too. The report's own text is not translated.
 */
export const LANGUAGES = ['en', 'es', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export const resources = { en: { translation: en }, es: { translation: es }, fr: { translation: fr } };

export function startI18n(): typeof i18next {
  void i18next
    .use(LanguageDetector)
    .use(initReactI18next)
    .init({
      resources,
      fallbackLng: 'en',
      supportedLngs: [...LANGUAGES],
      nonExplicitSupportedLngs: true,
      load: 'languageOnly',
      interpolation: { escapeValue: false },
      detection: {
        order: ['localStorage', 'navigator'],
        caches: ['localStorage'],
        lookupLocalStorage: 'accord:language',
      },
    });
  const follow = (language: string) => {
    document.documentElement.lang = language.slice(0, 2);
  };
  follow(i18next.resolvedLanguage ?? 'en');
  i18next.on('languageChanged', follow);
  return i18next;
}
