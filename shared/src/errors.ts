/**
 * Every business error code, its HTTP status and default Chinese message.
 * One table: services throw a code, the error middleware looks up the status here.
 */
export const ERROR_TABLE = {
  VALIDATION_ERROR: [400, '请求参数错误'],
  BAD_REQUEST: [400, '请求错误'],
  INVALID_JSON: [400, '请求体不是合法的 JSON'],
  UNAUTHORIZED: [401, '未登录或登录已失效'],
  TOKEN_INVALID: [401, '登录凭证无效'],
  TOKEN_EXPIRED: [401, '登录已过期，请重新登录'],
  TOKEN_REVOKED: [401, '登录已失效，请重新登录'],
  INVALID_CREDENTIALS: [401, '用户名或密码错误'],
  USER_DISABLED: [403, '账号已停用'],
  FORBIDDEN: [403, '权限不足'],
  USER_MISMATCH: [403, '用户与登录身份不一致'],
  WECHAT_ONLY: [403, '仅限微信用户操作'],
  NOT_FOUND: [404, '资源不存在'],
  ROUTE_NOT_FOUND: [404, '接口不存在'],
  USER_NOT_FOUND: [404, '用户不存在'],
  ROLE_NOT_FOUND: [404, '角色不存在'],
  PERMISSION_NOT_FOUND: [400, '权限不存在'],
  CUSTOMER_NOT_FOUND: [404, '客户不存在'],
  COMPANY_NOT_FOUND: [404, '未找到对应企业'],
  FACTORY_NOT_FOUND: [404, '工厂不存在'],
  PRODUCT_NOT_FOUND: [404, '产品不存在'],
  CATEGORY_NOT_FOUND: [404, '产品分类不存在'],
  CATEGORY_INVALID: [400, '产品分类不存在'],
  SUPPLIER_NOT_FOUND: [400, '供货工厂不存在'],
  METHOD_NOT_ALLOWED: [405, '请求方法不被允许'],
  CONFLICT: [409, '数据冲突'],
  USERNAME_TAKEN: [409, '用户名已存在'],
  USER_CODE_TAKEN: [409, '员工编号已存在'],
  FACTORY_CODE_TAKEN: [409, '工厂编号已存在'],
  PRODUCT_CODE_TAKEN: [409, '产品编码已存在'],
  CATEGORY_CODE_TAKEN: [409, '分类编码已存在'],
  COMPANY_ALREADY_BOUND: [409, '已绑定其他企业'],
  PAYLOAD_TOO_LARGE: [413, '请求体过大'],
  UNSUPPORTED_MEDIA_TYPE: [415, '不支持的请求类型'],
  WRONG_STATE: [422, '当前状态不允许该操作'],
  CATEGORY_INACTIVE: [422, '产品分类已停用'],
  OLD_PASSWORD_WRONG: [400, '原密码错误'],
  PASSWORD_UNCHANGED: [400, '新密码不能与原密码相同'],
  INVITE_CODE_INVALID: [400, '邀请码无效'],
  INVITE_CODE_MISMATCH: [400, '邀请码不匹配'],
  WECHAT_CODE_MISSING: [400, 'code缺失'],
  WECHAT_CODE_INVALID: [400, '微信登录凭证无效'],
  WECHAT_CODE_USED: [400, '微信登录凭证已使用'],
  WECHAT_OPENID_INVALID: [400, 'openid获取失败'],
  WECHAT_USER_BLOCKED: [403, '微信用户受限，无法登录'],
  RATE_LIMITED: [429, '请求过于频繁，请稍后再试'],
  WECHAT_RATE_LIMITED: [429, '微信接口调用过于频繁，请稍后再试'],
  INTERNAL_ERROR: [500, '服务器内部错误'],
  WECHAT_ERROR: [502, '微信服务错误'],
  SERVICE_UNAVAILABLE: [503, '服务暂不可用'],
  WECHAT_TIMEOUT: [504, '微信服务响应超时'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export function statusOf(code: ErrorCode): number {
  return ERROR_TABLE[code][0];
}

export function defaultMessageOf(code: ErrorCode): string {
  return ERROR_TABLE[code][1];
}
