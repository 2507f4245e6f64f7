/**
 * WeChat's limits on subscribe-message data, by the key's kind (`thing1` → thing). Checked before sending, so a
 * bad value is a 400 naming the key instead of a 47003 from WeChat.
 */
const DATE = String.raw`\d{4}(?:-\d{1,2}-\d{1,2}|年\d{1,2}月\d{1,2}日)`;
const TIME = String.raw`\d{1,2}:\d{2}(?::\d{2})?`;
const TIME_VALUE = new RegExp(String.raw`^(?:${DATE}\s?)?${TIME}(?:\s?~\s?(?:${DATE}\s?)?${TIME})?$`);
const DATE_VALUE = new RegExp(String.raw`^${DATE}(?:\s?${TIME})?(?:\s?~\s?${DATE}(?:\s?${TIME})?)?$`);

interface Rule {
  check(value: string): boolean;
  hint: string;
}

const length = (max: number) => (v: string) => [...v].length <= max;

const RULES: Readonly<Record<string, Rule>> = {
  thing: { check: length(20), hint: '不超过20个字符' },
  short_thing: { check: length(5), hint: '不超过5个字符' },
  character_string: { check: (v) => /^[\x21-\x7e]{1,32}$/.test(v), hint: '为32位以内的数字、字母或符号' },
  number: { check: (v) => v.length <= 32 && /^-?\d+(?:\.\d+)?$/.test(v), hint: '为32位以内的数字' },
  letter: { check: (v) => /^[A-Za-z]{1,32}$/.test(v), hint: '为32位以内的字母' },
  symbol: { check: (v) => /^[\p{P}\p{S}]{1,5}$/u.test(v), hint: '为5位以内的符号' },
  time: { check: (v) => TIME_VALUE.test(v), hint: '为时间格式，如 15:01 或 2019年10月1日 15:01' },
  date: { check: (v) => DATE_VALUE.test(v), hint: '为日期格式，如 2019年10月1日 或 2019-10-01 15:01' },
  amount: {
    check: (v) => {
      const m = /^[¥￥]?(\d+)(?:\.(\d+))?元?$/.exec(v);
      return m !== null && m[1].length + (m[2]?.length ?? 0) <= 10;
    },
    hint: '为10位以内的金额，可带¥或元',
  },
  phone_number: { check: (v) => /^[0-9+\-() ]{1,17}$/.test(v), hint: '为17位以内的电话号码' },
  car_number: { check: (v) => /^[\p{Script=Han}A-Za-z0-9]{1,8}$/u.test(v), hint: '为8位以内的车牌号' },
  name: {
    check: (v) => /^[\p{Script=Han}·]{1,10}$/u.test(v) || /^[A-Za-z .]{1,20}$/.test(v),
    hint: '为10个以内汉字或20个以内字母的姓名',
  },
  phrase: { check: (v) => /^\p{Script=Han}{1,5}$/u.test(v), hint: '为5个以内汉字' },
};

/** The kind of a data key: `thing12` → thing, `character_string3` → character_string; null when unknown. */
export function templateKeyKind(key: string): string | null {
  const m = /^([a-z_]+?)(\d+)$/.exec(key);
  return m && RULES[m[1]] ? m[1] : null;
}

export interface TemplateDataProblem {
  field: string;
  message: string;
}

/** The first problem of `data` (in key order), or null when WeChat would take every value. */
export function checkTemplateData(data: Record<string, { value: string }>): TemplateDataProblem | null {
  const keys = Object.keys(data);
  if (keys.length === 0) return { field: 'data', message: 'data 不能为空' };
  for (const key of keys) {
    const field = `data.${key}`;
    const kind = templateKeyKind(key);
    if (!kind) return { field, message: `${field} 不是微信订阅消息支持的字段（如 thing1、time2）` };
    const value = data[key].value;
    if (value.length === 0) return { field, message: `${field}.value 不能为空` };
    const rule = RULES[kind];
    if (!rule.check(value)) return { field, message: `${field}.value 须${rule.hint}` };
  }
  return null;
}
