"""Monte Carlo test of the droplet density (Eqs. 14-15) by simulating the random operator itself.

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
(RegimeWarning below); the stored run uses L/L_f = 7.2-10.7 and checks at h = 0.1 that L = 24, 32,
48 give the same rho.  At shallow fields (g^2 h <~ 1) the counts are sub-Poissonian (stored run).

Counting: the number of eigenvalues of -lap + V below -h is the number of negative eigenvalues of
A = -lap + V + h, read exactly from the signs of the pivots of a symmetric LDL^T factorization
(Sylvester's law of inertia; SuperLU with symmetric ordering and no pivoting): one sparse
factorization per sample (~2 ms at L = 32), no eigenvector iterations.

Deep tails (exact importance sampling): the proposal is a "defensive" mixture
q(V) = pi_0 p(V) + sum_k pi_k (1/L^2) sum_x N(V; c_k mu_x, W I), mu_x = a well centred on site x
(the lattice optimal fluctuation -eta^2, also shifted by half a spacing to bond and plaquette
centres; any shape would do), c_k a few depths.  The likelihood ratio is exact,
p/q = 1/[pi_0 + sum_k pi_k (1/L^2) sum_x exp(c_k mu_x.V/W - c_k^2 |mu|^2/(2W))], with mu_x.V for
all x from one FFT.  The estimator of rho, mean(count * p/q)/L^2, is unbiased for any wells and
depths (the optimal droplet only shapes the proposal); its standard error is the sample standard
deviation / sqrt(n).  Measured relative variance per sample: ~1 at g^2 h = 0.5, ~30 at 4, ~60 at 8;
there the weights are heavy-tailed and the quoted error may be optimistic by up to ~1.5x (the
box-size repeats at g^2 h = 4 differ by up to 3.3 quoted SE).

Command: ``python -m numerics.montecarlo [--quick] [--workers 2] [--out PATH]`` writes the stored
run (default ``notebooks/data/montecarlo.json``; ``--quick`` prints only) with its provenance.
"""
import functools
import math
import sys
import time
from dataclasses import asdict, dataclass

import numpy as np

from .validation import scalar, warn_regime

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
        cols = np.repeat(np.arange(self.L**2), np.diff(self.A.indptr))
        self.diag = np.flatnonzero(self.A.indices == cols)  # one per column, in column order
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
                      defensive=DEFAULT_DEFENSIVE, batch=256):
    """Importance-sampled droplet counts: (counts, log weights), each of shape (n,).

    rho = mean(counts * exp(logw))/L^2 is unbiased (exact likelihood ratio, see the module doc);
    use :func:`estimate`.  The proposal's wells are the lattice optimal fluctuation at (h, L).
    """
    h, W, n = _h(h), _W(g, c3), _n(n)
    L = _box(L, h)
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
    from .tails import log_gaussian_tail
    return log_gaussian_tail(math.sqrt(2 * N_C * g2 * h)) + math.log(h)


def lattice_log_density(h, g2, L):
    """Eq. 15's form with the lattice instanton's action in place of the continuum one (prefactor
    one): log(Q(x_lat) h), x_lat^2 = g^2 action (= 2 S); separates lattice effects from the prefactor."""
    from .tails import log_gaussian_tail
    return log_gaussian_tail(math.sqrt(g2 * lattice_instanton(h, L).action)) + math.log(h)


# --- the stored run ----------------------------------------------------------------------------------

MASTER_SEED = 20261127
# box sides: L/L_f = 7.2 (h = 0.05), 7.6 (0.1), 10.7 (0.2); the box runs check L = 32, 48 at h = 0.1
FULL = dict(hL=((0.05, 32), (0.1, 24), (0.2, 24)), g2h_is=(0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0), n_is=2000,
            g2h_direct=(0.5, 1.0), n_direct=3000, box=dict(h=0.1, Ls=(32, 48), g2h=(1.0, 4.0), n=2000),
            poisson=[dict(h=0.1, L=L, g2h=0.6, n=1000) for L in (32, 64)]
            + [dict(h=0.1, L=64, g2h=x, n=1000) for x in (0.75, 0.9)], fit_min_g2h=2.0)
