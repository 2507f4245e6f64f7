import { EventEmitter } from 'node:events';
import type { ProgressStatus, ProgressType } from '@app/shared';
import type { Logger } from './logger';

/** What happened, for whoever reacts (notices to bound customers, caches). Emitted after the change committed. */
export interface DomainEventMap {
  'progress.posted': {
    orderId: number;
    orderNo: string;
    customerId: number;
    factoryId: number;
    progressId: number;
    type: ProgressType;
    status: ProgressStatus;
    at: Date;
  };
  /** 002 §5.2: the order left with a courier (or for self pickup). */
  'order.shipped': {
    orderId: number;
    orderNo: string;
    customerId: number;
    logisticsCompany: string | null;
    trackingNumber: string | null;
    at: Date;
  };
  /** SHIPPED → DELIVERED: signed by hand, or the courier reported it signed. */
  'order.delivered': {
    orderId: number;
    orderNo: string;
    customerId: number;
    at: Date;
  };
}

export type DomainEventName = keyof DomainEventMap;
export type DomainEventListener<K extends DomainEventName> = (event: DomainEventMap[K]) => void | Promise<void>;

/**
 * In-process domain events. A listener's failure is logged and never reaches the request that emitted the event
 * (the change is already committed); listeners that must not be lost keep their own outbox.
 */
export class DomainEvents {
  private readonly emitter = new EventEmitter();

  constructor(private readonly logger: Logger) {
    this.emitter.setMaxListeners(50);
  }

  on<K extends DomainEventName>(name: K, listener: DomainEventListener<K>): () => void {
    const wrapped = (event: DomainEventMap[K]) => {
      Promise.resolve()
        .then(() => listener(event))
        .catch((err: unknown) => this.logger.error({ err, event: name }, 'domain event listener failed'));
    };
    this.emitter.on(name, wrapped);
    return () => this.emitter.off(name, wrapped);
  }

  emit<K extends DomainEventName>(name: K, event: DomainEventMap[K]): void {
    this.emitter.emit(name, event);
  }
}
