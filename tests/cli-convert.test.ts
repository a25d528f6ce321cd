import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importJson, importMarkdown } from '../schema/index';
import { normalizeLayout, ownTextFixtures, PROJECT_ROOT, RCM_FIXTURE, sharedFileAvailable } from './helpers/fixtures';

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `accord …` exactly as a user would after `npm ci`. */
function accord(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(PROJECT_ROOT, 'bin', 'accord.js'), ...args],
      { cwd: PROJECT_ROOT },
      (error, stdout, stderr) => {
        resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

const work = mkdtempSync(join(tmpdir(), 'accord-cli-'));
const mixed = ownTextFixtures().find((file) => file.includes('mixed'))!;

describe('accord convert', () => {
  it.skipIf(!sharedFileAvailable(RCM_FIXTURE))('converts the shared fixture to text identical to it', async () => {
    const run = await accord('convert', RCM_FIXTURE, '--to', 'txt');
    expect(run.status).toBe(0);
    expect(normalizeLayout(run.stdout)).toBe(normalizeLayout(readFileSync(RCM_FIXTURE, 'utf8')));
  });

  it('converts to every text format and back', async () => {
    for (const format of ['md', 'json'] as const) {
      const out = join(work, `report.${format}`);
      const run = await accord('convert', mixed, '--to', format, '--out', out);
      expect(run).toMatchObject({ status: 0, stdout: '', stderr: '' });
      const back = await accord('convert', out, '--to', 'txt');
      expect(back.status).toBe(0);
      expect(normalizeLayout(back.stdout)).toBe(normalizeLayout(readFileSync(mixed, 'utf8')));
    }
    expect(importMarkdown(readFileSync(join(work, 'report.md'), 'utf8')).warnings).toEqual([]);
    expect(importJson(readFileSync(join(work, 'report.json'), 'utf8')).warnings).toEqual([]);
  });

  it('converts to Word, PDF and Akoma Ntoso files, and a Word file back to the same text', async () => {
    for (const [format, magic] of [
      ['docx', 'PK'],
      ['pdf', '%PDF-'],
      ['akn', '<?xml'],
    ] as const) {
      const out = join(work, `report.${format}`);
      const run = await accord('convert', mixed, '--to', format, '--out', out);
      expect(run).toMatchObject({ status: 0, stdout: '', stderr: '' });
      expect(readFileSync(out).subarray(0, magic.length).toString('latin1')).toBe(magic);
    }
    const back = await accord('convert', join(work, 'report.docx'), '--to', 'txt');
    expect(back.status).toBe(0);
    // Word numbering keeps the numbers and each list's letter style: DOCX → text is the text again.
    expect(normalizeLayout(back.stdout)).toBe(normalizeLayout(readFileSync(mixed, 'utf8')));
  });

  it('writes an HTML page', async () => {
    const run = await accord('convert', mixed, '--to', 'html');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^<!doctype html>/);
  });

  it('imports numbers out of order with a warning and exports them renumbered', async () => {
    const run = await accord('convert', join(PROJECT_ROOT, 'tests', 'fixtures', 'out-of-order.txt'), '--to', 'txt');
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/out-of-order\.txt: warning: agreement numbers were out of order .*line 4: 3\. → 2\./);
    expect(run.stdout).toContain('2. Adopt the agenda.\n3. Approve');
  });

  const bad = (name: string, content: string | Buffer): string => {
    const path = join(work, name);
    writeFileSync(path, content);
    return path;
  };

  it.each([
    [
      'a missing file',
      () => [join(work, 'missing.txt'), '--to', 'md'],
      /missing\.txt: cannot read the file: no such file/,
    ],
    ['a directory', () => [bad('folder.txt', '') && work, '--to', 'md'], /cannot tell the format/],
    [
      'an unknown extension',
      () => [bad('report.pages', 'x'), '--to', 'md'],
      /report\.pages: cannot tell the format from the extension "\.pages"/,
    ],
    [
      'a binary file named .txt',
      () => [bad('image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2])), '--to', 'md'],
      /image\.txt: this is a binary file/,
    ],
    [
      'text that is not UTF-8',
      () => [bad('latin1.txt', Buffer.from([0x41, 0xe9, 0x41])), '--to', 'md'],
      /latin1\.txt: the file is not valid UTF-8/,
    ],
    ['broken JSON', () => [bad('broken.json', '{"format": "accord-'), '--to', 'txt'], /broken\.json: not valid JSON/],
    [
      'JSON of another kind',
      () => [bad('other.json', '{"name": "x"}'), '--to', 'txt'],
      /other\.json: not an Accord report/,
    ],
    [
      'a truncated .docx',
      () => [bad('report.docx', 'PK\u0003\u0004truncated'), '--to', 'txt'],
      /report\.docx: the DOCX archive is damaged or truncated/,
    ],
    [
      'a text file named .docx',
      () => [bad('letter.docx', 'Dear delegates'), '--to', 'txt'],
      /letter\.docx: not a DOCX file \(it is not a ZIP archive\)/,
    ],
    [
      'an unknown --to',
      () => [mixed, '--to', 'rtf'],
      /--to must be one of txt, md, html, json, docx, pdf, akn, not "rtf"/,
    ],
    ['no input file', () => ['--to', 'md'], /expected one input file/],
    ['an unknown option', () => [mixed, '--to', 'md', '--colour'], /Unknown option '--colour'/],
  ])('refuses %s with exit 2, a message and no output file', async (_name, args, message) => {
    const out = join(work, `never-${Math.random().toString(36).slice(2)}.out`);
    const run = await accord('convert', ...args(), '--out', out);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('an unknown command exits 2 with the usage', async () => {
    const run = await accord('frobnicate');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown command "frobnicate"');
  });
});
