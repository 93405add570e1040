"""Dense accuracy tests (SciPy ``_mptestutils`` style): thousands of exact float64 inputs per function,
spread over orders of magnitude, over each parameter's documented domain (not only realistic values),
dense near every branch switch and in the regions where a stress test found the bounds exceeded, each
against an independent 40-digit mpmath value (mpmath's erfc/exp/besselk, not the tables or formulas of
``numerics``).

One :class:`numerics.verification.Case` per function: the bound is read from the function's docstring
("<= N ulps"), the condition number is the one the docstring states (``numerics.reference.conditions``).
The error is measured in ulps of the correctly rounded reference (subnormal spacing below 2.2e-308)
and divided by 1 + the condition number.  Run this file as a script to print the measured worst cases.
"""
import functools
import warnings

import mpmath
import numpy as np
import pytest

import numerics as nm
from numerics import _special
from numerics._generated import constants as K
from numerics.reference import conditions as cn
from numerics.verification import Case

RNG_SEED = 20261127
DPS = 40
_Q, _logQ = cn.Q, cn.logQ


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


def _geom(rng, lo, hi, n, sign=1.0):
    return sign * np.exp(rng.uniform(np.log(lo), np.log(hi), n))


def _quiet(fn):
    @functools.wraps(fn)
    def call(*a):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", nm.RegimeWarning)
            warnings.simplefilter("ignore", nm.RangeWarning)
            return fn(*a)
    return call


M = mpmath.mpf


# ---------------------------------------------------------------- tails
def _tail_points():
    rng = np.random.default_rng(RNG_SEED)
    nodes = np.arange(0, 321) / 8  # the table's nodes and the midpoints where the branch moves
    return (np.unique(np.concatenate([
        rng.uniform(-40, 40, 1200), _geom(rng, 1e-300, 1, 300), _geom(rng, 1e-300, 1, 300, -1.0),
        rng.uniform(1, 3, 600), rng.uniform(37, 38.6, 300), rng.uniform(-38.6, -37, 200),
        rng.uniform(37.5, 37.54, 400),  # the deep branch's first subnormals
        nodes[1:] + 1 / 16 + rng.uniform(-1e-9, 1e-9, 320), [0.0, -0.0, 37.5, 40.0, -37.5, 1e-320]])),)


def _log_tail_points():
    rng = np.random.default_rng(RNG_SEED + 1)
    return (np.unique(np.concatenate([_tail_points()[0], _geom(rng, 40, 1.8e154, 600), rng.uniform(39.9, 40.1, 50),
                                      _geom(rng, 1, 38, 300, -1.0), rng.uniform(-1.5, -0.2, 1500),  # log1p(-Q), Q ~ 1/2
                                      [1.5e154, 1.8e154, 1.9e154, 1e200]])),)


# ---------------------------------------------------------------- Eqs. 11-12, 15
def _rescaling_points():
    rng = np.random.default_rng(RNG_SEED + 7)
    n = 1500
    return _geom(rng, 1e-300, 1e300, n), _geom(rng, 1e-300, 1e300, n), _geom(rng, 1e-150, 1e150, n)


def _length_points():
    h, xi0, _ = _rescaling_points()
    keep = np.abs(np.log(xi0) - 0.5 * np.log(h)) < 700  # L_f inside the float64 range
    return h[keep], xi0[keep]


def _argument_points():
    h, g, ratio = _rescaling_points()
    keep = np.abs(np.log(g) + np.log(ratio) + 0.5 * np.log(h)) < 700
    return h[keep], g[keep], ratio[keep]


