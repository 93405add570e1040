"""Regenerate tests/data/droplet_golden.json: ``python tests/data/make_droplet_golden.py``.

Values come from the independent reference method (numerics/reference/droplet.py: single outward
shooting in mpmath floating point, quadrature integrals), not from the code under test.
"""
import datetime
import json
from pathlib import Path

import mpmath

from numerics.reference.droplet import reference_droplet

DPS = 36

if __name__ == "__main__":
    ref = reference_droplet(DPS)
    out = {
        "provenance": {
            "method": "numerics/reference/droplet.py: single outward mpf Taylor shooting, Newton on R(0), "
                      "tanh-sinh quadrature (mpmath.quad) of the plane integrals",
            "digits": DPS,
            "date": datetime.date.today().isoformat(),
            "command": "python tests/data/make_droplet_golden.py",
        },
        "values": {k: mpmath.nstr(v, DPS, strip_zeros=False) for k, v in ref.items()},
    }
    Path(__file__).with_name("droplet_golden.json").write_text(json.dumps(out, indent=1) + "\n")
