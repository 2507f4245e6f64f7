import { seedDemo } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/test-app';

describe('products and categories (004 §2)', () => {
  let t: TestApp;
  let purchaser: string;
  let sales: string;
  let categoryId: number;
  let factoryId: number;
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t);
    purchaser = await t.login('purchaser', 'purchaser123');
    sales = await t.login('sales', 'sales123');
    const factories = await t.http.get('/api/factories').set(as(purchaser));
    factoryId = factories.body.data.list[0].factoryId;
    const category = await t.http.post('/api/products/categories').set(as(purchaser)).send({
      categoryName: '智能客控系统',
      categoryCode: 'ROOM_CONTROL',
      sortOrder: 1,
      description: '酒店智能客控系统产品分类',
    });
    categoryId = category.body.data.categoryId;
  });
  afterAll(() => t.close());

  const product = (overrides: Record<string, unknown> = {}) => ({
    productCode: 'RCS-001',
    productName: '智能客控主机标准版',
    brand: '艾居来',
    categoryId,
    supplierId: factoryId,
    costPrice: 800.0,
    salePrice: 1500.0,
    unit: '台',
    productImages: ['http://example.com/img1.jpg', 'http://example.com/img2.jpg'],
    description: '标准版智能客控主机，支持灯光、窗帘、空调等设备控制',
    status: 'active',
    ...overrides,
  });

  describe('categories', () => {
    it('creates a category as 004 §2.1 shows', async () => {
      const res = await t.http
        .post('/api/products/categories')
        .set(as(purchaser))
        .send({ categoryName: '门锁', categoryCode: 'LOCK', sortOrder: 5 });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({
        categoryName: '门锁',
        categoryCode: 'LOCK',
        sortOrder: 5,
        isActive: 1,
        createdAt: expect.any(String),
      });
    });

    it('refuses a duplicate category code', async () => {
      const res = await t.http
        .post('/api/products/categories')
        .set(as(purchaser))
        .send({ categoryName: 'x', categoryCode: 'ROOM_CONTROL' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CATEGORY_CODE_TAKEN');
    });

    it('lists by sortOrder, filters by isActive, updates and switches off', async () => {
      const list = await t.http.get('/api/products/categories').set(as(sales));
      expect(list.status).toBe(200);
      const codes = list.body.data.list.map((c: { categoryCode: string }) => c.categoryCode);
      expect(codes.indexOf('ROOM_CONTROL')).toBeLessThan(codes.indexOf('LOCK'));
      const lock = list.body.data.list.find((c: { categoryCode: string }) => c.categoryCode === 'LOCK');
      const upd = await t.http
        .put(`/api/products/categories/${lock.categoryId}`)
        .set(as(purchaser))
        .send({ categoryName: '智能门锁', sortOrder: 0 });
      expect(upd.body.data).toMatchObject({ categoryName: '智能门锁', sortOrder: 0 });
      const off = await t.http
        .put(`/api/products/categories/${lock.categoryId}/status`)
        .set(as(purchaser))
        .send({ isActive: 0 });
      expect(off.body.data.isActive).toBe(0);
      const active = await t.http.get('/api/products/categories?isActive=1').set(as(sales));
      expect(active.body.data.list.map((c: { categoryCode: string }) => c.categoryCode)).not.toContain('LOCK');
      const inactive = await t.http.get('/api/products/categories?isActive=0').set(as(sales));
      expect(inactive.body.data.list.map((c: { categoryCode: string }) => c.categoryCode)).toEqual(['LOCK']);
      expect(
        (await t.http.put('/api/products/categories/99999').set(as(purchaser)).send({ sortOrder: 1 })).status,
      ).toBe(404);
    });
  });

  describe('SKUs', () => {
    let productId: number;

    it('creates a product with the documented fields; money comes back as exact decimal strings', async () => {
      const res = await t.http.post('/api/products').set(as(purchaser)).send(product());
      expect(res.status).toBe(200);
      productId = res.body.data.productId;
      expect(res.body.data).toMatchObject({
        productCode: 'RCS-001',
        productName: '智能客控主机标准版',
        brand: '艾居来',
        categoryId,
        categoryName: '智能客控系统',
        supplierId: factoryId,
        supplier: '演示智能设备工厂',
        costPrice: '800.00',
        salePrice: '1500.00',
        unit: '台',
        productImages: ['http://example.com/img1.jpg', 'http://example.com/img2.jpg'],
        status: 'active',
      });
    });

    it('refuses a duplicate product code (产品编码已存在)', async () => {
      const res = await t.http
        .post('/api/products')
        .set(as(purchaser))
        .send(product({ productName: '另一个' }));
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ message: '产品编码已存在', error: { code: 'PRODUCT_CODE_TAKEN' } });
    });

    it('refuses bad references and bad money with field-level errors, writing nothing', async () => {
      const missingCategory = await t.http
        .post('/api/products')
        .set(as(purchaser))
        .send(product({ productCode: 'X-1', categoryId: 99999 }));
      expect(missingCategory.status).toBe(400);
      expect(missingCategory.body.error.code).toBe('CATEGORY_INVALID');
      const missingSupplier = await t.http
        .post('/api/products')
        .set(as(purchaser))
        .send(product({ productCode: 'X-2', supplierId: 99999 }));
      expect(missingSupplier.body.error.code).toBe('SUPPLIER_NOT_FOUND');
      for (const salePrice of [-1, '12.345', 'abc']) {
        const res = await t.http
          .post('/api/products')
          .set(as(purchaser))
          .send(product({ productCode: 'X-3', salePrice }));
        expect(res.status).toBe(400);
        expect(res.body.error.details[0].field).toBe('salePrice');
      }
      const list = await t.http.get('/api/products?keyword=X-').set(as(purchaser));
      expect(list.body.data.pagination.total).toBe(0);
    });

    it('does not put a product into an inactive category', async () => {
      const cats = await t.http.get('/api/products/categories?isActive=0').set(as(purchaser));
      const res = await t.http
        .post('/api/products')
        .set(as(purchaser))
        .send(product({ productCode: 'X-4', categoryId: cats.body.data.list[0].categoryId }));
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('CATEGORY_INACTIVE');
    });

    it('shows the cost price only to those allowed to see costs', async () => {
      const bySales = await t.http.get(`/api/products/${productId}`).set(as(sales));
      expect(bySales.status).toBe(200);
      expect(bySales.body.data).not.toHaveProperty('costPrice');
      expect(bySales.body.data.salePrice).toBe('1500.00');
      const list = await t.http.get('/api/products').set(as(sales));
      expect(JSON.stringify(list.body)).not.toContain('800.00');
    });

    it('filters by category, brand, status and keyword (name or code), newest first, paged', async () => {
      for (const [i, brand] of ['艾居来', '海尔', '艾居来'].entries()) {
        const res = await t.http
          .post('/api/products')
          .set(as(purchaser))
          .send(
            product({
              productCode: `RCS-10${i}`,
              productName: `客控面板${i}`,
              brand,
              status: i === 2 ? 'draft' : 'active',
            }),
          );
        expect(res.status).toBe(200);
      }
      const q = async (query: string) =>
        (await t.http.get(`/api/products?${query}`).set(as(sales))).body.data.list.map(
          (p: { productCode: string }) => p.productCode,
        );
      expect(await q(`brand=${encodeURIComponent('海尔')}`)).toEqual(['RCS-101']);
      expect(await q('status=draft')).toEqual(['RCS-102']);
      expect(await q(`keyword=${encodeURIComponent('面板')}`)).toEqual(['RCS-102', 'RCS-101', 'RCS-100']);
      expect(await q('keyword=RCS-00')).toEqual(['RCS-001']);
      expect(await q('keyword=%25')).toEqual([]);
      expect(await q('keyword=RCS_00')).toEqual([]);
      expect(await q(`categoryId=${categoryId}&status=active&pageSize=2&page=2`)).toEqual(['RCS-001']);
      const page = await t.http.get(`/api/products?categoryId=${categoryId}&pageSize=2`).set(as(sales));
      expect(page.body.data.pagination).toEqual({ page: 1, pageSize: 2, total: 4, totalPages: 2 });
      expect((await t.http.get('/api/products?status=sold').set(as(sales))).status).toBe(400);
    });

    it('updates in place and changes status; activation needs an active category', async () => {
      const upd = await t.http.put(`/api/products/${productId}`).set(as(purchaser)).send({
        productName: '智能客控主机标准版V2',
        salePrice: 1600,
        description: '更新后的产品描述',
        costPrice: null,
      });
      expect(upd.status).toBe(200);
      expect(upd.body.data).toMatchObject({
        productName: '智能客控主机标准版V2',
        salePrice: '1600.00',
        costPrice: null,
        productCode: 'RCS-001',
      });
      const off = await t.http.put(`/api/products/${productId}/status`).set(as(purchaser)).send({ status: 'inactive' });
      expect(off.body.data.status).toBe('inactive');
      expect(
        (await t.http.put(`/api/products/${productId}/status`).set(as(purchaser)).send({ status: 'sold' })).status,
      ).toBe(400);
      await t.http.put(`/api/products/categories/${categoryId}/status`).set(as(purchaser)).send({ isActive: 0 });
      const on = await t.http.put(`/api/products/${productId}/status`).set(as(purchaser)).send({ status: 'active' });
      expect(on.status).toBe(422);
      expect(on.body.error.code).toBe('CATEGORY_INACTIVE');
      await t.http.put(`/api/products/categories/${categoryId}/status`).set(as(purchaser)).send({ isActive: 1 });
      expect(
        (await t.http.put(`/api/products/${productId}/status`).set(as(purchaser)).send({ status: 'active' })).status,
      ).toBe(200);
    });

    it('answers 404 for a missing product and 403 for a salesperson writing', async () => {
      expect((await t.http.get('/api/products/99999').set(as(sales))).body.error.code).toBe('PRODUCT_NOT_FOUND');
      expect((await t.http.put('/api/products/99999').set(as(purchaser)).send({ unit: '个' })).status).toBe(404);
      expect(
        (
          await t.http
            .post('/api/products')
            .set(as(sales))
            .send(product({ productCode: 'S-1' }))
        ).status,
      ).toBe(403);
    });

    it('logs product writes', async () => {
      const admin = await t.login('admin', 'admin123');
      const logs = await t.http.get('/api/logs?moduleName=products&actionType=create').set(as(admin));
      expect(logs.body.data.list.map((l: { targetId: string }) => l.targetId)).toContain(String(productId));
    });
  });
});
