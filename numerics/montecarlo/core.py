"""Core of the Monte Carlo test of the droplet density (Eqs. 14-15) by simulating the random operator itself.

Model (paper Eqs. 3-4, corrected sign, local part of Eq. 3, units xi0 = 1, c3 = 1 by default):
O = -lap + h + V(r), V Gaussian white noise, <V(r) V(r')> = W delta(r - r'), W = c3/g^2.  A droplet
is a negative eigenvalue of O, i.e. an eigenvalue of -lap + V below -h.  Eq. 15 predicts the mean
number of droplets per area rho ~ prefactor * Q(x)/L_f^2, x = sqrt(2 N_c/c3) g sqrt(h), so that
-log rho = N_c g^2 h/c3 + O(log(g^2 h)); Eq. 14 predicts Poisson-distributed droplet counts.

Lattice (a = xi0 = 1): -lap is the 5-point Laplacian on an L x L periodic box; the white noise
becomes i.i.d. V_i ~ N(0, W/a^2).  Remaining lattice effects: the droplet size L_f = 1/sqrt(h)
must be several spacings.  The lattice optimal fluctuation (:func:`lattice_instanton`) has action
N_c g^2 h (1 - 0.1922 h + O(h^2)) (0.1922 = int (R_XX^2 + R_YY^2)/(12 N_c) from the O(k^4) term of
the lattice dispersion on the Townes profile R; checked in the tests), so the lattice itself lowers
the slope by 2% at h = 0.1 and 4.5% at h = 0.2; compare Monte Carlo slopes with the lattice
instanton, and with N_c h only through that trend.  The box must hold the droplet: L >= 5 L_f
(RegimeWarning below); the stored run uses L/L_f = 7.2-10.7, and at h = 0.05, g^2 h = 4 the continuum
study's L = 48 (10.7 L_f) gives log rho 0.45 below its L = 32 (7.2 L_f): the Dask studies use >= 10 L_f.
At shallow fields (g^2 h <~ 1) the counts are sub-Poissonian.

Counting: the number of eigenvalues of -lap + V below -h is the number of negative eigenvalues of
A = -lap + V + h, read exactly from the signs of the pivots of a symmetric LDL^T factorization
(Sylvester's law of inertia; SuperLU with symmetric ordering and no pivoting): one sparse
factorization per sample (~2 ms at L = 32 on a quiet machine, cost ~ L^3 from L = 64 on; see
:mod:`numerics.montecarlo.benchmark`), no eigenvector iterations.

Deep tails (exact importance sampling): the proposal is a "defensive" mixture
q(V) = pi_0 p(V) + sum_k pi_k (1/L^2) sum_x N(V; c_k mu_x, W I), mu_x = a well centred on site x
(the lattice optimal fluctuation -eta^2, also shifted by half a spacing to bond and plaquette
centres; any shape would do), c_k a few depths.  The likelihood ratio is exact,
p/q = 1/[pi_0 + sum_k pi_k (1/L^2) sum_x exp(c_k mu_x.V/W - c_k^2 |mu|^2/(2W))], with mu_x.V for
all x from one FFT.  The estimator of rho, mean(count * p/q)/L^2, is unbiased for any wells and
depths (the optimal droplet only shapes the proposal); its standard error is the sample standard
deviation / sqrt(n).  Measured relative variance per sample: ~1 at g^2 h = 0.5, ~30 at 4, ~60 at 8;
there the weights are heavy-tailed (:func:`weight_diagnostics`: ESS 1.5-7% of n and Hill tail index
0.7-1.3 at g^2 h >= 2 in the continuum study).  An independent repeat of the stored run agreed with
it to rms z = 0.9 (38 points, max |z| = 2.4), so at n ~ 2000 the quoted errors held, but nothing
guarantees it: a rare large weight can move a point by several SE.

The engine (Dask, the results store, the studies) is in :mod:`numerics.montecarlo.engine`.
"""
import functools
import math
from dataclasses import dataclass

import numpy as np

from ..validation import scalar, warn_regime

