"""Dense accuracy tests (SciPy ``_mptestutils`` style): thousands of exact float64 inputs per function,
spread over orders of magnitude and dense near every branch switch, each against an independent
40-digit mpmath value (mpmath's erfc/exp, not the tables or formulas of ``numerics``).

The error is measured in ulps of the correctly rounded reference (subnormal spacing below 2.2e-308)
and divided by 1 + the function's own condition number (sum over its inputs of |d log f/d log input|,
relative to |f| for the log forms) where the mathematics is ill-conditioned.  Each function states its
bound once, in its docstring ("<= N ulps"); ``bound`` reads it from there and the test enforces it.
Run this file as a script to print the measured worst cases (what the docstrings should state).
"""
import functools
import warnings

import mpmath
import numpy as np
import pytest

import numerics as nm
from numerics import _special
from numerics._generated import constants as K
from numerics.verification import bound

RNG_SEED = 20261127
DPS = 40


def ulps(values, refs):
    """|value - ref| in ulps of float(ref) (inf where one is finite and the other is not); for complex
    values in ulps of |ref|."""
    out = np.empty(len(refs))
    for i, (v, r) in enumerate(zip(values, refs)):
        if isinstance(r, mpmath.mpc):
            out[i] = float(abs(mpmath.mpc(complex(v)) - r)) / np.spacing(max(float(abs(r)), 5e-324))
            continue
        fr = float(r)
        if not np.isfinite(fr) or not np.isfinite(v):
            out[i] = 0.0 if v == fr else np.inf
            continue
        out[i] = float(abs(mpmath.mpf(float(v)) - r) / np.spacing(max(abs(fr), 5e-324)))
    return out


# ---------------------------------------------------------------- references (mpmath, 40 digits)
def _Q(x):
    """Q(x) = erfc(x/sqrt 2)/2; past x = 1e6 (mpmath's erfc gives up near 1e150) its asymptotic series."""
    if x > 10**6:
        t, s, term = 1 / (x * x), mpmath.mpf(0), mpmath.mpf(1)
        for n in range(8):
            s, term = s + term, -term * (2 * n + 1) * t
        return s * mpmath.npdf(x) / x
    return mpmath.erfc(x / mpmath.sqrt(2)) / 2


def _logQ(x):
    if x < 0:
        return mpmath.log1p(-_Q(-x))  # log Q(x) ~ -Q(-x): below 40 digits' resolution of Q(x) ~ 1
    if x > 10**6:
        t, s, term = 1 / (x * x), mpmath.mpf(0), mpmath.mpf(1)
        for n in range(8):
            s, term = s + term, -term * (2 * n + 1) * t
        return -x * x / 2 - mpmath.log(x * mpmath.sqrt(2 * mpmath.pi)) + mpmath.log(s)
    return mpmath.log(_Q(x))


def _hazard(x):
    """lambda(x) = phi(x)/Q(x) (for condition numbers)."""
    return mpmath.npdf(x) / _Q(x) if x < 30 else mpmath.exp(-x * x / 2 - _logQ(x)) / mpmath.sqrt(2 * mpmath.pi)


def _geom(rng, lo, hi, n, sign=1.0):
    return sign * np.exp(rng.uniform(np.log(lo), np.log(hi), n))


# ---------------------------------------------------------------- the cases
def _tail_points():
    rng = np.random.default_rng(RNG_SEED)
    nodes = np.arange(0, 321) / 8  # the table's nodes and the midpoints where the branch moves
    return np.unique(np.concatenate([
        rng.uniform(-40, 40, 1200), _geom(rng, 1e-300, 1, 300), _geom(rng, 1e-300, 1, 300, -1.0),
        rng.uniform(1, 3, 600), rng.uniform(37, 38.6, 300), rng.uniform(-38.6, -37, 200),
        nodes[1:] + 1 / 16 + rng.uniform(-1e-9, 1e-9, 320), [0.0, 37.5, 40.0, -37.5, 1e-320]]))


