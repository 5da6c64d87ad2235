/**
 * A repository with some of its methods replaced (the event decorators of jobs, recovery points,
 * scan jobs and access points). Every other member is read through to the repository itself, its methods bound
 * to it: nothing is copied, so a decorator cannot drop a method, whether it lives on a class's
 * prototype (which a `{ ...repo }` spread leaves behind) or is added to the interface later.
 */
export function overriding<T extends object>(target: T, overrides: Partial<T>): T {
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(t, prop) {
      if (Object.hasOwn(overrides, prop)) return overrides[prop as keyof T];
      const value: unknown = Reflect.get(t, prop, t);
      if (typeof value !== 'function') return value;
      let fn = bound.get(prop);
      if (fn === undefined) bound.set(prop, (fn = (value as (...args: unknown[]) => unknown).bind(t)));
      return fn;
    },
  });
}
