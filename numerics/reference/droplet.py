"""Independent reference for the optimal droplet: single outward shooting in mpmath floating point.

Shares no code with :mod:`numerics.droplet` (two-sided shooting in fixed-point integers with exact
polynomial integrals).  Here R(0) alone is shot outward with mpmath ``mpf`` Taylor steps of the
first-order system (R, P = rho R'), P' = rho (R - R^3); Newton uses the variational equation and
the condition that R joins the decaying solution, R' K0 + R K1 = 0 at the last radius.  Outward
shooting excites the growing mode e^rho, so the working precision is raised by
2 rho_end/ln 10 digits.  The plane integrals are done by quadrature (mpmath.quad) of the local
polynomials, not summed exactly: tanh-sinh on the disc at the origin, Gauss-Legendre on each step
(the integrands are polynomials, for which Gauss-Legendre converges at its first levels: 3x faster
than tanh-sinh, which took 60% of the run).  Cost (2 cores): 8 s at 16 digits, 19 s at 18, ~100 s at
30 (the outer radius and the working precision grow with the digits): tests and golden values only.
"""
import mpmath


def _series(r0, R0, P0, V0, W0, order):
    """Taylor coefficients at r0 of R, P = rho R' and their variations V, W (d/dR(0)).

    With rho = r0 + t: (n+1) P_{n+1} = r0 f_n + f_{n-1}, f = R - R^3 (W likewise with V - 3R^2 V),
    and from rho R' = P: R_{n+1} = (P_n - n R_n) / (r0 (n+1)).
    """
    R, P, V, W = [R0], [P0], [V0], [W0]
    sq, f, fv = [], [], []
    for n in range(order):
        sq.append(mpmath.fsum(R[k] * R[n - k] for k in range(n + 1)))  # (R^2)_n
        f.append(R[n] - mpmath.fsum(sq[k] * R[n - k] for k in range(n + 1)))
        fv.append(V[n] - 3 * mpmath.fsum(sq[k] * V[n - k] for k in range(n + 1)))
        P.append((r0 * f[n] + (f[n - 1] if n else 0)) / (n + 1))
        W.append((r0 * fv[n] + (fv[n - 1] if n else 0)) / (n + 1))
        R.append((P[n] - n * R[n]) / (r0 * (n + 1)))
        V.append((W[n] - n * V[n]) / (r0 * (n + 1)))
    return R, P, V, W


def _poly(c, t):
    return mpmath.polyval(c[::-1], t)


def reference_droplet(dps=30):
    """Dict of peak, mass, gradient_norm, quartic, asymptotic_coefficient (R ~ c K0) at ``dps`` digits."""
    rho_end = int(dps * 2.303 / 2) + 5  # R^2 < 10^-dps: the cubic term is negligible there
    wp = dps + int(2 * rho_end / 2.303) + 10  # the growing mode amplifies errors by e^(2 rho)
    order = int(1.15 * wp) + 10
    with mpmath.workdps(wp):
        a = mpmath.mpf("2.2062008646507459")
        # continuation in the outer radius: each stage pins R(0) to ~e^(-2 rho) so the growing
        # mode e^rho of the next, longer shot stays in the linear regime where Newton converges
        for end in list(range(10, rho_end, 8)) + [rho_end]:
            for _ in range(12):
                out = _shoot(a, end, integrals=False, order=order)
                da = out["F"] / out["dF"]
                a -= da
                if abs(da) < mpmath.mpf(10) ** -(dps + 8) or (end < rho_end and abs(da) < mpmath.exp(-2 * end)):
                    break
        out = _shoot(a, rho_end, integrals=True, order=order)
    with mpmath.workdps(dps):
        return {k: +out[k] for k in ("peak", "mass", "gradient_norm", "quartic",
                                            "asymptotic_coefficient")}


def _start(a, r0, terms=40):
    """Power series R = sum b_k rho^(2k) about the regular singular point, evaluated at r0."""
    b, v = [a], [mpmath.mpf(1)]
    for k in range(terms):
        s = [mpmath.fsum(b[i] * b[j - i] for i in range(j + 1)) for j in range(k + 1)]
        c = mpmath.fsum(s[i] * b[k - i] for i in range(k + 1))
        cv = mpmath.fsum(s[i] * v[k - i] for i in range(k + 1))
        b.append((b[k] - c) / (2 * k + 2) ** 2)
        v.append((v[k] - 3 * cv) / (2 * k + 2) ** 2)
    R = mpmath.fsum(bk * r0 ** (2 * k) for k, bk in enumerate(b))
    dR = mpmath.fsum(2 * k * bk * r0 ** (2 * k - 1) for k, bk in enumerate(b) if k)
    V = mpmath.fsum(vk * r0 ** (2 * k) for k, vk in enumerate(v))
    dV = mpmath.fsum(2 * k * vk * r0 ** (2 * k - 1) for k, vk in enumerate(v) if k)
    return R, dR, V, dV, b


def _shoot(a, rho_end, integrals, order):
    h = mpmath.mpf(1) / 5  # nearest complex singularity of R is ~1.3 away: ratio ~ 0.15 per step
    r0 = h
    R, dR, V, dV, b = _start(a, r0)
    tot = [mpmath.mpf(0)] * 3
    if integrals:  # the disc [0, h] from the even series
        def f(r):
            return mpmath.polyval(b[::-1], r * r)

        def df(r):
            return mpmath.fsum(2 * k * bk * r ** (2 * k - 1) for k, bk in enumerate(b) if k)
        tot = [mpmath.quad(lambda r: f(r) ** 2 * r, [0, h]), mpmath.quad(lambda r: df(r) ** 2 * r, [0, h]),
               mpmath.quad(lambda r: f(r) ** 4 * r, [0, h])]
    n_steps = int((rho_end - r0) / h + mpmath.mpf("0.5"))
    for _ in range(n_steps):
        Rc, Pc, Vc, Wc = _series(r0, R, r0 * dR, V, r0 * dV, order)
        if integrals:
            dRc = [(k + 1) * Rc[k + 1] for k in range(len(Rc) - 1)]
            pieces = [lambda t: _poly(Rc, t) ** 2 * (r0 + t), lambda t: _poly(dRc, t) ** 2 * (r0 + t),
                      lambda t: _poly(Rc, t) ** 4 * (r0 + t)]
            tot = [s + mpmath.quad(p, [0, h], method="gauss-legendre") for s, p in zip(tot, pieces)]
        R, V = _poly(Rc, h), _poly(Vc, h)
        dR, dV = _poly(Pc, h) / (r0 + h), _poly(Wc, h) / (r0 + h)
        r0 += h
    k0, k1 = mpmath.besselk(0, r0), mpmath.besselk(1, r0)
    out = {"F": dR * k0 + R * k1, "dF": dV * k0 + V * k1, "peak": a, "asymptotic_coefficient": R / k0}
    if integrals:
        two_pi = 2 * mpmath.pi
        out.update(mass=two_pi * tot[0], gradient_norm=two_pi * tot[1], quartic=two_pi * tot[2])
    return out
