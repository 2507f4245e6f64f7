import { chineseCapitalAmount } from '@app/server/src/platform/chinese-amount';

describe(chineseCapitalAmount.name, () => {
  it.each([
    [0n, '零元整'],
    [1n, '壹分'],
    [50n, '伍角'],
    [55n, '伍角伍分'],
    [100n, '壹元整'],
    [1000n, '壹拾元整'],
    [1005n, '壹拾元零伍分'],
    [10005n, '壹佰元零伍分'],
    [10050n, '壹佰元伍角'],
    [100100n, '壹仟零壹元整'],
    [140000n, '壹仟肆佰元整'],
    [14000000n, '壹拾肆万元整'],
    [14009999n, '壹拾肆万零玖拾玖元玖角玖分'],
    [100000000n, '壹佰万元整'],
    [100001000n, '壹佰万零壹拾元整'],
    [105000000n, '壹佰零伍万元整'],
    [1000000000n, '壹仟万元整'],
    [10000000000n, '壹亿元整'],
    [10000000100n, '壹亿零壹元整'],
    [10001000000n, '壹亿零壹万元整'],
    [12345678901n, '壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元零壹分'],
    [100000000000000n, '壹万亿元整'],
  ])('writes %s cents as %s', (cents, words) => {
    expect(chineseCapitalAmount(cents)).toBe(words);
  });

  it('marks a negative amount', () => {
    expect(chineseCapitalAmount(-150n)).toBe('负壹元伍角');
  });
});
