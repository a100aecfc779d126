/**
 * Kubernetes resource quantities ('100m', '0.5', '128Mi', '1G', '1e3'), held exactly as a BigInt
 * count of nano-units so sums and comparisons never suffer float error, and printed back in the
 * canonical form Kubernetes uses (resource.Quantity.String()).
 */

/** QuantityFormat is how a quantity prints: 'Ki/Mi…' suffixes, 'm/k/M…' suffixes, or 'e3' exponents. */
export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

/** ParsedQuantity is an exact quantity: value × 10⁹ as a BigInt, plus the format it prints in. */
export interface ParsedQuantity {
  nanos: bigint;
  format: QuantityFormat;
}

/** QuantityError is a malformed quantity string (validation turns it into a 422 cause). */
export class QuantityError extends Error {
  constructor(input: string) {
    super(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' (got "${input}")`);
    this.name = 'QuantityError';
  }
}

const syntax = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE])?$/;
const binaryPow: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const decimalPow: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const decimalSuffix: Record<number, string> = Object.fromEntries(Object.entries(decimalPow).map(([s, e]) => [e, s]));
const binarySuffix = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const NANO = 1_000_000_000n;

/** divCeilAway divides rounding away from zero, as Kubernetes rounds sub-nano values up. */
function divAway(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d === 0n ? q : n < 0n ? q - 1n : q + 1n;
}

/** parseQuantity parses a quantity string or number exactly; bad syntax throws QuantityError. */
export function parseQuantity(input: string | number | ParsedQuantity): ParsedQuantity {
  if (typeof input === 'object') return input;
  const text = typeof input === 'number' ? numberText(input) : input.trim();
  const m = syntax.exec(text);
  if (!m) throw new QuantityError(String(input));
  const [, sign, num, suffix = ''] = m as unknown as [string, string, string, string | undefined];
  const [intPart, fracPart = ''] = num.split('.');
  let digits = BigInt((intPart || '0') + fracPart);
  if (sign === '-') digits = -digits;
  let format: QuantityFormat = 'DecimalSI';
  let exp10 = -fracPart.length;
  let mult = 1n;
  if (suffix in binaryPow) {
    format = 'BinarySI';
    mult = 1024n ** BigInt(binaryPow[suffix]!);
  } else if (/^[eE][+-]?\d/.test(suffix)) {
    format = 'DecimalExponent';
    exp10 += Number(suffix.slice(1));
  } else {
    exp10 += decimalPow[suffix]!;
  }
  const scaled = digits * mult;
  const shift = exp10 + 9;
  const nanos = shift >= 0 ? scaled * 10n ** BigInt(shift) : divAway(scaled, 10n ** BigInt(-shift));
  return { nanos, format };
}

/** numberText spells a JS number as a quantity string (1e-7 stays an exponent form). */
function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new QuantityError(String(n));
  return String(n).replace('e+', 'e');
}

/** isValidQuantity tells whether input parses as a quantity. */
export function isValidQuantity(input: unknown): boolean {
  if (typeof input !== 'string' && typeof input !== 'number') return false;
  try {
    parseQuantity(input);
    return true;
  } catch {
    return false;
  }
}

/** quantityValue returns the quantity as a float number of base units (cores, bytes). */
export function quantityValue(q: string | number | ParsedQuantity): number {
  const { nanos } = parseQuantity(q);
  return Number(nanos / NANO) + Number(nanos % NANO) / 1e9;
}

/** quantityMilliValue returns the quantity in thousandths, rounded up (Quantity.MilliValue, cpu millicores). */
export function quantityMilliValue(q: string | number | ParsedQuantity): number {
  return Number(divAway(parseQuantity(q).nanos, 1_000_000n));
}

/** quantityIntValue returns the quantity in whole base units, rounded up (Quantity.Value, bytes). */
export function quantityIntValue(q: string | number | ParsedQuantity): number {
  return Number(divAway(parseQuantity(q).nanos, NANO));
}

/** compareQuantity returns -1, 0 or 1 as a is less than, equal to or greater than b. */
export function compareQuantity(a: string | number | ParsedQuantity, b: string | number | ParsedQuantity): -1 | 0 | 1 {
  const x = parseQuantity(a).nanos;
  const y = parseQuantity(b).nanos;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** addQuantity sums quantities exactly; the result keeps the first non-zero operand's format. */
export function addQuantity(...qs: Array<string | number | ParsedQuantity>): ParsedQuantity {
  let nanos = 0n;
  let format: QuantityFormat | undefined;
  for (const q of qs) {
    const p = parseQuantity(q);
    nanos += p.nanos;
    if (!format && p.nanos !== 0n) format = p.format;
  }
  return { nanos, format: format ?? 'DecimalSI' };
}

/** subQuantity returns a − b exactly, in a's format. */
export function subQuantity(a: string | number | ParsedQuantity, b: string | number | ParsedQuantity): ParsedQuantity {
  const pa = parseQuantity(a);
  return { nanos: pa.nanos - parseQuantity(b).nanos, format: pa.format };
}

/** newQuantity builds a quantity from base units (e.g. bytes with 'BinarySI', cores with 'DecimalSI'). */
export function newQuantity(value: number, format: QuantityFormat = 'DecimalSI'): ParsedQuantity {
  return { nanos: parseQuantity(value).nanos, format };
}

/** newMilliQuantity builds a quantity from thousandths (e.g. 500 → '500m'). */
export function newMilliQuantity(milli: number, format: QuantityFormat = 'DecimalSI'): ParsedQuantity {
  return { nanos: BigInt(Math.round(milli)) * 1_000_000n, format };
}

/**
 * formatQuantity prints a quantity canonically, as Kubernetes does: '500m', '1536Mi', '1G', '1e3',
 * '1k'. A BinarySI value below 1024 or not a whole number falls back to DecimalSI.
 */
export function formatQuantity(q: string | number | ParsedQuantity): string {
  const { nanos, format } = parseQuantity(q);
  if (nanos === 0n) return '0';
  const sign = nanos < 0n ? '-' : '';
  const abs = nanos < 0n ? -nanos : nanos;
  if (format === 'BinarySI' && abs >= 1024n * NANO && abs % NANO === 0n) {
    let v = abs / NANO;
    let k = 0;
    while (k < 6 && v % 1024n === 0n) {
      v /= 1024n;
      k++;
    }
    return `${sign}${v}${binarySuffix[k]}`;
  }
  // Strip trailing zeros three at a time so the exponent stays a multiple of 3 (n, u, m, '', k…).
  let mantissa = abs;
  let exp = -9;
  while (exp < 18 && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exp += 3;
  }
  const suffix = format === 'DecimalExponent' ? (exp === 0 ? '' : `e${exp}`) : decimalSuffix[exp]!;
  return `${sign}${mantissa}${suffix}`;
}

/** canonicalQuantity re-spells a quantity string in canonical form ('0.5' → '500m'). */
export function canonicalQuantity(q: string | number): string {
  return formatQuantity(parseQuantity(q));
}
