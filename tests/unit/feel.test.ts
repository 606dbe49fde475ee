// engine/feel: FEEL as Zeebe 8.3+ evaluates it. Expectations come from docs.camunda.io:
//  - expressions:     https://docs.camunda.io/docs/8.3/components/concepts/expressions/
//  - null handling:   https://docs.camunda.io/docs/components/modeler/feel/language-guide/feel-error-handling/
//  - built-ins:       https://docs.camunda.io/docs/8.4/components/modeler/feel/builtin-functions/feel-built-in-functions-<kind>/
//                     (<kind> = boolean, string, list, numeric, context, temporal, conversion)
//  - temporal values: https://docs.camunda.io/docs/8.3/components/modeler/feel/language-guide/feel-temporal-expressions/
// and, for what Zeebe stores for a temporal result, Zeebe's FeelToMessagePackTransformer.
import { describe, expect, it } from 'vitest';
import { compileFeel } from '../../engine/feel/compile.js';
import { evaluateFeel, feelSyntaxError, toExpression, type FeelResult, type FeelValue } from '../../engine/feel/index.js';

const vars: Record<string, FeelValue> = {
  x: 5,
  nothing: null,
  name: 'Ann',
  blank: '   ',
  order: { id: 'o-1', total: 10.5, customer: { name: 'Bo', vip: true } },
  items: [
    { name: 'a', price: 5 },
    { name: 'b', price: 20 },
    { name: 'c', price: 30 },
  ],
  tags: ['x', 'y'],
  day: '2024-01-31',
};

function value(source: string, variables: Record<string, FeelValue> = vars): FeelValue {
  const result = evaluateFeel(source, variables);
  if (!result.ok) throw new Error(`expected '${source}' to evaluate, but: ${result.message}`);
  return result.value;
}

function failure(source: string, variables: Record<string, FeelValue> = vars): string {
  const result: FeelResult = evaluateFeel(source, variables);
  if (result.ok) throw new Error(`expected '${source}' to fail, but it gave ${JSON.stringify(result.value)}`);
  return result.message;
}

describe('toExpression', () => {
  // docs 8.3 concepts/expressions: "Expressions always start with an equals sign (=)"
  it('treats a value starting with = as FEEL and anything else as static', () => {
    expect(toExpression('=order.total > 100')).toEqual({ kind: 'feel', source: 'order.total > 100' });
    expect(toExpression('= x ')).toEqual({ kind: 'feel', source: 'x' });
    expect(toExpression('PT2H')).toEqual({ kind: 'static', value: 'PT2H' });
    expect(toExpression(' =x')).toEqual({ kind: 'static', value: ' =x' });
  });

  it('keeps a lone = static (Zeebe matches "=(.+)")', () => {
    expect(toExpression('=')).toEqual({ kind: 'static', value: '=' });
  });
});

describe('feelSyntaxError', () => {
  it.each([
    'x > 1',
    'a.b = "x"',
    'count(items) > 0',
    'get or else(x, 1)',
    'get or else(value: x, default: 1)',
    'is defined(x)',
    'date and time("2024-01-01T00:00:00Z")',
    '@"2024-01-01T10:00:00@Europe/Berlin"',
    '{a: 1, b: [1,2]}',
    'if x then 1 else 2',
    'for i in 1..3 return i',
    'some i in items satisfies i.price > 10',
    'items[price > 10].name',
    'x in [1..10]',
    'x between 1 and 5',
    '`first name` = "Ann"',
    'last day of month(date(day))',
    'string join(tags, ", ", "[", "]")',
    '// a comment\nx > 1',
  ])('accepts %s', (source) => {
    expect(feelSyntaxError(source)).toBeUndefined();
  });

  it('names the position of an incomplete expression', () => {
    expect(feelSyntaxError('x >')).toBe('unexpected end of expression at position 4 (incomplete comparison)');
    expect(feelSyntaxError('(')).toBe('unexpected end of expression at position 2 (incomplete parenthesized expression)');
  });

  it('names an unexpected token and where it is', () => {
    expect(feelSyntaxError('a ==== b')).toBe("unexpected '=' at position 4");
    expect(feelSyntaxError('a == b')).toBe("unexpected '=' at position 4");
    expect(feelSyntaxError('1 2')).toBe("unexpected '2' at position 3");
    expect(feelSyntaxError('> 5')).toBe("unexpected '>' at position 1");
  });

  it('rejects an empty expression', () => {
    expect(feelSyntaxError('')).toBe('expression is empty');
    expect(feelSyntaxError('  ')).toBe('expression is empty');
  });

  it('reports parse errors from evaluateFeel with Zeebe’s prefix', () => {
    expect(failure('x >')).toBe("failed to parse expression 'x >': unexpected end of expression at position 4 (incomplete comparison)");
  });
});

