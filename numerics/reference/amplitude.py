"""mpmath references for Eqs. 16-17.

Eq. 17 is a closed form: its reference is the same formula at 40 digits (mpf arithmetic vs float64).
The exact law is referenced through its definition, (N Delta/Delta0^2) p_sigma(L + N Delta^2/(2 Delta0^2))
/ P(F > L), with the Gaussian tail by quadrature (numerics.reference.tails), not through erfcx.
The constants B/A and C are taken from the golden 36-digit droplet values (tests/data).
"""
import mpmath
import numpy as np

from numerics.amplitude import (amplitude_cdf, amplitude_cdf_exact, amplitude_pdf, amplitude_pdf_exact,
                                log_amplitude_pdf_exact)
from numerics.reference import conditions
from numerics.reference.tails import log_tail_ref
from numerics.verification import Case

MASS, PEAK = "11.7008965245596538786539726778689077", "2.20620086465074607478363406457894020"  # golden, 36 digits
C_TEST = 2.0  # an arbitrary C for the Eq. 17 cases


def golden_constants():
    """(B/A, C) at c3 = 1 from the golden droplet integrals, current precision."""
    m, p = mpmath.mpf(MASS), mpmath.mpf(PEAK)
    return mpmath.sqrt(2 * m), m / p**2


def pdf17_ref(delta, g, C=mpmath.mpf(C_TEST), delta0=mpmath.mpf(1)):
    tau = C * g**2 * delta**2 / delta0**2
    return 2 * C * g**2 * delta / delta0**2 * mpmath.exp(-tau)


def cdf17_ref(delta, g, C=mpmath.mpf(C_TEST), delta0=mpmath.mpf(1)):
    return 1 - mpmath.exp(-C * g**2 * delta**2 / delta0**2)


def _xu(delta, g, h, delta0=1):
    ratio, C = golden_constants()
    x = ratio * g * mpmath.sqrt(h)
    N_over_2sqrt_sigma = C * g**2 / x  # kappa
    return x, N_over_2sqrt_sigma * delta**2 / delta0**2, N_over_2sqrt_sigma


def log_pdf_exact_ref(delta, g, h, delta0=mpmath.mpf(1)):
    """log of kappa-form density: log(2 kappa Delta/Delta0^2) - (x + u)^2/2 - log sqrt(2 pi) - log Q(x)."""
    x, u, kap = _xu(delta, g, h, delta0)
    return (mpmath.log(2 * kap * delta / delta0**2) - (x + u)**2 / 2 - mpmath.log(2 * mpmath.pi) / 2
            - log_tail_ref(x))


def pdf_exact_ref(delta, g, h, delta0=mpmath.mpf(1)):
    return mpmath.exp(log_pdf_exact_ref(delta, g, h, delta0))


def cdf_exact_ref(delta, g, h, delta0=mpmath.mpf(1)):
    x, u, _ = _xu(delta, g, h, delta0)
    return -mpmath.expm1(log_tail_ref(x + u) - log_tail_ref(x))


def _tau_points(gs, taus, C):
    return [(float(np.sqrt(t / C) / g), g) for g in gs for t in taus]


_G = [0.5, 2.0, 10.0, 100.0, 1e3]
_TAU = [1e-6, 1e-3, 0.1, 0.5, 1.0, 3.0, 10.0, 40.0]
_P17 = _tau_points(_G, _TAU, C_TEST)
_CX = 2.4039699676949452  # C of the optimal droplet (float), only to place the sample points
_PX = [(d, g, h) for h in (0.01, 0.3, 1.0, 30.0) for d, g in _tau_points([0.5, 3.0, 30.0], _TAU, _CX)]


def _tau17(delta, g):
    return C_TEST * g * g * delta * delta


def _xu_float(delta, g, h):
    x = mpmath.mpf(4.837539979071936) * g * mpmath.sqrt(h)
    return x, _CX * mpmath.mpf(g) ** 2 / x * mpmath.mpf(delta) ** 2


def _cond_pdf_exact(delta, g, h):
    """The docstring's condition number (numerics.reference.conditions.pdf_exact)."""
    return conditions.pdf_exact(*_xu_float(delta, g, h))


def _cond_cdf_exact(delta, g, h):
    x, u = _xu_float(delta, g, h)
    with mpmath.workdps(60):  # F only sets the size of the condition number: erfc is enough here
        F = -mpmath.expm1(conditions.logQ(x + u) - conditions.logQ(x))
    return conditions.cdf_exact(x, u, F)


CASES = [
    Case("amplitude_pdf", lambda d, g: amplitude_pdf(d, g, C=C_TEST), pdf17_ref, _P17, bounded=amplitude_pdf,
         condition=lambda d, g: conditions.pdf17(_tau17(d, g))),
    Case("amplitude_cdf", lambda d, g: amplitude_cdf(d, g, C=C_TEST), cdf17_ref, _P17, bounded=amplitude_cdf,
         condition=lambda d, g: conditions.cdf17(_tau17(d, g))),
    Case("amplitude_pdf_exact", amplitude_pdf_exact, pdf_exact_ref, _PX, condition=_cond_pdf_exact),
    Case("log_amplitude_pdf_exact", log_amplitude_pdf_exact, log_pdf_exact_ref, _PX,
         condition=lambda d, g, h: _cond_pdf_exact(d, g, h) / max(abs(float(log_pdf_exact_ref(
             *(mpmath.mpf(v) for v in (d, g, h))))), 1e-300)),
    Case("amplitude_cdf_exact", amplitude_cdf_exact, cdf_exact_ref, _PX, condition=_cond_cdf_exact),
]


# --- mpmath routines used by the amplitude derivation's numeric steps (derivations/amplitude.py) ---

def moment_exact_mp(m, x, kappa, delta0=1):
    """E[Delta^m] of the exact conditional law (Eq. 16 corrected), parabolic-cylinder form, mpmath.

    int_0^oo u^(v-1) exp(-u^2/2 - x u) du = Gamma(v) exp(x^2/4) D_(-v)(x) (DLMF 12.5.1) with
    u = kappa t gives E[Delta^m] = Delta0^m Gamma(1 + m/2) kappa^(-m/2) D_(-m/2-1)(x)/D_(-1)(x).
    Working precision of the caller; x > 0, kappa > 0, m > -2.
    """
    m = mpmath.mpf(m)
    return (mpmath.mpf(delta0)**m * mpmath.gamma(1 + m / 2) * mpmath.mpf(kappa)**(-m / 2)
            * mpmath.pcfd(-m / 2 - 1, x) / mpmath.pcfd(-1, x))


def quad_half_line(f, width):
    """int_0^oo f(d) dd by tanh-sinh quadrature (mpmath.quad), split at width * (1, 3, 10).

    ``width`` is the scale on which f decays (for the amplitude law 1/sqrt(kappa (x + 1)) in units of
    Delta0); the breakpoints keep each panel smooth.  mpmath.quad stops on an ABSOLUTE error estimate,
    so f must be O(1): the normalized density, not P_c Q(x) (~1e-33 at x = 12, which came out with
    1e-24 relative error at 47 digits).  Measured with the normalized integrand: moments of the exact
    law agree with :func:`moment_exact_mp` to < 5e-41 relative at 40 digits for x = 0.5 ... 30,
    m = 1 ... 6, kappa = 0.5, 1.7.
    """
    w = mpmath.mpf(width)
    return mpmath.quad(f, [0, w, 3 * w, 10 * w, mpmath.inf])
