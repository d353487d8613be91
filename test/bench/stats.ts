// Small helpers shared by the benchmarks: timing, medians, percentiles, formatting.
export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

export function median(values: number[]): number {
  return percentile(values, 50);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const gbps = (bytes: number, ms: number): string => `${(bytes / 1e9 / (ms / 1000)).toFixed(2)} GB/s`;

export interface Row {
  benchmark: string;
  baseline: string;
  wirebench: string;
  ratio: string;
  target: string;
  verdict: 'met' | 'missed' | 'reported' | '—';
}
