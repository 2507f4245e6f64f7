import {
  AmendmentCreateSchema,
  ContractCreateSchema,
  ContractUpdateSchema,
  RatioSchema,
  SignedMoneySchema,
} from '@app/shared';

describe('contract schemas', () => {
  it('normalises signed amounts to two places and refuses a third decimal', () => {
    expect(SignedMoneySchema.parse(28000)).toBe('28000.00');
    expect(SignedMoneySchema.parse('-8000.5')).toBe('-8000.50');
    expect(SignedMoneySchema.parse('-0')).toBe('0.00');
    expect(SignedMoneySchema.safeParse('1.234').success).toBe(false);
    expect(SignedMoneySchema.safeParse('abc').success).toBe(false);
  });

  it('takes ratios above 0 and up to 100 with two decimals', () => {
    expect(RatioSchema.parse(50)).toBe('50.00');
    expect(RatioSchema.parse('33.33')).toBe('33.33');
    expect(RatioSchema.parse(100)).toBe('100.00');
    for (const bad of [0, -1, 100.01, '33.333', 'x']) expect(RatioSchema.safeParse(bad).success).toBe(false);
  });

  it('defaults a contract’s stages and items to none, and refuses a zero amount', () => {
    const parsed = ContractCreateSchema.parse({ contractTitle: '合同', customerId: 1, contractAmount: 100 });
    expect(parsed).toMatchObject({ contractAmount: '100.00', paymentTerms: [], items: [] });
    expect(ContractCreateSchema.safeParse({ contractTitle: '合同', customerId: 1, contractAmount: 0 }).success).toBe(
      false,
    );
  });

  it('needs at least one field to update', () => {
    expect(ContractUpdateSchema.safeParse({}).success).toBe(false);
    expect(ContractUpdateSchema.safeParse({ warrantyTerms: null }).success).toBe(true);
  });

  it('defaults an amendment’s amount change to zero', () => {
    const a = AmendmentCreateSchema.parse({ amendmentTitle: '补充', amendmentType: 'other', amendmentContent: '内容' });
    expect(a.amountChange).toBe('0.00');
  });
});