def _density_points():
    """Realistic (h in [1e-6, 1e2], g in [0.5, 1e4], the default xi0, ratio, prefactor) and the documented
    domain: h from 1e-300, xi0 and prefactor over 1e+-150 and 1e+-200, ratio over 1e+-3 (h prefactor/xi0^2
    far from 1, the deep branch of typical_distance, log h - 2 log xi0 cancelling)."""
    rng = np.random.default_rng(RNG_SEED + 2)
    n, m = 2500, 1200
    h = np.concatenate([_geom(rng, 1e-6, 1e2, n), _geom(rng, 1e-300, 1e2, m)])
    g = np.concatenate([_geom(rng, 0.5, 1e4, n), _geom(rng, 1e-3, 1e6, m)])
    xi0 = np.concatenate([np.ones(n), _geom(rng, 1e-150, 1e150, m // 2), np.sqrt(h[n + m // 2:]) * (1 + rng.uniform(-1e-3, 1e-3, m - m // 2))])
    pref = np.concatenate([np.ones(n), _geom(rng, 1e-200, 1e200, m)])
    ratio = np.concatenate([np.full(n, K.B_OVER_A), _geom(rng, 1e-3, 1e3, m)])
    x = ratio * g * np.sqrt(h)
    keep = (x < 1e6) & (x > 1e-300)
    return h[keep], g[keep], xi0[keep], ratio[keep], pref[keep]


def _x(h, g, ratio):
    return ratio * g * mpmath.sqrt(h)


def _log_rho_ref(h, g, xi0, ratio, pref):
    return mpmath.log(pref * h / xi0**2) + _logQ(_x(h, g, ratio))


def _density_call(fn):
    return _quiet(lambda h, g, xi0, ratio, pref: fn(h, g, xi0=xi0, ratio=ratio, prefactor=pref))


def _dcond(h, g, xi0, ratio, pref):
    return cn.density(_x(M(h), M(g), M(ratio)))


def _dcond_log(*p):
    return _dcond(*p) / abs(float(_log_rho_ref(*[M(v) for v in p])))


# ---------------------------------------------------------------- Eq. 17
def _amp17_points():
    rng = np.random.default_rng(RNG_SEED + 3)
    n = 3000
    g = _geom(rng, 1e-3, 1e6, n)
    tau = np.concatenate([_geom(rng, 1e-300, 1e-8, n // 5), _geom(rng, 1e-8, 800, n - n // 5 - 800),
                          rng.uniform(0, 3, 800)])  # s = C y^2 in [0, 3], where the pdf's bound was exceeded
    d0 = np.concatenate([np.ones(n - 600), _geom(rng, 1e-150, 1e150, 600)])
    d = np.sqrt(tau / K.C_AMPLITUDE) / g * d0
    ext = [(1e-250, 1e300, 1.0), (1e-300, 1e-100, 1.0), (1e-200, 1e150, 1e-60)]  # prefactor near the range ends
    k = 600  # delta, g, delta0 over the whole float64 range (intermediates d g, y, g/delta0 leave the normal range)
    dk, gk, d0k = _geom(rng, 1e-300, 1e300, k), _geom(rng, 1e-300, 1e300, k), _geom(rng, 1e-300, 1e300, k)
    return (np.concatenate([d, [e[0] for e in ext], dk]), np.concatenate([g, [e[1] for e in ext], gk]),
            np.concatenate([d0, [e[2] for e in ext], d0k]))


def _s17(d, g, d0):
    return K.C_AMPLITUDE * (M(g) * M(d) / M(d0)) ** 2


def _pdf17_ref(d, g, d0):
    y = M(g) * M(d) / M(d0)
    return 2 * K.C_AMPLITUDE * y * (M(g) / M(d0)) * mpmath.exp(-_s17(d, g, d0))


def _amp_call(fn):
    return lambda d, g, d0: fn(d, g, delta0=d0)


# ---------------------------------------------------------------- Eq. 16 (exact law)
def _exact_points():
    rng = np.random.default_rng(RNG_SEED + 4)
    n = 2500
    g, h = _geom(rng, 1e-2, 1e4, n), _geom(rng, 1e-4, 1e2, n)
    x, kappa = K.B_OVER_A * g * np.sqrt(h), K.C_AMPLITUDE * g / (K.B_OVER_A * np.sqrt(h))
    u = np.concatenate([_geom(rng, 1e-250, 1e-12, 200), _geom(rng, 1e-12, 30, n - 1000), rng.uniform(0.2, 0.3, 300),
                        rng.uniform(0.1, 0.15, 100), rng.uniform(0.2, 0.3, 100) / (x[-900:-800] + 1),
                        (1 / (x[-300:] + 1)) * (1 + rng.uniform(-1e-3, 1e-3, 300))])
    u = np.minimum(u, 30 / (x + 1))  # E ~ u (x + 1) <= ~30: beyond, the CDF is 1 to float64 precision
    # moderate arguments: x in [0.5, 10], u in [0.05, 5]
    m = 600
    xm, um = rng.uniform(0.5, 10, m), _geom(rng, 0.05, 5, m)
    hm = _geom(rng, 1e-3, 1.0, m)
    gm = xm / (K.B_OVER_A * np.sqrt(hm))
    km = K.C_AMPLITUDE * gm / (K.B_OVER_A * np.sqrt(hm))
    g, h, u, kappa = np.concatenate([g, gm]), np.concatenate([h, hm]), np.concatenate([u, um]), np.concatenate([kappa, km])
    d0, c3 = np.ones(len(g)), np.ones(len(g))
    # other c3 (B/A and C scaled: ratio ~ c3^(-1/2), C ~ 1/c3) and delta0 over 1e+-100
    k = 400
    gk, hk, uk = _geom(rng, 0.1, 1e3, k), _geom(rng, 1e-4, 1.0, k), _geom(rng, 1e-6, 10, k)
    c3k, d0k = _geom(rng, 0.01, 100, k), _geom(rng, 1e-100, 1e100, k)
    kk = (K.C_AMPLITUDE / c3k) * gk / ((K.B_OVER_A / np.sqrt(c3k)) * np.sqrt(hk))
    d = np.concatenate([np.sqrt(u / kappa), np.sqrt(uk / kk) * d0k])
    return d, np.concatenate([g, gk]), np.concatenate([h, hk]), np.concatenate([d0, d0k]), np.concatenate([c3, c3k])


def _xu(d, g, h, d0=1, c3=1):
    d, g, h, d0, c3 = M(d), M(g), M(h), M(d0), M(c3)
    ratio, C = cn.B_OVER_A / mpmath.sqrt(c3), cn.C_AMPLITUDE / c3
    x = ratio * g * mpmath.sqrt(h)
    kappa = C * g / (ratio * mpmath.sqrt(h))
    return x, kappa * (d / d0) ** 2, kappa, d / d0


def _exact_call(fn):
    """fn on the columns; c3 is a scalar parameter, so the points with c3 != 1 go one by one."""
    def call(d, g, h, d0, c3):
        out, one = np.empty(len(d)), c3 == 1.0
        out[one] = fn(d[one], g[one], h[one], delta0=d0[one])
        for i in np.flatnonzero(~one):
            out[i] = fn(d[i], g[i], h[i], delta0=d0[i], c3=c3[i])
        return out
    return _quiet(call)


def _log_pdf_exact_ref(d, g, h, d0=1, c3=1):
    x, u, kappa, dm = _xu(d, g, h, d0, c3)
    return mpmath.log(2 * kappa * dm / M(d0)) - (x + u) ** 2 / 2 - mpmath.log(2 * mpmath.pi) / 2 - _logQ(x)


def _cdf_exact_ref(d, g, h, d0=1, c3=1):
    x, u, _, _ = _xu(d, g, h, d0, c3)
    extra = int(max(0, -mpmath.log10(u)) + mpmath.log10(1 + x * x)) + 10  # log Q(x + u) - log Q(x) cancels
    with mpmath.workdps(DPS + extra):
        x, u, _, _ = _xu(d, g, h, d0, c3)
        return -mpmath.expm1(_logQ(x + u) - _logQ(x))


def _pdf_exact_cond(d, g, h, d0=1, c3=1):
    x, u, _, _ = _xu(d, g, h, d0, c3)
    return cn.pdf_exact(x, u)


# ---------------------------------------------------------------- Eq. 19 and the dirty limit
def _besselk1_points():
    rng = np.random.default_rng(RNG_SEED + 5)
    t = np.concatenate([_geom(rng, 1e-4, 690, 900), rng.uniform(690, 745, 100)])
    return (t * (1 + 1j),)


def _besselk1_ref(z):
    """z K1(z): mpmath.besselk below |z| = 25, the Hankel series above (numerics.reference.conditions)."""
    with mpmath.workdps(30):
        return z * mpmath.besselk(1, z) if abs(z) < 25 else cn.hankel_zk1(z)


def _asym_points():
    rng = np.random.default_rng(RNG_SEED + 8)
    n = 1200
    z = np.concatenate([_geom(rng, 1e-8, 0.5, n // 2), rng.uniform(0.5, 0.999999, n - n // 2)])
    r = _geom(rng, 1.0, 1e7, n)
    return r, z


def _asym_ref(r, z):
    r, z = M(r), M(z)
    kp, km = mpmath.sqrt(1 + z), mpmath.sqrt(1 - z)
    return (1 - z * z) ** M(0.25) * mpmath.cos((kp - km) * r) / (4 * mpmath.pi**2 * r * r * (kp + km))


def _dirty_points():
    rng = np.random.default_rng(RNG_SEED + 9)
    n = 300
    X = np.concatenate([_geom(rng, 1e-6, 700, n - 100), _geom(rng, 700, 1e10, 100)])
    z, D = _geom(rng, 1e-6, 10, n), _geom(rng, 1e-3, 1e3, n)
    return X / np.sqrt(z / D), z, D


@functools.lru_cache(maxsize=None)
def _dirty_w(r, z, D):
    """(X, u0 K1(u0) e^(u0)) at 40 digits, u0 = (1 + i) X, X = r sqrt(z/D) (cached: shared by both cases and
    the condition number)."""
    r, z, D = M(r), M(z), M(D)
    X = r * mpmath.sqrt(z / D)
    u0 = (1 + 1j) * X
    return X, (u0 * mpmath.besselk(1, u0) * mpmath.exp(u0) if abs(u0) < 25 else cn.hankel_zk1(u0, scaled=True))


def _dirty_ref(r, z, D, scaled=False):
    X, w = _dirty_w(float(r), float(z), float(D))
    w = w * mpmath.exp(-1j * X) * (1 if scaled else mpmath.exp(-X))
    return mpmath.re(w) / (4 * mpmath.pi**2 * M(r) ** 2)


def _dirty_cond(r, z, D):
    X, w = _dirty_w(float(r), float(z), float(D))
    w = w * mpmath.exp(-1j * X)
    return float(3 + abs(X) * mpmath.sqrt(2) * abs(w) / abs(mpmath.re(w)))


CASES = {c.name: c for c in [
    Case("gaussian_tail", nm.gaussian_tail, _Q, _tail_points),
    Case("log_gaussian_tail", nm.log_gaussian_tail, _logQ, _log_tail_points),
    Case("scaled_gaussian_tail", _special.scaled_gaussian_tail,
         lambda x: _Q(x) * mpmath.exp(x * x / 2) if x < 1e6 else _Q(x) / mpmath.npdf(x) / mpmath.sqrt(2 * mpmath.pi),
         lambda: (_log_tail_points()[0][_log_tail_points()[0] > -37.6],)),
    Case("droplet_length", _quiet(nm.droplet_length), lambda h, xi0: xi0 / mpmath.sqrt(h), _length_points,
         bounded=nm.droplet_length),
    Case("tail_argument", _quiet(lambda h, g, ratio: nm.tail_argument(h, g, ratio)), lambda h, g, ratio: _x(h, g, ratio),
         _argument_points, bounded=nm.tail_argument),
    Case("droplet_density", _density_call(nm.droplet_density),
         lambda *p: mpmath.exp(_log_rho_ref(*p)), _density_points, condition=_dcond, bounded=nm.droplet_density),
    Case("log_droplet_density", _density_call(nm.log_droplet_density), _log_rho_ref, _density_points,
         condition=_dcond_log, bounded=nm.log_droplet_density),
    Case("typical_distance", _density_call(nm.typical_distance), lambda *p: mpmath.exp(-_log_rho_ref(*p) / 2),
         _density_points, condition=lambda *p: _dcond(*p) / 2, bounded=nm.typical_distance),
    Case("log_typical_distance", _density_call(nm.log_typical_distance), lambda *p: -_log_rho_ref(*p) / 2,
         _density_points, condition=_dcond_log, bounded=nm.log_typical_distance),
    Case("amplitude_pdf", _amp_call(nm.amplitude_pdf), _pdf17_ref, _amp17_points,
         condition=lambda d, g, d0: cn.pdf17(_s17(d, g, d0)), bounded=nm.amplitude_pdf),
    Case("log_amplitude_pdf", _amp_call(nm.log_amplitude_pdf), lambda d, g, d0: mpmath.log(_pdf17_ref(d, g, d0)),
         _amp17_points, condition=lambda d, g, d0: cn.pdf17(_s17(d, g, d0)) / max(
             abs(float(mpmath.log(_pdf17_ref(M(d), M(g), M(d0))))), 1e-300), bounded=nm.log_amplitude_pdf),
    Case("amplitude_cdf", _amp_call(nm.amplitude_cdf), lambda d, g, d0: -mpmath.expm1(-_s17(d, g, d0)), _amp17_points,
         condition=lambda d, g, d0: cn.cdf17(_s17(d, g, d0)), bounded=nm.amplitude_cdf),
    Case("amplitude_pdf_exact", _exact_call(nm.amplitude_pdf_exact), lambda *p: mpmath.exp(_log_pdf_exact_ref(*p)),
         _exact_points, condition=_pdf_exact_cond, bounded=nm.amplitude_pdf_exact),
    Case("log_amplitude_pdf_exact", _exact_call(nm.log_amplitude_pdf_exact), _log_pdf_exact_ref, _exact_points,
         condition=lambda *p: _pdf_exact_cond(*p) / max(abs(float(_log_pdf_exact_ref(*[M(v) for v in p]))), 1e-300),
         bounded=nm.log_amplitude_pdf_exact),
    Case("amplitude_cdf_exact", _exact_call(nm.amplitude_cdf_exact), _cdf_exact_ref, _exact_points,
         condition=lambda *p: cn.cdf_exact(*_xu(*p)[:2], _cdf_exact_ref(*[M(v) for v in p])),
         bounded=nm.amplitude_cdf_exact),
    Case("z_besselk1", _special.z_besselk1, _besselk1_ref, _besselk1_points),
    Case("pair_correlation_clean_2d_asymptotic", _quiet(nm.pair_correlation_clean_2d_asymptotic), _asym_ref,
         _asym_points, condition=cn.clean_asymptotic, bounded=nm.pair_correlation_clean_2d_asymptotic),
    Case("pair_correlation_dirty_2d", _quiet(lambda r, z, D: nm.pair_correlation_dirty_2d(r, z, D=D)), _dirty_ref,
         _dirty_points, condition=_dirty_cond, bounded=nm.pair_correlation_dirty_2d),
    Case("pair_correlation_dirty_2d_scaled", lambda r, z, D: nm.pair_correlation_dirty_2d_scaled(r, z, D=D),
         lambda r, z, D: _dirty_ref(r, z, D, scaled=True), _dirty_points, condition=_dirty_cond,
         bounded=nm.pair_correlation_dirty_2d_scaled),
]}


@functools.lru_cache(maxsize=None)
def measured(name, step=1):
    """(errors / (1 + condition), columns) for case ``name`` at every ``step``-th point; cached."""
    case = CASES[name]
    cols = [c[::step] for c in case.columns()]
    values = np.atleast_1d(case.func(*cols))
    with mpmath.workdps(DPS):
        pts = list(zip(*(c.tolist() for c in cols)))
        refs = [case.reference(*[mpmath.mpmathify(v) for v in p]) for p in pts]
        err = ulps(values, refs)
        if case.condition is not None:
            cond = np.array([case.condition(*p) for p in pts])
            err = np.where(err == 0, 0.0, err / (1.0 + cond))  # exact (e.g. -inf = -inf): 0 whatever cond says
    return err, cols


# the default run takes every k-th point of these (the seconds-long references); the slow run takes all
SUBSAMPLE = {"z_besselk1": 4, "amplitude_cdf_exact": 3, "log_amplitude_pdf_exact": 2, "amplitude_pdf_exact": 2,
             "log_droplet_density": 2, "log_typical_distance": 2, "droplet_density": 2, "typical_distance": 2}


def _check(name, step):
    err, cols = measured(name, step)
    assert err.size >= 250
    i = int(np.argmax(err))
    assert err[i] <= CASES[name].max_ulps, f"{name}: {err[i]:.3g} ulps at {[c[i].item() for c in cols]}"


@pytest.mark.parametrize("name", list(CASES))
def test_dense_accuracy(name):
    _check(name, SUBSAMPLE.get(name, 1))


@pytest.mark.slow
@pytest.mark.parametrize("name", list(SUBSAMPLE))
def test_dense_accuracy_all_points(name):
    _check(name, 1)


def test_tail_table_rows_rederive():
    from numerics.reference.tail_table import row, table
    rows = table()
    assert len(rows) == 321
    for k in (0, 1, 7, 8, 17, 100, 255, 320):
        assert row(k) == rows[k], k


if __name__ == "__main__":
    import time
    for name in CASES:
        t = time.perf_counter()
        err, cols = measured(name)
        i = int(np.argmax(err))
        print(f"{name:36s} n = {err.size:5d}  worst {err[i]:8.3f} at {[c[i].item() for c in cols]}  "
              f"(stated {CASES[name].max_ulps}) {time.perf_counter() - t:.1f} s", flush=True)
