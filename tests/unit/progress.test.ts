import { ProgressCreateSchema, ProgressUpdateSchema } from '@app/shared';
import { isDelayed, latestOfEachStage, toProgressDto } from '@app/server/src/modules/progress/progress.mapper';
import { parseImages, type ProgressRecord } from '@app/server/src/modules/progress/progress.repository';

const at = (iso: string) => new Date(iso);
const post = (id: number, over: Partial<ProgressRecord> = {}): ProgressRecord => ({
  id,
  orderId: 1,
  factoryId: 7,
  factoryName: '工厂',
  type: 'production',
  status: 'in_progress',
  description: null,
  startTime: null,
  completedTime: null,
  plannedTime: null,
  images: [],
  reportedBy: 3,
  updatedBy: 3,
  delayNotedAt: null,
  createdAt: at('2026-03-01T00:00:00Z'),
  updatedAt: at('2026-03-01T00:00:00Z'),
  ...over,
});

describe('progress rules (000)', () => {
  it('finds the newest post of each stage per factory (time, then id)', () => {
    const posts = [
      post(1),
      post(2, { createdAt: at('2026-03-02T00:00:00Z') }),
      post(3, { type: 'design' }),
      post(4, { factoryId: 8 }),
      post(6, { type: 'design' }),
      post(5, { type: 'design' }),
    ];
    expect([...latestOfEachStage(posts)].sort()).toEqual([2, 4, 6]);
  });

  it('calls a stage late only on its newest post, past the plan and not completed', () => {
    const now = at('2026-03-05T00:00:00Z');
    const planned = at('2026-03-04T00:00:00Z');
    expect(isDelayed(post(1, { plannedTime: planned }), true, now)).toBe(true);
    expect(isDelayed(post(1, { plannedTime: planned }), false, now)).toBe(false);
    expect(isDelayed(post(1, { plannedTime: planned, status: 'completed' }), true, now)).toBe(false);
    expect(isDelayed(post(1, { plannedTime: at('2026-03-06T00:00:00Z') }), true, now)).toBe(false);
    expect(isDelayed(post(1), true, now)).toBe(false);
    const dto = toProgressDto(post(1, { plannedTime: planned }), true, '张三');
    expect(dto).toMatchObject({ status: 'delayed', reported_status: 'in_progress', is_delayed: true });
    expect(dto.reported_by).toEqual({ id: 3, name: '张三' });
  });

  it('shows the full image where an upload has no thumbnail, and survives a damaged image list', () => {
    const images = [
      { url: '/files/a.jpg', thumbnailUrl: '/files/a_thumb.jpg' },
      { url: '/files/b.png', thumbnailUrl: null },
    ];
    const dto = toProgressDto(post(1, { images }), false, null);
    expect(dto.images).toEqual(['/files/a.jpg', '/files/b.png']);
    expect(dto.thumbnails).toEqual(['/files/a_thumb.jpg', '/files/b.png']);
    expect(parseImages(JSON.stringify(images))).toEqual(images);
    expect(parseImages('not json')).toEqual([]);
    expect(parseImages('{"url":"x"}')).toEqual([]);
    expect(parseImages('[{"nope":1},{"url":"/files/c.jpg"}]')).toEqual([{ url: '/files/c.jpg', thumbnailUrl: null }]);
  });

  it("accepts 000's string ids and refuses what is not a positive integer", () => {
    const base = { type: 'design', status: 'in_progress' };
    expect(ProgressCreateSchema.parse({ ...base, order_id: '39', factory_id: '888' })).toMatchObject({
      order_id: 39,
      factory_id: 888,
    });
    for (const bad of ['0', '-1', '1.5', 'abc', '', 0]) {
      expect(ProgressCreateSchema.safeParse({ ...base, order_id: bad, factory_id: 1 }).success).toBe(false);
    }
    expect(ProgressUpdateSchema.safeParse({}).success).toBe(false);
    expect(ProgressUpdateSchema.safeParse({ planned_time: null }).success).toBe(true);
  });
});
