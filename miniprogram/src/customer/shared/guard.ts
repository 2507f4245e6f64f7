import { ApiError } from '../../api/request';
import { PAGES, restartAt } from '../../routes';

/**
 * A customer read that sends the user where they can go on when it cannot be answered for them: to sign-in when
 * no session can be made (H5 without a name), to binding when the user has no company.
 */
export async function customerRead<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof ApiError && err.code === 'SIGN_IN_REQUIRED') restartAt(PAGES.signIn);
    if (err instanceof ApiError && err.code === 'COMPANY_NOT_BOUND') restartAt(PAGES.bind);
    throw err;
  }
}