describe('conditions and null-friendliness (feel-error-handling: "if something goes wrong, return null")', () => {
  it('evaluates comparisons and boolean logic', () => {
    expect(value('x > 1')).toBe(true);
    expect(value('x > 1 and order.total < 10')).toBe(false);
    expect(value('x > 10 or order.customer.vip')).toBe(true);
    expect(value('name = "Ann"')).toBe(true);
    expect(value('x != 5')).toBe(false);
    expect(value('x in [1..10]')).toBe(true);
    expect(value('x between 6 and 9')).toBe(false);
    expect(value('not(order.customer.vip)')).toBe(false);
  });

  it('gives null for a missing variable in a comparison', () => {
    expect(value('missing > 1')).toBeNull();
    expect(value('missing = 1')).toBe(false);
  });

  it('treats a missing variable as null in a null check', () => {
    expect(value('missing = null')).toBe(true);
    expect(value('nothing = null')).toBe(true);
    expect(value('missing != null')).toBe(false);
  });

  it('gives null for a missing property, also deep in a path', () => {
    // docs example: a.b > 10 // null
    expect(value('a.b > 10')).toBeNull();
    expect(value('order.missing')).toBeNull();
    expect(value('order.customer.missing.deeper')).toBeNull();
  });

  it('gives null for an unknown function and for type mismatches', () => {
    expect(value('unknownFunction(1)')).toBeNull();
    expect(value('"a" + 1')).toBeNull();
    expect(value('x > "a"')).toBeNull();
    expect(value('x = "5"')).toBeNull();
  });

  it('uses null in three-valued logic', () => {
    expect(value('missing > 1 and false')).toBe(false);
    expect(value('missing > 1 or true')).toBe(true);
    expect(value('missing > 1 and true')).toBeNull();
  });

  it('does not let a variable hide a built-in function of the same name', () => {
    // FEEL looks functions up apart from variables: a variable `count` leaves count() alone
    expect(value('count(items) + sum(items.price)', { ...vars, count: 10, sum: 1 })).toBe(58);
  });
});

describe('comparing values of different types gives null (feel-error-handling)', () => {
  // feelin alone would coerce like JavaScript ("150" > 100 is true); a gateway condition must
  // instead get null, which Zeebe reports as an incident rather than taking a branch.
  it('orders only values of the same type', () => {
    expect(value('s > 100', { s: '150' })).toBeNull();
    expect(value('x > "a"')).toBeNull();
    expect(value('x <= true')).toBeNull();
    expect(value('true > false')).toBeNull();
    expect(value('"a" < "b"')).toBe(true);
    expect(value('x >= 5')).toBe(true);
    expect(value('date("2024-01-01") < @"2024-01-02"')).toBe(true);
    expect(value('date("2024-01-01") < date and time("2024-01-02T00:00:00")')).toBeNull();
    expect(value('duration("PT1H") < duration("PT2H")')).toBe(true);
    expect(value('duration("P1M") < duration("PT2H")')).toBeNull();
  });

  it('gives null for != between different types, like =', () => {
    expect(value('x = "5"')).toBeNull();
    expect(value('x != "5"')).toBeNull();
    expect(value('x != 6')).toBe(true);
    expect(value('x != null')).toBe(true);
  });

  it('applies the same rule to between', () => {
    expect(value('x between 1 and 10')).toBe(true);
    expect(value('x between 6 and 10')).toBe(false);
    expect(value('x between "a" and 10')).toBeNull();
  });

  it('keeps comparisons in filters filtering item by item', () => {
    expect(value('items[price > 10].name')).toEqual(['b', 'c']);
    expect(value('items[(price >= 20)].name')).toEqual(['b', 'c']);
    expect(value('items[price != 20].name')).toEqual(['a', 'c']);
    expect(value('items[price between 10 and 25].name')).toEqual(['b']);
    expect(value('count(items[price > 1]) > 2')).toBe(true);
  });
});

