"""Monte Carlo test of the droplet density (Eqs. 14-15) and amplitude (Eqs. 16-17) by simulating the
random operator itself.

* :mod:`.core`: the lattice model, the exact inertia count, the direct and importance samplers, the
  estimators and their heavy-tail diagnostics, the lattice droplet amplitude (see its docstring for
  the model, units and domain);
* :mod:`.engine`: studies as chunks on Dask, the append-only results store, resume, progress;
* :mod:`.studies`: the named studies and their summaries;
* :mod:`.stored`: the stored density run of notebook 07 (``notebooks/data/montecarlo.json``).

Command: ``python -m numerics.montecarlo STUDY [--workers 2 | --scheduler ADDRESS] [--out PATH]``
(``--help``; needs the ``mc`` extra: ``pip install 'mesopairing[mc]'``).
"""
from .core import (DEFAULT_DEFENSIVE, DEFAULT_DEPTHS, ESS_MIN, LATTICE_H_MAX, MIN_BOX_LF, N_C, TAIL_INDEX_MAX,
                   Counter, Estimate, Instanton, continuum_log_density, count_below, droplet_amplitude, estimate,
                   factorial_moment_ratio, fit_slope, laplacian, lattice_instanton, lattice_log_density,
                   log_likelihood_ratio, lowest_eigenvalues, poisson_check, proposal_wells, sample_direct,
                   sample_importance, sample_proposal, weight_diagnostics)
from .stored import DATA, FULL, QUICK, analyse, run, run_task, same_summary, table
from .studies import MASTER_SEED, STUDIES, from_store, study, summarize
from .studies import table as study_table
from . import engine
from .core import _h, _size, _symbol  # noqa: F401  (the lattice model's helpers, used by numerics.oneloop)
from .engine import Store, assemble, load, run_study

__all__ = ["DEFAULT_DEFENSIVE", "DEFAULT_DEPTHS", "ESS_MIN", "LATTICE_H_MAX", "MIN_BOX_LF", "N_C", "TAIL_INDEX_MAX",
           "Counter", "Estimate", "Instanton", "continuum_log_density", "count_below", "droplet_amplitude",
           "estimate", "factorial_moment_ratio", "fit_slope", "laplacian", "lattice_instanton",
           "lattice_log_density", "log_likelihood_ratio", "lowest_eigenvalues", "poisson_check", "proposal_wells",
           "sample_direct", "sample_importance", "sample_proposal", "weight_diagnostics", "DATA", "FULL", "QUICK",
           "analyse", "run", "run_task", "same_summary", "table", "MASTER_SEED", "STUDIES", "study", "summarize",
           "from_store", "study_table", "engine", "Store", "assemble", "load", "run_study"]
