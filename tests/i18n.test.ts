import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../editor/i18n/en';
import { es } from '../editor/i18n/es';
import { fr } from '../editor/i18n/fr';
import { PROJECT_ROOT } from './helpers/fixtures';

/** Every key of a catalogue, `a.b.c`, with its string. */
function flatten(catalogue: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value);
    else for (const [inner, text] of flatten(value as object, `${prefix}${key}.`)) out.set(inner, text);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('the interface in three languages', () => {
  const english = flatten(en);
  for (const [name, catalogue] of [
    ['Spanish', es],
    ['French', fr],
  ] as const) {
    it(`${name} has every key English has, no other, each translated with the same placeholders`, () => {
      const other = flatten(catalogue);
      expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, text] of english) {
        const translated = other.get(key)!;
        expect(translated.trim(), key).not.toBe('');
        expect(placeholders(translated), key).toEqual(placeholders(text));
      }
      // No English phrase left in place by mistake (one word may be the same: "Participants", "Date").
      const same = [...english].filter(
        ([key, text]) =>
          other.get(key) === text &&
          !/^(language|exportMenu)\./.test(key) &&
          /[A-Za-z]{3,}\s+[A-Za-z]{3,}/.test(text.replace(/\{\{\w+\}\}/g, '')),
      );
      expect(same.map(([key]) => key)).toEqual([]);
    });
  }

  it('no component writes interface text itself: every word comes from the catalogues', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.tsx')) files.push(path);
      }
    };
    walk(join(PROJECT_ROOT, 'editor'));
    expect(files.length).toBeGreaterThan(8);
    const found: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, 'utf8')
        // Comments are not interface text.
        .replace(/\{\/\*[\s\S]*?\*\/\}/g, '')
        .replace(/^\s*\/\/.*$/gm, '')
        .replace(/\/\*[\s\S]*?\*\//g, '');
      const checks: [RegExp, string][] = [
        // Text between tags: `>Save version<`.
        // (Not a type's `=> Promise<…>`, nor code between generics: no `;` or `=` in text.)
        [/(?<!=)>([^<>{};=]*[A-Za-z]{2,}[^<>{};=]*)</g, 'text'],
        // Attributes people read or hear.
        [/\b(aria-label|title|placeholder|alt)="([^"]*[A-Za-z]{2,}[^"]*)"/g, 'attribute'],
        // Dialogs the browser shows.
        [/window\.(confirm|prompt|alert)\(\s*['`"]/g, 'dialog'],
      ];
      for (const [pattern, kind] of checks) {
        for (const match of source.matchAll(pattern)) {
          const text = match[0];
          // The product's name is not translated.
          if (/^>\s*Accord\s*<$/.test(text)) continue;
          found.push(`${file.slice(PROJECT_ROOT.length + 1)}: ${kind} ${text.trim().slice(0, 60)}`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
