// 邮帮办 waybill numbers in the UPU S10 layout that EMS uses: two service letters, an 8-digit
// serial, a check digit, and the ISO country code — `EA123456785CN`, 13 characters. The check
// digit is S10's: weights 8 6 4 2 3 5 9 7 over the serial, 11 − (sum mod 11), with 10 → 0 and
// 11 → 5. A clerk who mistypes one digit of a waybill gets "not a waybill" instead of the wrong
// parcel.

const WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7] as const;
const S10 = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/;

/** The S10 check digit of an 8-digit serial. */
export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new RangeError(`S10 serial must be 8 digits, got '${serial}'`);
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(serial[i]) * (WEIGHTS[i] ?? 0);
  const check = 11 - (sum % 11);
  return check === 10 ? 0 : check === 11 ? 5 : check;
}

/** A waybill number from a running number (taken modulo 10^8: serials wrap after a hundred million parcels). */
export function waybillNumber(sequence: number, service = 'EA', country = 'CN'): string {
  if (!Number.isSafeInteger(sequence) || sequence < 0) throw new RangeError(`waybill sequence must be a whole number ≥ 0, got ${sequence}`);
  if (!/^[A-Z]{2}$/.test(service) || !/^[A-Z]{2}$/.test(country)) throw new RangeError('service and country are two capital letters');
  const serial = String(sequence % 100_000_000).padStart(8, '0');
  return `${service}${serial}${s10CheckDigit(serial)}${country}`;
}

/** Whether `text` is a well-formed S10 number with the right check digit. */
export function isWaybillNumber(text: string): boolean {
  const m = S10.exec(text);
  return m !== null && m[2] !== undefined && Number(m[3]) === s10CheckDigit(m[2]);
}
