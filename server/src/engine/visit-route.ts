/**
 * A visiting round (流动服务, 送教上门, 巡回医疗): the order in which a mobile team leaving a base
 * visits a set of stops and returns, short enough to drive in a day. Nearest neighbour, then
 * 2-opt until no reversal shortens the tour (Croes 1958) — for the handful of stops a cluster has,
 * within a few per cent of the optimum and exact for ≤ 3 stops.
 */

/**
 * Round trip from `base` through every stop. `distance(a, b)` in any unit (km, minutes), with
 * index 0 = the base and 1 … n = the stops; symmetric.
 * @example visitRoute(3, d) // { order: [2, 1, 3], length: 12.5 } (order lists stops 1 … n)
 * Contract: `order` is a permutation of 1 … stops; `length` = the closed tour's total; no
 * 2-opt reversal of it is shorter.
 */
export function visitRoute(stops: number, distance: (a: number, b: number) => number): { order: number[]; length: number } {
  if (stops === 0) return { order: [], length: 0 }
  const tour = [0]
  const left = new Set(Array.from({ length: stops }, (_, i) => i + 1))
  while (left.size) {
    const last = tour[tour.length - 1]
    let best = -1
    for (const s of left) if (best < 0 || distance(last, s) < distance(last, best)) best = s
    tour.push(best)
    left.delete(best)
  }
  tour.push(0)
  for (let improved = true; improved; ) {
    improved = false
    for (let i = 1; i < tour.length - 2; i++)
      for (let j = i + 1; j < tour.length - 1; j++) {
        const before = distance(tour[i - 1], tour[i]) + distance(tour[j], tour[j + 1])
        const after = distance(tour[i - 1], tour[j]) + distance(tour[i], tour[j + 1])
        if (after < before - 1e-9) {
          tour.splice(i, j - i + 1, ...tour.slice(i, j + 1).reverse())
          improved = true
        }
      }
  }
  let length = 0
  for (let i = 0; i + 1 < tour.length; i++) length += distance(tour[i], tour[i + 1])
  return { order: tour.slice(1, -1), length }
}
