/** Who is calling: loaded once per user into the principal cache, never per request from the database. */
export interface Principal {
  userId: number;
  userType: 'staff' | 'wechat';
  username: string | null;
  isActive: boolean;
  tokenVersion: number;
  roles: readonly string[];
  /** 004 §1.1 `role`: the id of the user's primary role. */
  primaryRoleId: number | null;
  permissions: ReadonlySet<string>;
  /** The same permissions, sorted once, for answers that list them. */
  permissionList: readonly string[];
  customerId: number | null;
  factoryId: number | null;
  /** Display fields, so "who am I" answers need no query; invalidated with the rest on every user write. */
  profile: {
    realName: string | null;
    avatar: string | null;
    mobile: string | null;
    email: string | null;
    department: string | null;
    nickName: string | null;
  };
}

/** The data-scope rule of DESIGN.md, enforced in queries by each repository. */
export type DataScope =
  | { kind: 'all' }
  | { kind: 'owner'; userId: number }
  | { kind: 'factory'; factoryId: number }
  | { kind: 'company'; customerId: number }
  | { kind: 'none' };

export function scopeFor(p: Principal): DataScope {
  if (p.userType === 'wechat') {
    if (p.factoryId !== null) return { kind: 'factory', factoryId: p.factoryId };
    if (p.customerId !== null) return { kind: 'company', customerId: p.customerId };
    return { kind: 'none' };
  }
  if (p.permissions.has('data.all')) return { kind: 'all' };
  return { kind: 'owner', userId: p.userId };
}

export function hasPermission(p: Principal, permission: string): boolean {
  return p.permissions.has(permission);
}
