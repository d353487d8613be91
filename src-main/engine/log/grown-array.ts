// Growing the typed-array columns that TrafficLog and PingTable keep one value per row in.

/** A copy of `array` in a new array of the same type with room for `capacity` elements. */
export function grownTo<T extends Float64Array | Uint32Array | Int16Array | Uint8Array>(array: T, capacity: number): T {
  const grown = new (array.constructor as new (length: number) => T)(capacity);
  grown.set(array);
  return grown;
}
