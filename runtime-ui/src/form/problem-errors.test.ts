import { describe, expect, it } from 'vitest';
import { placeProblem, pointerSegments, pointerToPath, propertyToPath, toErrorSchema, validationPath, withoutChanged } from './problem-errors.ts';

const known = new Set(['customer', 'lines', 'phone', 'a/b']);

describe('problem pointers on form fields', () => {
  it('splits JSON pointers and unescapes ~1 and ~0', () => {
    expect(pointerSegments('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
    expect(pointerSegments('/')).toEqual([]);
    expect(pointerSegments('')).toEqual([]);
  });

  it('maps body pointers to form paths, lines rows to numbers', () => {
    expect(pointerToPath('/customer', known)).toEqual(['customer']);
    expect(pointerToPath('/lines/1/qty', known)).toEqual(['lines', 1, 'qty']);
    expect(pointerToPath('/fields/phone', known)).toEqual(['phone']);
    expect(pointerToPath('/a~1b', known)).toEqual(['a/b']);
  });

  it('puts what the form does not show on the record itself', () => {
    expect(pointerToPath('/query/limit', known)).toEqual([]);
    expect(pointerToPath('/nosuchfield', known)).toEqual([]);
    expect(pointerToPath('/', known)).toEqual([]);
  });

  it('places each problem; a problem without errors is one record-level message', () => {
    const placed = placeProblem(
      {
        status: 422,
        detail: '2 problems found.',
        errors: [
          { path: '/customer', message: 'no customer record has this id' },
          { path: '/', message: 'A quote cannot expire before it is issued' },
        ],
      },
      known,
    );
    expect(placed).toEqual([
      { path: ['customer'], message: 'no customer record has this id' },
      { path: [], message: 'A quote cannot expire before it is issued' },
    ]);
    expect(placeProblem({ status: 403, title: 'Forbidden', detail: 'You may not change this record.' }, known)).toEqual([
      { path: [], message: 'You may not change this record.' },
    ]);
  });

  it('builds the RJSF error tree for field problems only', () => {
    const schema = toErrorSchema([
      { path: ['customer'], message: 'is required' },
      { path: ['lines', 1, 'qty'], message: 'must be at least 1' },
      { path: ['lines', 1, 'qty'], message: 'must be a number' },
      { path: [], message: 'record-level' },
    ]);
    expect(schema).toEqual({ customer: { __errors: ['is required'] }, lines: { 1: { qty: { __errors: ['must be at least 1', 'must be a number'] } } } });
  });

  it('reads RJSF property paths', () => {
    expect(propertyToPath('.customer')).toEqual(['customer']);
    expect(propertyToPath('.lines.0.price')).toEqual(['lines', 0, 'price']);
    expect(propertyToPath("['first-name']")).toEqual(['first-name']);
    expect(propertyToPath('.lines[2].qty')).toEqual(['lines', 2, 'qty']);
    expect(propertyToPath(undefined)).toEqual([]);
  });

  it('puts a required error on the missing property', () => {
    expect(validationPath({ name: 'required', property: '', params: { missingProperty: 'customer' } })).toEqual(['customer']);
    expect(validationPath({ name: 'required', property: '.customer', params: { missingProperty: 'customer' } })).toEqual(['customer']);
    expect(validationPath({ name: 'required', property: '.lines.0', params: { missingProperty: 'price' } })).toEqual(['lines', 0, 'price']);
    expect(validationPath({ name: 'minimum', property: '.lines.0.qty' })).toEqual(['lines', 0, 'qty']);
  });

  it('drops errors of fields (and lines rows) that changed', () => {
    const errors = [
      { path: ['customer'], message: 'x' },
      { path: ['lines', 0, 'qty'], message: 'y' },
      { path: ['lines', 1, 'qty'], message: 'z' },
      { path: [], message: 'r' },
    ];
    const before = { customer: 'a', lines: [{ qty: 0 }, { qty: 0 }] };
    const after = { customer: 'a', lines: [{ qty: 2 }, { qty: 0 }] };
    expect(withoutChanged(errors, before, after).map((e) => e.message)).toEqual(['x', 'z', 'r']);
    expect(withoutChanged(errors, before, { ...after, customer: 'b' }).map((e) => e.message)).toEqual(['z', 'r']);
  });
});
