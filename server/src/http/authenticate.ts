import { AppError } from './app-error';
import type { AppContext } from './context';
import type { Principal } from '../modules/access/principal';
import type { TokenService } from '../modules/auth/token.service';
import type { AccessService } from '../modules/access/access.service';

/**
 * Bearer token → principal. Signature and expiry are checked by the token service; "revoked"
 * (password changed, user disabled or deleted) by comparing the token version with the cached
 * principal, so the steady state costs no database query.
 */
export class Authenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly access: AccessService,
  ) {}

  async authenticate(ctx: AppContext): Promise<{ principal: Principal; expiresAt: number }> {
    const header = ctx.get('authorization');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppError('UNAUTHORIZED');
    const claims = await this.tokens.verify(match[1]);
    const principal = await this.access.principal(claims.userId);
    if (!principal || principal.tokenVersion !== claims.tokenVersion) throw new AppError('TOKEN_REVOKED');
    if (!principal.isActive) throw new AppError('TOKEN_REVOKED', '账号已停用，请联系管理员');
    return { principal, expiresAt: claims.expiresAt };
  }
}
