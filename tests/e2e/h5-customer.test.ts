import type { Browser, Page } from 'playwright-core';
import { expectSuccess } from '../helpers/envelope';
import { bindH5, describeH5, launchChromium, phone, shot, signInH5, startH5App, textOf } from '../helpers/h5';
import { phoneJpeg } from '../helpers/image-fixtures';
import { factoryUser, newFactoryWithUser, type FactoryUser } from '../helpers/jiedan-fixtures';
import { as, buildOrderWorld, newOrder, type OrderWorld } from '../helpers/order-fixtures';
import { seedDemo } from '../helpers/seed';
import type { TestApp } from '../helpers/test-app';
import { wechatUser } from '../helpers/wechat-users';

jest.setTimeout(180_000);

interface OrderDetail {
  id: number;
  items: { id: number; quantity: number; productName: string | null }[];
}

// The few browser globals the page-side checks use: the tests compile without the DOM library.
interface BrowserNode {
  textContent: string | null;
  complete?: boolean;
  naturalWidth?: number;
}
interface BrowserAnimation {
  playState: string;
  effect: { getComputedTiming(): { iterations?: number } } | null;
}
declare const document: {
  querySelector(selector: string): BrowserNode | null;
  querySelectorAll(selector: string): ArrayLike<BrowserNode>;
  getAnimations(): BrowserAnimation[];
};
declare const window: { scrollTo(x: number, y: number): void; localStorage: { removeItem(key: string): void } };

const PHOTO = '[data-testid="progress-photo"] img';

/** The `<img>` inside the first progress photo, once the browser has loaded it: its src and natural width. */
async function loadedPhoto(page: Page): Promise<{ src: string; width: number }> {
  const img = page.locator(PHOTO).first();
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction((selector) => {
    const el = document.querySelector(selector);
    return Boolean(el?.complete && (el.naturalWidth ?? 0) > 0);
  }, PHOTO);
  const width = await page.evaluate((selector) => document.querySelector(selector)?.naturalWidth ?? 0, PHOTO);
  return { src: (await img.getAttribute('src')) ?? '', width };
}

