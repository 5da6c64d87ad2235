/**
 * Every page of a List call, in order: `send` asks for the page after `token` (undefined: the
 * first), `items` picks the page's members. The views read short lists (vaults, plans, holds,
 * frameworks) whole with it.
 */
export async function allPages<P extends { NextToken?: string }, T>(send: (token?: string) => Promise<P>, items: (page: P) => T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await send(token);
    out.push(...(items(page) ?? []));
    token = page.NextToken;
  } while (token);
  return out;
}
