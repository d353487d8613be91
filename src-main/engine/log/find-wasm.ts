// Finding a byte sixteen at a time (WebAssembly SIMD) in a log's chunk memory, which is
// WebAssembly memory already (chunk-memory.ts): framing a flood of short lines spends most of its
// time looking for the delimiter. The module is this, compiled with wabt's wat2wasm (simd):
//
// (module
//   (import "env" "memory" (memory 0))
//   ;; The first address in [p, end) holding byte b, or -1: sixteen bytes a step.
//   (func (export "find") (param $p i32) (param $end i32) (param $b i32) (result i32)
//     (local $needle v128) (local $m i32)
//     (local.set $needle (i8x16.splat (local.get $b)))
//     (block $done
//       (loop $vec
//         (br_if $done (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
//         (local.set $m (i8x16.bitmask (i8x16.eq (v128.load (local.get $p)) (local.get $needle))))
//         (if (local.get $m) (then (return (i32.add (local.get $p) (i32.ctz (local.get $m))))))
//         (local.set $p (i32.add (local.get $p) (i32.const 16)))
//         (br $vec)))
//     (block $none
//       (loop $byte
//         (br_if $none (i32.ge_u (local.get $p) (local.get $end)))
//         (if (i32.eq (i32.load8_u (local.get $p)) (local.get $b)) (then (return (local.get $p))))
//         (local.set $p (i32.add (local.get $p) (i32.const 1)))
//         (br $byte)))
//     (i32.const -1)))
import type { ByteFinder } from '../../shared/codec/framing.js';

const FIND_WASM =
  'AGFzbQEAAAABCAFgA39/fwF/Ag8BA2VudgZtZW1vcnkCAAADAgEABwgBBGZpbmQAAApnAWUCAXsBfyAC/Q8hAwJAA0AgAEEQaiABSw0BIAD9AAQAIAP9I/1kIQQgBARAIAAgBGhqDwsgAEEQaiEADAALCwJAA0AgACABTw0BIAAtAAAgAkYEQCAADwsgAEEBaiEADAALC0F/Cw==';

let compiled: WebAssembly.Module | null | undefined;

/** find(p, end, byte) over `memory`, or null where WebAssembly SIMD is not available. */
export function wasmFind(memory: WebAssembly.Memory): ((p: number, end: number, byte: number) => number) | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(FIND_WASM, 'base64'));
    } catch {
      compiled = null;
    }
  }
  if (!compiled) return null;
  const instance = new WebAssembly.Instance(compiled, { env: { memory } });
  return instance.exports.find as (p: number, end: number, byte: number) => number;
}

/** A ByteFinder over `mem` (a view of `memory`), in mem's own indexes. */
export function finderIn(find: (p: number, end: number, byte: number) => number, mem: Uint8Array): ByteFinder {
  const base = mem.byteOffset;
  return (byte, from, end) => {
    const at = find(base + from, base + end, byte);
    return at < 0 ? -1 : at - base;
  };
}
