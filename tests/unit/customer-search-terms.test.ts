import {
  indexTerms,
  normalizeName,
  phoneDigits,
  planKeyword,
} from '@app/server/src/modules/customers/customer-search-terms';

describe('customer keyword index', () => {
  it('normalises names (case, spaces) and phones (digits only)', () => {
    expect(normalizeName(' Sunny  Apartment ')).toBe('sunnyapartment');
    expect(phoneDigits('+86 (0755) 1234-5678')).toBe('8607551234' + '5678');
  });

  it('indexes names by 2-character pieces and phones by 4-digit pieces', () => {
    const terms = indexTerms(['维也纳酒店', null], ['0755-1234', null]);
    expect(terms).toEqual(['n:维也', 'n:也纳', 'n:纳酒', 'n:酒店', 'p:0755', 'p:7551', 'p:5512', 'p:5123', 'p:1234']);
  });

  it('indexes a one-character name as itself, and skips empty values', () => {
    expect(indexTerms(['李', ''], [''])).toEqual(['n:李']);
  });

  it('plans a name keyword as its pieces, at most six spread over the keyword', () => {
    expect(planKeyword('维也纳').termSets).toEqual([['n:维也', 'n:也纳']]);
    const long = planKeyword('一二三四五六七八九十').termSets[0];
    expect(long).toHaveLength(6);
    expect(long[0]).toBe('n:一二');
    expect(long[5]).toBe('n:九十');
  });

  it('plans 4+ digits as a phone search, and leaves short keywords to a scan', () => {
    expect(planKeyword('138-0013').termSets).toEqual([['p:1380', 'p:3800', 'p:8001', 'p:0013']]);
    expect(planKeyword('138').termSets).toEqual([]);
    expect(planKeyword('李').termSets).toEqual([]);
    expect(planKeyword('7天').termSets).toEqual([['n:7天']]);
  });

  it('finds every substring of 2+ characters of an indexed name through its terms', () => {
    const name = '大理洱海边民宿';
    const indexed = new Set(indexTerms([name], []));
    for (let i = 0; i < name.length; i += 1)
      for (let j = i + 2; j <= name.length; j += 1)
        for (const term of planKeyword(name.slice(i, j)).termSets[0]) expect(indexed.has(term)).toBe(true);
  });
});