N_C = 11.7008965245596538786539726779  #: Townes mass int R^2 d^2r (numerics.optimal_droplet(30).mass)
LATTICE_H_MAX = 0.2  #: above this h, L_f < 2.2 spacings: lattice effects > 5% (RegimeWarning)
MIN_BOX_LF = 5.0  #: box sides below this many L_f emit a RegimeWarning (the stored run uses >= 7.2)
DEFAULT_DEPTHS = (0.85, 0.9, 0.95, 1.0, 1.05)  #: well depths c_k of the proposal, in units of the instanton
DEFAULT_DEFENSIVE = 0.05  #: weight pi_0 of the unshifted Gaussian in the proposal


# --- lattice ---------------------------------------------------------------------------------------

def _size(L):
    if isinstance(L, bool) or not isinstance(L, (int, np.integer)) or not 4 <= L <= 4096:
        raise ValueError(f"L must be an integer in [4, 4096]; got {L!r}")
    return int(L)


def _h(h):
    h = scalar("h", h, low=0.0, high=4.0, low_open=True)
    if h > LATTICE_H_MAX:
        warn_regime(f"h = {h:.3g} > {LATTICE_H_MAX}: L_f = 1/sqrt(h) is under ~2 lattice spacings, "
                    "lattice effects exceed 5%", stacklevel=4)
    return h


@functools.lru_cache(maxsize=8)
def laplacian(L):
    """-lap, the 5-point lattice Laplacian (a = 1) on an L x L periodic box, as a CSC matrix.

    Site (i, j) has index i*L + j; the spectrum is 4 sin^2(k1/2) + 4 sin^2(k2/2), k = 2 pi n/L.
    """
    import scipy.sparse as sp
    L = _size(L)
    ring = sp.diags([-np.ones(L - 1), 2.0 * np.ones(L), -np.ones(L - 1)], [-1, 0, 1], format="lil")
    ring[0, L - 1] += -1.0
    ring[L - 1, 0] += -1.0
    one = sp.identity(L, format="csc")
    out = (sp.kron(ring.tocsc(), one) + sp.kron(one, ring.tocsc())).tocsc()
    out.sort_indices()
    return out


