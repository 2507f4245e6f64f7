import { SharedCache, type SharedCacheOptions } from '../../platform/shared-cache';
import type { Principal } from './principal';

/**
 * userId → Principal, so checking a token (active? token version? permissions?) costs no
 * database query in the steady state. Every write that changes what a principal may do calls
 * invalidate(); with Redis configured the invalidation reaches every instance by pub/sub, and a
 * short TTL bounds staleness if a message is ever lost.
 */
export class PrincipalCache extends SharedCache<Principal> {
  constructor(load: (userId: number) => Promise<Principal | null>, options: Omit<SharedCacheOptions, 'name'>) {
    super(load, { name: 'principal', ...options });
  }
}
