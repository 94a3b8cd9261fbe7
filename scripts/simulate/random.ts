import { prng } from '../../bench/prng.ts';

/** A seeded source of numbers in [0, 1): the same seed, the same simulation. */
export type Random = () => number;

/** The same seeded PRNG the benchmarks use (mulberry32): the same seed, the same simulation. */
export const seededRandom = (seed: number): Random => prng(seed);

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** One of the items, each as likely as its weight. */
export function weighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let left = random() * total;
  for (const [item, weight] of items) {
    left -= weight;
    if (left < 0) return item;
  }
  return items.at(-1)![0];
}
