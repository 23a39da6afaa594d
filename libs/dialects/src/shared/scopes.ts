/** Seeds 000 and 004 write scope lists with commas (their documents: "使用逗号（,）分隔"). */
export function commaScopes(scopes: readonly string[]): string {
  return scopes.join(',');
}
