const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const PLACES = ['', '拾', '佰', '仟'];
const SECTIONS = ['', '万', '亿', '万亿', '亿亿'];

/** One four-digit group (1-9999) without leading 零: 1004 → 壹仟零肆, 1400 → 壹仟肆佰. */
function sectionText(value: number): string {
  let out = '';
  let zeroPending = false;
  for (let place = 3; place >= 0; place -= 1) {
    const digit = Math.floor(value / 10 ** place) % 10;
    if (digit === 0) {
      zeroPending = out !== '';
      continue;
    }
    if (zeroPending) out += '零';
    out += DIGITS[digit] + PLACES[place];
    zeroPending = false;
  }
  return out;
}

/** Whole yuan in capitals, four digits per group (万, 亿): 140000 → 壹拾肆万, 100000001 → 壹亿零壹. */
function integerText(yuan: bigint): string {
  const groups: number[] = [];
  for (let rest = yuan; rest > 0n; rest /= 10_000n) groups.push(Number(rest % 10_000n));
  if (groups.length > SECTIONS.length) throw new RangeError('amount too large');
  let out = '';
  let zeroPending = false;
  for (let i = groups.length - 1; i >= 0; i -= 1) {
    const group = groups[i];
    if (group === 0) {
      zeroPending = out !== '';
      continue;
    }
    if (out !== '' && (zeroPending || group < 1000)) out += '零';
    out += sectionText(group) + SECTIONS[i];
    zeroPending = false;
  }
  return out;
}

/**
 * An amount in cents as the capital numerals of Chinese invoices and contracts (大写金额), following the
 * People's Bank payment rules: 整 after whole yuan, none after 角 or 分; 零 for skipped places.
 * 14000000n → 壹拾肆万元整; 10005n → 壹佰元零伍分; 50n → 伍角.
 */
export function chineseCapitalAmount(cents: bigint): string {
  if (cents < 0n) return `负${chineseCapitalAmount(-cents)}`;
  const yuan = cents / 100n;
  const jiao = Number((cents / 10n) % 10n);
  const fen = Number(cents % 10n);
  if (jiao === 0 && fen === 0) return yuan === 0n ? '零元整' : `${integerText(yuan)}元整`;
  let out = yuan === 0n ? '' : `${integerText(yuan)}元`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0n) out += '零';
  if (fen > 0) out += `${DIGITS[fen]}分`;
  return out;
}