describe('the fast path for simple expressions', () => {
  const expressions = [
    'x',
    'x = 5',
    'x != 5',
    'x = "5"',
    'x != "5"',
    'x = null',
    'x != null',
    'x > 1',
    'x >= 5',
    'x < "6"',
    'x = true',
    'x and true',
    'x or false',
    'not_a_variable = null',
    'count = null',
    'x.y',
    'x.y = 1',
    'items.p',
    'o.a',
    '(x > 1) = true',
    'x = -5',
    '-1 < x',
    'x = 1 and y = 2 or z',
  ];
  const scopes: Record<string, FeelValue>[] = [
    { x: 5 },
    { x: '5' },
    { x: 5.5 },
    { x: -5 },
    { x: null },
    {},
    { x: true, y: 2, z: false },
    { x: [1] },
    { x: [] },
    { x: { y: 1 } },
    { x: [{ y: 1 }, { y: 2 }, 3, null] },
    { o: { a: 1 } },
    { o: { 'a ': 2 } },
    { items: [{ p: 1 }, { p: null }, 3, [1]] },
    { count: 4 },
  ];

  it('is used for these shapes', () => {
    for (const source of expressions) expect(compileFeel(source).fast, source).toBeDefined();
  });

  it('gives exactly what evaluating with feelin gives', () => {
    for (const source of expressions) {
      for (const scope of scopes) {
        // get or else(e, null) is e, but is not a shape the fast path takes
        const slow = evaluateFeel(`get or else(${source}, null)`, scope);
        expect(evaluateFeel(source, scope), `${source} with ${JSON.stringify(scope)}`).toEqual(slow);
      }
    }
  });
});

describe('paths, filters and the rest of the language', () => {
  it('reads paths and projects them over lists', () => {
    expect(value('order.customer.name')).toBe('Bo');
    expect(value('items.price')).toEqual([5, 20, 30]);
    // docs: [{a: 1}, {b: 2}].a // [1, null]
    expect(value('[{a: 1}, {b: 2}].a')).toEqual([1, null]);
  });

  it('filters lists', () => {
    expect(value('items[price > 10].name')).toEqual(['b', 'c']);
    expect(value('items[item.price < 10].name')).toEqual(['a']);
    expect(value('items[1].name')).toBe('a');
    expect(value('items[-1].name')).toBe('c');
    expect(value('tags[item = "y"]')).toEqual(['y']);
    // docs: [{a: 1}, {b: 2}][a < 10] // [{a: 1}]
    expect(value('[{a: 1}, {b: 2}][a < 10]')).toEqual([{ a: 1 }]);
    expect(value('missing[1]')).toBeNull();
  });

  it('evaluates contexts, if, for and quantifiers', () => {
    expect(value('{a: x, b: a * 2, c: [1, 2]}')).toEqual({ a: 5, b: 10, c: [1, 2] });
    expect(value('if x > 3 then "big" else "small"')).toBe('big');
    expect(value('for i in 1..3 return i * x')).toEqual([5, 10, 15]);
    expect(value('every i in items satisfies i.price > 1')).toBe(true);
    expect(value('some i in items satisfies i.price > 100')).toBe(false);
  });

  it('reads names with spaces or dashes in backticks', () => {
    expect(value('`first name`', { 'first name': 'Ann' })).toBe('Ann');
    expect(value('`order-id` + 1', { 'order-id': 41 })).toBe(42);
  });

  it('keeps feelin’s built-ins working', () => {
    expect(value('count(items) > 0')).toBe(true);
    expect(value('sum(items.price)')).toBe(55);
    expect(value('distinct values([1, 2, 2])')).toEqual([1, 2]);
    expect(value('list contains(tags, "y")')).toBe(true);
    expect(value('list replace([1, 2, 3], 2, 5)')).toEqual([1, 5, 3]);
    expect(value('context merge([{x: 1}, {y: 2}])')).toEqual({ x: 1, y: 2 });
    expect(value('context put({x: 1}, ["y", "z"], 2)')).toEqual({ x: 1, y: { z: 2 } });
    expect(value('upper case(name) + "!"')).toBe('ANN!');
    expect(value('round half up(5.5, 0)')).toBe(6);
    expect(value('day of week(date("2019-09-17"))')).toBe('Tuesday');
    expect(value('month of year(date("2019-09-17"))')).toBe('September');
  });
});

