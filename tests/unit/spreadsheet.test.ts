import { fromCell, safeCell } from '@app/server/src/platform/spreadsheet';

describe('spreadsheet cells', () => {
  it.each(['=1+1', '+86 138', '-5', '@SUM(A1)', '\tx', '\rx'])('neutralises formula-like text %j', (text) => {
    expect(safeCell(text)).toBe(`'${text}`);
  });

  it('leaves ordinary text, numbers and empties alone', () => {
    expect(safeCell('维也纳酒店')).toBe('维也纳酒店');
    expect(safeCell(12.5)).toBe(12.5);
    expect(safeCell(null)).toBe('');
  });

  it('reads a neutralised cell back as it was written', () => {
    for (const text of ['=1+1', '+86 138', '-5', '@x']) expect(fromCell(String(safeCell(text)))).toBe(text);
    expect(fromCell("'plain")).toBe("'plain");
  });
});
