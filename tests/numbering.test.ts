import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  agreementLabel,
  parseAgreementLabel,
  parseSubItemLabel,
  parseSubItemLetters,
  SUB_ITEM_STYLES,
  subItemLabel,
  subItemLetters,
} from '../schema/index';

describe('agreement labels', () => {
  it.each([
    [1, '1.'],
    [9, '9.'],
    [10, '10.'],
    [2000, '2000.'],
  ])('%i → %s and back', (number, label) => {
    expect(agreementLabel(number)).toBe(label);
    expect(parseAgreementLabel(label)).toBe(number);
  });

  it('reads the N) form too', () => {
    expect(parseAgreementLabel('7)')).toBe(7);
  });

  it.each(['', '0.', '-1.', '1', 'a.', '1.5.', ' 1.'])('refuses %j', (label) => {
    expect(parseAgreementLabel(label)).toBeNull();
  });

  it('refuses to label position 0 or a fraction', () => {
    expect(() => agreementLabel(0)).toThrow(RangeError);
    expect(() => agreementLabel(1.5)).toThrow(RangeError);
  });
});

describe('sub-item letters', () => {
  it.each([
    [1, 'a'],
    [2, 'b'],
    [25, 'y'],
    [26, 'z'],
    [27, 'aa'],
    [28, 'ab'],
    [52, 'az'],
    [53, 'ba'],
    [702, 'zz'],
    [703, 'aaa'],
  ])('%i → %s and back', (index, letters) => {
    expect(subItemLetters(index)).toBe(letters);
    expect(parseSubItemLetters(letters)).toBe(index);
  });

  it.each([
    [3, 'a.', 'c.'],
    [3, 'a)', 'c)'],
    [3, '(a)', '(c)'],
    [27, '(a)', '(aa)'],
    [26, 'a)', 'z)'],
  ] as const)('sub-item %i in style %s is %s', (index, style, label) => {
    expect(subItemLabel(index, style)).toBe(label);
    expect(parseSubItemLabel(label)).toEqual({ index, style });
  });

  it.each(['', 'A.', '(a', 'a', 'a.)', '(a).', '1.', 'ä.'])('refuses %j', (label) => {
    expect(parseSubItemLabel(label)).toBeNull();
  });

  it('label → index → label is the identity for every style', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.constantFrom(...SUB_ITEM_STYLES), (index, style) => {
        const label = subItemLabel(index, style);
        const parsed = parseSubItemLabel(label);
        expect(parsed).toEqual({ index, style });
        expect(subItemLabel(parsed!.index, parsed!.style)).toBe(label);
      }),
    );
  });

  it('consecutive indices give distinct letters in CSS lower-alpha order', () => {
    const letters = Array.from({ length: 800 }, (_, i) => subItemLetters(i + 1));
    expect(new Set(letters).size).toBe(800);
    // Shorter sequences come first, then alphabetical: the order Word and browsers count in.
    const sorted = [...letters].sort((a, b) => a.length - b.length || a.localeCompare(b));
    expect(letters).toEqual(sorted);
  });
});
