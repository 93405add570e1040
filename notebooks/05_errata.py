# %% [markdown]
# # 5. Errata of the paper
#
# Each entry shows the formula as printed, the correction, why, and the machine check that decides it.
# The checks are the same ones `python -m derivations errata` and the test suite run; a check that
# fails raises here, so an executed notebook is a proof that every correction holds.

# %%
from derivations import display
from derivations.errata import ERRATA

print(f"{len(ERRATA)} errata")

# %%
for e in ERRATA:
    display.erratum(e)

# %% [markdown]
# ## Summary table

# %%
from IPython.display import Markdown

rows = ["| equation | printed | corrected |", "| --- | --- | --- |"]
rows += [f"| {e.equation} | `{e.printed}` | `{e.corrected}` |" for e in ERRATA]
Markdown("\n".join(rows))