describe('results become plain JSON', () => {
  it('keeps numbers, and removes binary floating-point noise as FEEL’s decimals would', () => {
    expect(value('x * 2')).toBe(10);
    expect(value('0.1 + 0.2')).toBe(0.3);
    expect(value('order.total * 3')).toBe(31.5);
    expect(value('1.1 * 3')).toBe(3.3);
    expect(value('1 / 3')).toBe(1 / 3);
  });

  it('turns what JSON cannot hold into null', () => {
    expect(value('1 / 0')).toBeNull();
    expect(value('2 ** 2000')).toBeNull();
    expect(value('function(a) a + 1')).toBeNull();
    expect(value('[1..5]')).toBeNull();
  });

  it('returns fresh structures that do not alias the variables', () => {
    const variables: Record<string, FeelValue> = { o: { list: [1, 2] } };
    const result = value('o', variables) as { list: number[] };
    result.list.push(3);
    expect(variables).toEqual({ o: { list: [1, 2] } });
  });
});

describe('temporal results are stored as ISO strings', () => {
  it('writes a date as YYYY-MM-DD', () => {
    expect(value('date("2024-01-31")')).toBe('2024-01-31');
    expect(value('@"2024-01-31"')).toBe('2024-01-31');
    // research notes: date("2024-01-31") + duration("P1M") → 2024-02-29
    expect(value('date(day) + duration("P1M")')).toBe('2024-02-29');
    expect(value('date(date and time("2024-03-01T23:00:00"))')).toBe('2024-03-01');
  });

  it('writes a zoned date and time with its offset (ISO_OFFSET_DATE_TIME)', () => {
    expect(value('date and time("2024-01-01T10:00:00Z")')).toBe('2024-01-01T10:00:00Z');
    expect(value('date and time("2024-01-01T10:00:00+08:00")')).toBe('2024-01-01T10:00:00+08:00');
    expect(value('date and time("2024-01-01T10:00:00@Europe/Berlin")')).toBe('2024-01-01T10:00:00+01:00');
    expect(value('date and time("2024-01-01T10:00:00.250Z")')).toBe('2024-01-01T10:00:00.25Z');
    expect(value('date and time("2024-01-01T10:00:00Z") + duration("PT1H30M")')).toBe('2024-01-01T11:30:00Z');
  });

  it('keeps a date and time at midnight UTC a date and time', () => {
    expect(value('date and time("2024-01-01T00:00:00Z")')).toBe('2024-01-01T00:00:00Z');
    expect(value('@"2024-01-01T00:00:00Z"')).toBe('2024-01-01T00:00:00Z');
    expect(value('date and time("2024-01-01T10:00:00Z") - duration("PT10H")')).toBe('2024-01-01T00:00:00Z');
    expect(value('string(date and time("2024-01-01T00:00:00Z"))')).toBe('2024-01-01T00:00:00Z');
  });

  it('writes a local date and time without offset (ISO_LOCAL_DATE_TIME)', () => {
    expect(value('date and time("2024-01-01T10:00:00")')).toBe('2024-01-01T10:00:00');
    expect(value('date and time(date("2024-01-01"), time("09:30:00"))')).toBe('2024-01-01T09:30:00');
  });

  it('writes a local time as Java’s LocalTime does, and a zoned time with its offset', () => {
    expect(value('time("10:00:01")')).toBe('10:00:01');
    expect(value('time("10:00:00")')).toBe('10:00');
    expect(value('time("10:00:00+01:00")')).toBe('10:00:00+01:00');
    expect(value('time(date and time("2024-01-01T09:15:30"))')).toBe('09:15:30');
  });

  it('writes durations as feel-scala does', () => {
    expect(value('duration("PT5S")')).toBe('PT5S');
    expect(value('duration("P1DT2H")')).toBe('P1DT2H');
    expect(value('duration("PT90M")')).toBe('PT1H30M');
    expect(value('duration("P1Y2M")')).toBe('P1Y2M');
    expect(value('duration("P14M")')).toBe('P1Y2M');
    expect(value('duration("-PT5S")')).toBe('-PT5S');
    expect(value('duration("PT0S")')).toBe('P0D');
    expect(value('years and months duration(date("2011-12-22"), date("2013-08-24"))')).toBe('P1Y8M');
    expect(value('date and time("2024-01-02T06:00:00Z") - date and time("2024-01-01T00:00:00Z")')).toBe('P1DT6H');
  });

  it('converts temporal values inside lists and contexts', () => {
    expect(value('{due: date("2024-05-01"), wait: [duration("PT1H")]}')).toEqual({ due: '2024-05-01', wait: ['PT1H'] });
  });
});

