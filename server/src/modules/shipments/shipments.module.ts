import type { Transaction } from 'sequelize';
import type { Database } from '../../db/database';
import type { RouteSpec } from '../../http/route';
import type { Clock } from '../../platform/clock';
import type { ContractsRepository } from '../contracts/contracts.repository';
import type { NumberSequenceRepository } from '../numbering/number-sequence.repository';
import { ShipmentsRepository } from './shipments.repository';
import { shipmentRoutes } from './shipments.routes';
import { ShipmentsService } from './shipments.service';

export interface ShipmentsModuleDeps {
  db: Database;
  clock: Clock;
  contracts: ContractsRepository;
  sequences: NumberSequenceRepository;
  startWarrantyOnDelivery(contractId: number, deliveredDate: string, by: number, t: Transaction): Promise<boolean>;
}

export interface ShipmentsModule {
  service: ShipmentsService;
  repository: ShipmentsRepository;
  routes: RouteSpec[];
}

/** Shipments (004 §9). */
export function buildShipmentsModule(deps: ShipmentsModuleDeps): ShipmentsModule {
  const repository = new ShipmentsRepository();
  const service = new ShipmentsService({
    db: deps.db,
    clock: deps.clock,
    shipments: repository,
    contracts: deps.contracts,
    sequences: deps.sequences,
    startWarrantyOnDelivery: deps.startWarrantyOnDelivery,
  });
  return { service, repository, routes: shipmentRoutes(service) };
}
