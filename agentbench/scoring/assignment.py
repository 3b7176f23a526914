"""Optimal assignment (Hungarian algorithm, O(n^2 m)) in pure Python.

Turns hold a handful of calls, so this is microseconds, and scoring never imports scipy. It is exact:
tests compare it with brute force over every assignment.
"""

from __future__ import annotations

INF = float("inf")


def max_assignment(scores: list[list[float]]) -> list[tuple[int, int]]:
    """(row, col) pairs, each row and column at most once, min(rows, cols) pairs, maximising the total."""
    n = len(scores)
    m = len(scores[0]) if n else 0
    if n == 0 or m == 0:
        return []
    if n > m:
        pairs = max_assignment([list(column) for column in zip(*scores, strict=True)])
        return sorted((r, c) for c, r in pairs)
    top = max(max(row) for row in scores)
    cost = [[top - value for value in row] for row in scores]
    return _min_cost_rows_into_cols(cost, n, m)


def _min_cost_rows_into_cols(cost: list[list[float]], n: int, m: int) -> list[tuple[int, int]]:
    """Shortest augmenting paths with potentials u (rows) and v (columns); 1-based, column 0 is a sentinel."""
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    owner, way = [0] * (m + 1), [0] * (m + 1)  # owner[j]: row assigned to column j
    for row in range(1, n + 1):
        owner[0], col = row, 0
        slack, used = [INF] * (m + 1), [False] * (m + 1)
        while owner[col] != 0:
            used[col] = True
            i, delta, nxt = owner[col], INF, 0
            for j in range(1, m + 1):
                if used[j]:
                    continue
                reduced = cost[i - 1][j - 1] - u[i] - v[j]
                if reduced < slack[j]:
                    slack[j], way[j] = reduced, col
                if slack[j] < delta:
                    delta, nxt = slack[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    slack[j] -= delta
            col = nxt
        while col:
            prev = way[col]
            owner[col] = owner[prev]
            col = prev
    return sorted((owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j])