def _symbol(L):
    """Fourier symbol of -lap on the rfft2 grid."""
    k = 2 * np.pi * np.fft.fftfreq(L)
    s = 4 * np.sin(k / 2) ** 2
    return s[:, None] + s[None, : L // 2 + 1]


@dataclass(frozen=True)
class Instanton:
    """The lattice optimal fluctuation at field ``h`` on an L x L periodic box (see :func:`lattice_instanton`).

    ``eta``: solution of (-lap + h) eta = eta^3 centred on site (0, 0); ``well`` = -eta^2 (the
    optimal V: -lap + well has lowest eigenvalue -h, eigenvector eta); ``action`` = sum eta^4 =
    min over eta of (sum |grad eta|^2 + h sum eta^2)^2/sum eta^4; the Gaussian cost of the well
    is S = action g^2/(2 c3), continuum value N_c g^2 h/c3 (action -> 2 N_c h as h -> 0).
    """

    h: float
    L: int
    eta: np.ndarray
    action: float

    @property
    def well(self):
        return -self.eta**2

    @property
    def slope(self):
        """Lattice prediction for -d log rho/d(g^2) (c3 = 1): action/2; continuum N_c h."""
        return self.action / 2


@functools.lru_cache(maxsize=32)
def lattice_instanton(h, L=None, *, tol=1e-13):
    """Lattice optimal fluctuation: the discrete minimizer of (sum |grad eta|^2 + h sum eta^2)^2/sum eta^4.

    Its stationarity condition, scaled so that the ratio of the two sums is one, is the discrete
    Townes equation (-lap + h) eta = eta^3 (continuum: eta = sqrt(h) R(sqrt(h) r), Eq. 13 corrected,
    c3 = 1), solved by Petviashvili's iteration in Fourier space (converges to the nodeless ground
    state from a Gaussian start; ~60 FFT steps).  ``L`` defaults to a power of two >= 14 L_f.
    Domain: 0 < h <= 4 (RegimeWarning above 0.2), L integer in [4, 4096].
    """
    h = _h(h)
    L = int(2 ** math.ceil(math.log2(max(16.0, 14 / math.sqrt(h))))) if L is None else _size(L)
    eta = petviashvili(h, L, tol=tol, iterations=2000)
    if eta is None:
        raise ArithmeticError(f"lattice_instanton: Petviashvili iteration did not converge (h={h}, L={L})")
    return Instanton(h, L, eta, float(np.sum(eta**4)))


def petviashvili(h, L, centre=(0.0, 0.0), *, tol=1e-13, iterations=2000):
    """The discrete Townes equation (-lap + h) eta = eta^3 on the L x L torus by Petviashvili's iteration from
    a Gaussian start centred at ``centre`` (in sites); the converged eta, or None after ``iterations`` steps.
    (Shared by :func:`lattice_instanton` and ``numerics.oneloop.saddle``; h, L already validated.)"""
    den = _symbol(L) + h
    x = np.fft.fftfreq(L, 1 / L)  # distances to site 0 on the ring
    dx = (x - centre[0] + L / 2) % L - L / 2
    dy = (x - centre[1] + L / 2) % L - L / 2
    eta = 2.2 * math.sqrt(h) * np.exp(-h * (dx[:, None] ** 2 + dy[None, :] ** 2) / 4)
    for _ in range(iterations):
        cube = eta**3
        kinetic = np.sum(eta * np.fft.irfft2(np.fft.rfft2(eta) * den, s=(L, L)))
        m = kinetic / np.sum(eta * cube)
        new = m**1.5 * np.fft.irfft2(np.fft.rfft2(cube) / den, s=(L, L))
        done = np.max(np.abs(new - eta)) < tol * np.max(np.abs(eta))
        eta = new
        if done:
            return eta
    return None


# --- counting --------------------------------------------------------------------------------------

class Counter:
    """Number of eigenvalues of -lap + V below -h on an L x L box, by the inertia of -lap + V + h.

    SuperLU with a symmetric (minimum degree on A + A^T) ordering and no pivoting factors the
    symmetric matrix as P A P^T = L D L^T (U = D L^T); by Sylvester's law the number of negative
    pivots is the number of negative eigenvalues.  Checked against dense eigvalsh in the tests.
    """

    def __init__(self, L, h):
        self.L, self.h = _size(L), float(h)
        self.A = laplacian(self.L).copy()
        # positions of the diagonal entries in the CSC data array (structure fixed)
        cols = np.repeat(np.arange(self.L**2), np.diff(self.A.indptr))
        self.diag = np.flatnonzero(self.A.indices == cols)  # one per column, in column order
        self.lap_diag = self.A.data[self.diag].copy()

    def __call__(self, V):
        self.A.data[self.diag] = self.lap_diag + np.ravel(V) + self.h
        return self.inertia(self.A)

    @staticmethod
    def inertia(A):
        """Number of negative eigenvalues of the symmetric CSC matrix A (pivot signs of LDL^T)."""
        from scipy.sparse.linalg import splu
        lu = splu(A, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.0, options=dict(SymmetricMode=True))
        if not np.array_equal(lu.perm_r, lu.perm_c):  # a pivot was chosen off the diagonal
            raise ArithmeticError("Counter: SuperLU left symmetric mode; inertia not available")
        return int(np.count_nonzero(lu.U.diagonal() < 0))


def count_below(V, h):
    """Number of eigenvalues of -lap + V below -h (V: an L x L array of site potentials, a = 1)."""
    V = np.asarray(V, dtype=float)
    if V.ndim != 2 or V.shape[0] != V.shape[1]:
        raise ValueError(f"V must be a square L x L array; got shape {V.shape}")
    return Counter(V.shape[0], scalar("h", h, low=0.0, low_open=True))(V)


def lowest_eigenvalues(V, k=3):
    """The ``k`` lowest eigenvalues of -lap + V (ascending), by shift-invert Lanczos (eigsh) with the
    shift below the spectrum (min V - 1 <= lambda_min, since -lap >= 0)."""
    from scipy.sparse import diags
    from scipy.sparse.linalg import eigsh
    V = np.asarray(V, dtype=float)
    A = (laplacian(V.shape[0]) + diags(V.ravel())).tocsc()
    vals = eigsh(A, k=k, sigma=float(V.min()) - 1.0, which="LM", return_eigenvectors=False)
    return np.sort(vals)


# --- samplers --------------------------------------------------------------------------------------

def _rng(seed):
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def _box(L, h):
    L = _size(L)
    if L * math.sqrt(h) < MIN_BOX_LF:
        warn_regime(f"box side L = {L} is {L * math.sqrt(h):.2g} L_f < {MIN_BOX_LF} L_f: the droplet does not fit "
                    "in the box", stacklevel=4)
    return L


def _W(g, c3):
    return scalar("c3", c3, low=0.0, low_open=True) / scalar("g", g, low=0.0, low_open=True) ** 2


def _n(n):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive integer; got {n!r}")
    return int(n)


def sample_direct(h, g, L, n, seed=None, *, c3=1.0, batch=256):
    """Droplet counts of ``n`` independent boxes by direct sampling: V_i ~ N(0, c3/g^2) i.i.d.

    Returns an int array (n,); rho = counts.mean()/L^2 is unbiased (Eq. 15's quantity).
    """
    h, W, n = _h(h), _W(g, c3), _n(n)
    L = _box(L, h)
    rng, count = _rng(seed), Counter(L, h)
    out = np.empty(n, dtype=np.int64)
    for start in range(0, n, batch):
        V = math.sqrt(W) * rng.standard_normal((min(batch, n - start), L, L))
        out[start:start + len(V)] = [count(v) for v in V]
    return out


def proposal_wells(h, L, offsets=((0, 0), (0.5, 0), (0, 0.5), (0.5, 0.5))):
    """The proposal's base wells, shape (M, L, L): the lattice optimal fluctuation -eta^2 at (h, L),
    translated by the sub-lattice ``offsets`` (Fourier shift), so that droplets centred on bonds and
    plaquettes are as well covered as site-centred ones (without them the weights are heavy-tailed
    for g^2 h >~ 4).  Any shape keeps the estimator exact."""
    well = lattice_instanton(h, L).well
    k = 2 * np.pi * np.fft.fftfreq(L)
    kr = 2 * np.pi * np.fft.rfftfreq(L)
    F = np.fft.rfft2(well)
    out = [np.fft.irfft2(F * np.exp(-1j * (dx * k[:, None] + dy * kr[None, :])), s=(L, L)) for dx, dy in offsets]
    return np.array(out)


def _mixture(depths, defensive, M):
    if not 0 <= defensive < 1 or (defensive == 0 and not len(depths)):
        raise ValueError(f"defensive must be in [0, 1) (and > 0 without depths); got {defensive!r}")
    if any(not c > 0 for c in depths):
        raise ValueError(f"depths must be positive; got {depths!r}")
    return np.asarray(depths, dtype=float), (1 - defensive) / (len(depths) * M)


def log_likelihood_ratio(V, wells, W, depths=DEFAULT_DEPTHS, defensive=DEFAULT_DEFENSIVE):
    """log p(V)/q(V) for the translation-averaged mixture proposal (exact), V of shape (B, L, L).

    q = pi_0 p + sum_{m,k} pi (1/L^2) sum_x N(c_k well_{m,x}, W I), pi_0 = ``defensive``, the other
    weights equal (pi = (1 - pi_0)/(M K)); well_{m,x} is ``wells[m]`` translated by x.  The
    correlations well_{m,x} . V for all x come from one real FFT per sample and well.
    """
    V = np.asarray(V, dtype=float)
    wells = np.asarray(wells, dtype=float).reshape((-1,) + V.shape[-2:])
    c, pi = _mixture(depths, defensive, len(wells))
    B, L = V.shape[0], V.shape[-1]
    FV = np.fft.rfft2(V)[:, None]  # (B, 1, ...)
    corr = np.fft.irfft2(FV * np.conj(np.fft.rfft2(wells))[None], s=(L, L)).reshape(B, len(wells), 1, L * L)
    norm2 = np.sum(wells**2, axis=(1, 2))[:, None, None]  # (M, 1, 1)
    ck = c[:, None]
    terms = (ck * corr / W - ck**2 * norm2 / (2 * W)).reshape(B, -1) + math.log(pi) - 2 * math.log(L)
    if defensive > 0:
        terms = np.concatenate([terms, np.full((B, 1), math.log(defensive))], axis=1)
    # log-sum-exp in place (scipy.special.logsumexp: 3x slower on these 10^4-10^5 terms per sample)
    top = terms.max(axis=1, keepdims=True)
    terms -= top
    np.exp(terms, out=terms)
    return -(np.log(terms.sum(axis=1)) + top[:, 0])


def sample_proposal(wells, W, n, rng, depths=DEFAULT_DEPTHS, defensive=DEFAULT_DEFENSIVE):
    """``n`` fields (n, L, L) from the mixture proposal of :func:`log_likelihood_ratio` (vectorized)."""
    wells = np.asarray(wells, dtype=float).reshape((-1,) + np.shape(wells)[-2:])
    c, pi = _mixture(depths, defensive, len(wells))
    L = wells.shape[-1]
    shifted = rng.random(n) >= defensive
    depth = np.where(shifted, c[rng.integers(0, len(c), n)], 0.0)
    m = rng.integers(0, len(wells), n)
    cx, cy = rng.integers(0, L, size=(2, n))
    idx = np.arange(L)
    rows, cols = (idx[None, :] - cx[:, None]) % L, (idx[None, :] - cy[:, None]) % L
    chosen = wells[m[:, None, None], rows[:, :, None], cols[:, None, :]]  # well_m(r - c)
    return depth[:, None, None] * chosen + math.sqrt(W) * rng.standard_normal((n, L, L))


def sample_importance(h, g, L, n, seed=None, *, c3=1.0, depths=DEFAULT_DEPTHS,
                      defensive=DEFAULT_DEFENSIVE, batch=256, keep_fields=False):
    """Importance-sampled droplet counts: (counts, log weights), each of shape (n,).

    rho = mean(counts * exp(logw))/L^2 is unbiased (exact likelihood ratio, see the module doc);
    use :func:`estimate`.  The proposal's wells are the lattice optimal fluctuation at (h, L).
    ``keep_fields``: also return the sampled fields V, shape (n, L, L), third.
    """
    h, W, n = _h(h), _W(g, c3), _n(n)
    L = _box(L, h)
    _mixture(depths, defensive, 1)
    rng, count = _rng(seed), Counter(L, h)
    wells = proposal_wells(h, L)
    counts, logw = np.empty(n, dtype=np.int64), np.empty(n)
    fields = np.empty((n, L, L)) if keep_fields else None
    for start in range(0, n, batch):
        V = sample_proposal(wells, W, min(batch, n - start), rng, depths, defensive)
        logw[start:start + len(V)] = log_likelihood_ratio(V, wells, W, depths, defensive)
        counts[start:start + len(V)] = [count(v) for v in V]
        if keep_fields:
            fields[start:start + len(V)] = V
    return (counts, logw, fields) if keep_fields else (counts, logw)


def droplet_amplitude(V, h, *, gtol=1e-9):
    """The amplitude of the droplet of one sampled field: the nonlinear Eq. 2 on the lattice.

    Eq. 2 with the corrected sign (c3 = 1, xi0 = a = Delta0 = 1): (-lap + h + V) Delta + Delta^3/2 = 0,
    the stationarity condition of E(Delta) = Delta.(-lap + h + V) Delta + sum Delta^4/4.  Where the
    operator has one negative eigenvalue lambda (eigenvector psi), E has a nonzero minimum: started
    from the scaled psi (the minimum of E along psi, s^2 = -2 lambda |psi|^2/sum psi^4) and refined by
    L-BFGS to a relative gradient ``gtol``.  Returns dict(t = max Delta^2 (the peak gap squared,
    Delta^2/Delta0^2), t_proj = -2 <eta, O eta>/sum eta^4 with eta = psi/max|psi| (Eq. 16's projection
    on the droplet shape eta, the quantity the conditional law is about), lam), or None if lambda >= 0.
    """
    from scipy.sparse import csr_matrix, diags
    from scipy.sparse.linalg import eigsh, spsolve
    V = np.asarray(V, dtype=float)
    A = (laplacian(V.shape[0]) + diags(V.ravel() + h)).tocsr()
    # a fixed start vector (the nodeless ground state overlaps it): ARPACK's default random start
    # depends on the process's call history, and the result would depend on which worker ran it
    lam, vec = eigsh(A.tocsc(), k=1, sigma=float(V.min()) + h - 1.0, which="LM", v0=np.ones(V.size))
    lam, psi = float(lam[0]), vec[:, 0]
    if lam >= 0:
        return None
    p2, p4, pmax2 = psi @ psi, np.sum(psi**4), np.max(psi**2)
    x = math.sqrt(-2 * lam * p2 / p4) * psi
    n = np.arange(x.size)
    for _ in range(100):  # Newton on A x + x^3/2 = 0, Jacobian A + 3/2 diag(x^2)
        F = A @ x + x**3 / 2
        if np.linalg.norm(F) <= gtol * np.linalg.norm(x**3):
            break
        J = A + csr_matrix((1.5 * x**2, (n, n)), shape=A.shape)
        x = x - spsolve(J.tocsc(), F)
    else:
        raise ArithmeticError("droplet_amplitude: Newton iteration did not converge")
    # the minimum (not another stationary point): E < 0 and a positive-definite Jacobian
    J = (A + csr_matrix((1.5 * x**2, (n, n)), shape=A.shape)).tocsc()
    if x @ (A @ x) + np.sum(x**4) / 4 >= 0 or Counter.inertia(J) != 0:
        raise ArithmeticError("droplet_amplitude: Newton ended away from the minimum")
    return dict(t=float(np.max(x**2)), t_proj=float(-2 * lam * p2 * pmax2 / p4), lam=lam)


@dataclass(frozen=True)
class Estimate:
    """rho (per site area, a = 1) with its standard error, in log form for deep tails.

    ``log_rho`` = log of the estimate, ``log_se`` = se/rho (delta method), ``ess`` = effective
    number of samples of the summand (sum f)^2/sum f^2, ``n`` samples, ``hits`` samples with a droplet.
    """

    log_rho: float
    log_se: float
    ess: float
    n: int
    hits: int

    @property
    def rho(self):
        return math.exp(self.log_rho)


def estimate(counts, L, logw=None):
    """Mean droplet density and its standard error from counts (and log weights, if sampled by IS)."""
    counts = np.asarray(counts, dtype=float)
    logw = np.zeros_like(counts) if logw is None else np.asarray(logw, dtype=float)
    hit = counts > 0
    n = counts.size
    if not hit.any():
        return Estimate(-math.inf, math.inf, 0.0, n, 0)
    m = logw[hit].max()
    f = counts * np.exp(np.where(hit, logw - m, -np.inf))
    mean = f.mean()
    se = f.std(ddof=1) / math.sqrt(n) if n > 1 else math.inf
    ess = f.sum() ** 2 / np.sum(f**2)
    return Estimate(float(m + math.log(mean) - 2 * math.log(L)), float(se / mean), float(ess), n, int(hit.sum()))


TAIL_INDEX_MAX = 0.5  #: a Hill tail index of the summand at or above this: infinite variance, SE unreliable
ESS_MIN = 50  #: fewer effective samples than this: the SE itself is too uncertain to quote


def weight_diagnostics(counts, logw=None):
    """Heavy-tail diagnostics of the summand f = count * p/q of the density estimator.

    ``ess`` = (sum f)^2/sum f^2 (Kish effective sample size); ``tail_index`` = Hill estimate xi of
    the Pareto tail of the positive f over its k largest values, k = min(n+/5, 3 sqrt(n+)) (the rule of
    Pareto-smoothed importance sampling), xi >= 1/2 meaning infinite variance (then the central limit
    theorem, and the quoted SE, fail); ``max_share`` = the largest f over sum f; ``reliable`` =
    xi < TAIL_INDEX_MAX and ess >= ESS_MIN.  For direct sampling (logw None) f is the count itself,
    there is no tail index, and ``reliable`` = ess >= ESS_MIN.
    """
    direct = logw is None
    counts = np.asarray(counts, dtype=float)
    logw = np.zeros_like(counts) if logw is None else np.asarray(logw, dtype=float)
    hit = counts > 0
    if not hit.any():
        return dict(ess=0.0, tail_index=None, max_share=None, reliable=False)
    f = counts[hit] * np.exp(logw[hit] - logw[hit].max())
    ess = float(f.sum() ** 2 / np.sum(f**2))
    if direct:  # bounded small integers: no tail to estimate; ess ~ the number of boxes with a droplet
        return dict(ess=ess, tail_index=None, max_share=float(f.max() / f.sum()), reliable=bool(ess >= ESS_MIN))
    top = np.sort(f)[::-1]
    k = int(min(len(top) / 5, 3 * math.sqrt(len(top))))
    xi = float(np.mean(np.log(top[:k] / top[k]))) if k >= 5 else None
    return dict(ess=ess, tail_index=xi, max_share=float(top[0] / f.sum()),
                reliable=bool(xi is not None and xi < TAIL_INDEX_MAX and ess >= ESS_MIN))


def factorial_moment_ratio(counts, logw=None):
    """E[n(n-1)]/E[n]^2 of the droplet count per box (1 for Poisson counts, Eq. 14), by (weighted)
    sample means, with its standard error by the delta method (covariance of the two means ignored,
    which overstates the error since both grow with the same weights)."""
    n = np.asarray(counts, dtype=float)
    w = np.ones_like(n) if logw is None else np.exp(np.asarray(logw, dtype=float))
    m1, m2 = np.mean(n * w), np.mean(n * (n - 1) * w)
    s1, s2 = (np.std(a, ddof=1) / math.sqrt(len(n)) for a in (n * w, n * (n - 1) * w))
    r = m2 / m1**2 if m1 > 0 else math.nan
    se = r * math.sqrt((s2 / m2) ** 2 + 4 * (s1 / m1) ** 2) if m2 > 0 else math.inf
    return dict(ratio=float(r), se=float(se), mean_count=float(m1), pairs=int(np.count_nonzero(n >= 2)))


# --- analysis --------------------------------------------------------------------------------------

def fit_slope(g2, log_rho, log_se):
    """Weighted least squares of log rho = c0 - s g^2 + b log g^2 at fixed h (independent points).

    Returns dict(s, se_s, b, se_b, c0, chi2, dof); standard errors are scaled by sqrt(chi2/dof) when
    that exceeds one (conservative).  s estimates -d log rho/d(g^2) in the asymptotic regime
    (continuum Eq. 15: s = N_c h/c3; b is the power of g^2 in the prefactor).
    """
    g2, y, se = (np.asarray(a, dtype=float) for a in (g2, log_rho, log_se))
    X = np.column_stack([np.ones_like(g2), -g2, np.log(g2)]) / se[:, None]
    coef, *_ = np.linalg.lstsq(X, y / se, rcond=None)
    chi2 = float(np.sum((X @ coef - y / se) ** 2))
    dof = len(g2) - 3
    cov = np.linalg.inv(X.T @ X) * max(1.0, chi2 / dof if dof > 0 else 1.0)
    return dict(s=float(coef[1]), se_s=float(math.sqrt(cov[1, 1])), b=float(coef[2]), se_b=float(math.sqrt(cov[2, 2])),
                c0=float(coef[0]), chi2=chi2, dof=dof)


def poisson_check(counts):
    """Counts of one box size against Poisson (Eq. 14): dispersion index var/mean with its standard
    error under Poisson, sqrt(2/(n-1)) (large-n), and Pearson's chi^2 over cells with expectation >= 5."""
    from scipy import stats
    counts = np.asarray(counts, dtype=np.int64)
    n, mean = counts.size, counts.mean()
    dispersion = counts.var(ddof=1) / mean
    observed = np.bincount(counts)
    expected = n * stats.poisson.pmf(np.arange(len(observed)), mean)
    keep = expected >= 5
    obs = np.append(observed[keep], observed[~keep].sum())
    exp = np.append(expected[keep], n - expected[keep].sum())
    chi2 = float(np.sum((obs - exp) ** 2 / exp))
    dof = len(obs) - 2  # cells - 1 - one fitted mean
    return dict(n=int(n), mean=float(mean), dispersion=float(dispersion), se_dispersion=math.sqrt(2 / (n - 1)),
                chi2=chi2, dof=dof, p_value=float(stats.chi2.sf(chi2, dof)) if dof > 0 else None,
                histogram=observed.tolist())


def continuum_log_density(h, g2):
    """Eq. 15 with prefactor one: log(Q(x) h), x = sqrt(2 N_c) g sqrt(h) (c3 = 1, xi0 = 1)."""
    from ..tails import log_gaussian_tail
    return log_gaussian_tail(math.sqrt(2 * N_C * g2 * h)) + math.log(h)


def lattice_log_density(h, g2, L):
    """Eq. 15's form with the lattice instanton's action in place of the continuum one (prefactor
    one): log(Q(x_lat) h), x_lat^2 = g^2 action (= 2 S); separates lattice effects from the prefactor."""
    from ..tails import log_gaussian_tail
    return log_gaussian_tail(math.sqrt(g2 * lattice_instanton(h, L).action)) + math.log(h)

