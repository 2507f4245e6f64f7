import { OrderProgressModel } from '@app/server/src/db/models';
import type { TestApp } from '../helpers/test-app';
import { matrixOrder, matrixProduct, matrixSplit } from './order-fixtures';

/** Per side, an order with progress posts: 'own' is the demo customer's (owned by `sales`), supplied by the demo
 * factory; 'foreign' another owner's customer's, supplied by another factory. */
export interface MatrixProgress {
  order: number;
  /** Posts of the order's factory: one the update route changes, one the delete route removes. */
  edit: number;
  remove: number;
}

async function post(orderId: number, factoryId: number): Promise<number> {
  const now = new Date();
  const row = await OrderProgressModel.create({
    orderId,
    factoryId,
    type: 'design',
    status: 'in_progress',
    description: '矩阵进度',
    startTime: null,
    completedTime: null,
    plannedTime: null,
    images: '[]',
    reportedBy: null,
    updatedBy: null,
    createdAt: now,
    updatedAt: now,
  });
  return Number(row.id);
}

export async function matrixProgress(
  t: TestApp,
  admin: string,
  options: {
    customers: { own: number; foreign: number };
    categoryId: number;
    factories: { demo: number; other: number };
  },
): Promise<Record<'own' | 'foreign', MatrixProgress>> {
  const build = async (customerId: number, factoryId: number, code: string): Promise<MatrixProgress> => {
    const product = await matrixProduct(t, admin, code, options.categoryId, factoryId);
    const order = await matrixOrder(t, admin, customerId, product);
    await matrixSplit(t, admin, order);
    return { order, edit: await post(order, factoryId), remove: await post(order, factoryId) };
  };
  return {
    own: await build(options.customers.own, options.factories.demo, 'MATRIX-P1'),
    foreign: await build(options.customers.foreign, options.factories.other, 'MATRIX-P2'),
  };
}
