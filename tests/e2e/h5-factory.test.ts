import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Route } from 'playwright-core';
import { expectSuccess } from '../helpers/envelope';
import { phoneJpeg } from '../helpers/image-fixtures';
import { as, buildOrderWorld, newOrder, type OrderWorld } from '../helpers/order-fixtures';
import { seedDemo } from '../helpers/seed';
import type { TestApp } from '../helpers/test-app';
import { bindH5, describeH5, launchChromium, phone, shot, signInH5, startH5App, textOf } from '../helpers/h5';

jest.setTimeout(180_000);

interface BidOnOrder {
  id: number;
  status: string;
  price: number;
}

describeH5('the H5 build: a factory bids, wins, and posts progress with photos', () => {
  let t: TestApp;
  let w: OrderWorld;
  let browser: Browser;
  let photoPath: string;

  beforeAll(async () => {
    t = await startH5App();
    await seedDemo(t);
    w = await buildOrderWorld(t);
    browser = await launchChromium();
    photoPath = join(mkdtempSync(join(tmpdir(), 'h5-factory-')), 'site.jpg');
    writeFileSync(photoPath, await phoneJpeg(1200, 900));
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('bids on an open order, then posts progress on it once accepted; drafts and failed uploads survive', async () => {
    // An order open for bids: PENDING_PO, not split, no accepted bid.
    const order = await newOrder(t, w, { order: { paymentAmount: '0.01' } });
    const { page, errors, close } = await phone(browser);
    try {
      await signInH5(page, t.baseUrl, 'h5-factory-user');
      await bindH5(page, 'DEMO-FACTORY');
      await page.waitForURL(/factory\/pages\/home/);

      // Home: the open order with its number, and the counts of my bids.
      const card = page.getByTestId('open-order-card').filter({ hasText: order.orderNo });
      await card.waitFor();
      expect(await textOf(page, 'bid-stats')).toMatch(/待处理/);
      await shot(page, 'factory-home');

      // Bid: an empty price is refused on the phone, a valid one is sent.
      await card.getByText('报价', { exact: true }).click();
      await page.waitForURL(/factory\/pages\/bid/);
      await page.getByTestId('bid-order').waitFor();
      expect(await textOf(page, 'bid-order')).toContain(order.orderNo);
      await page.getByTestId('bid-submit').click();
      expect(await textOf(page, 'price-error')).toMatch(/请输入报价金额/);
      await page.locator('input[name="price"]').fill('12.345');
      await page.getByTestId('bid-submit').click();
      expect(await textOf(page, 'price-error')).toMatch(/两位小数/);
      await page.locator('input[name="price"]').fill('1234.5');
      await shot(page, 'factory-bid');
      // A double tap sends one bid (checked on the server below).
      await page.getByTestId('bid-submit').dblclick();

      // Back home on 我的报价, with the bid pending.
      await page.waitForURL(/factory\/pages\/home.*tab=bids/);
      const bidCard = page.getByTestId('bid-card').filter({ hasText: order.orderNo });
      await bidCard.waitFor();
      const bidText = (await bidCard.textContent()) ?? '';
      expect(bidText).toContain('¥1,234.50');
      expect(bidText).toContain('待处理');
      await shot(page, 'factory-bids');
      // Back on 可接订单, the order shows my bid instead of the 报价 button.
      await page.getByTestId('tab-open').click();
      const bidOn = page.getByTestId('open-order-card').filter({ hasText: order.orderNo });
      await bidOn.getByText('我的报价 ¥1,234.50').waitFor();
      expect(await bidOn.getByTestId('bid-button').count()).toBe(0);

      // Staff accept the bid: the order is this factory's to produce.
      const bids = expectSuccess<BidOnOrder[]>(
        await t.http.get(`/api/orders/${order.id}/jiedans`).set(as(w.tokens.storeManager)),
      );
      expect(bids).toHaveLength(1);
      expect(bids[0]).toMatchObject({ status: 'pending', price: 1234.5 });
      expectSuccess(await t.http.post(`/api/jiedan/${bids[0].id}/accept`).set(as(w.tokens.storeManager)).send({}));

      // Work: the order appears; a tap opens posting.
      await page.locator('.area-nav').getByText('生产', { exact: true }).click();
      await page.waitForURL(/factory\/pages\/work/);
      const workCard = page.getByTestId('work-order-card').filter({ hasText: order.orderNo });
      await workCard.waitFor();
      await shot(page, 'factory-work');
      await workCard.click();
      await page.waitForURL(/factory\/pages\/post/);
      await page.getByTestId('state-empty').waitFor();

      // The draft survives a reload.
      await page.getByTestId('stage-production').click();
      await page.getByTestId('status-in_progress').click();
      const description = page.locator('textarea').first();
      await description.fill('面料已到货，开始裁剪');
      await page.reload();
      await page.getByTestId('stage-production').waitFor();
      await page.waitForFunction(() => document.querySelector('textarea')?.value === '面料已到货，开始裁剪');
      expect(await page.getByTestId('stage-production').getAttribute('class')).toContain('chips__item--active');

      // The first upload fails (network): the photo offers 重试; the retry (slowed down) shows its progress.
      let uploads = 0;
      await page.route('**/api/files/upload', async (route: Route) => {
        uploads += 1;
        if (uploads === 1) return route.abort('internetdisconnected');
        await new Promise((resolve) => setTimeout(resolve, 1500));
        return route.continue();
      });
      // On a phone, H5 first asks camera or album (an action sheet), then opens the file chooser.
      await page.getByTestId('add-photo').click();
      const chooser = page.waitForEvent('filechooser');
      await page.getByText('从相册选择', { exact: true }).click();
      await (await chooser).setFiles(photoPath);
      await page.getByTestId('photo-retry').waitFor();
      await page.getByText('拍摄', { exact: true }).waitFor({ state: 'hidden' });
      expect(await textOf(page, 'photo-retry')).toContain('重试');
      await shot(page, 'factory-post-retry');
      await page.getByTestId('photo-retry').click();
      await page.getByTestId('photo-progress').waitFor();
      await shot(page, 'factory-post-uploading');
      expect(await page.getByTestId('progress-submit').textContent()).toContain('上传中');
      await page.getByTestId('photo-done').waitFor();
      expect(await textOf(page, 'photo-done')).toBe('100%');
      expect(uploads).toBe(2);
      await page.unroute('**/api/files/upload');

      // A submit lost to the network keeps the form as it was and says so; the retry makes one post.
      let posts = 0;
      await page.route('**/api/orders/*/progress', async (route: Route) => {
        if (route.request().method() !== 'POST') return route.continue();
        posts += 1;
        return posts === 1 ? route.abort('internetdisconnected') : route.continue();
      });
      await page.getByTestId('progress-submit').click();
      expect(await textOf(page, 'post-error')).toMatch(/网络不可用/);
      expect(await page.locator('textarea').first().inputValue()).toBe('面料已到货，开始裁剪');
      expect(await page.getByTestId('photo-done').count()).toBe(1);

      // Submit: the post shows with its photo, the form is empty again.
      await page.getByTestId('progress-submit').click();
      const item = page.getByTestId('progress-item').first();
      await item.waitFor();
      expect(await item.textContent()).toContain('面料已到货，开始裁剪');
      await item.getByTestId('progress-photo').first().waitFor();
      await item.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => {
        const img = document.querySelector('[data-testid="progress-item"] img') as HTMLImageElement | null;
        return Boolean(img && img.complete && img.naturalWidth > 0);
      });
      await page.waitForFunction(() => document.querySelector('textarea')?.value === '');
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.getByText('进度已提交', { exact: true }).waitFor({ state: 'hidden' });
      await shot(page, 'factory-post');

      // One post on the server, with the photo.
      expect(posts).toBe(2);
      const saved = expectSuccess<{ type: string; status: string; images: string[] }[]>(
        await t.http.get(`/api/orders/${order.id}/progress`).set(as(w.tokens.sales)),
      );
      expect(saved).toHaveLength(1);
      expect(saved[0]).toMatchObject({ type: 'production', status: 'in_progress' });
      expect(saved[0].images).toHaveLength(1);

      // A reload after the post: the draft is gone.
      await page.reload();
      await page.getByTestId('progress-item').first().waitFor();
      expect(await page.locator('textarea').first().inputValue()).toBe('');

      // A second bid on one order (here: one sent meanwhile from elsewhere) is explained, not a code.
      const other = await newOrder(t, w, { order: { paymentAmount: '0.01' } });
      await page.goto(`${t.baseUrl}/#/factory/pages/bid/index?orderId=${other.id}`);
      await page.locator('input[name="price"]').waitFor();
      const token = await page.evaluate(() => {
        const raw = localStorage.getItem('odp.token') ?? '';
        try {
          return (JSON.parse(raw) as { data: string }).data;
        } catch {
          return raw;
        }
      });
      expectSuccess(await t.http.post('/api/jiedan').set(as(token)).send({ order_id: other.id, price: 900 }));
      await page.locator('input[name="price"]').fill('880');
      await page.getByTestId('bid-submit').click();
      expect(await textOf(page, 'bid-error')).toMatch(/已对该订单报过价.*只能报价一次/);
      await shot(page, 'factory-bid-duplicate');

      // Me: the factory binding.
      await page.goto(`${t.baseUrl}/#/pages/me/index`);
      expect(await textOf(page, 'binding')).toMatch(/工厂/);
      await shot(page, 'me-factory');

      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