QUICK = dict(hL=((0.1, 24),), g2h_is=(0.5, 2.0, 4.0, 6.0, 8.0), n_is=400,
             g2h_direct=(0.5,), n_direct=1500, box=None, poisson=[dict(h=0.1, L=32, g2h=0.6, n=300)], fit_min_g2h=2.0)


def _tasks(cfg):
    t = []
    for h, L in cfg["hL"]:
        t += [dict(kind="is", h=h, L=L, g2h=x, n=cfg["n_is"]) for x in cfg["g2h_is"]]
        t += [dict(kind="direct", h=h, L=L, g2h=x, n=cfg["n_direct"]) for x in cfg["g2h_direct"]]
    if cfg["box"]:
        b = cfg["box"]
        t += [dict(kind="is", h=b["h"], L=L, g2h=x, n=b["n"], role="box") for L in b["Ls"] for x in b["g2h"]]
    t += [dict(kind="direct", h=p["h"], L=p["L"], g2h=p["g2h"], n=p["n"], role="poisson") for p in cfg["poisson"]]
    for i, task in enumerate(t):
        task.setdefault("role", "density")
        task["spawn_key"] = i
    return t


def run_task(task, master_seed=MASTER_SEED):
    """One (h, g, L) point: counts (and weights), summarized; seeded by SeedSequence(master, (i,))."""
    rng = np.random.default_rng(np.random.SeedSequence(master_seed, spawn_key=(task["spawn_key"],)))
    h, L, n = task["h"], task["L"], task["n"]
    g = math.sqrt(task["g2h"] / h)
    t0 = time.perf_counter()
    if task["kind"] == "is":
        counts, logw = sample_importance(h, g, L, n, rng)
    else:
        counts, logw = sample_direct(h, g, L, n, rng), None
    est = estimate(counts, L, logw)
    out = dict(task, g2=g * g, seconds=time.perf_counter() - t0, **asdict(est))
    if task["kind"] == "direct":
        out["histogram"] = np.bincount(counts).tolist()
    return out


def run(quick=False, workers=2, master_seed=MASTER_SEED, progress=True):
    """Run the full (or quick) study; returns the JSON-ready dict (runs, fits, instanton, provenance)."""
    import datetime
    import platform
    import scipy
    cfg = QUICK if quick else FULL
    tasks = _tasks(cfg)
    t0 = time.perf_counter()
    runs = []

    def report(r):
        runs.append(r)
        if progress:
            print(f"\r[{len(runs)}/{len(tasks)}] {r['kind']:6s} h={r['h']:<5g} g2h={r['g2h']:<5g} L={r['L']:<3d} "
                  f"log rho={r['log_rho']:9.3f} +- {r['log_se']:.3f}  ({time.perf_counter() - t0:.0f} s)",
                  end="", file=sys.stderr, flush=True)
    order = sorted(range(len(tasks)), key=lambda i: -tasks[i]["n"] * tasks[i]["L"] ** 2)  # longest first
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(workers) as ex:
            for r in ex.map(run_task, [tasks[i] for i in order], [master_seed] * len(order)):
                report(r)
    else:
        for i in order:
            report(run_task(tasks[i], master_seed))
    if progress:
        print(file=sys.stderr)
    runs.sort(key=lambda r: r["spawn_key"])
    result = dict(
        provenance=dict(command="python -m numerics.montecarlo" + (" --quick" if quick else ""), quick=quick,
                        master_seed=master_seed,
                        seeding="numpy SeedSequence(master_seed, spawn_key=(i,)), i = run index",
                        config={k: v for k, v in cfg.items()}, numpy=np.__version__, scipy=scipy.__version__,
                        python=platform.python_version(), date=datetime.datetime.now(datetime.timezone.utc).isoformat(
                            timespec="seconds"), workers=workers, wall_seconds=round(time.perf_counter() - t0, 1),
                        depths=DEFAULT_DEPTHS, defensive=DEFAULT_DEFENSIVE, c3=1.0),
        runs=runs)
    result.update(analyse(result))
    return result


