"""Relative condition numbers of the float64 functions, stated once (the docstrings' "cond"), for the
verification cases (``numerics/reference/*``) and the dense tests (tests/test_dense_accuracy.py).

cond = sum over the inputs of |d log f/d log input|: the error that rounding the inputs to float64
alone would cause, in ulps.  For a log form, relative to |log f|: cond(f)/|log f|.  Computed with
mpmath at the caller's precision (values only need a few digits)."""
import mpmath

B_OVER_A = mpmath.mpf("4.8375399790719360790116552912")
C_AMPLITUDE = mpmath.mpf("2.40396996769494515709741270038")


def Q(x):
    """Q(x) = erfc(x/sqrt 2)/2; past x = 1e6 its asymptotic series (mpmath's erfc gives up near 1e150)."""
    x = mpmath.mpf(x)
    if x > 10**6:
        t, s, term = 1 / (x * x), mpmath.mpf(0), mpmath.mpf(1)
        for n in range(8):
            s, term = s + term, -term * (2 * n + 1) * t
        return s * mpmath.npdf(x) / x
    return mpmath.erfc(x / mpmath.sqrt(2)) / 2


def logQ(x):
    x = mpmath.mpf(x)
    if x < 0:
        return mpmath.log1p(-Q(-x))  # log Q(x) ~ -Q(-x): below the working precision's resolution of Q ~ 1
    if x > 10**6:
        t, s, term = 1 / (x * x), mpmath.mpf(0), mpmath.mpf(1)
        for n in range(8):
            s, term = s + term, -term * (2 * n + 1) * t
        return -x * x / 2 - mpmath.log(x * mpmath.sqrt(2 * mpmath.pi)) + mpmath.log(s)
    return mpmath.log(Q(x))


def hazard(x):
    """lambda(x) = phi(x)/Q(x)."""
    x = mpmath.mpf(x)
    return mpmath.npdf(x) / Q(x) if x < 30 else mpmath.exp(-x * x / 2 - logQ(x)) / mpmath.sqrt(2 * mpmath.pi)


def density(x):
    """Eq. 15, rho = prefactor h/xi0^2 Q(x), x = ratio g sqrt h: 1 (h) + 2 (xi0) + 1 (prefactor) +
    x lambda(x) (1 + 1 + 1/2) (g, ratio, h through x)."""
    return float(4 + 2.5 * mpmath.mpf(x) * hazard(x))


def pdf17(s):
    """Eq. 17, 2 C y (g/delta0) e^(-s) at s = C y^2, y = g delta/delta0: |1 - 2s| (delta) + |2 - 2s| (g)
    + |1 - s| (C) + |2 - 2s| (delta0)."""
    s = float(s)
    return abs(1 - 2 * s) + 2 * abs(2 - 2 * s) + abs(1 - s)


def cdf17(s):
    s = mpmath.mpf(s)
    return float(3 * s * mpmath.exp(-s) / -mpmath.expm1(-s)) if s > 0 else 3.0


def pdf_exact(x, u):
    """Exact amplitude law at tail argument x and u = kappa t: 2 + 4 u x + 2 u^2 + 1.5 |x (x - lambda(x))|."""
    x, u = mpmath.mpf(x), mpmath.mpf(u)
    return float(2 + 4 * u * x + 2 * u * u + 1.5 * abs(x * (x - hazard(x))))


def cdf_exact(x, u, F):
    """Exact CDF F = 1 - Q(x + u)/Q(x): ((1 - F)/F) (|l(x+u)(x+u) - l(x) x| + |l(x+u)(x-u) - l(x) x|/2 + 2 u l(x+u))."""
    x, u = mpmath.mpf(x), mpmath.mpf(u)
    lx, lxu = hazard(x), hazard(x + u)
    dg = abs(lxu * (x + u) - lx * x)
    dh = abs(lxu * (x - u) - lx * x) / 2
    dd = 2 * u * lxu
    return float((1 - F) / F * (dg + dh + dd)) if F > 0 else 0.0


def clean_asymptotic(r, zeeman):
    """cos(q r) moved by rounding r and zeeman: 3 + r (q + zeeman dq/dzeeman) |tan(q r)|."""
    r, z = mpmath.mpf(r), mpmath.mpf(zeeman)
    kp, km = mpmath.sqrt(1 + z), mpmath.sqrt(1 - z)
    q = kp - km
    return float(3 + r * (q + z * (1 / (2 * kp) + 1 / (2 * km))) * abs(mpmath.tan(q * r)))


def dirty(r, zeeman, D=1):
    """Re[u0 K1(u0)] changes sign: 3 + |u0| |u0 K1(u0)|/|Re u0 K1(u0)| (u0 K1 by the caller's route)."""
    u0 = (1 + 1j) * mpmath.mpf(r) * mpmath.sqrt(mpmath.mpf(zeeman) / D)
    w = u0 * mpmath.besselk(1, u0) if abs(u0) < 25 else hankel_zk1(u0)
    return float(3 + abs(u0) * abs(w) / abs(mpmath.re(w)))


def hankel_zk1(z, scaled=False):
    """z K1(z) for |z| >= 25 from the Hankel series sqrt(pi z/2) e^-z sum a_k(1)/z^k (terms < 1e-22 by
    k = 30); ``scaled``: without the factor e^-z."""
    term, s = mpmath.mpf(1), mpmath.mpf(0)
    for k in range(1, 40):
        s += term
        term *= (4 - (2 * k - 1) ** 2) / (k * 8 * z)
    out = mpmath.sqrt(mpmath.pi * z / 2) * s
    return out if scaled else out * mpmath.exp(-z)