def _log_tail_points():
    rng = np.random.default_rng(RNG_SEED + 1)
    return np.unique(np.concatenate([_tail_points(), _geom(rng, 40, 1.8e154, 600), rng.uniform(39.9, 40.1, 50),
                                     _geom(rng, 1, 38, 300, -1.0), [1.5e154, 1.8e154, 1.9e154, 1e200]]))


def _density_points():
    rng = np.random.default_rng(RNG_SEED + 2)
    h, g = _geom(rng, 1e-6, 1e2, 3000), _geom(rng, 0.5, 1e4, 3000)
    x = K.B_OVER_A * g * np.sqrt(h)
    keep = x < 1e6
    return h[keep], g[keep]


def _density_cond(h, g):
    x = K.B_OVER_A * mpmath.mpf(g) * mpmath.sqrt(h)
    xl = x * _hazard(x)  # |d log Q/d log x|; x carries g, ratio fully and h by half
    return float(2.5 * xl + 1)


def _rho_ref(h, g):
    h, g = mpmath.mpf(h), mpmath.mpf(g)
    return h * mpmath.exp(_logQ(K.B_OVER_A * g * mpmath.sqrt(h)))


def _log_rho_ref(h, g):
    h, g = mpmath.mpf(h), mpmath.mpf(g)
    return mpmath.log(h) + _logQ(K.B_OVER_A * g * mpmath.sqrt(h))


