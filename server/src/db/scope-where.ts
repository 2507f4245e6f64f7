import { Op, type WhereOptions } from 'sequelize';
import type { DataScope } from '../modules/access/principal';

/** Which column of a table carries each kind of ownership. A table names only the kinds it has. */
export interface ScopeColumns {
  owner?: string;
  factory?: string;
  company?: string;
  /** For tables whose rows ARE the scoped object (factories, customers): the id column. */
  self?: { factory?: string; company?: string };
}

/**
 * Turns a data scope into a WHERE condition, so scope is enforced by the query itself.
 * A scope kind the table cannot express matches nothing (a foreign object looks missing: 404).
 */
export function scopeWhere(scope: DataScope, columns: ScopeColumns): WhereOptions {
  const nothing: WhereOptions = { [Op.and]: [{ [Op.or]: [] }] };
  switch (scope.kind) {
    case 'all':
      return {};
    case 'owner':
      return columns.owner ? { [columns.owner]: scope.userId } : nothing;
    case 'factory': {
      const column = columns.factory ?? columns.self?.factory;
      return column ? { [column]: scope.factoryId } : nothing;
    }
    case 'company': {
      const column = columns.company ?? columns.self?.company;
      return column ? { [column]: scope.customerId } : nothing;
    }
    case 'none':
      return nothing;
  }
}

/** A data scope as a raw SQL condition with its parameters, for hand-written hot-path queries. */
export interface ScopeSql {
  sql: string;
  params: (number | string)[];
}

/**
 * The same rule as `scopeWhere`, for raw queries: `columns` name qualified columns (`o.salesId`), and `factory` may
 * be a whole condition with one `?` (a sub-select) instead of a column.
 */
export function scopeSql(
  scope: DataScope,
  columns: { owner?: string; company?: string; factory?: string | { condition: string } },
): ScopeSql {
  const nothing: ScopeSql = { sql: '1 = 0', params: [] };
  switch (scope.kind) {
    case 'all':
      return { sql: '1 = 1', params: [] };
    case 'owner':
      return columns.owner ? { sql: `${columns.owner} = ?`, params: [scope.userId] } : nothing;
    case 'company':
      return columns.company ? { sql: `${columns.company} = ?`, params: [scope.customerId] } : nothing;
    case 'factory': {
      const f = columns.factory;
      if (!f) return nothing;
      return { sql: typeof f === 'string' ? `${f} = ?` : f.condition, params: [scope.factoryId] };
    }
    case 'none':
      return nothing;
  }
}
