import type { DemoData } from '@app/server/src/modules/demo/demo-seeder';
import type { TestApp } from './test-app';

/** The demo data (one staff account per role, a customer company, a factory) on the test database. */
export async function seedDemo(t: TestApp): Promise<DemoData> {
  const demo = await t.container.services.demo.seedIfEmpty();
  if (!demo) throw new Error('test database was not empty');
  return demo;
}
