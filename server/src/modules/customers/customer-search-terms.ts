/**
 * Keyword search over customer names, phones and contacts without `LIKE '%…%'` scans: each customer is
 * indexed under the 2-character substrings of its names (`n:` terms) and the 4-digit substrings of its phone
 * numbers (`p:` terms). A keyword finds the customers holding all of its terms through the primary key of
 * `customer_search_terms`; the exact substring check then runs on those candidates only.
 */

/** Lower-cased, without white space: how names are compared (duplicate detection uses it too). */
export function normalizeName(value: string): string {
  return value.toLowerCase().replace(/\s+/g, '');
}

/** The digits of a phone number (`0755-1234 5678` → `075512345678`). */
export function phoneDigits(value: string): string {
  return value.replace(/\D+/g, '');
}

function grams(value: string, size: number): string[] {
  const chars = Array.from(value);
  if (chars.length < size) return [];
  const out: string[] = [];
  for (let i = 0; i + size <= chars.length; i += 1) out.push(chars.slice(i, i + size).join(''));
  return out;
}

const NAME_GRAM = 2;
const PHONE_GRAM = 4;

/** Every term a customer is found under, given its names (customer and contacts) and phones. */
export function indexTerms(names: readonly (string | null)[], phones: readonly (string | null)[]): string[] {
  const terms = new Set<string>();
  for (const name of names) {
    if (!name) continue;
    const normalized = normalizeName(name);
    const nameGrams = grams(normalized, NAME_GRAM);
    if (nameGrams.length === 0 && normalized) terms.add(`n:${normalized}`);
    for (const g of nameGrams) terms.add(`n:${g}`);
  }
  for (const phone of phones) {
    if (!phone) continue;
    for (const g of grams(phoneDigits(phone), PHONE_GRAM)) terms.add(`p:${g}`);
  }
  return [...terms];
}

/** At most this many terms are intersected; the exact substring check covers the rest of a long keyword. */
const MAX_QUERY_TERMS = 6;

export interface KeywordPlan {
  /** The keyword as names are compared. */
  normalized: string;
  /** Its digits when it reads as a phone number (only digits and separators), else null. */
  digits: string | null;
  /** Term sets, each of which finds candidates. Empty: the keyword is too short to use the index. */
  termSets: string[][];
}

function spread(terms: string[]): string[] {
  const unique = [...new Set(terms)];
  if (unique.length <= MAX_QUERY_TERMS) return unique;
  // The first and last grams plus evenly spaced ones in between: together they pin the whole keyword.
  const picked = new Set<string>();
  for (let i = 0; i < MAX_QUERY_TERMS; i += 1)
    picked.add(unique[Math.round((i * (unique.length - 1)) / (MAX_QUERY_TERMS - 1))]);
  return [...picked];
}

/**
 * Name terms for a keyword of 2+ characters; a keyword of digits and phone separators with 4+ digits is a phone
 * number (or part of one) and looks in phones only. Shorter keywords cannot use the index (`termSets` empty).
 */
export function planKeyword(keyword: string): KeywordPlan {
  const normalized = normalizeName(keyword);
  const phoneLike = /^[0-9+\-() ]+$/.test(keyword.trim());
  const digits = phoneLike ? phoneDigits(keyword) : null;
  if (digits !== null) {
    const phoneTerms = grams(digits, PHONE_GRAM).map((g) => `p:${g}`);
    return { normalized, digits, termSets: phoneTerms.length > 0 ? [spread(phoneTerms)] : [] };
  }
  const nameTerms = grams(normalized, NAME_GRAM).map((g) => `n:${g}`);
  return { normalized, digits, termSets: nameTerms.length > 0 ? [spread(nameTerms)] : [] };
}