/** Waits for page transitions to end (Taro H5 slides pages in), so a screenshot shows one page. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
  );
}

describeH5('the H5 build: the customer area (orders, an order, a material and its progress photos)', () => {
  let t: TestApp;
  let w: OrderWorld;
  let browser: Browser;
  let factory: FactoryUser;
  /** An order of the demo customer: line 0 made by the demo factory (with a photo post), line 1 by a second factory that has posted nothing. */
  let order: { id: number; orderNo: string; madeLine: number; openLine: number };
  let photo: { url: string; thumbnailUrl: string };

  beforeAll(async () => {
    t = await startH5App({ TRUST_PROXY: 'true' });
    await seedDemo(t);
    w = await buildOrderWorld(t);
    factory = await factoryUser(t, 'h5-customer-factory', 'DEMO-FACTORY');
    const other = await newFactoryWithUser(t, w.tokens.admin, 'H5客户测试工厂B', 'h5-customer-factory-b');

    const created = await newOrder(t, w, {
      quotation: {
        items: [
          { productId: w.products.host, quantity: 2, actualPrice: 100 },
          { productId: w.products.host, quantity: 1, actualPrice: 100 },
        ],
      },
      order: { paymentAmount: '0.01' },
    });
    const detail = expectSuccess<OrderDetail>(await t.http.get(`/api/orders/${created.id}`).set(as(w.tokens.sales)));
    // Each line goes to a factory on a purchase order: what lets that factory post progress (000 §1).
    expectSuccess(
      await t.http
        .post(`/api/orders/${created.id}/split/confirm`)
        .set(as(w.tokens.customerService))
        .send({
          purchaseOrders: [
            {
              supplierId: factory.factoryId,
              items: [{ itemId: detail.items[0].id, quantity: detail.items[0].quantity }],
            },
            {
              supplierId: other.factoryId,
              items: [{ itemId: detail.items[1].id, quantity: detail.items[1].quantity }],
            },
          ],
        }),
    );
    order = { id: created.id, orderNo: created.orderNo, madeLine: detail.items[0].id, openLine: detail.items[1].id };

    const upload = await t.http
      .post('/api/files/upload')
      .set(as(factory.token))
      .attach('file', await phoneJpeg(800, 600), { filename: 'progress.jpg', contentType: 'image/jpeg' });
    expect(upload.status).toBe(200);
    photo = (upload.body.data.files as { url: string; thumbnailUrl: string }[])[0];
    expectSuccess(
      await t.http
        .post(`/api/orders/${order.id}/progress`)
        .set(as(factory.token))
        .send({
          order_id: order.id,
          factory_id: factory.factoryId,
          type: 'production',
          status: 'in_progress',
          description: '主机外壳已开始生产，预计三天内完成',
          images: [photo.url],
        }),
    );
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('keeps the staff-only order reads (detail, timeline, logistics track) from customers', async () => {
    const customer = await wechatUser(t, 'h5-customer-api', 'DEMO-HOTEL');
    for (const path of ['', '/timeline', '/logistics-track']) {
      const res = await t.http.get(`/api/orders/${order.id}${path}`).set(as(customer));
      expect(res.status).toBe(403);
    }
  });

  it('signs in, binds, searches an order, opens it and its material, and shows the progress photo', async () => {
    const { page, errors, close } = await phone(browser);
    try {
      await page.goto(`${t.baseUrl}/`);
      await page.locator('input[name="name"]').waitFor();
      await shot(page, 'sign-in');
      await signInH5(page, t.baseUrl, 'h5-customer');
      await page.locator('input[name="inviteCode"]').waitFor();
      await shot(page, 'bind');

      await bindH5(page, 'NO-SUCH-CODE');
      expect(await textOf(page, 'bind-error')).toBe('邀请码无效，请核对后重新输入，或向企业管理员确认');
      await shot(page, 'bind-error');

      await bindH5(page, 'DEMO-HOTEL');
      await page.waitForURL(/customer\/pages\/orders/);
      await page.getByTestId('order-card').first().waitFor();
      await settled(page);
      await shot(page, 'customer-orders');

      // Search by the order number: only that order is listed.
      await page.locator('input[name="keyword"]').fill(order.orderNo);
      await page.getByTestId('order-search-button').click();
      await page.waitForFunction((no) => {
        const cards = document.querySelectorAll('[data-testid="order-card"]');
        return cards.length === 1 && (cards[0].textContent ?? '').includes(no);
      }, order.orderNo);
      expect(await textOf(page, 'order-materials')).toMatch(/共 2 项 · 已完成 0 项/);

      await page.getByTestId('order-card').first().click();
      await page.waitForURL(new RegExp(`customer/pages/order/index\\?orderId=${order.id}`));
      await page.getByTestId('material-row').nth(1).waitFor();
      expect(await textOf(page, 'order-no')).toBe(order.orderNo);
      expect(await page.getByTestId('material-row').count()).toBe(2);
      // The timeline, newest first: the factory's post, the split, the creation.
      expect(await textOf(page, 'order-timeline')).toMatch(/生产进度更新[\s\S]*已安排工厂生产[\s\S]*订单已创建/);
      await settled(page);
      await shot(page, 'customer-order');

      await page.getByTestId('material-row').first().click();
      await page.waitForURL(new RegExp(`customer/pages/material/index\\?materialId=${order.madeLine}`));
      await page.getByTestId('progress-item').first().waitFor();
      expect(await textOf(page, 'progress-stage')).toBe('生产');
      const shown = await loadedPhoto(page);
      expect(new URL(shown.src, t.baseUrl).href).toBe(new URL(photo.thumbnailUrl, t.baseUrl).href);
      expect(shown.width).toBeGreaterThan(0);
      await page.evaluate(() => window.scrollTo(0, 0));
      await settled(page);
      await shot(page, 'customer-material');

      // A tap on the thumbnail opens the full photo full screen; a tap closes it.
      await page.getByTestId('progress-photo').first().click();
      const full = page.locator('.preview-image img').first();
      await full.waitFor();
      expect(await full.getAttribute('src')).toBe(photo.url);
      await page.locator('.preview-image').click();
      await page.locator('.preview-image').waitFor({ state: 'detached' });

      // A search with no result shows the empty state.
      await page.goBack();
      await page.goBack();
      await page.locator('input[name="keyword"]').waitFor();
      await page.locator('input[name="keyword"]').fill('没有这个订单');
      await page.getByTestId('order-search-button').click();
      expect(await textOf(page, 'state-empty')).toMatch(/没有找到与“没有这个订单”相关的订单/);
      await settled(page);
      await shot(page, 'customer-empty');

      await page.goto(`${t.baseUrl}/#/pages/me/index`);
      await page.getByTestId('binding').waitFor();
      await page.getByText('剩余可接收').waitFor();
      await settled(page);
      await shot(page, 'me-customer');

      // Signed out and in again, a bound customer goes straight to the order list: how long does that take?
      await page.getByText('退出登录', { exact: true }).click();
      await page.locator('input[name="name"]').waitFor();
      await page.locator('input[name="name"]').fill('h5-customer');
      const clicked = Date.now();
      await page.getByText('登录', { exact: true }).last().click();
      await page.getByTestId('order-card').first().waitFor();
      const elapsed = Date.now() - clicked;
      // eslint-disable-next-line no-console
      console.log(`sign-in click → first order list shown: ${elapsed} ms`);
      expect(elapsed).toBeLessThan(10_000);

      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('opens an order straight from a notice link (cold start: the session is renewed on 401)', async () => {
    const { page, errors, close } = await phone(browser);
    try {
      await signInH5(page, t.baseUrl, 'h5-customer');
      await page.getByTestId('order-card').first().waitFor();
      // A fresh start with the session gone: the first read answers 401 and the app signs in again.
      await page.evaluate(() => window.localStorage.removeItem('odp.token'));
      await page.goto(`${t.baseUrl}/#/customer/pages/order/index?orderId=${order.id}`);
      await page.reload();
      await page.getByTestId('material-row').first().waitFor();
      expect(await textOf(page, 'order-no')).toBe(order.orderNo);

      // A material whose factory has posted nothing yet says so.
      await page.goto(`${t.baseUrl}/#/customer/pages/material/index?materialId=${order.openLine}`);
      expect(await textOf(page, 'progress-empty')).toBe('工厂尚未填报进度，请稍后查看');
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
