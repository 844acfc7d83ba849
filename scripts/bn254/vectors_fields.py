"""make_vectors.py's field sections: Z/mZ cases (used for Fq and Fr), Fq2 cases, and Fq12
cases in the w-basis (with an independent w-basis multiplication), from a seeded rng."""
from bn254_common import (
    FQ2, FQ12, P, fq2_s, fq12_s, fq12_to_w, w_to_fq12,
)


# ---------------------------------------------------------------- prime fields


def prime_field_cases(m, rng, n_random):
    """Cases for Z/mZ: a, b, add, sub, mul, inv (of a, null if a == 0), sqr (of a)."""
    edge_pairs = [
        (0, rng.randrange(m)),
        (rng.randrange(m), 0),
        (0, 0),
        (1, 1),
        (1, m - 1),
        (m - 1, m - 1),
        (m - 1, 2),
        ((m - 1) // 2, (m + 1) // 2),
        (2, (m + 1) // 2),  # 2 * (m+1)/2 = 1
        (2**255 % m, (2**256 - 1) % m),
        (2**254 % m, m - 2),
        (2**256 % m, 2**512 % m),  # Montgomery R and R^2 mod m
        (2**64 - 1, 2**64 - 1),
        (3, 2**128 + 1),
    ]
    pairs = edge_pairs + [(rng.randrange(m), rng.randrange(m)) for _ in range(n_random)]
    out = []
    for a, b in pairs:
        inv = pow(a, m - 2, m) if a != 0 else None
        if inv is not None:
            assert a * inv % m == 1
        out.append(
            {
                "a": str(a),
                "b": str(b),
                "add": str((a + b) % m),
                "sub": str((a - b) % m),
                "mul": str(a * b % m),
                "inv": None if inv is None else str(inv),
                "sqr": str(a * a % m),
            }
        )
    return out


# ---------------------------------------------------------------- Fq2


def fq2_cases(rng):
    def rnd():
        return (rng.randrange(P), rng.randrange(P))

    pairs = [
        ((0, 0), rnd()),
        ((1, 0), (0, 1)),
        ((0, 1), (0, 1)),  # u*u = -1
        ((P - 1, P - 1), (P - 1, P - 1)),
        ((9, 1), (9, 1)),  # xi
        ((2**255 % P, (2**256 - 1) % P), (P - 2, 2**64 - 1)),
        ((5, 0), rnd()),
    ] + [(rnd(), rnd()) for _ in range(6)]
    out = []
    for (a0, a1), (b0, b1) in pairs:
        a, b = FQ2([a0, a1]), FQ2([b0, b1])
        # independent schoolbook check of py_ecc's FQ2 product
        m = ((a0 * b0 - a1 * b1) % P, (a0 * b1 + a1 * b0) % P)
        assert fq2_s(a * b) == [str(m[0]), str(m[1])]
        zero = (a0 % P, a1 % P) == (0, 0)
        inv = None
        if not zero:
            ia = a.inv()
            assert a * ia == FQ2.one()
            inv = fq2_s(ia)
        out.append(
            {
                "a": fq2_s(a),
                "b": fq2_s(b),
                "add": fq2_s(a + b),
                "sub": fq2_s(a - b),
                "mul": fq2_s(a * b),
                "sqr": fq2_s(a * a),
                "inv": inv,
            }
        )
    return out


# ---------------------------------------------------------------- Fq12 (w-basis)


def w_mul(x, y):
    """Independent w-basis product: x, y = 6 Fq2 pairs, reduce with w^6 = 9 + u."""

    def m2(a, b):
        return ((a[0] * b[0] - a[1] * b[1]) % P, (a[0] * b[1] + a[1] * b[0]) % P)

    acc = [(0, 0)] * 11
    for i in range(6):
        for j in range(6):
            t = m2(x[i], y[j])
            acc[i + j] = ((acc[i + j][0] + t[0]) % P, (acc[i + j][1] + t[1]) % P)
    out = list(acc[:6])
    for k in range(6, 11):
        t = m2(acc[k], (9, 1))
        out[k - 6] = ((out[k - 6][0] + t[0]) % P, (out[k - 6][1] + t[1]) % P)
    return out


def fq12_cases(rng):
    def rnd():
        return [(rng.randrange(P), rng.randrange(P)) for _ in range(6)]

    one = [(1, 0)] + [(0, 0)] * 5
    w = [(0, 0), (1, 0)] + [(0, 0)] * 4
    w5 = [(0, 0)] * 5 + [(1, 0)]
    u = [(0, 1)] + [(0, 0)] * 5
    pairs = [
        (one, rnd()),
        (w, w5),  # w * w^5 = xi = 9 + u
        (w5, w5),  # w^10 = xi * w^4
        (u, rnd()),
        (rnd(), rnd()),
        (rnd(), rnd()),
        (rnd(), rnd()),
    ]
    out = []
    for a_w, b_w in pairs:
        a, b = w_to_fq12(a_w), w_to_fq12(b_w)
        assert fq12_to_w(a) == [(x % P, y % P) for x, y in a_w]
        prod = a * b
        assert fq12_to_w(prod) == w_mul(a_w, b_w), "w-basis conversion mismatch"
        ia = a.inv()
        assert a * ia == FQ12.one()
        assert w_mul(a_w, fq12_to_w(ia)) == one
        out.append(
            {
                "a": fq12_s(a),
                "b": fq12_s(b),
                "mul": fq12_s(prod),
                "sqr": fq12_s(a * a),
                "inv": fq12_s(ia),
            }
        )
    # the w*w^5 case must be xi
    assert out[1]["mul"][0] == ["9", "1"] and all(c == ["0", "0"] for c in out[1]["mul"][1:])
    return out