describe('injected Camunda built-ins', () => {
  describe('is defined (boolean functions, Camunda extension)', () => {
    // Since Zeebe 8.3 (feel-scala 1.17, PR #712) is defined(v) is "v is not null": a missing
    // variable evaluates to null, so a variable holding null and a missing one look the same.
    // The 8.4+ page documents: is defined(null) // false, is defined(x) // false if no x exists.
    it('is true for a value and false for null or a missing variable/property', () => {
      expect(value('is defined(1)')).toBe(true);
      expect(value('is defined(x)')).toBe(true);
      expect(value('is defined(order.customer)')).toBe(true);
      expect(value('is defined(null)')).toBe(false);
      expect(value('is defined(missing)')).toBe(false);
      expect(value('is defined(order.missing)')).toBe(false);
      expect(value('is defined(missing.y)')).toBe(false);
      expect(value('is defined(nothing)')).toBe(false);
    });
  });

  describe('get or else (boolean functions, Camunda extension)', () => {
    it('returns the value unless it is null', () => {
      expect(value('get or else("this", "default")')).toBe('this');
      expect(value('get or else(null, "default")')).toBe('default');
      expect(value('get or else(null, null)')).toBeNull();
      expect(value('get or else(missing, x + 1)')).toBe(6);
      expect(value('get   or  else(order.missing, "n/a")')).toBe('n/a');
    });

    it('takes named arguments', () => {
      expect(value('get or else(value: missing, default: 1)')).toBe(1);
    });
  });

  describe('assert (boolean functions, Camunda extension)', () => {
    it('returns the value when the condition holds', () => {
      expect(value('assert(x, x != null)')).toBe(5);
      expect(value('assert(x, x >= 0, "x should be positive")')).toBe(5);
    });

    it('fails the evaluation when the condition is false or null', () => {
      expect(failure('assert(x, x > 10)')).toBe(
        "Assertion failure on evaluate the expression 'assert(x, x > 10)': The condition is not fulfilled",
      );
      expect(failure('assert(missing, missing != null)')).toContain('The condition is not fulfilled');
      expect(failure('assert(missing, missing > 1)')).toContain('The condition is not fulfilled');
    });

    it('uses the given cause as the message', () => {
      expect(failure('{a: assert(x, x < 0, "\'x\' should be negative")}')).toBe(
        "Assertion failure on evaluate the expression '{a: assert(x, x < 0, \"'x' should be negative\")}': 'x' should be negative",
      );
    });
  });

  describe('string functions', () => {
    it('extract (Camunda extension) returns all matches', () => {
      expect(value('extract("references are 1234, 1256, 1378", "12[0-9]*")')).toEqual(['1234', '1256']);
      expect(value('extract("abc", "x")')).toEqual([]);
      expect(value('extract(missing, "x")')).toBeNull();
    });

    it('trim (Camunda extension) removes leading and trailing spaces', () => {
      expect(value('trim("  hello world  ")')).toBe('hello world');
      expect(value('trim("hello   world ")')).toBe('hello   world');
    });

    it('is blank (Camunda extension) is true for empty or whitespace-only strings', () => {
      expect(value('is blank("")')).toBe(true);
      expect(value('is blank(blank)')).toBe(true);
      expect(value('is blank("hello world")')).toBe(false);
      expect(value('is blank(1)')).toBeNull();
    });

    it('to base64 (Camunda extension) encodes a string', () => {
      expect(value('to base64("FEEL")')).toBe('RkVFTA==');
    });

    it('uuid (Camunda extension) returns a 36-character UUID', () => {
      const id = value('uuid()');
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(value('uuid()')).not.toBe(id);
    });
  });

  describe('list functions', () => {
    it('string join with delimiter, prefix and suffix (Camunda extension)', () => {
      expect(value('string join(["a","b","c"], ", ", "[", "]")')).toBe('[a, b, c]');
      expect(value('string join(["a",null,"c"])')).toBe('ac');
      expect(value('string join(["a","b"], "X")')).toBe('aXb');
      expect(value('string join([])')).toBe('');
      expect(value('string join(["a", 1])')).toBeNull();
    });

    it('duplicate values (Camunda extension)', () => {
      expect(value('duplicate values([1,2,3,2,1])')).toEqual([1, 2]);
      expect(value('duplicate values([{a: 1}, {a: 1}, {a: 2}])')).toEqual([{ a: 1 }]);
      expect(value('duplicate values([1,2])')).toEqual([]);
    });

    it('is empty (Camunda extension)', () => {
      expect(value('is empty([])')).toBe(true);
      expect(value('is empty([1,2,3])')).toBe(false);
      expect(value('is empty(missing)')).toBeNull();
    });

    it('partition (Camunda extension)', () => {
      expect(value('partition([1,2,3,4,5], 2)')).toEqual([[1, 2], [3, 4], [5]]);
      expect(value('partition([], 2)')).toEqual([]);
      expect(value('partition([1,2], 0)')).toBeNull();
    });
  });

  describe('numeric functions', () => {
    it('random number (Camunda extension) is between 0 and 1', () => {
      const n = value('random number()');
      expect(typeof n).toBe('number');
      expect(n as number).toBeGreaterThanOrEqual(0);
      expect(n as number).toBeLessThan(1);
    });

    it('abs takes numbers and durations', () => {
      expect(value('abs(-10)')).toBe(10);
      expect(value('abs(duration("-PT5H"))')).toBe('PT5H');
      expect(value('abs(duration("-P2M"))')).toBe('P2M');
      expect(value('abs("a")')).toBeNull();
    });
  });

  describe('context functions', () => {
    it('get value with a key or a path of keys (Camunda extension)', () => {
      expect(value('get value({foo: 123}, "foo")')).toBe(123);
      expect(value('get value({a: 1}, "b")')).toBeNull();
      expect(value('get value({x:1, y: {z:0}}, ["y", "z"])')).toBe(0);
      expect(value('get value({x: {y: {z:0}}}, ["x", "y"])')).toEqual({ z: 0 });
      expect(value('get value({a: {b: 3}}, ["b"])')).toBeNull();
      expect(value('get value(order, ["customer", "name"])')).toBe('Bo');
    });
  });

  describe('temporal functions', () => {
    it('now() is the current instant with offset', () => {
      const before = Date.now();
      const now = value('now()');
      expect(now).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
      expect(Date.parse(now as string)).toBeGreaterThanOrEqual(before - 1);
      expect(value('now() > date and time("2020-01-01T00:00:00Z")')).toBe(true);
    });

    it('today() is a date', () => {
      expect(value('today()')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(value('today() = date(now())')).toBe(true);
    });

    it('last day of month (Camunda extension)', () => {
      expect(value('last day of month(date("2022-10-01"))')).toBe('2022-10-31');
      expect(value('last day of month(date and time("2024-02-16T12:00:00"))')).toBe('2024-02-29');
      expect(value('last day of month(missing)')).toBeNull();
    });

    it('date and time(date, timezone) moves an instant to a timezone (Camunda extension)', () => {
      expect(value('date and time(@"2020-07-31T14:27:30@Europe/Berlin", "America/Los_Angeles")')).toBe('2020-07-31T05:27:30-07:00');
      expect(value('date and time(date and time("2020-07-31T12:27:30Z"), "Asia/Shanghai")')).toBe('2020-07-31T20:27:30+08:00');
      expect(value('date and time(date and time("2020-07-31T14:27:30+02:00"), "Z")')).toBe('2020-07-31T12:27:30Z');
      expect(value('date and time(date and time("2020-07-31T14:27:30Z"), "No/Such_Zone")')).toBeNull();
    });
  });

  describe('cycle (Zeebe, for timer cycles)', () => {
    it('builds an ISO 8601 repeating interval', () => {
      expect(value('cycle(duration("PT1H"))')).toBe('R/PT1H');
      expect(value('cycle(3, duration("P1D"))')).toBe('R3/P1D');
      expect(value('cycle(null, duration("PT5M"))')).toBe('R/PT5M');
      expect(value('cycle("x")')).toBeNull();
    });
  });
});

describe('evaluation', () => {
  it('only fails for real failures', () => {
    expect(evaluateFeel('missing.deep[1].x > unknown(2)', {})).toEqual({ ok: true, value: null });
  });

  it('gives the same answers on repeated (cached) evaluations with different variables', () => {
    expect(value('x + 1', { x: 1 })).toBe(2);
    expect(value('x + 1', { x: 2 })).toBe(3);
    expect(value('x + 1', {})).toBeNull();
  });

  it('works with large scopes', () => {
    const scope: Record<string, FeelValue> = {};
    for (let i = 0; i < 2000; i++) scope[`v${i}`] = { i };
    expect(value('v1999.i + v0.i', scope)).toBe(1999);
  });
});