def _amp17_points():
    rng = np.random.default_rng(RNG_SEED + 3)
    n = 3000
    g = _geom(rng, 1e-3, 1e6, n)
    tau = np.concatenate([_geom(rng, 1e-300, 1e-8, n // 5), _geom(rng, 1e-8, 800, n - n // 5)])
    d = np.sqrt(tau / K.C_AMPLITUDE) / g
    return d, g


def _s17(d, g):
    return K.C_AMPLITUDE * mpmath.mpf(g) ** 2 * mpmath.mpf(d) ** 2


def _pdf17_ref(d, g):
    s = _s17(d, g)
    return 2 * K.C_AMPLITUDE * mpmath.mpf(g) ** 2 * mpmath.mpf(d) * mpmath.exp(-s)


def _pdf17_cond(d, g):
    s = float(_s17(d, g))
    return abs(1 - 2 * s) + abs(2 - 2 * s)


def _cdf17_ref(d, g):
    return -mpmath.expm1(-_s17(d, g))


def _cdf17_cond(d, g):
    s = _s17(d, g)
    return float(3 * s * mpmath.exp(-s) / -mpmath.expm1(-s))  # s ~ (g d)^2: |d log F/d log s| times 3


def _exact_points():
    rng = np.random.default_rng(RNG_SEED + 4)
    n = 2500
    g, h = _geom(rng, 1e-2, 1e4, n), _geom(rng, 1e-4, 1e2, n)
    x, kappa = K.B_OVER_A * g * np.sqrt(h), K.C_AMPLITUDE * g / (K.B_OVER_A * np.sqrt(h))
    u = np.concatenate([_geom(rng, 1e-250, 1e-12, 200), _geom(rng, 1e-12, 30, n - 1000), rng.uniform(0.2, 0.3, 300),
                        rng.uniform(0.1, 0.15, 100), rng.uniform(0.2, 0.3, 100) / (x[-900:-800] + 1),
                        (1 / (x[-300:] + 1)) * (1 + rng.uniform(-1e-3, 1e-3, 300))])
    u = np.minimum(u, 30 / (x + 1))  # E ~ u (x + 1) <= ~30: beyond, the CDF is 1 to float64 precision
    d = np.sqrt(u / kappa)
    return d, g, h


def _xu(d, g, h):
    d, g, h = mpmath.mpf(d), mpmath.mpf(g), mpmath.mpf(h)
    x = K.B_OVER_A * g * mpmath.sqrt(h)
    kappa = K.C_AMPLITUDE * g / (K.B_OVER_A * mpmath.sqrt(h))
    return x, kappa * d * d, kappa, d


def _log_pdf_exact_ref(d, g, h):
    x, u, kappa, dm = _xu(d, g, h)
    return mpmath.log(2 * kappa * dm) - (x + u) ** 2 / 2 - mpmath.log(2 * mpmath.pi) / 2 - _logQ(x)


def _pdf_exact_ref(d, g, h):
    return mpmath.exp(_log_pdf_exact_ref(d, g, h))


def _pdf_exact_cond(d, g, h):
    x, u, _, _ = _xu(d, g, h)
    xs = abs(x * (x - _hazard(x)))  # |d log S/d log x|
    return float(2 + 4 * u * x + 2 * u * u + 1.5 * xs)


def _log_pdf_exact_cond(d, g, h):
    return _pdf_exact_cond(d, g, h) / max(abs(float(_log_pdf_exact_ref(d, g, h))), 1e-300)


def _cdf_exact_ref(d, g, h):
    x, u, _, _ = _xu(d, g, h)
    extra = int(max(0, -mpmath.log10(u)) + mpmath.log10(1 + x * x)) + 10  # log Q(x + u) - log Q(x) cancels
    with mpmath.workdps(DPS + extra):
        x, u, _, _ = _xu(d, g, h)
        return -mpmath.expm1(_logQ(x + u) - _logQ(x))


def _cdf_exact_cond(d, g, h):
    x, u, _, _ = _xu(d, g, h)
    lx, lxu = _hazard(x), _hazard(x + u)
    F = _cdf_exact_ref(d, g, h)
    dg = abs(lxu * (x + u) - lx * x)
    dh = abs(lxu * (x - u) - lx * x) / 2
    dd = 2 * u * lxu
    return float((1 - F) / F * (dg + dh + dd)) if F > 0 else 0.0


def _besselk1_points():
    rng = np.random.default_rng(RNG_SEED + 5)
    t = np.concatenate([_geom(rng, 1e-4, 690, 900), rng.uniform(690, 745, 100)])
    return (t * (1 + 1j),)


def _besselk1_ref(z):
    """z K1(z): mpmath.besselk (slow for large |z|) below |z| = 25, above it the Hankel asymptotic series
    sqrt(pi z/2) e^-z sum_k a_k(1)/z^k, a_k(1) = prod_(j<=k) (4 - (2j - 1)^2)/(k! 8^k): its terms
    fall below 1e-22 relative by k = 30 for |z| >= 25."""
    with mpmath.workdps(30):
        if abs(z) < 25:
            return z * mpmath.besselk(1, z)
        term, s = mpmath.mpf(1), mpmath.mpf(0)
        for k in range(1, 40):
            s += term
            term *= (4 - (2 * k - 1) ** 2) / (k * 8 * z)
        return mpmath.sqrt(mpmath.pi * z / 2) * mpmath.exp(-z) * s


def _quiet(fn):
    @functools.wraps(fn)
    def call(*a):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", nm.RegimeWarning)
            return fn(*a)
    return call


# name: (float64 function, the function whose docstring states the bound, points, reference, condition)
CASES = {
    "gaussian_tail": (nm.gaussian_tail, nm.gaussian_tail, lambda: (_tail_points(),), _Q, None),
    "log_gaussian_tail": (nm.log_gaussian_tail, nm.log_gaussian_tail, lambda: (_log_tail_points(),), _logQ, None),
    "scaled_gaussian_tail": (_special.scaled_gaussian_tail, _special.scaled_gaussian_tail,
                             lambda: (_log_tail_points()[_log_tail_points() > -37.6],),
                             lambda x: _Q(x) * mpmath.exp(x * x / 2) if x < 1e6 else _Q(x) / mpmath.npdf(x)
                             / mpmath.sqrt(2 * mpmath.pi), None),
    "droplet_density": (_quiet(nm.droplet_density), nm.droplet_density, _density_points, _rho_ref, _density_cond),
    "log_droplet_density": (_quiet(nm.log_droplet_density), nm.log_droplet_density, _density_points, _log_rho_ref,
                            lambda h, g: _density_cond(h, g) / abs(float(_log_rho_ref(h, g)))),
    "typical_distance": (_quiet(nm.typical_distance), nm.typical_distance, _density_points,
                         lambda h, g: mpmath.exp(-_log_rho_ref(h, g) / 2), lambda h, g: _density_cond(h, g) / 2),
    "log_typical_distance": (_quiet(nm.log_typical_distance), nm.log_typical_distance, _density_points,
                             lambda h, g: -_log_rho_ref(h, g) / 2,
                             lambda h, g: _density_cond(h, g) / abs(float(_log_rho_ref(h, g)))),
    "amplitude_pdf": (nm.amplitude_pdf, nm.amplitude_pdf, _amp17_points, _pdf17_ref, _pdf17_cond),
    "log_amplitude_pdf": (nm.log_amplitude_pdf, nm.log_amplitude_pdf, _amp17_points,
                          lambda d, g: mpmath.log(_pdf17_ref(d, g)),
                          lambda d, g: _pdf17_cond(d, g) / max(abs(float(mpmath.log(_pdf17_ref(mpmath.mpf(d), mpmath.mpf(g))))), 1e-300)),
    "amplitude_cdf": (nm.amplitude_cdf, nm.amplitude_cdf, _amp17_points, _cdf17_ref, _cdf17_cond),
    "amplitude_pdf_exact": (nm.amplitude_pdf_exact, nm.amplitude_pdf_exact, _exact_points, _pdf_exact_ref,
                            _pdf_exact_cond),
    "log_amplitude_pdf_exact": (nm.log_amplitude_pdf_exact, nm.log_amplitude_pdf_exact, _exact_points,
                                _log_pdf_exact_ref, _log_pdf_exact_cond),
    "amplitude_cdf_exact": (nm.amplitude_cdf_exact, nm.amplitude_cdf_exact, _exact_points, _cdf_exact_ref,
                            _cdf_exact_cond),
    "z_besselk1": (_special.z_besselk1, _special.z_besselk1, _besselk1_points, _besselk1_ref, None),
}


@functools.lru_cache(maxsize=None)
def measured(name):
    """(errors / (1 + condition), columns) for case ``name``; cached at module scope."""
    fn, _, points, ref, cond = CASES[name]
    cols = points()
    values = np.atleast_1d(fn(*cols))
    with mpmath.workdps(DPS):
        pts = list(zip(*(c.tolist() for c in cols)))
        refs = [ref(*[mpmath.mpmathify(v) for v in p]) for p in pts]
        err = ulps(values, refs)
        if cond is not None:
            err = err / (1.0 + np.array([cond(*p) for p in pts]))
    return err, cols


@pytest.mark.parametrize("name", list(CASES))
def test_dense_accuracy(name):
    err, cols = measured(name)
    assert err.size >= 1000
    i = int(np.argmax(err))
    assert err[i] <= bound(CASES[name][1]), f"{name}: {err[i]:.3g} ulps at {[c[i].item() for c in cols]}"


def test_tail_table_rows_rederive():
    from numerics.reference.tail_table import row, table
    rows = table()
    assert len(rows) == 321
    for k in (0, 1, 7, 8, 17, 100, 255, 320):
        assert row(k) == rows[k], k


if __name__ == "__main__":
    for name in CASES:
        err, cols = measured(name)
        i = int(np.argmax(err))
        print(f"{name:26s} n = {err.size:5d}  worst {err[i]:8.3f} at {[c[i].item() for c in cols]}  "
              f"(stated {bound(CASES[name][1])})")