def same_summary(a, b, rel=1e-12):
    """Two summaries (nested dicts/lists) equal, floats to ``rel``: a stored summary re-derived from its
    stored runs matches to rounding (the Gaussian-tail kernels may move in their last ulps)."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same_summary(a[k], b[k], rel) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same_summary(x, y, rel) for x, y in zip(a, b))
    if isinstance(a, float) or isinstance(b, float):
        return abs(float(a) - float(b)) <= rel * max(abs(float(a)), abs(float(b)), 1e-300)
    return a == b


def analyse(result):
    """Fits, IS-vs-direct agreement, box-size check, Poisson check and instanton values from ``runs``."""
    runs, cfg = result["runs"], result["provenance"]["config"]
    fits, agree, inst = [], [], []
    for h, L in cfg["hL"]:
        pts = [r for r in runs if r["role"] == "density" and r["kind"] == "is" and r["h"] == h
               and r["L"] == L and r["g2h"] >= cfg["fit_min_g2h"]]
        f = fit_slope([r["g2"] for r in pts], [r["log_rho"] for r in pts], [r["log_se"] for r in pts])
        lat = lattice_instanton(h, L)
        f.update(h=h, L=L, g2h_range=[min(r["g2h"] for r in pts), max(r["g2h"] for r in pts)],
                 continuum=N_C * h, lattice=lat.slope)
        fits.append(f)
        for d in (r for r in runs if r["role"] == "density" and r["kind"] == "direct" and r["h"] == h):
            m = next((r for r in runs if r["role"] == "density" and r["kind"] == "is" and r["h"] == h
                      and r["g2h"] == d["g2h"] and r["L"] == d["L"]), None)
            if m:
                agree.append(dict(h=h, g2h=d["g2h"], direct=d["log_rho"], se_direct=d["log_se"], is_=m["log_rho"],
                                  se_is=m["log_se"],
                                  z=(m["log_rho"] - d["log_rho"]) / math.hypot(m["log_se"], d["log_se"])))
    for h in (0.2, 0.1, 0.05, 0.02, 0.01, 0.005):
        a = lattice_instanton(h).action
        inst.append(dict(h=h, L=lattice_instanton(h).L, action=a, ratio_to_continuum=a / (2 * N_C * h)))
    box = [dict(h=r["h"], L=r["L"], g2h=r["g2h"], log_rho=r["log_rho"], log_se=r["log_se"]) for r in runs
           if r["role"] == "box" or (cfg["box"] and r["role"] == "density" and r["kind"] == "is"
                                     and r["h"] == cfg["box"]["h"] and r["g2h"] in cfg["box"]["g2h"])]
    poisson = [dict(h=r["h"], L=r["L"], g2h=r["g2h"], log_rho=r["log_rho"], log_se=r["log_se"],
                    **poisson_check(np.repeat(np.arange(len(r["histogram"])), r["histogram"])))
               for r in runs if r["role"] == "poisson"]
    prefactor = [dict(h=r["h"], g2h=r["g2h"], log_ratio=r["log_rho"] - continuum_log_density(r["h"], r["g2"]),
                      log_ratio_lattice=r["log_rho"] - lattice_log_density(r["h"], r["g2"], r["L"]),
                      se=r["log_se"]) for r in runs if r["role"] == "density" and r["kind"] == "is"]
    r = np.array([f["s"] / f["lattice"] for f in fits])
    wt = np.array([(f["lattice"] / f["se_s"]) ** 2 for f in fits])
    pooled = dict(s_over_lattice=float(np.sum(wt * r) / np.sum(wt)), se=float(1 / math.sqrt(np.sum(wt))))
    return dict(fits=fits, pooled=pooled, agreement=agree, instanton=inst, box=box, poisson=poisson,
                prefactor=prefactor)


def table(result):
    """Plain-text results table."""
    lines = ["slope s = -d log rho/d(g^2) at fixed h (fit log rho = c0 - s g^2 + b log g^2, g^2 h >= "
             f"{result['provenance']['config']['fit_min_g2h']}):",
             "   h    L   s (MC)            N_c h    s/N_c h          lattice s   (s - lat)/se   b (MC)"
             "         chi2/dof"]
    for f in result["fits"]:
        lines.append(f"{f['h']:5g} {f['L']:4d}  {f['s']:.4f} +- {f['se_s']:.4f}   {f['continuum']:.4f}   "
                     f"{f['s'] / f['continuum']:.4f} +- {f['se_s'] / f['continuum']:.4f}  {f['lattice']:.4f}"
                     f"      {(f['s'] - f['lattice']) / f['se_s']:+.2f}         {f['b']:+.2f} +- {f['se_b']:.2f}"
                     f"   {f['chi2']:.1f}/{f['dof']}")
    p = result["pooled"]
    lines.append(f"pooled over h: s/(lattice s) = {p['s_over_lattice']:.4f} +- {p['se']:.4f}")
    lines.append("IS vs direct sampling (log rho):")
    for a in result["agreement"]:
        lines.append(f"  h={a['h']:g} g2h={a['g2h']:g}: direct {a['direct']:.3f} +- {a['se_direct']:.3f}, "
                     f"IS {a['is_']:.3f} +- {a['se_is']:.3f}, z = {a['z']:+.2f}")
    lines.append("prefactor rho_MC/(Q(x) h) (log):")
    for p in result["prefactor"]:
        lines.append(f"  h={p['h']:g} g2h={p['g2h']:g}: log ratio {p['log_ratio']:.3f} +- {p['se']:.3f} "
                     f"(ratio {math.exp(p['log_ratio']):.3g}; "
                     f"with the lattice action {math.exp(p['log_ratio_lattice']):.3g})")
    if result["box"]:
        lines.append("box size (h, g2h, L: log rho):")
        for b in sorted(result["box"], key=lambda b: (b["g2h"], b["L"])):
            lines.append(f"  h={b['h']:g} g2h={b['g2h']:g} L={b['L']}: {b['log_rho']:.3f} +- {b['log_se']:.3f}")
    for p in result["poisson"]:
        pv = "-" if p["p_value"] is None else f"{p['p_value']:.3g}"
        lines.append(f"Poisson (L={p['L']}, h={p['h']:g}, g2h={p['g2h']:g}, n={p['n']}): mean {p['mean']:.3f}, "
                     f"var/mean {p['dispersion']:.3f} +- {p['se_dispersion']:.3f}, chi2 {p['chi2']:.1f}/{p['dof']} "
                     f"(p = {pv}); log rho {p['log_rho']:.3f} +- {p['log_se']:.3f}")
    return "\n".join(lines)


DATA = __import__("pathlib").Path(__file__).resolve().parent.parent / "notebooks" / "data" / "montecarlo.json"


def main(argv=None):
    import argparse
    import json
    p = argparse.ArgumentParser(prog="python -m numerics.montecarlo", description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="small run (~10 s), printed only unless --out is given")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--seed", type=int, default=MASTER_SEED)
    p.add_argument("--out", default=None, help=f"JSON output (default for the full run: {DATA})")
    a = p.parse_args(argv)
    if a.workers < 1:
        p.error("--workers must be a positive integer")
    res = run(a.quick, a.workers, a.seed)
    print(table(res))
    out = a.out or (None if a.quick else DATA)
    if out:
        with open(out, "w") as fh:
            json.dump(res, fh, indent=1)
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
