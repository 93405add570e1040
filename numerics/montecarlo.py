"""Monte Carlo test of the droplet density (Eqs. 14-15) by simulating the random operator itself.

Model (paper Eqs. 3-4, corrected sign, local part of Eq. 3, units xi0 = 1, c3 = 1 by default):
O = -lap + h + V(r), V Gaussian white noise, <V(r) V(r')> = W delta(r - r'), W = c3/g^2.  A droplet
is a negative eigenvalue of O, i.e. an eigenvalue of -lap + V below -h.  Eq. 15 predicts the mean
number of droplets per area rho ~ prefactor * Q(x)/L_f^2, x = sqrt(2 N_c/c3) g sqrt(h), so that
-log rho = N_c g^2 h/c3 + O(log(g^2 h)); Eq. 14 predicts Poisson-distributed droplet counts.

Lattice (a = xi0 = 1): -lap is the 5-point Laplacian on an L x L periodic box; the white noise
becomes i.i.d. V_i ~ N(0, W/a^2).  Remaining lattice effects: the droplet size L_f = 1/sqrt(h)
must be several spacings.  The lattice optimal fluctuation (:func:`lattice_instanton`) has action
N_c g^2 h (1 - 0.193 h + O(h^2)) (measured; the first-order coefficient is checked in the tests
against the continuum profile), so the lattice itself shifts the slope by ~2% at h = 0.1.  The
box must hold the droplet (L >~ 7 L_f; the stored run checks that L does not change rho).

Counting: the number of eigenvalues of -lap + V below -h is the number of negative eigenvalues of
A = -lap + V + h, read exactly from the signs of the pivots of a symmetric LDL^T factorization
(Sylvester's law of inertia; SuperLU with symmetric ordering and no pivoting): one sparse
factorization per sample (~2 ms at L = 32), no eigenvector iterations.

Deep tails (exact importance sampling): the proposal is a "defensive" mixture
q(V) = pi_0 p(V) + sum_k pi_k (1/L^2) sum_x N(V; c_k mu_x, W I), mu_x = a well centred on site x
(the lattice optimal fluctuation -eta^2, any shape would do), c_k a few depths.  The likelihood
ratio is exact, p/q = 1/[pi_0 + sum_k pi_k (1/L^2) sum_x exp(c_k mu_x.V/W - c_k^2 |mu|^2/(2W))],
with mu_x.V for all x from one FFT.  The estimator of rho, mean(count * p/q)/L^2, is unbiased for
any wells and depths (the optimal droplet only shapes the proposal); its standard error is the
sample standard deviation / sqrt(n).

Command: ``python -m numerics.montecarlo [--quick] [--workers 2] [--out PATH]`` writes the stored
run (default ``notebooks/data/montecarlo.json``; ``--quick`` prints only) with its provenance.
"""
import functools
import math
import sys
import time
from dataclasses import asdict, dataclass

import numpy as np

from .validation import RegimeWarning, scalar, warn_regime  # noqa: F401  (RegimeWarning re-exported)

N_C = 11.7008965245596538786539726779  #: Townes mass int R^2 d^2r (numerics.optimal_droplet(30).mass)
LATTICE_H_MAX = 0.2  #: above this h, L_f < 2.2 spacings: lattice effects > 5% (RegimeWarning)
DEFAULT_DEPTHS = (0.85, 0.9, 0.95, 1.0, 1.05)  #: well depths c_k of the proposal, in units of the instanton
DEFAULT_DEFENSIVE = 0.05 #: weight pi_0 of the unshifted Gaussian in the proposal


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
    den = _symbol(L) + h
    x = np.fft.fftfreq(L, 1 / L)  # distances to site 0 on the ring
    eta = 2.2 * math.sqrt(h) * np.exp(-h * (x[:, None] ** 2 + x[None, :] ** 2) / 4)
    for _ in range(2000):
        cube = eta**3
        kinetic = np.sum(eta * np.fft.irfft2(np.fft.rfft2(eta) * den, s=(L, L)))
        m = kinetic / np.sum(eta * cube)
        new = m**1.5 * np.fft.irfft2(np.fft.rfft2(cube) / den, s=(L, L))
        done = np.max(np.abs(new - eta)) < tol * np.max(np.abs(eta))
        eta = new
        if done:
            break
    else:
        raise ArithmeticError(f"lattice_instanton: Petviashvili iteration did not converge (h={h}, L={L})")
    return Instanton(h, L, eta, float(np.sum(eta**4)))


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
        self.diag = np.array([self.A.indptr[j] + np.searchsorted(self.A.indices[self.A.indptr[j]:self.A.indptr[j + 1]], j)
                              for j in range(self.L**2)])
        self.lap_diag = self.A.data[self.diag].copy()

    def __call__(self, V):
        from scipy.sparse.linalg import splu
        self.A.data[self.diag] = self.lap_diag + np.ravel(V) + self.h
        lu = splu(self.A, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.0,
                  options=dict(SymmetricMode=True))
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
    h, W, L, n = _h(h), _W(g, c3), _size(L), _n(n)
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
    from scipy.special import logsumexp
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
    return -logsumexp(terms, axis=1)


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
                      defensive=DEFAULT_DEFENSIVE, batch=256):
    """Importance-sampled droplet counts: (counts, log weights), each of shape (n,).

    rho = mean(counts * exp(logw))/L^2 is unbiased (exact likelihood ratio, see the module doc);
    use :func:`estimate`.  The proposal's wells are the lattice optimal fluctuation at (h, L).
    """
    h, W, L, n = _h(h), _W(g, c3), _size(L), _n(n)
    _mixture(depths, defensive, 1)
    rng, count = _rng(seed), Counter(L, h)
    wells = proposal_wells(h, L)
    counts, logw = np.empty(n, dtype=np.int64), np.empty(n)
    for start in range(0, n, batch):
        V = sample_proposal(wells, W, min(batch, n - start), rng, depths, defensive)
        logw[start:start + len(V)] = log_likelihood_ratio(V, wells, W, depths, defensive)
        counts[start:start + len(V)] = [count(v) for v in V]
    return counts, logw


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
