/** Java's String.hashCode: s[0]*31^(n-1) + ... + s[n-1] over UTF-16 code units, in 32-bit two's complement. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * The balancer's hash of an activation: |hash(invocation namespace) XOR hash(action FQN without
 * version)|, the FQN being "namespace/action" for an action outside a package (model §2.2).
 * Java's Int.abs leaves MIN_VALUE negative (OpenWhisk would then index out of range); we take
 * its unsigned value instead, which only that one hash value can reach.
 */
export function actionHash(namespace: string, action: string): number {
  const x = javaStringHash(namespace) ^ javaStringHash(`${namespace}/${action}`);
  return x === -2147483648 ? 2147483648 : Math.abs(x);
}
