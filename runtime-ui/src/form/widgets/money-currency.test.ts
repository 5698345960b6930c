import { describe, expect, it } from 'vitest';
import type { UiEntity } from '@loom/metadata';
import { field } from '../../__tests__/test-bundle.ts';
import { currencyChoices } from './MoneyInput.tsx';
import { startingCurrency } from './money-currency.ts';

const amount = field('amount', 'money');
const deposit = field('deposit', 'money');
const fee = field('fee', 'money');
const contract = { name: 'contract', fields: { amount, deposit, fee, note: field('note', 'json') } } as unknown as UiEntity;

describe('the currency a money input starts with', () => {
  it("uses the field's default, else the first currency it allows", () => {
    expect(startingCurrency(field('a', 'money', { currency: 'EUR' }), contract, { amount: { amount: '1', currency: 'USD' } })).toBe('EUR');
    expect(startingCurrency(field('a', 'money', { currencies: ['HKD', 'CNY'] }), contract, {})).toBe('HKD');
  });

  it("else the currency the record's other money values agree on", () => {
    expect(startingCurrency(deposit, contract, { amount: { amount: '100', currency: 'USD' }, deposit: { amount: '' } })).toBe('USD');
    expect(startingCurrency(deposit, contract, { amount: { amount: '100', currency: 'USD' }, fee: { amount: '3', currency: 'USD' } })).toBe('USD');
  });

  it('else none: never a guessed currency', () => {
    expect(startingCurrency(deposit, contract, {})).toBeUndefined();
    // Two currencies in the record: which one the deposit is in is the user's to say.
    expect(startingCurrency(deposit, contract, { amount: { amount: '100', currency: 'USD' }, fee: { amount: '3', currency: 'CNY' } })).toBeUndefined();
    // Its own earlier value does not count, nor values of fields that are not money.
    expect(startingCurrency(deposit, contract, { deposit: { currency: 'JPY' }, note: { currency: 'GBP' } })).toBeUndefined();
  });

  it('offers the starting currency first when the field has no list', () => {
    expect(currencyChoices(undefined, 'USD', undefined)[0]).toBe('USD');
    expect(currencyChoices(['CNY'], undefined, 'EUR')).toEqual(['CNY', 'EUR']);
  });
});
