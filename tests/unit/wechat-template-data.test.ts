import { checkTemplateData, templateKeyKind } from '@app/server/src/integrations/wechat/wechat-template-data';

const one = (key: string, value: string) => checkTemplateData({ [key]: { value } });

describe('checkTemplateData', () => {
  it('finds the kind of a key from its name', () => {
    expect(templateKeyKind('thing1')).toBe('thing');
    expect(templateKeyKind('character_string12')).toBe('character_string');
    expect(templateKeyKind('phone_number3')).toBe('phone_number');
    expect(templateKeyKind('thing')).toBeNull();
    expect(templateKeyKind('foo1')).toBeNull();
  });

  it.each([
    ['thing1', '订单OD20260116001已发货'],
    ['thing1', '一二三四五六七八九十一二三四五六七八九十'],
    ['character_string2', 'OD20260116001-A'],
    ['number3', '12345.67'],
    ['letter4', 'abcXYZ'],
    ['symbol5', '%'],
    ['time6', '15:01'],
    ['time6', '2019年10月1日 15:01'],
    ['time6', '2026-03-02 10:00'],
    ['date7', '2019年10月1日'],
    ['date7', '2026-03-02 10:00'],
    ['amount8', '¥100.50'],
    ['amount8', '100元'],
    ['phone_number9', '+86-0755-12345678'],
    ['car_number10', '粤A8Z888挂'],
    ['name11', '张三'],
    ['phrase12', '已发货'],
  ])('accepts %s = %s', (key, value) => {
    expect(one(key, value)).toBeNull();
  });

  it.each([
    ['thing1', '一二三四五六七八九十一二三四五六七八九十一', '不超过20个字符'],
    ['character_string2', 'OD 2026', '32位以内'],
    ['character_string2', 'x'.repeat(33), '32位以内'],
    ['character_string2', '订单', '32位以内'],
    ['number3', '12a', '数字'],
    ['letter4', 'abc1', '字母'],
    ['symbol5', '%%%%%%', '符号'],
    ['time6', '明天', '时间格式'],
    ['date7', '03/02/2026', '日期格式'],
    ['amount8', '12345678901', '金额'],
    ['amount8', '$10', '金额'],
    ['phone_number9', '1'.repeat(18), '电话'],
    ['car_number10', '粤A8Z888挂12', '车牌'],
    ['name11', '一二三四五六七八九十一', '姓名'],
    ['phrase12', '已经发货了啊', '汉字'],
    ['phrase12', 'ok', '汉字'],
    ['thing1', '', '不能为空'],
  ])('refuses %s = %s, naming the key', (key, value, hint) => {
    const problem = one(key, value);
    expect(problem?.field).toBe(`data.${key}`);
    expect(problem?.message).toContain(`data.${key}`);
    expect(problem?.message).toContain(hint);
  });

  it('refuses keys WeChat does not know and an empty data object', () => {
    expect(one('title', 'x')?.message).toContain('data.title 不是微信订阅消息支持的字段');
    expect(checkTemplateData({})?.field).toBe('data');
  });
});
